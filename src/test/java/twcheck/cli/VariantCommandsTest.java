package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep, compare and prove, end to end. */
class VariantCommandsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void sweepAgreesWithSingleChecksAndItsThresholdFollowsFromItsValues() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", "timeWait=2..6",
                "--property", "no-stale-accept", "--json", "--quiet");
        assertEquals(0, run.exit(), run.err());
        JsonNode sweep = mapper.readTree(run.out());
        assertEquals("timeWait", sweep.get("param").asText());
        assertEquals("no-stale-accept", sweep.get("property").asText());
        JsonNode values = sweep.get("values");
        assertEquals(5, values.size());
        for (JsonNode v : values) {
            JsonNode single = mapper.readTree(CheckCommandTest.run("check", "models/rfc9293.tw", "--set",
                    "timeWait=" + v.get("value").asInt(), "--property", "no-stale-accept", "--json", "--quiet").out());
            assertEquals(single.get("properties").get(0).get("verdict").asText(), v.get("verdict").asText());
            assertEquals(single.get("stats").get("distinctStates").asLong(), v.get("distinctStates").asLong());
        }
        Integer expectedThreshold = null; // the smallest value from which every verdict is "holds"
        for (int i = values.size() - 1; i >= 0 && values.get(i).get("verdict").asText().equals("holds"); i--) {
            expectedThreshold = values.get(i).get("value").asInt();
        }
        if (expectedThreshold == null) {
            assertTrue(sweep.get("threshold").isNull());
        } else {
            assertEquals(expectedThreshold.intValue(), sweep.get("threshold").asInt());
        }
    }

    @Test
    void thresholdAndMonotonicityOnMadeUpVerdicts() {
        var holds = "holds";
        var violated = "violated";
        List<SweepCommand.Point> rising = List.of(new SweepCommand.Point(0, violated, false, 1L, true),
                new SweepCommand.Point(1, holds, false, 1L, true), new SweepCommand.Point(2, holds, false, 1L, true));
        assertEquals(1, SweepCommand.threshold(rising));
        assertTrue(SweepCommand.monotonic(rising));
        List<SweepCommand.Point> bumpy = List.of(new SweepCommand.Point(0, holds, false, 1L, true),
                new SweepCommand.Point(1, violated, false, 1L, true), new SweepCommand.Point(2, holds, false, 1L, true));
        assertEquals(2, SweepCommand.threshold(bumpy));
        assertFalse(SweepCommand.monotonic(bumpy));
        List<SweepCommand.Point> never = List.of(new SweepCommand.Point(0, holds, false, 1L, true),
                new SweepCommand.Point(1, violated, false, 1L, true));
        assertNull(SweepCommand.threshold(never));
    }

    @Test
    void sweepRejectsBadRanges() {
        for (String param : List.of("timeWait=5..2", "timeWait=0..99", "nosuch=0..2", "timeWait=0-2")) {
            CheckCommandTest.Run run = CheckCommandTest.run("sweep", "models/rfc9293.tw", "--param", param, "--quiet");
            assertEquals(2, run.exit(), param);
            assertTrue(run.err().startsWith("twcheck: --param " + param), run.err());
        }
    }

    @Test
    void compareWritesEveryFormatAndTheHtmlLinksToExistingCharts(@TempDir Path dir) throws IOException {
        for (String ending : List.of("md", "csv", "html")) {
            Path out = dir.resolve("report." + ending);
            CheckCommandTest.Run run = CheckCommandTest.run("compare", "models/rfc9293.tw", "models/no-time-wait.tw",
                    "--out", out.toString(), "--quiet");
            assertEquals(1, run.exit(), run.err());
            String content = Files.readString(out);
            assertTrue(content.contains("rfc9293") && content.contains("no-time-wait"), content);
            assertTrue(content.contains("no-stale-accept"), content);
        }
        String html = Files.readString(dir.resolve("report.html"));
        Matcher links = Pattern.compile("href=\"([^\"]+)\"").matcher(html);
        int count = 0;
        while (links.find()) {
            assertTrue(Files.exists(dir.resolve(links.group(1))), links.group(1));
            count++;
        }
        long violations = Files.readString(dir.resolve("report.csv")).lines().skip(1)
                .mapToLong(line -> java.util.Arrays.stream(line.split(",")).filter(f -> f.startsWith("violated")).count())
                .sum();
        assertTrue(violations >= 6);
        assertEquals(violations, count, "every violation links to its chart");
        assertEquals(3, Files.readString(dir.resolve("report.csv")).lines().count(), "a header and a row per model");
    }

    @Test
    void theHtmlShowsEachRowsBoundsAndFramesTheVerdictsThatDifferFromTheFirstRow(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report.html");
        CheckCommandTest.Run run = CheckCommandTest.run("compare", "models/rfc9293.tw", "models/no-time-wait.tw",
                "models/fifo-network.tw", "--property", "no-stale-accept", "--property", "passive-close-clean",
                "--out", out.toString(), "--quiet");
        assertEquals(1, run.exit(), run.err());
        List<String> rows = Files.readString(out).lines().filter(l -> l.startsWith("<tr><td>")).toList();
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertFalse(rows.get(0).contains("<b>timeWait") || rows.get(0).contains("changed"), "the first row is the baseline");
        assertTrue(rows.get(1).contains("<td>none</td>"), "no-time-wait switches nothing: " + rows.get(1));
        assertTrue(rows.get(1).contains("<b>timeWait=0</b>") && rows.get(1).contains("msl=1 "), rows.get(1));
        assertFalse(rows.get(1).contains("changed"), "violated as in R0, only shorter: " + rows.get(1));
        assertTrue(rows.get(2).contains("<td>reorder=0</td>"), rows.get(2));
        assertTrue(rows.get(2).contains("class=\"holds changed\""), "fifo-network holds no-stale-accept: " + rows.get(2));
        assertTrue(rows.get(2).contains("class=\"violated\""), "and violates passive-close-clean as R0 does: " + rows.get(2));
        CheckCommandTest.Run json = CheckCommandTest.run("compare", "models/rfc9293.tw", "models/no-time-wait.tw",
                "--property", "no-stale-accept", "--json", "--quiet");
        JsonNode bounds = JsonSchemasTest.assertValid("compare", json.out()).get("rows").get(1).get("bounds");
        assertEquals(0, bounds.get("timeWait").asInt());
        assertEquals(8, bounds.size(), bounds.toString());
    }

    @Test
    void proveReChecksTheRecordedClaimsAndEveryRecordedTraceReplays() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("prove", "proofs");
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("claims re-checked: as recorded"));
        try (Stream<Path> files = Files.list(Path.of("proofs"))) {
            for (Path trace : files.filter(f -> f.toString().endsWith(".itf.json")).sorted().toList()) {
                CheckCommandTest.Run replay = CheckCommandTest.run("replay", trace.toString());
                assertEquals(0, replay.exit(), trace + ": " + replay.out());
            }
        }
    }

    @Test
    void proveFailsNamingAClaimWhoseExpectedVerdictWasEdited(@TempDir Path dir) throws IOException {
        Path proofs = dir.resolve("proofs");
        Path models = dir.resolve("models");
        copy(Path.of("proofs"), proofs);
        copy(Path.of("models"), models);
        Path claim = proofs.resolve("time-wait-threshold-msl1.claim");
        Files.writeString(claim, Files.readString(claim).replace("expect = holds", "expect = violated\nlength = 3"));
        CheckCommandTest.Run run = CheckCommandTest.run("prove", proofs.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("CHANGED  time-wait-threshold-msl1: expected violated (3 steps), found holds"), run.out());
        assertTrue(run.out().contains("1 of "), run.out());
    }

    @Test
    void badClaimFilesNameFileAndLine(@TempDir Path dir) throws IOException {
        Path claim = dir.resolve("bad.claim");
        Files.copy(Path.of("models/rfc9293.tw"), dir.resolve("m.tw")); // the property is looked up in its model's kind
        Files.writeString(claim, "claim = x\nmodel = m.tw\nproperty = no-stale-accept\nexpect = reached\n");
        CheckCommandTest.Run run = CheckCommandTest.run("prove", dir.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("bad.claim:4: expect must be holds or violated"), run.err());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
