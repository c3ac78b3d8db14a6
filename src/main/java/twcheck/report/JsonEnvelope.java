package twcheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import twcheck.trace.Json;

/**
 * The header every JSON output of twcheck starts with, so that a script can tell what made it
 * and which schema it follows: {@code "tool": "twcheck"}, the tool's {@code "version"}, the
 * {@code "schemaVersion"} of that output, and {@code "output"}, the name of the output (its
 * schema is {@code docs/schemas/OUTPUT.schema.json}). The schema version changes when a field
 * is removed or changes meaning; new fields may appear without it.
 */
public final class JsonEnvelope {
    private JsonEnvelope() {}

    public static final String TOOL = "twcheck";
    /** The schema version of every output; raise it (per output, if they part) when a schema changes incompatibly. */
    public static final int SCHEMA_VERSION = 1;

    /** A new object with the header first and then {@code body}'s fields, in their order. */
    public static ObjectNode wrap(ObjectNode body, String output) {
        ObjectNode out = Json.mapper().createObjectNode()
                .put("tool", TOOL)
                .put("version", BuildInfo.current().versionText())
                .put("schemaVersion", SCHEMA_VERSION)
                .put("output", output);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (out.has(e.getKey())) throw new IllegalArgumentException(output + ": the body has a field of the header: " + e.getKey());
            out.set(e.getKey(), e.getValue());
        }
        return out;
    }

    /** {@code body} (a record or map that serialises to an object) wrapped and written, indented. */
    public static String render(Object body, String output) {
        JsonNode tree = Json.mapper().valueToTree(body);
        if (!tree.isObject()) throw new IllegalArgumentException(output + ": a JSON output is an object");
        try {
            return Json.mapper().writeValueAsString(wrap((ObjectNode) tree, output));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree of plain values always serialises
        }
    }
}
