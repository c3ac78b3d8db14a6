package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.Properties;
import twcheck.report.BuildInfo;

/** -V, help, --debug and the exit-code lists, on every command. */
class CommandLineConventionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"check", "trace", "replay", "sweep", "compare", "prove", "bench", "explore", "graph", "simulate", "shrink"})
    void versionOnAnyCommandPrintsTheVersionAndDoesNothingElse(String command) {
        CheckCommandTest.Run run = CheckCommandTest.run(command, "-V", "models/rfc9293.tw");
        assertEquals(0, run.exit(), run.err());
        assertEquals("twcheck " + BuildInfo.current().versionText() + "\n" + BuildInfo.current().commitLine(), run.out().strip());
        assertFalse(run.out().contains("distinct states"));
    }

    @Test
    void theVersionIsThePomsAndTheCommitIsGitsOrSaidToBeUnknown() {
        BuildInfo build = BuildInfo.current();
        assertEquals(System.getProperty("twcheck.version"), build.version());
        String[] lines = CheckCommandTest.run("--version").out().strip().split("\n");
        assertEquals(List.of("twcheck " + build.version(), build.commitLine()), List.of(lines));
        if (Files.isDirectory(Path.of(".git")) || Files.isRegularFile(Path.of(".git"))) {
            assertTrue(build.commit().matches("[0-9a-f]{40}"), build.commit());
        }
        // a build outside a checkout leaves the placeholders unfilled: said, not made up
        Properties unfilled = new Properties();
        unfilled.setProperty("version", "${project.version}");
        unfilled.setProperty("commit", "${git.commit.id}");
        unfilled.setProperty("dirty", "${git.dirty}");
        BuildInfo outside = BuildInfo.of(unfilled);
        assertEquals("unknown", outside.versionText());
        assertEquals("commit unknown (not built from a git checkout)", outside.commitLine());
        Properties dirty = new Properties();
        dirty.setProperty("version", "1.2.3");
        dirty.setProperty("commit", "0123456789abcdef0123456789abcdef01234567");
        dirty.setProperty("dirty", "true");
        assertEquals("commit 0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)", BuildInfo.of(dirty).commitLine());
    }

    @Test
    void helpCommandPrintsTheNamedCommandsHelp() {
        CheckCommandTest.Run help = CheckCommandTest.run("help", "check");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: twcheck check"), help.out());
        assertEquals(CheckCommandTest.run("check", "--help").out(), help.out());
    }

    @Test
    void theTopLevelHelpListsEveryExitCodeAndEachCommandItsOwn() {
        String top = CheckCommandTest.run("--help").out();
        for (String code : List.of("0", "1", "2", "3", "70", "74", "130")) {
            assertTrue(top.matches("(?s).*\\n  " + code + " +\\S.*"), code + " missing in\n" + top);
        }
        assertTrue(CheckCommandTest.run("check", "--help").out().matches("(?s).*\\n  74 +the report or the traces could not be written.*"));
        assertTrue(CheckCommandTest.run("prove", "--help").out().contains("no claim was"));
        assertTrue(CheckCommandTest.run("trace", "--help").out().matches("(?s).*\\n  74 +the chart could not be written.*"),
                "trace writes its chart to standard output and --svg, either of which can fail");
    }

    /** The commands that report what they found on Ctrl-C (through {@link Interruption}) and exit 3. */
    @ParameterizedTest
    @ValueSource(strings = {"check", "sweep", "compare", "prove", "conform", "simulate", "shrink", "graph"})
    void aCommandThatReportsOnAnInterruptSaysExit3AndNot130(String command) {
        picocli.CommandLine.Model.CommandSpec sub = new picocli.CommandLine(new Main()).getSubcommands().get(command)
                .getCommandSpec();
        java.util.Map<String, String> codes = sub.usageMessage().exitCodeList();
        assertTrue(codes.containsKey("3") && codes.get("3").contains("interrupt"), command + ": " + codes);
        assertFalse(codes.containsKey("130"), command + " reports and exits 3 on Ctrl-C, not 130: " + codes);
        // picocli keeps the last of two entries with one code, silently
        String[] listed = sub.userObject().getClass().getAnnotation(picocli.CommandLine.Command.class).exitCodeList();
        assertEquals(listed.length, codes.size(), command + " lists an exit code twice");
    }

    @Test
    void theReadmeListsEveryExitCode() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("### Exit codes"), readme.indexOf("## Speed, memory and threads"));
        for (String code : List.of("0", "1", "2", "3", "70", "74", "130")) {
            assertTrue(section.contains("\n| " + code + " | "), code);
        }
    }

    /** The hidden benchmark child with 0 threads: an exception no command turns into a message. */
    private static final String[] INTERNAL_ERROR = {"bench-row", "r0", "3/2/2/1/1/3/2/2", "0", "exact"};

    @Test
    void anInternalErrorIsOneLineThatSaysHowToGetTheStackTrace() {
        CheckCommandTest.Run run = CheckCommandTest.run(INTERNAL_ERROR);
        assertEquals(70, run.exit());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("twcheck: internal error: java.lang.IllegalArgumentException"), run.err());
        assertTrue(run.err().contains("run again with --debug for the stack trace"), run.err());
    }

    @Test
    void debugPrintsTheStackTraceWhereverItIsWritten() {
        for (int at = 0; at <= INTERNAL_ERROR.length; at++) {
            List<String> args = new java.util.ArrayList<>(List.of(INTERNAL_ERROR));
            args.add(at, "--debug");
            if (at == 0) continue; // "--debug bench-row ..." is the top command's: tried below
            CheckCommandTest.Run run = CheckCommandTest.run(args.toArray(String[]::new));
            assertEquals(70, run.exit(), args + ": " + run.err());
            assertTrue(run.err().contains("\tat twcheck.engine.SearchOptions"), args + ": " + run.err());
        }
        String[] top = new String[INTERNAL_ERROR.length + 1];
        top[0] = "--debug";
        System.arraycopy(INTERNAL_ERROR, 0, top, 1, INTERNAL_ERROR.length);
        assertTrue(CheckCommandTest.run(top).err().contains("\tat "), "twcheck --debug COMMAND");
        assertFalse(Main.debugWanted(new String[] {"check", "--", "--debug"}), "after -- it is an argument");
    }

    @Test
    void anInternalErrorWithDebugAlsoPrintsItsCause() {
        StringWriter err = new StringWriter();
        int exit = Main.internalError(new PrintWriter(err, true), new IllegalStateException("outer",
                new ArithmeticException("inner")), true);
        assertEquals(70, exit);
        assertTrue(err.toString().contains("Caused by: java.lang.ArithmeticException: inner"), err.toString());
    }
}
