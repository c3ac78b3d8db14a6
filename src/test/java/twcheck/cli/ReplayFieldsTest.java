package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field a trace file gives is checked by replay, and {@code trace} draws nothing of a file
 * that does not replay: one altered field per test, each with the exit code and the one-line
 * message (file, JSON path, expected and found) both commands must give.
 */
class ReplayFieldsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A witness (safety), a time-bound worst case and counterexample, a lasso, a safety counterexample. */
    private static final String WITNESS = "proofs/seed-figure-stale-data.itf.json";
    private static final String WORST_CASE = "proofs/keepalive-crash-bound.itf.json";
    private static final String TOO_SLOW = "proofs/keepalive-close-exceeds-bound.itf.json";
    private static final String LASSO = "proofs/liveness-last-ack-forever-weak.itf.json";
    private static final String SAFETY = "proofs/seed-no-time-wait-accepts-stale.itf.json";

    @TempDir
    static Path dir;

    static Path abpTrace;

    @BeforeAll
    static void abpTrace() throws IOException {
        Path model = Files.writeString(dir.resolve("abp-no-bit.tw"), "model = abp\nmessages = 2\nlossBudget = 1\nalternatingBit = 0\n");
        CheckCommandTest.Run run = CheckCommandTest.run("check", model.toString(), "--quiet", "--trace-dir",
                dir.resolve("abp").toString(), "--property", "no-duplicate-delivery");
        assertEquals(1, run.exit(), run.err());
        abpTrace = dir.resolve("abp").resolve("no-duplicate-delivery.itf.json");
    }

    // ------------------------------------------------------------ untrue: exit 1

    @Test
    void anExplanationThatIsNotTheRebuiltOne() {
        rejected(1, WORST_CASE, t -> meta(t).put("explanation", "Everything is fine"),
                "#meta.explanation: expected \"The worst case: B fails", "found \"Everything is fine\"");
    }

    @Test
    void aTickThatIsNotTheModelsCount() {
        rejected(1, WORST_CASE, t -> stepMeta(t, 3).put("tick", 77), "states[3].#meta.tick: expected 2, found 77");
    }

    @Test
    void aLengthThatIsNotTheNumberOfSteps() {
        rejected(1, WORST_CASE, t -> meta(t).put("length", 3), "#meta.length: expected 125, found 3");
    }

    @Test
    void aViolationIndexThatIsNotTheLastStep() {
        rejected(1, WORST_CASE, t -> meta(t).put("violationIndex", 3), "#meta.violationIndex: expected 125, found 3");
        rejected(1, WORST_CASE, t -> meta(t).put("violationIndex", 500), "#meta.violationIndex: expected 125, found 500");
        rejected(1, LASSO, t -> meta(t).put("violationIndex", 10), "#meta.violationIndex: expected absent, found 10");
    }

    @Test
    void aStepIndexThatIsNotItsPosition() {
        rejected(1, WITNESS, t -> stepMeta(t, 2).put("index", 5), "states[2].#meta.index: expected 2, found 5");
    }

    @Test
    void anInitialStateNamedAsAnAction() {
        rejected(1, WITNESS, t -> stepMeta(t, 0).put("action", "Close(A)"),
                "states[0].#meta.action: expected \"initial\", found \"Close(A)\"");
    }

    @Test
    void anEventThatIsNotTheReplayedAction() {
        rejected(1, WITNESS, t -> ((ObjectNode) stepMeta(t, 1).get("event")).put("kind", "Open"),
                "states[1].#meta.event.kind: expected \"Close\", found \"Open\"");
        rejected(1, WITNESS, t -> stepMeta(t, 0).putObject("event").put("kind", "Tick"), "states[0].#meta.event: expected absent");
    }

    @Test
    void varsThatAreNotTheModelsVariables() {
        rejected(1, WITNESS, t -> t.putArray("vars").add("A").add("B"), "vars: expected [A, B, net, lost] (in any order), found [A, B]");
    }

    @Test
    void aKindThatDoesNotFitTheProperty() {
        rejected(1, WITNESS, t -> meta(t).put("kind", "counterexample"),
                "#meta.kind: a trace of old-server-data-accepted (sometimes) is a witness, not a counterexample");
        rejected(1, WORST_CASE, t -> meta(t).put("kind", "counterexample"), "105 ticks after the last sign of life, within the bound 105");
        rejected(1, TOO_SLOW, t -> meta(t).put("kind", "worst-case"), "past the bound");
    }

    @Test
    void fairnessThatTheTraceDoesNotHave() {
        rejected(1, SAFETY, t -> meta(t).putArray("fairness").add("tick"), "#meta.fairness: expected absent, found [tick]");
        // the lasso's cycle loses every FIN: fair under weak delivery, not under strong
        rejected(1, LASSO, t -> meta(t).putArray("fairness").add("tick").add("timers").add("strong-delivery").add("close"),
                "is not fair under #meta.fairness: strong-delivery-FIN-to-A is enabled in it and never taken");
    }

    @Test
    void aLoopThatDoesNotLoopBack() {
        rejected(1, LASSO, t -> t.put("loop", 3), "loop: the last state is not the state of step 3");
        rejected(1, LASSO, t -> t.put("loop", 99), "loop: 99 names no state before the last (0..9)");
        rejected(1, LASSO, t -> t.remove("loop"), "the run neither loops back nor stops");
    }

    /** A state within every field's range that no run reaches: replay stops there, without asking the rules about it. */
    @Test
    void anUnreachableStateEndsTheReplay() {
        rejected(1, WITNESS, t -> ((ObjectNode) state(t, 6).get("B")).put("una", 2),
                "states[6]: '" + stepMetaOf(WITNESS, 6).get("action").asText() + "' does not lead from state 5 to state 6");
        CheckCommandTest.Run run = CheckCommandTest.run("replay",
                altered(WITNESS, t -> ((ObjectNode) state(t, 6).get("B")).put("una", 2)).toString());
        assertEquals(1, run.out().lines().count(), "the later steps are not judged from it: " + run.out());
    }

    // ------------------------------------------------------------ malformed: exit 2

    @Test
    void anotherVersion() {
        rejected(2, WORST_CASE, t -> meta(t).put("version", 7),
                "#meta.version: version 7 is not supported; this twcheck reads versions 1 to 2");
    }

    @Test
    void unknownFieldsAtEveryLevel() {
        rejected(2, WORST_CASE, t -> t.put("bogus", 1), ": bogus: unknown field (expected #meta, loop, states, vars)");
        rejected(2, WORST_CASE, t -> meta(t).put("bogus", 1), "#meta.bogus: unknown field");
        rejected(2, WORST_CASE, t -> stepMeta(t, 3).put("bogus", 1), "states[3].#meta.bogus: unknown field (expected action, event, index, tick)");
        rejected(2, WORST_CASE, t -> state(t, 3).put("bogus", 1),
                "states[3].bogus: not a variable of r0 (expected A, B, net, lost, failed)");
        rejected(2, WITNESS, t -> ((ObjectNode) state(t, 1).get("A")).put("bogus", 1), "states[1].A.bogus: unknown field");
        rejected(2, WITNESS, t -> ((ObjectNode) state(t, 1).get("net").get(0)).put("bogus", 1),
                "states[1].net[0].bogus: unknown field (expected ack, age, from, inc, kind, seq)");
        rejected(2, WITNESS, t -> ((ObjectNode) stepMeta(t, 1).get("event")).put("bogus", 1),
                "states[1].#meta.event.bogus: not a field of this event");
        rejected(2, WITNESS, t -> meta(t).with("parameters").put("bogus", 1), "#meta.parameters: 'bogus' is not a parameter");
    }

    @Test
    void unknownFieldsOfTheSecondModelKind() {
        rejected(2, abpTrace.toString(), t -> state(t, 1).put("bogus", 1),
                "states[1].bogus: not a variable of abp (expected sender, receiver, data, ack, lost)");
        rejected(2, abpTrace.toString(), t -> ((ObjectNode) state(t, 1).get("sender")).put("bogus", 1),
                "states[1].sender.bogus: unknown field (expected bit, sent)");
    }

    @Test
    void valuesOfTheWrongType() {
        rejected(2, WORST_CASE, t -> stepMeta(t, 3).put("tick", "2"), "states[3].#meta.tick: expected a whole number, found \"2\"");
        rejected(2, WORST_CASE, t -> t.set("#meta", JSON.createArrayNode()), "#meta: expected an object, found an array");
        rejected(2, WITNESS, t -> ((ObjectNode) state(t, 1).get("A")).put("snd", 1.5), "states[1].A.snd: expected a whole number, found 1.5");
        rejected(2, WITNESS, t -> ((ObjectNode) stepMeta(t, 1).get("event")).put("kind", 5),
                "states[1].#meta.event.kind: expected a string, found 5");
        rejected(2, WITNESS, t -> state(t, 1).put("A", 5), "states[1].A: expected an object, found 5");
        rejected(2, WITNESS, t -> t.putObject("states"), "states: expected an array, found an object");
    }

    @Test
    void nullsHugeAndNegativeNumbersAndNoStates() {
        rejected(2, WORST_CASE, t -> meta(t).putNull("explanation"), "#meta.explanation: null");
        rejected(2, WORST_CASE, t -> stepMeta(t, 3).put("tick", new BigInteger("1000000000000000000000")),
                "states[3].#meta.tick: a number too large for this field");
        rejected(2, WORST_CASE, t -> stepMeta(t, 3).put("index", -4), "states[3].#meta.index: -4 is negative");
        rejected(2, WORST_CASE, t -> t.putArray("states"), "states: empty");
        rejected(2, WITNESS, t -> state(t, 2).put("lost", 7), "states[2].lost: 7 is outside 0..1");
    }

    @Test
    void aClaimHalfGivenOrUnknown() {
        rejected(2, WITNESS, t -> meta(t).remove("kind"), "#meta.property: given without #meta.kind");
        rejected(2, WITNESS, t -> meta(t).remove("property"), "#meta.kind: given without #meta.property");
        rejected(2, WITNESS, t -> meta(t).put("property", "bogus"), "#meta.property: 'bogus' is not a property of r0");
        rejected(2, LASSO, t -> ((ArrayNode) meta(t).get("fairness")).set(1, "bogus"),
                "#meta.fairness[1]: 'bogus' is not a fairness assumption of r0");
        rejected(2, LASSO, t -> meta(t).putArray("fairness").add("none").add("tick"),
                "#meta.fairness: 'none' cannot be combined with other fairness assumptions");
    }

    @Test
    void requiredFieldsMissing() {
        rejected(2, WITNESS, t -> ((ObjectNode) state(t, 1).get("net").get(0)).remove("age"), "states[1].net[0].age: missing");
        rejected(2, WITNESS, t -> state(t, 1).remove("lost"), "states[1].lost: missing");
        rejected(2, WITNESS, t -> meta(t).remove("base"), "#meta.base: missing");
        rejected(2, WITNESS, t -> stepMeta(t, 2).remove("action"), "states[2].#meta.action: missing");
    }

    @Test
    void aLabelOfMoreThanOneLine() {
        rejected(2, WITNESS, t -> meta(t).put("model", "no-time-wait\nEverything is fine"), "#meta.model: must be one line of text");
    }

    @Test
    void textThatIsNotOneJsonDocument() throws IOException {
        String text = Files.readString(Path.of(WITNESS));
        expectRejected(2, write(text.substring(0, text.length() / 2)), "not JSON: Unexpected end-of-input");
        expectRejected(2, write(text.replaceFirst("\"model\" :", "\"version\" : 1, \"model\" :")), "not JSON: Duplicate field 'version'");
        expectRejected(2, write(text + " {}"), "not JSON");
    }

    // ------------------------------------------------------------ accepted: what is left out is rebuilt

    @Test
    void fieldsLeftOutAreRebuiltAndDrawnAsBefore() throws IOException {
        for (String source : List.of(WITNESS, WORST_CASE, LASSO)) {
            Path minimal = altered(source, t -> {
                for (String field : List.of("explanation", "length", "violationIndex")) meta(t).remove(field);
                t.remove("vars");
                state(t, 0).remove("#meta");
                for (int i = 1; i < t.get("states").size(); i++) stepMeta(t, i).remove(List.of("index", "tick", "event"));
            });
            CheckCommandTest.Run replay = CheckCommandTest.run("replay", minimal.toString());
            assertEquals(0, replay.exit(), replay.out() + replay.err());
            for (String option : List.of("", "--diff")) {
                assertEquals(chart(source, option), chart(minimal.toString(), option), source + " " + option);
            }
        }
    }

    @Test
    void varsInAnyOrder() {
        CheckCommandTest.Run run = CheckCommandTest.run("replay",
                altered(WITNESS, t -> t.putArray("vars").add("lost").add("net").add("B").add("A")).toString());
        assertEquals(0, run.exit(), run.out() + run.err());
    }

    @Test
    void aTraceThatDoesNotReplayWritesNoSvg() {
        Path bad = altered(WORST_CASE, t -> meta(t).put("explanation", "Everything is fine"));
        Path svg = dir.resolve("never.svg");
        CheckCommandTest.Run run = CheckCommandTest.run("trace", bad.toString(), "--svg", svg.toString());
        assertEquals(1, run.exit(), run.err());
        assertFalse(Files.exists(svg));
        assertEquals("", run.out());
    }

    // ------------------------------------------------------------ helpers

    /** Both commands reject the altered file with {@code exit} and a message holding every one of {@code texts}. */
    private static void rejected(int exit, String source, Consumer<ObjectNode> change, String... texts) {
        expectRejected(exit, altered(source, change), texts);
    }

    private static void expectRejected(int exit, Path file, String... texts) {
        CheckCommandTest.Run replay = CheckCommandTest.run("replay", file.toString());
        assertEquals(exit, replay.exit(), replay.out() + replay.err());
        // untrue traces are replay's result (stdout); malformed files are bad input (stderr)
        String said = exit == 1 ? replay.out() : replay.err();
        for (String text : texts) assertTrue(said.contains(text), "expected '" + text + "' in: " + said);
        oneLinePerProblem(file, said);
        assertFalse((replay.out() + replay.err()).contains("internal error"));

        CheckCommandTest.Run trace = CheckCommandTest.run("trace", file.toString());
        assertEquals(exit, trace.exit(), trace.out() + trace.err());
        assertEquals("", trace.out(), "nothing of the chart is drawn");
        for (String text : texts) assertTrue(trace.err().contains(text), "expected '" + text + "' in: " + trace.err());
        oneLinePerProblem(file, trace.err());
    }

    private static void oneLinePerProblem(Path file, String said) {
        assertFalse(said.isBlank());
        said.lines().forEach(line -> assertTrue(line.contains(file.toString() + ": "), "names the file: " + line));
        assertTrue(said.lines().count() <= Traces.SHOWN + 1, said);
    }

    private static Path altered(String source, Consumer<ObjectNode> change) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(Path.of(source).toFile());
            change.accept(json);
            return write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "altered", ".itf.json");
        return Files.writeString(file, text);
    }

    private static String chart(String file, String option) {
        CheckCommandTest.Run run = option.isEmpty() ? CheckCommandTest.run("trace", file)
                : CheckCommandTest.run("trace", file, option);
        assertEquals(0, run.exit(), run.err());
        return run.out();
    }

    private static JsonNode stepMetaOf(String source, int i) {
        try {
            return JSON.readTree(Path.of(source).toFile()).get("states").get(i).get("#meta");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode meta(ObjectNode trace) {
        return (ObjectNode) trace.get("#meta");
    }

    private static ObjectNode state(ObjectNode trace, int i) {
        return (ObjectNode) trace.get("states").get(i);
    }

    private static ObjectNode stepMeta(ObjectNode trace, int i) {
        return (ObjectNode) state(trace, i).get("#meta");
    }
}
