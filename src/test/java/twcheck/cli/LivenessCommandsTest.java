package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness end to end: verdicts under named fairness, lassos that replay, and what fairness changes. */
class LivenessCommandsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode property(CheckCommandTest.Run run, String name) throws IOException {
        for (JsonNode p : mapper.readTree(run.out()).get("properties")) {
            if (p.get("name").asText().equals(name)) return p;
        }
        throw new AssertionError("no " + name + " in " + run.out());
    }

    @Test
    void theReferenceModelReportsLivenessWithItsFairnessAssumptions() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("check", "models/rfc9293.tw", "--json", "--quiet");
        JsonNode passive = property(run, "passive-reaches-closed");
        assertEquals("leads-to", passive.get("kind").asText());
        assertTrue(passive.get("fairness").size() > 0);
        assertTrue(passive.get("premiseStates").asLong() > 0, "not vacuous");
        String text = CheckCommandTest.run("check", "models/rfc9293.tw", "--quiet").out();
        assertTrue(text.contains("liveness assumes fairness: tick, timers, delivery, close"), text);
    }

    @Test
    void weakDeliveryLeavesBInLastAckForeverAndTheLassoReplays(@TempDir Path dir) throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("check", "models/last-ack-forever.tw", "--property",
                "passive-reaches-closed", "--json", "--quiet");
        JsonNode p = property(run, "passive-reaches-closed");
        assertEquals("violated", p.get("verdict").asText());
        JsonNode cex = p.get("counterexample");
        int loop = cex.get("loopStart").asInt();
        JsonNode steps = cex.get("steps");
        assertEquals(steps.get(loop).get("state"), steps.get(steps.size() - 1).get("state"), "the cycle closes");
        for (int i = loop; i < steps.size(); i++) {
            assertEquals("LAST_ACK", steps.get(i).get("state").get("B").get("state").asText(), "B stays in LAST_ACK");
        }

        CheckCommandTest.Run traced = CheckCommandTest.run("check", "models/last-ack-forever.tw", "--property",
                "passive-reaches-closed", "--trace-dir", dir.toString(), "--quiet");
        assertEquals(1, traced.exit());
        Path trace = dir.resolve("passive-reaches-closed.itf.json");
        CheckCommandTest.Run replay = CheckCommandTest.run("replay", trace.toString());
        assertEquals(0, replay.exit(), replay.out());
        assertTrue(Files.readString(dir.resolve("passive-reaches-closed.svg")).contains("repeats forever"));
        assertTrue(Files.readString(dir.resolve("passive-reaches-closed.txt")).contains("repeat forever"));

        // a lasso whose loop does not close is rejected
        ObjectNode json = (ObjectNode) mapper.readTree(trace.toFile());
        json.put("loop", 1);
        Path altered = dir.resolve("altered.itf.json");
        mapper.writeValue(altered.toFile(), json);
        CheckCommandTest.Run rejected = CheckCommandTest.run("replay", altered.toString());
        assertEquals(1, rejected.exit(), rejected.out());
        assertTrue(rejected.out().contains("does not loop back"), rejected.out());
    }

    @Test
    void strongDeliveryMakesTheSameModelLive(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("strong.tw");
        Files.writeString(model, Files.readString(Path.of("models/last-ack-forever.tw"))
                .replace("fairness = tick, timers, delivery, close", "fairness = tick, timers, strong-delivery, close"));
        CheckCommandTest.Run run = CheckCommandTest.run("check", model.toString(), "--property", "passive-reaches-closed",
                "--json", "--quiet");
        JsonNode p = property(run, "passive-reaches-closed");
        assertEquals("holds", p.get("verdict").asText());
        assertTrue(p.get("fairness").toString().contains("strong-delivery-FIN-to-A"), p.toString());
    }

    @Test
    void withoutFairnessTheSameModelStillAnswers(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("unfair.tw");
        Files.writeString(model, Files.readString(Path.of("models/last-ack-forever.tw"))
                .replace("fairness = tick, timers, delivery, close", "fairness = none"));
        CheckCommandTest.Run run = CheckCommandTest.run("check", model.toString(), "--property", "passive-reaches-closed",
                "--json", "--quiet");
        JsonNode p = property(run, "passive-reaches-closed");
        assertEquals("violated", p.get("verdict").asText());
        assertEquals(0, p.get("fairness").size());
    }

    @Test
    void unknownFairnessIsBadInput(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("bad.tw");
        Files.writeString(model, Files.readString(Path.of("models/last-ack-forever.tw"))
                .replace("fairness = tick, timers, delivery, close", "fairness = tick, justice"));
        CheckCommandTest.Run run = CheckCommandTest.run("check", model.toString(), "--quiet");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("bad.tw:22: unknown fairness assumption 'justice'"), run.err());
    }

    static java.util.stream.Stream<Path> bundledModels() throws IOException {
        return Files.list(Path.of("models")).filter(p -> p.toString().endsWith(".tw")).sorted();
    }

    /** Every trace written for a bundled model (lassos, runs that stop, worst cases, witnesses) replays. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("bundledModels")
    void replayAcceptsEveryTraceWritten(Path model, @TempDir Path dir) throws IOException {
        CheckCommandTest.Run check = CheckCommandTest.run("check", model.toString(), "--trace-dir", dir.toString(), "--quiet");
        assertTrue(check.exit() == 0 || check.exit() == 1, check.out() + check.err());
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path trace : files.filter(f -> f.toString().endsWith(".itf.json")).toList()) {
                CheckCommandTest.Run replay = CheckCommandTest.run("replay", trace.toString());
                assertEquals(0, replay.exit(), trace + ": " + replay.out() + replay.err());
            }
        }
    }
}
