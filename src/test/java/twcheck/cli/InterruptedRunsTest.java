package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Ctrl-C during sweep, compare and prove: what was finished is printed, the rest is marked, and
 * the exit code is 3. The commands' test hook raises the interrupt flag after a given number of
 * cells, exactly as the signal's hook does, so the outcome does not depend on timing.
 */
class InterruptedRunsTest {

    private static CheckCommandTest.Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CheckCommandTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void anInterruptedSweepPrintsTheValuesItCheckedAndMarksTheRest() {
        SweepCommand sweep = new SweepCommand();
        sweep.interruptAfter = 1;
        CheckCommandTest.Run run = run(sweep, "models/rfc9293.tw", "--param", "timeWait=0..2", "--property",
                "no-stale-accept", "--quiet");
        assertEquals(Main.INCOMPLETE, run.exit(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(2).matches(" +0  violated +135,532"), run.out());
        assertTrue(lines.get(3).matches(" +1  not run"), run.out());
        assertTrue(lines.get(4).matches(" +2  not run"), run.out());
        assertTrue(run.out().contains("threshold for no-stale-accept: unknown"), run.out());
        assertTrue(lines.get(lines.size() - 1).startsWith("SWEEP INTERRUPTED: 1 of 3 values checked in full"), run.out());
    }

    @Test
    void anInterruptedSweepInJsonSaysWhichValuesWereNotRun() throws IOException {
        SweepCommand sweep = new SweepCommand();
        sweep.interruptAfter = 2;
        CheckCommandTest.Run run = run(sweep, "models/rfc9293.tw", "--param", "timeWait=4..6", "--property",
                "no-stale-accept", "--set", "msl=1", "--json", "--quiet");
        assertEquals(Main.INCOMPLETE, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertFalse(json.get("complete").asBoolean());
        JsonNode values = json.get("values");
        assertEquals(3, values.size());
        assertTrue(values.get(0).get("complete").asBoolean() && values.get(1).get("complete").asBoolean());
        assertEquals("not-run", values.get(2).get("verdict").asText());
        assertTrue(values.get(2).get("distinctStates").isNull());
        // 5 and 6 may hold, but 6 was not checked: the threshold is not settled
        assertTrue(json.get("threshold").isNull(), run.out());
    }

    private static SweepCommand.Point point(int value, String verdict) {
        return verdict.equals("not-run") ? SweepCommand.Point.notRun(value)
                : new SweepCommand.Point(value, verdict, false, 1L, !verdict.equals("unknown"));
    }

    private static List<SweepCommand.Point> points(String... verdicts) {
        List<SweepCommand.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < verdicts.length; i++) points.add(point(i, verdicts[i]));
        return points;
    }

    @Test
    void valuesLeftUndecidedNeitherSettleTheThresholdNorBreakMonotonicity() {
        assertFalse(SweepCommand.decided(points("violated", "holds", "not-run")));
        assertFalse(SweepCommand.decided(points("violated", "unknown", "holds")));
        assertEquals(null, SweepCommand.threshold(points("violated", "unknown", "holds")), "1 or 2: not settled");
        assertTrue(SweepCommand.decided(points("unknown", "violated", "holds")), "a violation bounds the threshold");
        assertEquals(2, SweepCommand.threshold(points("unknown", "violated", "holds")));
        assertTrue(SweepCommand.decided(points("holds", "holds")));
        assertTrue(SweepCommand.monotonic(points("holds", "unknown", "holds", "not-run")));
        assertFalse(SweepCommand.monotonic(points("holds", "unknown", "violated")));
    }

    @Test
    void anUninterruptedSweepIsUnchanged() {
        CheckCommandTest.Run run = run(new SweepCommand(), "models/rfc9293.tw", "--param", "timeWait=0..1", "--property",
                "no-stale-accept", "--quiet");
        assertEquals(Main.ALL_HOLD, run.exit(), run.err());
        assertFalse(run.out().contains("not run") || run.out().contains("INTERRUPTED"), run.out());
    }

    @Test
    void anInterruptedCompareWritesTheRowsItCheckedAndMarksTheRest(@TempDir Path dir) throws IOException {
        CompareCommand compare = new CompareCommand();
        compare.interruptAfter = 1;
        Path html = dir.resolve("report.html");
        CheckCommandTest.Run run = run(compare, "models/rfc9293.tw", "models/no-time-wait.tw", "models/fifo-network.tw",
                "--property", "no-stale-accept", "--out", html.toString(), "--quiet");
        assertEquals(Main.INCOMPLETE, run.exit(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).matches("rfc9293 +VIOLATED \\(18\\) +58,823 +[0-9.]+"), run.out());
        assertTrue(lines.get(2).matches("no-time-wait +not run +- +-  NOT RUN"), run.out());
        assertTrue(lines.get(3).matches("fifo-network +not run +- +-  NOT RUN"), run.out());
        assertTrue(run.out().contains("INTERRUPTED: 1 of 3 models checked in full"), run.out());
        String report = Files.readString(html);
        assertTrue(report.contains("href=\"report-charts/rfc9293.no-stale-accept.svg\""), report);
        assertEquals(1, report.split("href=").length - 1, "only the row checked has a chart");
        assertTrue(report.contains("INTERRUPTED: 1 of 3"), report);
        try (var charts = Files.list(dir.resolve("report-charts"))) {
            assertEquals(List.of("rfc9293.no-stale-accept.svg"), charts.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anInterruptedProveStopsAndSaysHowManyClaimsItChecked() {
        ProveCommand prove = new ProveCommand();
        prove.interruptAfter = 2;
        CheckCommandTest.Run run = run(prove, "proofs");
        assertEquals(Main.INCOMPLETE, run.exit(), run.out() + run.err());
        assertEquals(2, run.out().lines().filter(l -> l.startsWith("ok ")).count(), run.out());
        assertTrue(run.out().strip().endsWith("the others were not checked"), run.out());
        assertTrue(run.out().contains("PROVE INTERRUPTED: 2 of "), run.out());
        assertFalse(run.out().contains("stopped"), "the interrupt came between claims: none was cut short");
    }

    @Test
    void anInterruptedConformPrintsTheModelsItDecidedAndMarksTheRest() {
        ConformCommand conform = new ConformCommand();
        conform.interruptAfter = 1;
        CheckCommandTest.Run run = run(conform, "src/test/resources/captures/linger-abort.pcap", "--model",
                "models/rfc9293.tw", "--model", "models/so-linger-abort.tw");
        // the first model's rejection is real, but the run did not decide everything
        assertEquals(Main.INCOMPLETE, run.exit(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("rfc9293 ") && l.contains("DOES NOT CONFORM")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("so-linger-abort ") && l.contains("NOT RUN")), run.out());
        assertTrue(run.out().contains("CONFORM INTERRUPTED: 1 of 2 models decided"), run.out());
    }
}
