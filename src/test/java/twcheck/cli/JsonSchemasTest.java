package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import twcheck.report.BuildInfo;
import twcheck.trace.Json;

/**
 * Every JSON output of the bundled models against its schema in docs/schemas/ (with a JSON
 * Schema validator that knows nothing of twcheck), and the header every one starts with.
 */
class JsonSchemasTest {
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static Schema schema(String output) throws IOException {
        return SCHEMAS.getSchema(Files.readString(Path.of("docs/schemas/" + output + ".schema.json")), InputFormat.JSON);
    }

    /** Asserts {@code json} follows the schema of {@code output} and carries the header; returns it parsed. */
    static JsonNode assertValid(String output, String json) throws IOException {
        List<Error> errors = schema(output).validate(json, InputFormat.JSON);
        assertTrue(errors.isEmpty(), output + ": " + errors + "\n" + json);
        JsonNode root = Json.mapper().readTree(json);
        assertEquals("twcheck", root.get("tool").asText());
        assertEquals(BuildInfo.current().versionText(), root.get("version").asText());
        assertEquals(1, root.get("schemaVersion").asInt());
        assertEquals(output, root.get("output").asText());
        List<String> first = List.of("tool", "version", "schemaVersion", "output");
        var names = root.fieldNames();
        for (String expected : first) assertEquals(expected, names.next(), "the header comes first");
        return root;
    }

    @Test
    void checkOfSafetyLivenessAndKeepaliveModels() throws IOException {
        for (String[] args : List.of(
                new String[] {"check", "models/rfc9293.tw", "--quiet", "--json"},
                new String[] {"check", "models/last-ack-forever.tw", "--quiet", "--json"},
                new String[] {"check", "models/keepalive-crash.tw", "--quiet", "--json", "--property", "keepalive-bound"},
                new String[] {"check", "models/no-time-wait.tw", "--quiet", "--json", "--stop-at-first"})) {
            CheckCommandTest.Run run = CheckCommandTest.run(args);
            assertTrue(List.of(0, 1, 3).contains(run.exit()), String.join(" ", args) + ": " + run.err());
            JsonNode root = assertValid("check", run.out());
            assertFalse(root.get("properties").isEmpty());
        }
    }

