package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quint's own ITF reader accepts the traces twcheck writes (and, so that the test can fail,
 * rejects an ITF value it has no form for). It runs where Quint is installed from npm under
 * {@code $TWCHECK_QUINT} or {@code target/quint} (as .ci/run does: {@code npm install --prefix
 * target/quint @informalsystems/quint}) and node is on the path; elsewhere it is skipped.
 */
class QuintReadsTracesTest {
    static Path quint;

    @BeforeAll
    static void findQuint() {
        String given = System.getenv("TWCHECK_QUINT");
        quint = Path.of(given != null && !given.isBlank() ? given : "target/quint");
        Assumptions.assumeTrue(Files.isRegularFile(quint.resolve("node_modules/@informalsystems/quint/dist/src/itf.js"))
                && works("node", "--version"), "Quint is not installed under " + quint + " (or node is missing): skipped");
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    record Read(int exit, String out) {}

    private static Read read(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "src/test/quint/read-itf.js", quint.toString()));
        files.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Read(p.exitValue(), out);
    }

    @Test
    void quintReadsTheRecordedAndFreshlyWrittenTraces(@TempDir Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(Path.of("proofs"))) {
            list.filter(f -> f.toString().endsWith(".itf.json")).sorted().forEach(files::add);
        }
        CheckCommandTest.Run check = CheckCommandTest.run("check", "models/last-ack-forever.tw", "--quiet",
                "--trace-dir", dir.toString());
        assertEquals(1, check.exit(), check.err());
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(f -> f.toString().endsWith(".itf.json")).sorted().forEach(files::add);
        }
        Read read = read(files);
        assertEquals(0, read.exit(), read.out());
        assertEquals(files.size(), read.out().lines().filter(l -> l.endsWith("states read by Quint")).count(), read.out());
    }

    @Test
    void quintRejectsAValueItfHasNoFormFor(@TempDir Path dir) throws Exception {
        Path fraction = Files.writeString(dir.resolve("fraction.itf.json"), "{\"vars\": [\"x\"], \"states\": [{\"x\": 1.5}]}");
        assertNotEquals(0, read(List.of(fraction)).exit());
    }
}
