package twcheck.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a step changes, read off two states as the model writes them ({@code Model.stateJson}),
 * whatever the kind: a field of an object (one level of nesting, e.g. {@code A.state}) with its
 * value before and after, and for a list (e.g. the segments in flight) the elements it lost and
 * gained, compared as a multiset so that a reordering is no change.
 */
final class StateDiff {
    private StateDiff() {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The changes from {@code before} to {@code after}, one object per changed field. */
    static ArrayNode of(ObjectNode before, ObjectNode after) {
        ArrayNode changes = JSON.arrayNode();
        diff("", before, after, changes, 0);
        return changes;
    }

    private static void diff(String prefix, JsonNode before, JsonNode after, ArrayNode changes, int depth) {
        for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = prefix + field.getKey();
            JsonNode old = before.path(field.getKey());
            JsonNode now = field.getValue();
            if (old.equals(now)) continue;
            if (old.isObject() && now.isObject() && depth == 0) {
                diff(name + ".", old, now, changes, depth + 1);
            } else if (old.isArray() && now.isArray()) {
                List<String> removed = texts(old);
                List<String> added = texts(now);
                for (String s : List.copyOf(added)) {
                    if (removed.remove(s)) added.remove(s);
                }
                if (removed.isEmpty() && added.isEmpty()) continue; // only the order changed
                ObjectNode change = changes.addObject().put("field", name);
                if (!removed.isEmpty()) removed.forEach(change.putArray("removed")::add);
                if (!added.isEmpty()) added.forEach(change.putArray("added")::add);
            } else {
                changes.addObject().put("field", name).put("before", text(old)).put("after", text(now));
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(text(e)));
        return out;
    }

    /** A value as one short line: scalars as they are, objects as {@code key=value} pairs. */
    static String text(JsonNode value) {
        if (value.isMissingNode()) return "—";
        if (value.isValueNode()) return value.asText();
        List<String> parts = new ArrayList<>();
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + text(e.getValue())));
            return String.join(" ", parts);
        }
        value.forEach(e -> parts.add(text(e)));
        return "[" + String.join(", ", parts) + "]";
    }
}
