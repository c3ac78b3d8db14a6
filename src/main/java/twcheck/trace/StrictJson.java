package twcheck.trace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reading untrusted JSON into the trace's types: Jackson with every leniency turned off (no
 * unknown fields, no "1" for 1, no 1.5 for 1, no duplicate keys, nothing after the document),
 * and its exceptions turned into one-line {@link TraceFormatException}s that name the JSON path
 * and say what was expected and what was found, without Java class names.
 */
public final class StrictJson {
    private StrictJson() {}

    private static final JsonMapper MAPPER = Json.strict();

    /**
     * The JSON document in {@code file}.
     *
     * @throws IOException if the file cannot be read
     * @throws TraceFormatException if it is not one JSON document
     */
    public static JsonNode parse(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(JsonPath.ROOT, "not JSON: " + oneLine(e));
        }
        return nonEmpty(root);
    }

    /** The JSON document in {@code text} (a file's content received otherwise, e.g. uploaded), as {@link #parse(Path)}. */
    public static JsonNode parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(JsonPath.ROOT, "not JSON: " + oneLine(e));
        }
        return nonEmpty(root);
    }

    private static JsonNode nonEmpty(JsonNode root) {
        if (root == null || root.isMissingNode()) throw new TraceFormatException(JsonPath.ROOT, "the file is empty");
        return root;
    }

    /**
     * Rejects a null anywhere in {@code node}: where the format leaves a value out, the field is
     * absent, so a null is a mistake (and Jackson would take it for an absent field).
     *
     * @throws TraceFormatException naming the first null
     */
    public static void requireNoNull(JsonNode node, JsonPath at) {
        JsonPath found = firstNull(node, at);
        if (found != null) throw new TraceFormatException(found, "null, which a trace does not hold (leave the field out instead)");
    }

    private static JsonPath firstNull(JsonNode node, JsonPath at) {
        if (node.isNull()) return at;
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonPath found = firstNull(node.get(i), at.index(i));
                if (found != null) return found;
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonPath found = firstNull(e.getValue(), at.field(e.getKey()));
                if (found != null) return found;
            }
        }
        return null;
    }

    /**
     * {@code node} as a {@code type}, strictly.
     *
     * @throws TraceFormatException naming the first field (relative to {@code node}) that does
     *     not fit: unknown, missing when required, of the wrong type, or out of range
     */
    public static <T> T bind(JsonNode node, Class<T> type) {
        try {
            T value = MAPPER.treeToValue(node, type);
            if (value == null) throw new TraceFormatException(JsonPath.ROOT, "expected " + expected(MAPPER.constructType(type)));
            return value;
        } catch (JsonProcessingException e) {
            throw translate(node, e);
        } catch (IllegalArgumentException e) {
            if (e instanceof TraceFormatException t) throw t;
            throw new TraceFormatException(JsonPath.ROOT, oneLine(e.getMessage()));
        }
    }

    /** Jackson's exception in the trace's words: the path, what was expected there and what was found. */
    private static TraceFormatException translate(JsonNode root, JsonProcessingException e) {
        JsonPath path = JsonPath.ROOT;
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) path = path.field(r.getFieldName());
                else if (r.getIndex() >= 0) path = path.index(r.getIndex());
            }
        }
        JsonNode found = path.find(root);
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException u) {
            return new TraceFormatException(path, "unknown field (expected " + known(u.getKnownPropertyIds()) + ")");
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            Throwable cause = e.getCause();
            if (cause instanceof TraceFormatException t) return t.under(path);
            return new TraceFormatException(path, oneLine(cause.getMessage()));
        }
        if (message.startsWith("Missing required creator property")) {
            return new TraceFormatException(path, "missing");
        }
        if (message.startsWith("Numeric value") && message.contains("out of range")) {
            return new TraceFormatException(path, "a number too large for this field");
        }
        if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            return new TraceFormatException(path, "expected " + expected(MAPPER.constructType(mi.getTargetType()))
                    + ", found " + describe(found));
        }
        return new TraceFormatException(path, oneLine(message));
    }

    private static String known(Collection<Object> ids) {
        return ids.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    }

    /** What a value of {@code type} looks like in JSON. */
    private static String expected(JavaType type) {
        Class<?> c = type.getRawClass();
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) return "a whole number";
        if (c == String.class) return "a string";
        if (c == Boolean.class || c == boolean.class) return "true or false";
        if (c.isEnum()) {
            List<String> words = new java.util.ArrayList<>();
            for (Object constant : c.getEnumConstants()) words.add(constant.toString());
            return "one of " + String.join(", ", words);
        }
        if (type.isCollectionLikeType() || type.isArrayType()) return "an array";
        if (JsonNode.class.isAssignableFrom(c)) return "a JSON value";
        return "an object";
    }

    /** A found value, briefly: its text for scalars (long strings cut), its shape for the rest. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing";
        if (node.isNull()) return "null";
        if (node.isObject()) return "an object";
        if (node.isArray()) return "an array";
        if (node.isTextual()) return "\"" + cut(node.asText(), 60) + "\"";
        return cut(node.toString(), 60);
    }

    /** {@code text} if it is at most {@code max} characters, else its start and an ellipsis. */
    public static String cut(String text, int max) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max) + "...";
    }

    /** A parser's complaint, on one line, with where it happened. */
    private static String oneLine(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return oneLine(e.getOriginalMessage())
                + (at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "");
    }

    private static String oneLine(String message) {
        if (message == null) return "malformed";
        // Jackson quotes the source and its location; the caller names the file, and the line is added above
        return message.replaceAll("\\s*\\(?start marker at \\[Source:[^\\]]*\\]\\)?", "")
                .replaceAll("\\[Source:[^\\]]*\\]", "").replaceAll("\\s+", " ").trim();
    }
}
