package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files are written only where asked, whole or not at all, and a failed write is one line and exit 74. */
class OutputFilesTest {

    /** A copy of a bundled model with its {@code name} line replaced. */
    static Path modelNamed(Path dir, String file, String bundled, String name) throws IOException {
        Path model = dir.resolve(file);
        String text = Files.readString(Path.of("models", bundled + ".tw"));
        Files.writeString(model, text.replaceFirst("(?m)^name = .*$", java.util.regex.Matcher.quoteReplacement(
                "name = " + name)));
        return model;
    }

    static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../pwned", "a/b", "a\\b", "..", ".hidden", "a..b", "tab\there", "bell\u0007ring"})
    void aModelNameThatCouldLeaveItsFolderIsRejectedAtItsLine(String name, @TempDir Path dir) throws IOException {
        Path model = modelNamed(dir, "m.tw", "no-time-wait", name);
        Path out = dir.resolve("deep/sub/report.html");
        CheckCommandTest.Run run = CheckCommandTest.run("compare", model.toString(), "--out", out.toString(), "--quiet");
        assertEquals(2, run.exit(), run.err());
        // a control character is refused by the reader before the name rule is applied
        assertTrue(run.err().startsWith("twcheck: " + model + ":5: name must be")
                || run.err().startsWith("twcheck: " + model + ":5: not a model file: control character"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().chars().anyMatch(c -> c < 0x20 && c != '\n'), "no control character reaches the terminal");
        assertEquals(List.of(model), filesUnder(dir), "nothing written, inside the folder or out of it");
    }

    @Test
    void namesThatStayInTheirFolderAreAccepted(@TempDir Path dir) throws IOException {
        for (String name : List.of("rfc9293", "tw-reuse_2", "v1.2+fix")) {
            Path model = modelNamed(dir, "m.tw", "no-time-wait", name);
            CheckCommandTest.Run run = CheckCommandTest.run("check", model.toString(), "--property", "no-deadlock", "--quiet");
            assertEquals(1, run.exit(), name + ": " + run.err());
        }
    }

    @Test
    void chartFileNamesAreSafeAndUniquePerRow() {
        Set<String> used = new HashSet<>();
        assertEquals("rfc9293", CompareCommand.chartStem("rfc9293", used));
        assertEquals("rfc9293-2", CompareCommand.chartStem("rfc9293", used));
        assertEquals("RFC9293-3", CompareCommand.chartStem("RFC9293", used), "names differing in case only collide on some disks");
        assertEquals("_.._.._pwned", CompareCommand.chartStem("../../pwned", used));
        assertEquals("my_model__1", CompareCommand.chartStem("my model #1", used));
    }

    /** The chart a compare HTML links for row {@code row} (0-based) and property {@code property}. */
    private static Path linkedChart(Path html, int row, String property) throws IOException {
        List<String> links = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"([^\"]+\\." + Pattern.quote(property) + "\\.svg)\"").matcher(Files.readString(html));
        while (m.find()) links.add(m.group(1));
        return html.resolveSibling(links.get(row));
    }

    @Test
    void twoModelsWithOneNameGetChartsOfTheirOwn(@TempDir Path dir) throws IOException {
        // no-time-wait's rules under rfc9293's name: the two rows' counterexamples differ (14 and 18 steps)
        Path impostor = modelNamed(dir, "impostor.tw", "no-time-wait", "rfc9293");
        Path html = dir.resolve("report.html");
        CheckCommandTest.Run run = CheckCommandTest.run("compare", "models/rfc9293.tw", impostor.toString(),
                "--out", html.toString(), "--quiet");
        assertEquals(1, run.exit(), run.err());
        Path first = linkedChart(html, 0, "no-stale-accept");
        Path second = linkedChart(html, 1, "no-stale-accept");
        assertNotEquals(first, second);
        // each is exactly the chart check draws for its own model
        for (Object[] row : new Object[][] {{"models/rfc9293.tw", first}, {impostor.toString(), second}}) {
            Path traces = dir.resolve("traces-" + ((Path) row[1]).getFileName());
            CheckCommandTest.Run check = CheckCommandTest.run("check", (String) row[0], "--property", "no-stale-accept",
                    "--trace-dir", traces.toString(), "--quiet");
            assertEquals(1, check.exit(), check.err());
            assertEquals(Files.readString(traces.resolve("no-stale-accept.svg")), Files.readString((Path) row[1]), row[0] + "");
        }
        for (Path f : filesUnder(dir)) assertTrue(f.startsWith(dir), f.toString());
    }