    @Test
    void sweepOfOneAndOfSeveralProperties() throws IOException {
        CheckCommandTest.Run one = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", "timeWait=0..2",
                "--property", "no-stale-accept", "--json", "--quiet");
        assertEquals(0, one.exit(), one.err());
        assertEquals("timeWait", assertValid("sweep", one.out()).get("param").asText());
        CheckCommandTest.Run two = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", "timeWait=0..1",
                "--property", "no-stale-accept", "--property", "passive-close-clean", "--json", "--quiet");
        assertEquals(0, two.exit(), two.err());
        assertEquals(2, assertValid("sweep", two.out()).get("sweeps").size());
    }

    @Test
    void compareOfVariants() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("compare", "models/rfc9293.tw", "models/paws.tw",
                "--property", "no-stale-accept", "--json", "--quiet");
        assertEquals(1, run.exit(), run.err());
        JsonNode root = assertValid("compare", run.out());
        assertEquals("[]", root.get("rows").get(0).get("differsFromR0").toString());
        assertEquals("[\"timestamps=1\"]", root.get("rows").get(1).get("differsFromR0").toString());
    }

    @Test
    void proveOfTwoClaims(@TempDir Path dir) throws IOException {
        Path proofs = Files.createDirectories(dir.resolve("proofs"));
        Files.createDirectories(dir.resolve("models"));
        Files.copy(Path.of("models/rfc9293.tw"), dir.resolve("models/rfc9293.tw"));
        for (String claim : List.of("time-wait-threshold-msl1", "seed-figure-lost-last-ack")) {
            Files.copy(Path.of("proofs/" + claim + ".claim"), proofs.resolve(claim + ".claim"));
        }
        CheckCommandTest.Run run = CheckCommandTest.run("prove", proofs.toString(), "--json");
        assertEquals(0, run.exit(), run.err() + run.out());
        JsonNode root = assertValid("prove", run.out());
        assertEquals(2, root.get("results").size());
        for (JsonNode r : root.get("results")) assertEquals("as-recorded", r.get("outcome").asText());
    }

    @Test
    void conformOfARealCapture() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("conform", "src/test/resources/captures/orphan-fin-wait-2.pcap",
                "--model", "models/rfc9293.tw", "--model", "models/linger2-rst.tw", "--json");
        assertEquals(1, run.exit(), run.err());
        assertEquals(2, assertValid("conform", run.out()).get("models").size());
    }

    @Test
    void theSchemasRejectAnOutputWithoutItsHeaderOrWithAnotherVersion() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("check", "models/rfc9293.tw", "--quiet", "--json",
                "--property", "no-stale-accept");
        ObjectNode root = (ObjectNode) Json.mapper().readTree(run.out());
        assertTrue(schema("check").validate(root.toString(), InputFormat.JSON).isEmpty());
        ObjectNode noTool = root.deepCopy();
        noTool.remove("tool");
        assertFalse(schema("check").validate(noTool.toString(), InputFormat.JSON).isEmpty());
        ObjectNode later = root.deepCopy();
        later.put("schemaVersion", 2);
        assertFalse(schema("check").validate(later.toString(), InputFormat.JSON).isEmpty());
        assertFalse(schema("compare").validate(root.toString(), InputFormat.JSON).isEmpty(), "another output's schema");
    }

    /** simulate --json of rfc9293, seed 1. */
    private static CheckCommandTest.Run simulate(String walks, String maxSteps) {
        return CheckCommandTest.run("simulate", "models/rfc9293.tw", "--walks", walks, "--max-steps", maxSteps,
                "--seed", "1", "--json", "--quiet");
    }

    /** The "result" of every entry of the arrays {@code lists} of {@code root}. */
    private static List<String> results(JsonNode root, String... lists) {
        List<String> results = new java.util.ArrayList<>();
        for (String list : lists) root.get(list).forEach(p -> results.add(p.get("result").asText()));
        return results;
    }

    @Test
    void simulateFindsAndDoesNotFind() throws IOException {
        CheckCommandTest.Run run = simulate("300", "40");
        assertEquals(1, run.exit(), run.err());
        List<String> results = results(assertValid("simulate", run.out()), "properties", "witnesses");
        assertTrue(results.containsAll(List.of("violated", "not-violated", "not-checked", "reached")), results.toString());
        CheckCommandTest.Run few = simulate("1", "1");
        assertEquals(0, few.exit(), few.err());
        List<String> unreached = results(assertValid("simulate", few.out()), "witnesses");
        assertTrue(unreached.contains("not-reached"), unreached.toString());
    }

    @Test
    void graphProjectedAndWhole() throws IOException {
        for (String project : List.of("endpoints", "A", "none")) {
            CheckCommandTest.Run run = CheckCommandTest.run("graph", "models/keepalive-crash.tw", "--format", "json",
                    "--project", project);
            assertEquals(0, run.exit(), project + ": " + run.err());
            JsonNode root = assertValid("graph", run.out());
            assertFalse(root.get("nodes").isEmpty(), project);
            assertEquals(project.equals("none") ? 0 : project.equals("A") ? 1 : 2, root.get("parts").size(), project);
        }
    }

    @Test
    void simulateAndGraphSchemasRejectWhatTheyMustNot() throws IOException {
        CheckCommandTest.Run sim = simulate("300", "40");
        ObjectNode root = (ObjectNode) Json.mapper().readTree(sim.out());
        ObjectNode holds = root.deepCopy();
        ((ObjectNode) holds.get("properties").get(0)).put("result", "holds");
        assertFalse(schema("simulate").validate(holds.toString(), InputFormat.JSON).isEmpty(), "a simulation never says holds");
        ObjectNode livenessChecked = root.deepCopy();
        for (JsonNode p : livenessChecked.get("properties")) {
            if (p.get("kind").asText().equals("leads-to")) ((ObjectNode) p).put("result", "not-violated");
        }
        assertFalse(schema("simulate").validate(livenessChecked.toString(), InputFormat.JSON).isEmpty(),
                "walks do not check leads-to");
        CheckCommandTest.Run graph = CheckCommandTest.run("graph", "models/keepalive-crash.tw", "--format", "json");
        ObjectNode g = (ObjectNode) Json.mapper().readTree(graph.out());
        ObjectNode edgeless = g.deepCopy();
        ((ObjectNode) edgeless.get("edges").get(0)).putArray("actions");
        assertFalse(schema("graph").validate(edgeless.toString(), InputFormat.JSON).isEmpty(), "an edge has an action");
        ObjectNode both = g.deepCopy();
        ((ObjectNode) both.get("nodes").get(0)).putObject("state");
        assertFalse(schema("graph").validate(both.toString(), InputFormat.JSON).isEmpty(), "a node is projected or whole");
    }
}
