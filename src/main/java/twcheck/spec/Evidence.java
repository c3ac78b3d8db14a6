package twcheck.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import twcheck.trace.Json;
import twcheck.trace.TraceFile;

/**
 * What {@code prove --record} found when it last checked a claim ({@code NAME.evidence.json}).
 * The fields are written in this order; {@link #read} takes nothing else: the file may have been
 * edited, truncated or damaged, and a value of the wrong type must not pass as 0 or null.
 *
 * @param length the shortest run's steps, or null for a "holds"/"unreached"
 * @param trace the file name of the recorded run next to the evidence, or null
 */
public record Evidence(String claim, String property, String verdict, Integer length, long distinctStates,
        long transitions, int depth, String trace) {

    private static final List<String> FIELDS = List.of("claim", "property", "verdict", "length", "distinctStates",
            "transitions", "depth", "trace");
    private static final Set<String> VERDICTS = Set.of("holds", "violated", "reached", "unreached");
    private static final ObjectMapper JSON = Json.strict();

    /** The evidence in {@code file}; a {@link SpecException} naming the file and the field or line that is wrong. */
    public static Evidence read(Path file) {
        byte[] bytes = TextFiles.readBytes(file, "evidence file");
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new SpecException(where + ": not JSON: " + oneLine(e.getOriginalMessage()) + REMEDY);
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) throw new SpecException(file + ": empty; expected a JSON object" + REMEDY);
        if (!root.isObject()) {
            throw new SpecException(file + ": expected a JSON object {\"claim\": ..., ...}, got " + shown(root) + REMEDY);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new SpecException(file + ": unknown field \"" + TextFiles.shown(name) + "\"; expected "
                        + String.join(", ", FIELDS) + REMEDY);
            }
        }
        for (String name : FIELDS) {
            if (!root.has(name)) throw new SpecException(file + ": missing field \"" + name + "\"" + REMEDY);
        }
        String verdict = text(file, root, "verdict", false);
        if (!VERDICTS.contains(verdict)) {
            throw new SpecException(file + ": \"verdict\": expected holds, violated, reached or unreached, got "
                    + shown(root.get("verdict")) + REMEDY);
        }
        Long length = whole(file, root, "length", 0, Integer.MAX_VALUE, true);
        String trace = text(file, root, "trace", true);
        // .trace.json: a trace recorded before version 2 (ITF), still read
        if (trace != null && (!(trace.endsWith(TraceFile.FILE_ENDING) || trace.endsWith(TraceFile.OLD_FILE_ENDING))
                || trace.contains("/") || trace.contains("\\")
                || !Files.isRegularFile(file.resolveSibling(trace)))) {
            throw new SpecException(file + ": \"trace\": expected null or the name of a NAME.itf.json file next to"
                    + " it, got " + shown(root.get("trace")) + REMEDY);
        }
        return new Evidence(text(file, root, "claim", false), text(file, root, "property", false), verdict,
                length == null ? null : (int) (long) length,
                whole(file, root, "distinctStates", 1, Long.MAX_VALUE, false),
                whole(file, root, "transitions", 0, Long.MAX_VALUE, false),
                (int) (long) whole(file, root, "depth", 0, Integer.MAX_VALUE, false), trace);
    }

    /** How to get a good file back: the tool writes it. */
    private static final String REMEDY = " (delete the file and run 'prove --record' to write it anew)";

    private static String text(Path file, JsonNode root, String name, boolean nullable) {
        JsonNode v = root.get(name);
        if (v.isNull() && nullable) return null;
        if (!v.isTextual()) {
            throw new SpecException(file + ": \"" + name + "\": expected a string" + (nullable ? " or null" : "")
                    + ", got " + shown(v) + REMEDY);
        }
        return v.textValue();
    }

    private static Long whole(Path file, JsonNode root, String name, long min, long max, boolean nullable) {
        JsonNode v = root.get(name);
        if (v.isNull() && nullable) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new SpecException(file + ": \"" + name + "\": expected a whole number in " + min + ".."
                    + (max == Long.MAX_VALUE ? "2^63-1" : max == Integer.MAX_VALUE ? "2^31-1" : Long.toString(max))
                    + (nullable ? " or null" : "") + ", got " + shown(v) + REMEDY);
        }
        return v.longValue();
    }

    private static String shown(JsonNode v) {
        return TextFiles.shown(v.toString());
    }

    private static String oneLine(String message) {
        return TextFiles.shown(message == null ? "" : message.replaceAll("\\s+", " ").trim());
    }
}
