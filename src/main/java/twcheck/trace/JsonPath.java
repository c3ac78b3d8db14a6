package twcheck.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in a JSON document, written as error messages name it:
 * {@code states[3].#meta.tick}, {@code net[0].seq}. A path may be relative (to a state, say) and
 * put under another with {@link #under}.
 */
public final class JsonPath {
    public static final JsonPath ROOT = new JsonPath(List.of());

    /** A field name (a String) or an array index (an Integer). */
    private final List<Object> steps;

    private JsonPath(List<Object> steps) {
        this.steps = steps;
    }

    public static JsonPath of(String field) {
        return ROOT.field(field);
    }

    public JsonPath field(String name) {
        return then(name);
    }

    public JsonPath index(int i) {
        return then(i);
    }

    private JsonPath then(Object step) {
        List<Object> longer = new ArrayList<>(steps);
        longer.add(step);
        return new JsonPath(List.copyOf(longer));
    }

    /** This path, read from {@code prefix} instead of from the top. */
    public JsonPath under(JsonPath prefix) {
        List<Object> joined = new ArrayList<>(prefix.steps);
        joined.addAll(steps);
        return new JsonPath(List.copyOf(joined));
    }

    public boolean isRoot() {
        return steps.isEmpty();
    }

    /** The node at this path under {@code root}; a missing node if there is none. */
    public JsonNode find(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
        }
        return node;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Object step : steps) {
            if (step instanceof Integer i) {
                text.append('[').append(i).append(']');
            } else {
                if (text.length() > 0) text.append('.');
                text.append(step);
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath p && p.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }
}
