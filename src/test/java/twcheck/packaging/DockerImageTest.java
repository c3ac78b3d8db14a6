package twcheck.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile builds an image that runs twcheck: its version, and the README's first check
 * (exit 1, violations found) on the model bundled in the image. Only where docker exists and
 * works ({@code docker info} succeeds); elsewhere skipped.
 */
class DockerImageTest {
    private static final String IMAGE = "twcheck-test:" + System.getProperty("twcheck.version", "unknown");

    record Run(int exit, String out) {}

    private static Run run(long minutes, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Run(-1, out + "\n(timed out)");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }

    @BeforeAll
    static void dockerWorks() {
        Assumptions.assumeTrue(run(1, "docker", "info").exit() == 0, "docker is missing or does not work here (docker info failed): skipped");
    }

    @Test
    void theImageRunsTwcheck() {
        Run build = run(30, "docker", "build", "-q", "-t", IMAGE, ".");
        assertEquals(0, build.exit(), build.out());
        try {
            Run version = run(2, "docker", "run", "--rm", IMAGE, "--version");
            assertEquals(0, version.exit(), version.out());
            List<String> lines = version.out().lines().toList();
            assertEquals("twcheck " + System.getProperty("twcheck.version"), lines.get(0));
            assertEquals("commit unknown (not built from a git checkout)", lines.get(1));
            Run check = run(5, "docker", "run", "--rm", "-w", "/opt/twcheck", IMAGE, "check", "models/rfc9293.tw", "--quiet");
            assertEquals(1, check.exit(), check.out());
            assertTrue(check.out().contains("VIOLATED"), check.out());
        } finally {
            run(2, "docker", "rmi", "-f", IMAGE);
        }
    }
}
