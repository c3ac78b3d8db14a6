package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import twcheck.trace.Json;

/**
 * The traces twcheck writes are ITF (Apalache ADR-015): they follow docs/schemas/itf.schema.json,
 * every state assigns exactly the variables of {@code vars}, a lasso's loop is the top-level
 * {@code loop}, and the files are named {@code .itf.json}. Version 1 traces ({@code .trace.json},
 * the loop in {@code #meta}) are still read.
 */
class ItfTracesTest {
    private static final Path LEGACY = Path.of("src/test/resources/traces/v1");
    static Schema itf;

    @TempDir
    Path dir;

    @BeforeAll
    static void schema() throws IOException {
        itf = JsonSchemasTest.schema("itf");
    }

    /** Asserts {@code file} is an ITF trace; returns it parsed. */
    static JsonNode assertItf(Path file) throws IOException {
        String text = Files.readString(file);
        List<Error> errors = itf.validate(text, InputFormat.JSON);
        assertTrue(errors.isEmpty(), file + ": " + errors);
        JsonNode root = Json.mapper().readTree(text);
        Set<String> vars = new TreeSet<>();
        root.get("vars").forEach(v -> vars.add(v.asText()));
        for (int i = 0; i < root.get("states").size(); i++) {
            Set<String> assigned = new TreeSet<>();
            root.get("states").get(i).fieldNames().forEachRemaining(assigned::add);
            assigned.remove("#meta");
            assertEquals(vars, assigned, file + ": states[" + i + "] assigns the variables of vars");
        }
        assertFalse(root.get("#meta").has("loop"), file + ": the loop is at the top level");
        if (root.has("loop")) {
            JsonNode states = root.get("states");
            JsonNode last = values(states.get(states.size() - 1));
            assertEquals(values(states.get(root.get("loop").asInt())), last, file + ": the last state is the loop's");
        }
        return root;
    }

    private static JsonNode values(JsonNode state) {
        ObjectNode copy = state.deepCopy();
        copy.remove("#meta");
        return copy;
    }

