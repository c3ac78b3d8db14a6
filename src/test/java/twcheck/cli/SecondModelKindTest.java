package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on a second model kind, the alternating-bit protocol of the test sources
 * ({@code model = abp}, registered only in the test resources): the tool's generic layers run it
 * without knowing it. With the bit, every property holds; without it, a resent message is
 * delivered twice and a stale acknowledgment skips a message.
 */
class SecondModelKindTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path withBit;
    Path withoutBit;

    @BeforeEach
    void models() throws IOException {
        withBit = Files.writeString(dir.resolve("abp.tw"), """
                model = abp
                description = the alternating-bit protocol
                messages = 2
                lossBudget = 2
                """);
        withoutBit = Files.writeString(dir.resolve("abp-no-bit.tw"), """
                model = abp
                description = the same without the bit
                messages = 2
                lossBudget = 1
                alternatingBit = 0
                """);
    }

    @Test
    void simulateShrinkAndGraphGoThroughTheModelInterfaceOnly() throws IOException {
        // without the bit, ABP delivers a message twice: a safety violation a walk finds and shrink shortens
        Path traces = dir.resolve("traces");
        CheckCommandTest.Run sim = CheckCommandTest.run("simulate", withoutBit.toString(), "--walks", "200", "--quiet",
                "--trace-dir", traces.toString());
        assertEquals(1, sim.exit(), sim.out() + sim.err());
        assertTrue(sim.out().contains("no-duplicate-delivery         VIOLATED in walk"), sim.out());
        Path trace = traces.resolve("no-duplicate-delivery.itf.json");
        assertEquals(0, CheckCommandTest.run("replay", trace.toString()).exit());
        CheckCommandTest.Run shrink = CheckCommandTest.run("shrink", trace.toString());
        assertEquals(0, shrink.exit(), shrink.err());
        assertTrue(shrink.out().contains("the shortest (breadth-first) is"), shrink.out());

        CheckCommandTest.Run endpoints = CheckCommandTest.run("graph", withBit.toString(), "--quiet");
        assertEquals(2, endpoints.exit());
        assertTrue(endpoints.err().contains("model kind abp defines no projection of its states; use --project none"),
                endpoints.err());
        CheckCommandTest.Run full = CheckCommandTest.run("graph", withBit.toString(), "--project", "none", "--format", "json",
                "--quiet");
        assertEquals(0, full.exit(), full.err());
        JsonNode graph = JSON.readTree(full.out());
        assertEquals(graph.get("states").asInt(), graph.get("nodes").size());
    }

    @Test
    void checkPrintsTheKindsOwnHeaderAndVerdicts() {
        CheckCommandTest.Run run = CheckCommandTest.run("check", withBit.toString(), "--quiet");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().startsWith("model abp (" + withBit + "): ABP 2/2/1\n  with the alternating bit\n"), run.out());
        for (String p : List.of("no-duplicate-delivery", "no-deadlock", "sender-finishes", "all-delivered")) {
            assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith(p) && l.contains("holds")), p + "\n" + run.out());
        }
        assertTrue(run.out().contains("search complete"), run.out());
    }

    @Test
    void jsonReportsTheViolationsWithTheKindsStates() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("check", withoutBit.toString(), "--json", "--quiet");
        assertEquals(1, run.exit(), run.err());
        JsonNode json = JSON.readTree(run.out());
        assertEquals("abp-no-bit", json.get("model").asText());
        assertEquals(0, json.get("parameters").get("alternatingBit").asInt());
        JsonNode duplicate = property(json, "no-duplicate-delivery");
        assertEquals("violated", duplicate.get("verdict").asText());
        JsonNode steps = duplicate.get("counterexample").get("steps");
        assertEquals("initial", steps.get(0).get("action").asText());
        assertTrue(steps.get(0).get("state").has("sender"), steps.get(0).toString());
        assertEquals("violated", property(json, "all-delivered").get("verdict").asText());
        assertEquals("violated", property(json, "no-deadlock").get("verdict").asText());
    }

    @Test
    void tracesAreWrittenShownReplayedAndTamperingIsCaught() throws IOException {
        Path traces = dir.resolve("traces");
        CheckCommandTest.Run run = CheckCommandTest.run("check", withoutBit.toString(), "--quiet", "--trace-dir",
                traces.toString());
        assertEquals(1, run.exit(), run.err());
        Path trace = traces.resolve("no-duplicate-delivery.itf.json");
        assertTrue(Files.exists(trace));
        assertTrue(Files.exists(traces.resolve("no-duplicate-delivery.txt")));
        assertFalse(Files.exists(traces.resolve("no-duplicate-delivery.svg")), "the kind draws no SVG chart");
        JsonNode meta = JSON.readTree(trace.toFile()).get("#meta");
        assertEquals("abp", meta.get("base").asText());
        assertEquals("counterexample", meta.get("kind").asText());
        assertEquals("The last step violates no-duplicate-delivery.", meta.get("explanation").asText());

        try (Stream<Path> files = Files.list(traces)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".itf.json")).toList()) {
                CheckCommandTest.Run replay = CheckCommandTest.run("replay", f.toString());
                assertEquals(0, replay.exit(), f + ": " + replay.out() + replay.err());
                assertTrue(replay.out().contains("legal transitions of ABP 2/1/0"), replay.out());
            }
        }
        CheckCommandTest.Run chart = CheckCommandTest.run("trace", trace.toString());
        assertEquals(0, chart.exit(), chart.err());
        assertTrue(chart.out().contains("DeliverData("), chart.out());
        CheckCommandTest.Run diff = CheckCommandTest.run("trace", "--diff", trace.toString());
        assertEquals(0, diff.exit(), diff.err());
        assertTrue(diff.out().contains("receiver.delivered 0->1"), diff.out());
        CheckCommandTest.Run svg = CheckCommandTest.run("trace", trace.toString(), "--svg", dir.resolve("x.svg").toString());
        assertEquals(2, svg.exit());
        assertTrue(svg.err().contains("draws no SVG chart"), svg.err());

        // one changed number in the last state: replay names the step that no longer follows
        String text = Files.readString(trace);
        int last = text.lastIndexOf("\"delivered\" : ");
        Path tampered = Files.writeString(dir.resolve("tampered.itf.json"),
                text.substring(0, last) + "\"delivered\" : 0" + text.substring(last + "\"delivered\" : 0".length()));
        CheckCommandTest.Run bad = CheckCommandTest.run("replay", tampered.toString());
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("does not lead from state"), bad.out());
    }

    @Test
    void sweepAndCompareRunOnTheKindsParameters() throws IOException {
        CheckCommandTest.Run sweep = CheckCommandTest.run("sweep", withoutBit.toString(), "--param",
                "alternatingBit=0..1", "--property", "no-duplicate-delivery", "--json", "--quiet");
        assertEquals(0, sweep.exit(), sweep.err());
        JsonNode result = JSON.readTree(sweep.out());
        assertEquals("violated", result.get("values").get(0).get("verdict").asText(), "a resent message is delivered again");
        assertEquals("holds", result.get("values").get(1).get("verdict").asText());
        assertEquals(1, result.get("threshold").asInt());
        CheckCommandTest.Run badParam = CheckCommandTest.run("sweep", withoutBit.toString(), "--param", "timeWait=0..2");
        assertEquals(2, badParam.exit());
        assertTrue(badParam.err().contains("unknown parameter 'timeWait'"), badParam.err());

        Path matrix = dir.resolve("matrix.html");
        CheckCommandTest.Run compare = CheckCommandTest.run("compare", withBit.toString(), withoutBit.toString(),
                "--quiet", "--out", matrix.toString());
        assertEquals(1, compare.exit(), compare.err());
        assertTrue(compare.out().contains("no-duplicate-delivery"), compare.out());
        assertTrue(compare.out().lines().anyMatch(l -> l.startsWith("abp-no-bit") && l.contains("VIOLATED")), compare.out());
        assertTrue(Files.readString(matrix).contains("abp-no-bit"));
        CheckCommandTest.Run mixed = CheckCommandTest.run("compare", withBit.toString(), "models/rfc9293.tw", "--quiet");
        assertEquals(2, mixed.exit());
        assertTrue(mixed.err().contains("compare models of one kind"), mixed.err());
    }

    @Test
    void claimsOnTheKindAreProvedAndRecorded() throws IOException {
        Path proofs = Files.createDirectories(dir.resolve("proofs"));
        Files.writeString(proofs.resolve("bit-needed.claim"), """
                claim = without the alternating bit a resent message is delivered twice
                model = ../abp-no-bit.tw
                property = no-duplicate-delivery
                expect = violated
                length = %d
                """.formatted(shortest()));
        Files.writeString(proofs.resolve("bit-enough.claim"), """
                claim = with the bit every message is delivered
                model = ../abp.tw
                property = all-delivered
                expect = holds
                """);
        CheckCommandTest.Run record = CheckCommandTest.run("prove", "--record", proofs.toString());
        assertEquals(0, record.exit(), record.out() + record.err());
        assertTrue(Files.exists(proofs.resolve("bit-needed.itf.json")));
        assertEquals(0, CheckCommandTest.run("replay", proofs.resolve("bit-needed.itf.json").toString()).exit());
        CheckCommandTest.Run again = CheckCommandTest.run("prove", proofs.toString());
        assertEquals(0, again.exit(), again.out());
        assertTrue(again.out().contains("all 2 claims re-checked: as recorded"), again.out());

        Files.writeString(proofs.resolve("bad.claim"), "claim = x\nmodel = ../abp.tw\nproperty = no-stale-accept\nexpect = holds\n");
        CheckCommandTest.Run bad = CheckCommandTest.run("prove", proofs.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown property 'no-stale-accept' of model kind abp"), bad.err());
    }

    @Test
    void aModelFileOfTheKindIsCheckedAgainstItsOwnParameters() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.tw"), "model = abp\nmessages = 2\nlossBudget = 1\nseqSpace = 3\n");
        CheckCommandTest.Run run = CheckCommandTest.run("check", bad.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("bad.tw:4: unknown key 'seqSpace'"), run.err());
        assertTrue(run.err().contains("messages, lossBudget, alternatingBit"), run.err());
        Path unknownKind = Files.writeString(dir.resolve("k.tw"), "model = nope\n");
        CheckCommandTest.Run kind = CheckCommandTest.run("check", unknownKind.toString());
        assertEquals(2, kind.exit());
        assertTrue(kind.err().contains("unknown model kind 'nope'; expected one of abp, r0"), kind.err());
    }

    /** The shortest counterexample's length, as check finds it (the claim records it). */
    private int shortest() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("check", withoutBit.toString(), "--json", "--quiet",
                "--property", "no-duplicate-delivery");
        return property(JSON.readTree(run.out()), "no-duplicate-delivery").get("counterexample").get("length").asInt();
    }

    private static JsonNode property(JsonNode report, String name) {
        for (JsonNode p : report.get("properties")) {
            if (p.get("name").asText().equals(name)) return p;
        }
        throw new AssertionError("no property " + name + " in " + report);
    }
}
