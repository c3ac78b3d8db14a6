package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --trace-dir, trace and replay, end to end. */
class TraceCommandsTest {
    @TempDir
    static Path dir;

    static List<Path> traces;

    @BeforeAll
    static void writeTraces() throws IOException {
        for (String model : List.of("rfc9293", "no-time-wait")) {
            CheckCommandTest.Run run = CheckCommandTest.run("check", "models/" + model + ".tw", "--quiet",
                    "--trace-dir", dir.resolve(model).toString());
            assertEquals(1, run.exit(), run.err());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            traces = files.filter(p -> p.toString().endsWith(".itf.json")).sorted().toList();
        }
    }

    @Test
    void everyViolationGetsJsonTextAndSvg() {
        for (String model : List.of("rfc9293", "no-time-wait")) {
            for (String property : List.of("no-stale-accept", "passive-close-clean", "no-deadlock")) {
                for (String ending : List.of(".itf.json", ".txt", ".svg")) {
                    assertTrue(Files.exists(dir.resolve(model).resolve(property + ending)), model + " " + property + ending);
                }
            }
        }
        for (Path trace : traces) {
            String name = trace.getFileName().toString().replace(".itf.json", "");
            for (String ending : List.of(".txt", ".svg")) {
                assertTrue(Files.exists(trace.resolveSibling(name + ending)), name + ending);
            }
        }
        assertTrue(traces.size() >= 2 * (3 + 5), "3 safety counterexamples and 5 witnesses per model at least");
    }

    /** trace draws what replay rebuilt; for the checker's own traces that is the chart check wrote. */
    @Test
    void traceDrawsTheChartsCheckWrote() throws IOException {
        for (Path trace : traces) {
            String name = trace.getFileName().toString().replace(".itf.json", "");
            Path svg = dir.resolve("redrawn.svg");
            CheckCommandTest.Run run = CheckCommandTest.run("trace", trace.toString(), "--svg", svg.toString());
            assertEquals(0, run.exit(), run.err());
            assertEquals(Files.readString(trace.resolveSibling(name + ".txt")), run.out(), name);
            assertEquals(Files.readString(trace.resolveSibling(name + ".svg")), Files.readString(svg), name);
        }
    }

    @Test
    void replayAcceptsEveryTraceTheCheckerWrites() {
        for (Path trace : traces) {
            CheckCommandTest.Run run = CheckCommandTest.run("replay", trace.toString());
            assertEquals(0, run.exit(), trace + ": " + run.out() + run.err());
        }
    }

