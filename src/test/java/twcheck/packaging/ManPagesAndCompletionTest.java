package twcheck.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import twcheck.cli.Main;

/**
 * The man pages and the completion script come from the commands themselves: the generator the
 * build runs (picocli's ManPageGenerator, as the pom's exec-maven-plugin calls it) writes a page
 * per command with its options, and {@code twcheck generate-completion} completes every command.
 */
class ManPagesAndCompletionTest {
    private static final List<String> COMMANDS = List.of("check", "trace", "replay", "sweep", "compare", "prove",
            "conform", "export", "explore", "bench");

    @Test
    void aManPagePerCommandWithItsOptions(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "picocli.codegen.docgen.manpage.ManPageGenerator",
                "--outdir=" + dir, "twcheck.cli.Main").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.readString(dir.resolve("twcheck.adoc")).contains("Explicit-state model checker"));
        for (String command : COMMANDS) {
            assertTrue(Files.isRegularFile(dir.resolve("twcheck-" + command + ".adoc")), command);
        }
        assertTrue(Files.readString(dir.resolve("twcheck-compare.adoc")).contains("--json"));
        assertTrue(Files.readString(dir.resolve("twcheck-prove.adoc")).contains("--record"));
    }

    @Test
    void generateCompletionPrintsABashScriptForEveryCommand() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"generate-completion"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, err.toString());
        String script = out.toString();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script);
        assertTrue(script.contains("complete -F _complete_twcheck"), script);
        for (String command : COMMANDS) assertTrue(script.contains(command), command);
        assertTrue(script.contains("--trace-dir") && script.contains("--max-states"), "check's options complete");
    }
}