    private static List<Path> files(Path folder, String ending) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(f -> f.getFileName().toString().endsWith(ending)).sorted().toList();
        }
    }

    @Test
    void theRecordedTracesAreItf() throws IOException {
        List<Path> traces = files(Path.of("proofs"), ".itf.json");
        assertFalse(traces.isEmpty());
        assertTrue(files(Path.of("proofs"), ".trace.json").isEmpty(), "proofs/ is migrated");
        int lassos = 0;
        for (Path trace : traces) lassos += assertItf(trace).has("loop") ? 1 : 0;
        assertTrue(lassos > 0, "a lasso among them");
    }

    @Test
    void checkWritesItfTracesWithTheLoopAtTheTop() throws IOException {
        for (String model : List.of("last-ack-forever", "rfc9293", "keepalive-crash")) {
            Path out = dir.resolve(model);
            CheckCommandTest.Run run = CheckCommandTest.run("check", "models/" + model + ".tw", "--quiet", "--trace-dir", out.toString());
            assertTrue(List.of(0, 1).contains(run.exit()), run.err());
            List<Path> traces = files(out, ".itf.json");
            assertFalse(traces.isEmpty(), model);
            assertTrue(files(out, ".trace.json").isEmpty(), model);
            for (Path trace : traces) assertItf(trace);
        }
        assertTrue(assertItf(dir.resolve("last-ack-forever/passive-reaches-closed.itf.json")).has("loop"));
    }

    @Test
    void conformAndProveWriteItfTraces() throws IOException {
        CheckCommandTest.Run conform = CheckCommandTest.run("conform", "src/test/resources/captures/orphan-fin-wait-2.pcap",
                "--model", "models/linger2-rst.tw", "--trace-dir", dir.resolve("conform").toString());
        assertEquals(0, conform.exit(), conform.err());
        assertItf(dir.resolve("conform/linger2-rst.conform.itf.json"));

        Path proofs = Files.createDirectories(dir.resolve("proofs"));
        Files.createDirectories(dir.resolve("models"));
        Files.copy(Path.of("models/last-ack-forever.tw"), dir.resolve("models/last-ack-forever.tw"));
        Files.copy(Path.of("proofs/liveness-last-ack-forever-weak.claim"), proofs.resolve("lasso.claim"));
        CheckCommandTest.Run prove = CheckCommandTest.run("prove", proofs.toString(), "--record");
        assertEquals(0, prove.exit(), prove.err() + prove.out());
        assertTrue(assertItf(proofs.resolve("lasso.itf.json")).has("loop"));
        assertTrue(Files.readString(proofs.resolve("lasso.evidence.json")).contains("\"lasso.itf.json\""));
    }

    @Test
    void version1TracesAreStillReadReplayedAndDrawn() throws IOException {
        List<Path> old = files(LEGACY, ".trace.json");
        assertEquals(3, old.size());
        for (Path trace : old) {
            assertEquals(1, Json.mapper().readTree(trace.toFile()).get("#meta").get("version").asInt());
            CheckCommandTest.Run replay = CheckCommandTest.run("replay", trace.toString());
            assertEquals(0, replay.exit(), trace + ": " + replay.out() + replay.err());
            CheckCommandTest.Run drawn = CheckCommandTest.run("trace", trace.toString());
            assertEquals(0, drawn.exit(), drawn.err());
            // drawn exactly as the migrated trace of proofs/
            Path migrated = Path.of("proofs", trace.getFileName().toString().replace(".trace.json", ".itf.json"));
            assertEquals(CheckCommandTest.run("trace", migrated.toString()).out(), drawn.out(), trace.toString());
        }
    }

    @Test
    void theLoopIsWhereItsVersionPutsIt() throws IOException {
        ObjectNode v1 = (ObjectNode) Json.mapper().readTree(LEGACY.resolve("liveness-last-ack-forever-weak.trace.json").toFile());
        v1.put("loop", ((ObjectNode) v1.get("#meta")).remove("loop"));
        CheckCommandTest.Run topInV1 = CheckCommandTest.run("replay", write("v1-top.trace.json", v1).toString());
        assertEquals(2, topInV1.exit());
        assertTrue(topInV1.err().contains("loop: a version 1 trace has its loop in #meta.loop"), topInV1.err());

        ObjectNode v2 = (ObjectNode) Json.mapper().readTree(Path.of("proofs/liveness-last-ack-forever-weak.itf.json").toFile());
        ((ObjectNode) v2.get("#meta")).set("loop", v2.remove("loop"));
        CheckCommandTest.Run metaInV2 = CheckCommandTest.run("replay", write("v2-meta.itf.json", v2).toString());
        assertEquals(2, metaInV2.exit());
        assertTrue(metaInV2.err().contains("#meta.loop: from version 2 on, the loop is the top-level \"loop\""), metaInV2.err());
    }

    @Test
    void theSchemaRejectsWhatItfHasNoValueFor() throws IOException {
        ObjectNode trace = (ObjectNode) Json.mapper().readTree(Path.of("proofs/seed-figure-stale-data.itf.json").toFile());
        assertTrue(itf.validate(trace.toString(), InputFormat.JSON).isEmpty());
        List<ObjectNode> bad = new ArrayList<>();
        ObjectNode nullValue = trace.deepCopy();
        ((ObjectNode) nullValue.get("states").get(1)).putNull("lost");
        bad.add(nullValue);
        ObjectNode fraction = trace.deepCopy();
        ((ObjectNode) fraction.get("states").get(1)).put("lost", 0.5);
        bad.add(fraction);
        ObjectNode negativeLoop = trace.deepCopy();
        negativeLoop.put("loop", -1);
        bad.add(negativeLoop);
        ObjectNode noStates = trace.deepCopy();
        noStates.remove("states");
        bad.add(noStates);
        ObjectNode reservedField = trace.deepCopy();
        ((ObjectNode) reservedField.get("states").get(1)).putObject("net-extra").put("#set", 1);
        bad.add(reservedField);
        for (ObjectNode b : bad) assertFalse(itf.validate(b.toString(), InputFormat.JSON).isEmpty(), b.toString());
    }

    private Path write(String name, JsonNode json) throws IOException {
        return Files.writeString(dir.resolve(name), Json.mapper().writeValueAsString(json));
    }
}
