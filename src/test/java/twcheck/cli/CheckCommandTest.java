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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End to end through the command line, as a user runs it. */
class CheckCommandTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource({"models/rfc9293.tw", "models/no-time-wait.tw"})
    void bundledModelsViolateEverySafetyPropertyAndReachEveryWitness(String model) throws IOException {
        Run run = run("check", model, "--json", "--quiet");
        assertEquals(1, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertTrue(json.get("complete").asBoolean());
        assertTrue(json.get("stats").get("distinctStates").asLong() > 0);
        assertEquals(6, json.get("properties").size());
        for (JsonNode p : json.get("properties")) {
            boolean liveness = p.get("kind").asText().equals("leads-to") || p.get("kind").asText().equals("eventually");
            if (!liveness) assertEquals("violated", p.get("verdict").asText(), p.get("name").asText());
            assertTrue(!p.get("verdict").asText().equals("unknown"), p.get("name").asText());
            if (liveness) assertTrue(p.get("fairness").size() > 0, "a liveness verdict names its fairness");
            JsonNode cex = p.get("counterexample");
            if (p.get("verdict").asText().equals("holds")) {
                assertTrue(cex.isNull());
                continue;
            }
            assertEquals(cex.get("length").asInt() + 1, cex.get("steps").size());
            assertEquals("initial", cex.get("steps").get(0).get("action").asText());
        }
        for (JsonNode w : json.get("witnesses")) {
            assertTrue(w.get("reached").asBoolean(), w.get("name").asText());
        }
    }

    @Test
    void withoutLossOrReuseTheTeardownIsCleanAndTheReportSaysWhichHoldsAreVacuous() throws IOException {
        // One incarnation: no reuse, so no segment can meet a newer incarnation.
        Run run = run("check", "models/rfc9293.tw", "--set", "incarnations=1", "--set", "lossBudget=0",
                "--property", "no-stale-accept", "--json", "--quiet");
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode p = json.get("properties").get(0);
        assertEquals("holds", p.get("verdict").asText());
        assertTrue(p.get("vacuous").asBoolean());
        assertEquals(0, run.exit());
    }

    @Test
    void textOutputNamesVerdictsStatisticsAndNumberedSteps() {
        Run run = run("check", "models/no-time-wait.tw", "--quiet");
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("no-stale-accept"));
        assertTrue(run.out().contains("VIOLATED"));
        assertTrue(run.out().contains("distinct states"));
        assertTrue(run.out().contains("search complete"));
        assertTrue(run.out().contains("counterexample for passive-close-clean"));
        assertTrue(run.out().matches("(?s).*\\n +1 +Close\\([AB]\\)\\n.*"));
    }

    @Test
    void stoppingAtTheFirstViolationIsReportedAsIncomplete() throws IOException {
        Run run = run("check", "models/no-time-wait.tw", "--stop-at-first", "--json", "--quiet");
        assertEquals(3, run.exit(), "a run cut short exits 3, even with a violation found");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertFalse(json.get("complete").asBoolean());
        boolean someUnknown = false;
        for (JsonNode p : json.get("properties")) {
            someUnknown |= p.get("verdict").asText().equals("unknown");
            assertFalse(p.get("verdict").asText().equals("holds"));
        }
        assertTrue(someUnknown);
    }

    @Test
    void aStateLimitGivesExitCodeThreeWhenNothingIsViolatedYet() {
        Run run = run("check", "models/rfc9293.tw", "--max-states", "10", "--quiet");
        assertEquals(3, run.exit());
        assertTrue(run.out().contains("SEARCH INCOMPLETE"));
        assertTrue(run.out().contains("unknown"));
    }

    @Test
    void parameterOverridesChangeTheModel() throws IOException {
        Run small = run("check", "models/rfc9293.tw", "--set", "lossBudget=0", "--json", "--quiet");
        Run big = run("check", "models/rfc9293.tw", "--json", "--quiet");
        ObjectMapper mapper = new ObjectMapper();
        long smallStates = mapper.readTree(small.out()).get("stats").get("distinctStates").asLong();
        long bigStates = mapper.readTree(big.out()).get("stats").get("distinctStates").asLong();
        assertTrue(smallStates < bigStates);
        assertEquals(0, mapper.readTree(small.out()).get("parameters").get("lossBudget").asInt());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "seqSpace 3                       | bad.tw:2: expected 'key = value'",
        "mss = 3                          | bad.tw:2: unknown key 'mss'",
        "msl = 99                         | bad.tw:2: msl = 99 is out of range; expected 0..63",
        "msl = one                        | bad.tw:2: msl must be a whole number in 0..63",
        "check = no-such-property         | bad.tw:2: unknown property 'no-such-property'",
        "model = r1                       | bad.tw:1: unknown model kind 'r1'",
    })
    void badModelFilesGiveOneLineNamingFileAndLine(String line, String expected, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.tw");
        String valid = Files.readString(Path.of("models/rfc9293.tw")).replace("model = r0\n", "");
        String header = line.startsWith("model") ? "" : "model = r0\n";
        Files.writeString(file, header + line + "\n" + valid.replaceAll("(?m)^(" + line.split("[ =]")[0] + ")\\b.*$", "# $1 removed"));
        Run run = run("check", file.toString(), "--quiet");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains(expected), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void aMissingParameterIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("partial.tw");
        Files.writeString(file, "model = r0\nseqSpace = 3\n");
        Run run = run("check", file.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("partial.tw:3: missing parameter 'incarnations'"), run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "check models/rfc9293.tw --set msl                | --set msl: expected NAME=VALUE",
        "check models/rfc9293.tw --set rto=0              | rto = 0 is out of range; expected 1..63",
        "check models/rfc9293.tw --property liveness      | --property liveness: unknown property",
        "check models/missing.tw                          | models/missing.tw: no such model file",
        "check models/rfc9293.tw --bogus                  | Unknown option: '--bogus'",
        "check models/rfc9293.tw --max-states 0           | '--max-states': expected a whole number in 1..10^18, got '0'",
        "check models/rfc9293.tw --max-states 99999999999999999999 | '--max-states': expected a whole number in 1..10^18",
        "check models/rfc9293.tw --threads 0              | '--threads': expected a whole number in 1..1024, got '0'",
        "check models/rfc9293.tw --threads x              | Invalid value for option '--threads'",
        "check models/rfc9293.tw --memory-limit -1        | '--memory-limit': expected a whole number in 0..2^40, got '-1'",
        "bench --configs 1/2/3                            | --configs 1/2/3: expected SEQ/INC/CAP/LOSS/MSL/RTO/R/TW",
        "bench --threads 0                                | '--threads' (N): expected a whole number in 1..1024, got '0'",
        "bench --threads 1,99999999999                    | '--threads' (N): expected a whole number in 1..1024, got '99999999999'",
        "bench --repeat 0                                 | '--repeat': expected a whole number in 1..100, got '0'",
        "bench --configs 3/2/2/1/99999999999/3/2/2        | msl = '99999999999' is out of range; expected 0..63",
        "bench --configs 3/2/2/1/x/3/2/2                  | msl = 'x' is not a whole number; expected 0..63",
        "check models/rfc9293.tw --set msl=99999999999    | --set msl=99999999999: msl = 99999999999 is out of range; expected 0..63",
        "check models/rfc9293.tw --set msl=+1             | --set msl=+1: msl must be a whole number in 0..63, got '+1'",
        "check models/rfc9293.tw --set nosuch=1           | --set nosuch=1: 'nosuch' is not a parameter; expected one of seqSpace,",
    })
    void badCommandLinesExitWithTwo(String args, String expected) {
        Run run = run(args.trim().split(" +"));
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void hashCompactionIsReportedWithItsOmissionProbability() throws IOException {
        Run run = run("check", "models/rfc9293.tw", "--hash-compaction", "--threads", "2", "--json", "--quiet");
        assertEquals(1, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("hash-compaction", json.get("storage").asText());
        assertTrue(json.get("omissionProbability").asDouble() > 0);
        Run text = run("check", "models/rfc9293.tw", "--hash-compaction", "--quiet");
        assertTrue(text.out().contains("search complete, with hash compaction"), text.out());
        assertTrue(text.out().contains("probability"), text.out());
    }

    @Test
    void threadsDoNotChangeTheReport() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode one = mapper.readTree(run("check", "models/rfc9293.tw", "--threads", "1", "--json", "--quiet").out());
        JsonNode two = mapper.readTree(run("check", "models/rfc9293.tw", "--threads", "2", "--json", "--quiet").out());
        assertEquals("exact", two.get("storage").asText());
        assertEquals(one.get("properties"), two.get("properties"));
        assertEquals(one.get("witnesses"), two.get("witnesses"));
        assertEquals(one.get("stats").get("distinctStates"), two.get("stats").get("distinctStates"));
        assertEquals(one.get("stats").get("transitions"), two.get("stats").get("transitions"));
    }

    @Test
    void runningOutOfMemoryIsAnIncompleteSearchWithExitCodeThree() {
        Run run = run("check", "models/rfc9293.tw", "--set", "lossBudget=0", "--memory-limit", "6", "--quiet");
        assertEquals(3, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("SEARCH INCOMPLETE: memory limit reached"), run.out());
        assertFalse(run.out().matches("(?s).*\\n  \\S+ +holds.*"), run.out());
        assertFalse(run.err().contains("OutOfMemoryError"), run.err());
    }

    @Test
    void aMemoryLimitTooSmallForTheLivenessGraphLeavesItUnknownWithExitCodeThree() {
        Run run = run("check", "models/rfc9293.tw", "--set", "lossBudget=0", "--property", "passive-reaches-closed",
                "--memory-limit", "10", "--quiet");
        assertEquals(3, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("passive-reaches-closed        unknown"), run.out());
        assertTrue(run.out().contains("memory limit reached: no room for the state graph"), run.out());
        assertFalse(run.err().contains("Exception") || run.err().contains("Error"), run.err());
        // the same limit is enough for the safety search alone
        assertEquals(1, run("check", "models/rfc9293.tw", "--set", "lossBudget=0", "--property", "no-deadlock",
                "--memory-limit", "10", "--quiet").exit());
    }

    @Test
    void everyPhaseIsReportedWithItsTimeAndMemory() throws Exception {
        Run text = run("check", "models/rfc9293.tw", "--quiet");
        assertTrue(text.out().matches("(?s).*\\nphases: search [0-9.]+ s \\(data [0-9,]+ MiB\\), traces [0-9.]+ s .*"
                + "liveness [0-9.]+ s \\(data [0-9,]+ MiB\\), total [0-9.]+ s.*"), text.out());
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run("check", "models/rfc9293.tw", "--quiet", "--json").out());
        com.fasterxml.jackson.databind.JsonNode phases = json.get("stats").get("phases");
        assertEquals("search", phases.get(0).get("name").asText());
        assertEquals("liveness", phases.get(2).get("name").asText());
        assertTrue(phases.get(2).get("peakDataBytes").asLong() > 0);
        assertTrue(json.get("stats").get("totalSeconds").asDouble() >= json.get("stats").get("seconds").asDouble());
    }

    @Test
    void anInterruptDuringTheLivenessChecksEndsWithExitCodeThree() {
        twcheck.model.ModelKind r0 = twcheck.model.ModelKinds.byName("r0").orElseThrow();
        twcheck.model.Model model = r0.instantiate(r0.parseNotation("3/2/2/1/1/3/2/2"));
        java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
        twcheck.engine.SearchOptions.ProgressListener raiseInLiveness = new twcheck.engine.SearchOptions.ProgressListener() {
            @Override
            public void report(long distinctStates, int depth, long frontier, double seconds) {}

            @Override
            public void phase(String phase, long done, long total, double seconds) {
                cancel.set(true);
            }
        };
        twcheck.check.CheckResult result = twcheck.check.Verifier.check(model,
                java.util.List.of(model.kind().property("both-eventually-closed").orElseThrow()),
                java.util.List.of("tick", "timers", "delivery", "close"),
                twcheck.engine.SearchOptions.exhaustive().withProgress(raiseInLiveness).withCancellation(cancel::get),
                false);
        assertFalse(result.complete());
        assertEquals(twcheck.model.Verdict.UNKNOWN, result.properties().get(0).verdict());
        assertEquals(3, CheckCommand.exitCode(result));
        // the text report's last line says the check is incomplete
        StringWriter text = new StringWriter();
        twcheck.report.TextReport.print(new PrintWriter(text), twcheck.spec.ModelFiles.read(java.nio.file.Path.of(
                "models/rfc9293.tw"), java.util.List.of()), model, result);
        String[] lines = text.toString().strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("CHECK INCOMPLETE: interrupted"), text.toString());
    }

    @Test
    void aTraceFolderThatCannotBeMadeIsRejectedBeforeTheSearch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        Run run = run("check", "models/rfc9293.tw", "--trace-dir", file.toString(), "--quiet");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("twcheck: --trace-dir " + file + ": cannot make the folder"), run.err());
    }

    @Test
    void aReportThatCannotBeWrittenIsAnErrorNotASuccess() {
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"check", "models/rfc9293.tw", "--property", "passive-reaches-closed", "--quiet"},
                OutputFilesTest.fullOutput(), new PrintWriter(err, true));
        assertEquals(Main.NOT_WRITTEN, exit);
        assertTrue(err.toString().startsWith("twcheck: standard output: cannot write: "), err.toString());
    }

    @Test
    void aByteOrderMarkIsAcceptedAndAPropertyNamedTwiceIsCheckedOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path model = dir.resolve("bom.tw");
        byte[] text = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("models/rfc9293.tw"));
        byte[] withMark = new byte[text.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withMark, 3, text.length);
        java.nio.file.Files.write(model, withMark);
        Run run = run("check", model.toString(), "--property", "no-deadlock", "--property", "no-deadlock", "--json", "--quiet");
        assertEquals(1, run.exit(), run.err());
        assertEquals(1, new ObjectMapper().readTree(run.out()).get("properties").size(), run.out());
    }
}
