package twcheck.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import twcheck.check.Replay.Problem;
import twcheck.check.Replay.Severity;
import twcheck.trace.JsonPath;
import twcheck.trace.StrictJson;
import twcheck.trace.TraceFile;

/**
 * A trace file against the trace rebuilt from its replayed states: every field the file gives
 * must be the rebuilt one. A field the file leaves out is not a problem (other tools write less;
 * {@code trace} draws the rebuilt value). The header's format, version, base and parameters were
 * checked when they were read; the model name and source are labels nothing can recompute.
 */
final class Agreement {
    private Agreement() {}

    private static final JsonPath META = JsonPath.of("#meta");

    static List<Problem> differences(TraceFile file, TraceFile rebuilt) {
        List<Problem> problems = new ArrayList<>();
        TraceFile.Meta given = file.meta();
        TraceFile.Meta expected = rebuilt.meta();
        same(problems, META.field("length"), expected.length(), given.length());
        same(problems, META.field("violationIndex"), expected.violationIndex(), given.violationIndex());
        same(problems, JsonPath.of("loop"), rebuilt.loop(), file.loop());
        same(problems, META.field("explanation"), expected.explanation(), given.explanation());
        same(problems, META.field("fairness"), expected.fairness(), given.fairness());
        if (file.vars() != null) {
            // vars names the variables; in which order is the writer's choice
            if (!sorted(file.vars()).equals(sorted(rebuilt.vars()))) {
                problems.add(Problem.untrue(JsonPath.of("vars"), "expected " + rebuilt.vars() + " (in any order), found " + file.vars()));
            }
        }
        for (int i = 0; i < file.states().size(); i++) {
            TraceFile.StepMeta found = file.states().get(i).meta();
            if (found == null) continue;
            TraceFile.StepMeta wanted = rebuilt.states().get(i).meta();
            JsonPath at = JsonPath.of("states").index(i).field("#meta");
            same(problems, at.field("index"), wanted.index(), found.index());
            // a step's action was matched by name when it replayed; the initial state's is fixed
            if (i == 0) same(problems, at.field("action"), wanted.action(), found.action());
            same(problems, at.field("tick"), wanted.tick(), found.tick());
            if (found.event() != null) event(problems, at.field("event"), wanted.event(), found.event());
        }
        return problems;
    }

    /** A field that is present must be what the rebuilt trace has there (absent included). */
    private static void same(List<Problem> problems, JsonPath at, Object expected, Object found) {
        if (found == null || Objects.equals(expected, found)) return;
        problems.add(Problem.untrue(at, "expected " + show(expected, found) + ", found " + show(found, expected)));
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    /**
     * A value in a message: strings quoted, cut short, and when two strings share a long start,
     * shown from a little before where they part, so that the difference is on the line.
     */
    private static String show(Object value, Object other) {
        if (value == null) return "absent";
        if (!(value instanceof String text)) return String.valueOf(value);
        int from = 0;
        if (other instanceof String o) {
            int common = 0;
            while (common < text.length() && common < o.length() && text.charAt(common) == o.charAt(common)) common++;
            if (common > 30) from = common - 20;
        }
        return "\"" + (from > 0 ? "..." : "") + StrictJson.cut(text.substring(from), 80) + "\"";
    }

    /**
     * A step's event against the one the model writes for the replayed action. A field the model
     * does not write there, or a value of another JSON type (null included), makes the file
     * malformed; a different value or a missing field makes it untrue. A field the model writes
     * as null may be left out.
     */
    private static void event(List<Problem> problems, JsonPath at, JsonNode expected, JsonNode found) {
        if (expected == null) {
            problems.add(Problem.untrue(at, "expected absent (the initial state has no action), found " + StrictJson.describe(found)));
            return;
        }
        Problem p = firstDifference(at, expected, found);
        if (p != null) problems.add(p);
    }

    private static Problem firstDifference(JsonPath at, JsonNode expected, JsonNode found) {
        if (expected.getNodeType() != found.getNodeType() || expected.isIntegralNumber() != found.isIntegralNumber()) {
            return new Problem(Severity.MALFORMED, at + ": expected " + shape(expected) + ", found " + StrictJson.describe(found));
        }
        if (expected.isObject()) {
            for (Iterator<String> it = found.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!expected.has(name)) {
                    List<String> names = new ArrayList<>();
                    expected.fieldNames().forEachRemaining(names::add);
                    return new Problem(Severity.MALFORMED, at.field(name) + ": not a field of this event (expected "
                            + String.join(", ", names) + ")");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode there = found.get(e.getKey());
                if (there == null && e.getValue().isNull()) continue; // the model's null: no value, which leaving it out says too
                if (there == null) return Problem.untrue(at.field(e.getKey()), "missing (expected " + StrictJson.describe(e.getValue()) + ")");
                Problem p = firstDifference(at.field(e.getKey()), e.getValue(), there);
                if (p != null) return p;
            }
            return null;
        }
        if (expected.isArray()) {
            if (expected.size() != found.size()) {
                return Problem.untrue(at, "expected " + expected.size() + " elements, found " + found.size());
            }
            for (int i = 0; i < expected.size(); i++) {
                Problem p = firstDifference(at.index(i), expected.get(i), found.get(i));
                if (p != null) return p;
            }
            return null;
        }
        return expected.equals(found) ? null
                : Problem.untrue(at, "expected " + StrictJson.describe(expected) + ", found " + StrictJson.describe(found));
    }

    /** What kind of JSON value {@code node} is, for a message about a value of another kind. */
    private static String shape(JsonNode node) {
        if (node.isObject()) return "an object";
        if (node.isArray()) return "an array";
        if (node.isTextual()) return "a string";
        if (node.isIntegralNumber()) return "a whole number";
        if (node.isNumber()) return "a number";
        if (node.isBoolean()) return "true or false";
        return "a JSON value";
    }
}