    @Test
    void aFileNameFromAnOddModelFileNameStaysInTheChartsFolderAndItsLinkWorks(@TempDir Path dir) throws IOException {
        // a model without a name line is named after its file, which may hold any character a file name can
        Path model = dir.resolve("odd name #1%.tw");
        Files.writeString(model, Files.readString(Path.of("models/no-time-wait.tw")).replaceFirst("(?m)^name = .*$", ""));
        Path html = dir.resolve("out/report.html");
        CheckCommandTest.Run run = CheckCommandTest.run("compare", model.toString(), "--out", html.toString(), "--quiet");
        assertEquals(1, run.exit(), run.err());
        Matcher links = Pattern.compile("href=\"([^\"]+)\"").matcher(Files.readString(html));
        int count = 0;
        while (links.find()) {
            Path chart = html.resolveSibling(java.net.URLDecoder.decode(links.group(1).replace("+", "%2B"),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(chart.startsWith(dir.resolve("out/report-charts")), chart.toString());
            assertTrue(Files.exists(chart), chart.toString());
            count++;
        }
        assertEquals(5, count, "every violation of no-time-wait links to its chart");
    }

    @Test
    void anOutUnderARegularFileFailsInOneLineBeforeTheRun(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "mine");
        for (String out : List.of("a-file/report.html", "a-file/deeper/report.csv")) {
            CheckCommandTest.Run run = CheckCommandTest.run("compare", "models/rfc9293.tw", "--out",
                    dir.resolve(out).toString(), "--quiet");
            assertEquals(2, run.exit(), run.err());
            assertEquals("", run.out(), "rejected before any model is checked");
            assertTrue(run.err().startsWith("twcheck: --out " + dir.resolve(out) + ": cannot make the folder"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aChartsFolderBlockedByAFileFailsBeforeTheRun(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("report-charts"), "mine");
        CheckCommandTest.Run run = CheckCommandTest.run("compare", "models/rfc9293.tw", "--out",
                dir.resolve("report.html").toString(), "--quiet");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("cannot make the charts folder"), run.err());
        assertFalse(Files.exists(dir.resolve("report.html")));
    }

    @Test
    void anSvgThatCannotBeWrittenIsExit74InOneLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a-file"), "mine");
        CheckCommandTest.Run check = CheckCommandTest.run("check", "models/no-time-wait.tw", "--property", "no-deadlock",
                "--trace-dir", dir.resolve("t").toString(), "--quiet");
        assertEquals(1, check.exit(), check.err());
        Path svg = dir.resolve("a-file/chart.svg");
        CheckCommandTest.Run run = CheckCommandTest.run("trace", dir.resolve("t/no-deadlock.itf.json").toString(),
                "--svg", svg.toString());
        assertEquals(Main.NOT_WRITTEN, run.exit(), run.err());
        assertTrue(run.err().startsWith("twcheck: " + svg + ": cannot write: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    /** A standard output that takes nothing: a full disk, or a closed pipe. */
    static PrintWriter fullOutput() {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {}
        });
    }

    @Test
    void aReportLostOnStandardOutputIsExit74ForEveryCommand() {
        List<String[]> commands = List.of(
                new String[] {"check", "models/rfc9293.tw", "--property", "no-deadlock", "--quiet"},
                new String[] {"compare", "models/rfc9293.tw", "--property", "no-deadlock", "--quiet"},
                new String[] {"sweep", "models/rfc9293.tw", "--param", "timeWait=2..3", "--property", "no-deadlock", "--quiet"},
                new String[] {"trace", "proofs/keepalive-crash-bound.itf.json"});
        for (String[] args : commands) {
            StringWriter err = new StringWriter();
            int exit = Main.run(args, fullOutput(), new PrintWriter(err, true));
            assertEquals(Main.NOT_WRITTEN, exit, args[0] + ": " + err);
            assertEquals("twcheck: standard output: cannot write: the output is full or closed; what it shows is cut short",
                    err.toString().strip(), args[0]);
        }
    }

    @Test
    void aWriteReplacesTheFileWholeOrLeavesItAsItWas(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.md");
        Files.writeString(file, "old");
        Object before = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        OutputFiles.write(file, "new");
        assertEquals("new", Files.readString(file));
        // a new file renamed over the old one, not the old one rewritten in place (which a reader could see half done)
        assertNotEquals(before, Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        // a new file gets the permissions any new file gets there, not those of a private temporary file
        Path plain = Files.createFile(dir.resolve("plain"));
        OutputFiles.write(dir.resolve("fresh.md"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dir.resolve("fresh.md")));
        Files.delete(plain);
        Files.delete(dir.resolve("fresh.md"));
        // a folder in the way: the rename fails, and no temporary file is left behind
        Path blocked = Files.createDirectories(dir.resolve("blocked.md/inside"));
        OutputFiles.NotWrittenException e = assertThrows(OutputFiles.NotWrittenException.class,
                () -> OutputFiles.write(dir.resolve("blocked.md"), "text"));
        assertTrue(e.getMessage().startsWith(dir.resolve("blocked.md") + ": cannot write: "), e.getMessage());
        assertTrue(Files.isDirectory(blocked));
        assertEquals(List.of(dir.resolve("report.md")), filesUnder(dir), "no temporary file left");
    }

    @Test
    void tracesOfAnEarlierRunAreRemovedButTheUsersFilesAreKept(@TempDir Path dir) throws IOException {
        Path traces = dir.resolve("out");
        CheckCommandTest.Run first = CheckCommandTest.run("check", "models/rfc9293.tw", "--trace-dir", traces.toString(),
                "--quiet");
        assertEquals(1, first.exit(), first.err());
        assertTrue(Files.exists(traces.resolve("no-stale-accept.itf.json")));
        // what the user put there: notes, a trace saved under a name of their own, a chart they edited, and a
        // file that only has a trace's name
        Files.writeString(traces.resolve("notes.txt"), "mine");
        Files.copy(traces.resolve("no-stale-accept.itf.json"), traces.resolve("keep-this.itf.json"));
        Files.writeString(traces.resolve("passive-close-clean.svg"), "<!-- annotated -->", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(traces.resolve("active-reaches-closed.itf.json"), "{\"not\": \"a trace\"}");
        // the same trace laid out otherwise, as another tool (or an older twcheck) writes it
        Path relaid = traces.resolve("both-eventually-closed.itf.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Files.writeString(relaid, json.writeValueAsString(json.readTree(relaid.toFile())));

        // only no-deadlock is checked now: the other counterexamples are an earlier run's
        CheckCommandTest.Run second = CheckCommandTest.run("check", "models/rfc9293.tw", "--property", "no-deadlock",
                "--trace-dir", traces.toString(), "--quiet");
        assertEquals(1, second.exit(), second.err());
        Set<String> left = new HashSet<>();
        for (Path f : filesUnder(traces)) left.add(f.getFileName().toString());
        for (String stem : List.of("no-stale-accept")) {
            for (String ending : List.of(".itf.json", ".txt", ".svg")) assertFalse(left.contains(stem + ending), stem + ending);
        }
        assertFalse(left.contains("passive-close-clean.itf.json"));
        // a trace not as twcheck lays it out, and the charts beside it or beside a file that is not a trace,
        // cannot be shown to be twcheck's: kept, and named
        for (String mine : List.of("notes.txt", "keep-this.itf.json", "passive-close-clean.svg",
                "active-reaches-closed.itf.json", "active-reaches-closed.txt", "active-reaches-closed.svg",
                "both-eventually-closed.itf.json", "both-eventually-closed.txt", "both-eventually-closed.svg")) {
            assertTrue(left.contains(mine), mine);
        }
        assertTrue(left.contains("no-deadlock.itf.json") && left.contains("witness-last-ack-acked.svg"), left.toString());
        assertEquals("mine", Files.readString(traces.resolve("notes.txt")));
        // no-stale-accept, and passive-close-clean less its edited chart
        assertTrue(second.err().contains("removed 2 stale traces of an earlier run (5 files) from " + traces), second.err());
        assertTrue(second.err().contains("warning: kept active-reaches-closed.itf.json, active-reaches-closed.svg,"
                + " active-reaches-closed.txt, both-eventually-closed.itf.json, both-eventually-closed.svg,"
                + " both-eventually-closed.txt, passive-close-clean.svg in " + traces), second.err());
        assertFalse(second.err().contains("notes.txt") || second.err().contains("keep-this"), second.err());
    }
}