    static Stream<Path> bundledModels() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("models"))) {
            return files.filter(p -> p.toString().endsWith(".tw")).sorted().toList().stream();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("bundledModels")
    void everyTraceOfEveryBundledVariantReplays(Path model, @TempDir Path out) throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("check", model.toString(), "--quiet", "--trace-dir", out.toString());
        assertTrue(run.exit() == 0 || run.exit() == 1, run.err());
        List<Path> written;
        try (Stream<Path> files = Files.list(out)) {
            written = files.filter(p -> p.toString().endsWith(".itf.json")).sorted().toList();
        }
        for (Path trace : written) {
            CheckCommandTest.Run replay = CheckCommandTest.run("replay", trace.toString());
            assertEquals(0, replay.exit(), trace + ": " + replay.out() + replay.err());
        }
    }

    @Test
    void replayRejectsATraceWithOneStepAltered() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Path original = dir.resolve("no-time-wait").resolve("no-stale-accept.itf.json");
        int steps = ((ArrayNode) mapper.readTree(original.toFile()).get("states")).size();
        for (int step = 1; step < steps; step++) {
            // a field of one state changed
            ObjectNode json = (ObjectNode) mapper.readTree(original.toFile());
            ObjectNode b = (ObjectNode) json.get("states").get(step).get("B");
            b.put("rcv", (b.get("rcv").asInt() + 1) % 3);
            assertRejected(mapper, json, "B.rcv changed at step " + step);

            // the action named differently
            json = (ObjectNode) mapper.readTree(original.toFile());
            ((ObjectNode) json.get("states").get(step).get("#meta")).put("action", "Tick");
            if (!mapper.readTree(original.toFile()).get("states").get(step).get("#meta").get("action").asText().equals("Tick")) {
                assertRejected(mapper, json, "action renamed at step " + step);
            }

            // one step left out
            json = (ObjectNode) mapper.readTree(original.toFile());
            ((ArrayNode) json.get("states")).remove(step);
            if (step < steps - 1) assertRejected(mapper, json, "step " + step + " removed");
        }
    }

    @Test
    void replayRejectsATraceThatDoesNotShowItsClaim() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(dir.resolve("no-time-wait").resolve("no-stale-accept.itf.json").toFile());
        ((ArrayNode) json.get("states")).remove(json.get("states").size() - 1); // legal, but no violation
        CheckCommandTest.Run run = replay(mapper, json);
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("does not show no-stale-accept"), run.out());
    }

    private static void assertRejected(ObjectMapper mapper, ObjectNode json, String what) throws IOException {
        CheckCommandTest.Run run = replay(mapper, json);
        assertEquals(1, run.exit(), what + ": " + run.out() + run.err());
    }

    private static CheckCommandTest.Run replay(ObjectMapper mapper, ObjectNode json) throws IOException {
        Path altered = Files.createTempFile(dir, "altered", ".itf.json");
        mapper.writeValue(altered.toFile(), json);
        return CheckCommandTest.run("replay", altered.toString());
    }

    @Test
    void textChartsFitInOneHundredColumnsAndExplainTheViolation() throws IOException {
        for (Path trace : traces) {
            CheckCommandTest.Run run = CheckCommandTest.run("trace", trace.toString());
            assertEquals(0, run.exit(), run.err());
            run.out().lines().forEach(line -> assertTrue(line.length() <= 100, trace + ": " + line));
        }
        String chart = CheckCommandTest.run("trace",
                dir.resolve("no-time-wait").resolve("no-stale-accept.itf.json").toString()).out();
        assertTrue(chart.contains(">>"), chart);
        String flat = chart.replaceAll("\\s+", " ");
        assertTrue(flat.contains("of incarnation 0") && flat.contains("of incarnation 1"), chart);
        assertTrue(chart.contains("TIME_WAIT"), chart);
    }

    @Test
    void svgChartsAreWellFormedStandaloneDocuments() throws Exception {
        Path svg = dir.resolve("chart.svg");
        CheckCommandTest.Run run = CheckCommandTest.run("trace",
                dir.resolve("rfc9293").resolve("passive-close-clean.itf.json").toString(), "--svg", svg.toString());
        assertEquals(0, run.exit(), run.err());
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", document.getDocumentElement().getTagName());
        String text = Files.readString(svg);
        assertTrue(text.contains("B leaves LAST_ACK"), "the explanation is in the chart");
        assertTrue(text.contains("lost"), "the lost ACK is marked");
    }

    @Test
    void diffShowsOnlyChanges() {
        CheckCommandTest.Run run = CheckCommandTest.run("trace",
                dir.resolve("no-time-wait").resolve("passive-close-clean.itf.json").toString(), "--diff");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("A: ESTABLISHED->FIN_WAIT_1"), run.out());
        assertTrue(run.out().contains("+FIN A->B"), run.out());
        assertFalse(run.out().contains("Exception"));
    }

    @Test
    void badTraceFilesAreBadInput() throws IOException {
        Path notJson = dir.resolve("bad.itf.json");
        Files.writeString(notJson, "{ this is not json");
        CheckCommandTest.Run run = CheckCommandTest.run("replay", notJson.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("bad.itf.json: not JSON"), run.err());
        assertEquals(2, CheckCommandTest.run("trace", dir.resolve("missing.json").toString()).exit());
    }

    /** A state of the wrong shape is malformed, named by its JSON path, in one line, by both commands. */
    @Test
    void aStateOfTheWrongShapeIsNamedByItsField(@TempDir Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode trace = (ObjectNode) json.readTree(Path.of("proofs/seed-figure-stale-data.itf.json").toFile());
        ((ObjectNode) trace.get("states").get(1)).put("A", 5);
        Path bad = out.resolve("bad-state.itf.json");
        json.writeValue(bad.toFile(), trace);
        for (String command : List.of("replay", "trace")) {
            CheckCommandTest.Run run = CheckCommandTest.run(command, bad.toString());
            assertEquals(2, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("bad-state.itf.json: states[1].A: expected an object, found 5"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertEquals("", run.out(), "nothing of the chart is drawn");
        }
    }
}
