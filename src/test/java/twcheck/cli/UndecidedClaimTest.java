package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A claim whose search runs out of memory is undecided (exit 3), not changed (exit 1): the
 * recorded verdict may still be right. Run in its own JVM with a heap too small for the search.
 */
class UndecidedClaimTest {

    private static CheckCommandTest.Run prove(Path dir, String... extra) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx52m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "prove", dir.resolve("proofs").toString()));
        command.addAll(List.of(extra));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "prove did not end");
        return new CheckCommandTest.Run(p.exitValue(), out, Files.readString(err));
    }

    @Test
    void aClaimCutShortByMemoryIsUnknownNotChanged(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("proofs"));
        Files.createDirectories(dir.resolve("models"));
        Files.copy(Path.of("models/rfc9293.tw"), dir.resolve("models/rfc9293.tw"));
        Files.copy(Path.of("proofs/time-wait-threshold-msl1.claim"), dir.resolve("proofs/time-wait-threshold-msl1.claim"));

        CheckCommandTest.Run lines = prove(dir);
        assertEquals(Main.INCOMPLETE, lines.exit(), lines.out() + lines.err());
        assertTrue(lines.out().startsWith("UNKNOWN  time-wait-threshold-msl1: not decided: memory limit reached"), lines.out());
        assertFalse(lines.out().contains("CHANGED"), lines.out());
        assertTrue(lines.out().contains("1 of 1 claims not decided: time-wait-threshold-msl1"), lines.out());

        CheckCommandTest.Run json = prove(dir, "--json");
        assertEquals(Main.INCOMPLETE, json.exit(), json.err());
        JsonNode root = JsonSchemasTest.assertValid("prove", json.out());
        assertFalse(root.get("complete").asBoolean());
        assertEquals("[\"time-wait-threshold-msl1\"]", root.get("undecided").toString());
        assertEquals("[]", root.get("changed").toString());
        assertEquals("unknown", root.get("results").get(0).get("outcome").asText());
    }
}
