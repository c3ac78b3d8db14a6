package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explore command: its start (the address on the first line), its one-line errors, and its end. */
class ExploreCommandTest {

    @Test
    void anUnknownModelOrABadSetFailsAtStartInOneLine() {
        CheckCommandTest.Run missing = CheckCommandTest.run("explore", "models/nope.tw", "--port", "0");
        assertEquals(2, missing.exit());
        assertEquals("twcheck: models/nope.tw: no such model file\n", missing.err());
        CheckCommandTest.Run badSet = CheckCommandTest.run("explore", "models/no-time-wait.tw", "--set", "timeWait=99");
        assertEquals(2, badSet.exit());
        assertEquals(1, badSet.err().lines().count(), badSet.err());
        assertTrue(badSet.err().startsWith("twcheck: --set timeWait=99: timeWait = 99 is out of range"), badSet.err());
        CheckCommandTest.Run port = CheckCommandTest.run("explore", "models/no-time-wait.tw", "--port", "70000");
        assertEquals(2, port.exit());
        assertEquals("twcheck: --port must be in 0..65535, got 70000\n", port.err());
    }

    @Test
    void aPortInUseOrATraceThatDoesNotReplayIsBadInput(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CheckCommandTest.Run run = CheckCommandTest.run("explore", "models/no-time-wait.tw", "--port",
                    String.valueOf(taken.getLocalPort()));
            assertEquals(2, run.exit());
            assertTrue(run.err().startsWith("twcheck: --port " + taken.getLocalPort() + ": cannot listen on 127.0.0.1: "), run.err());
        }
        Path traces = traces(dir);
        Path trace = traces.resolve("passive-close-clean.itf.json");
        Path tampered = Files.writeString(dir.resolve("t.itf.json"),
                Files.readString(trace).replace("\"state\" : \"LISTEN\"", "\"state\" : \"CLOSED\""));
        CheckCommandTest.Run run = CheckCommandTest.run("explore", "models/no-time-wait.tw", "--trace", tampered.toString());
        assertEquals(2, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("twcheck: " + tampered + ": the trace does not replay: "), run.err());
        CheckCommandTest.Run other = CheckCommandTest.run("explore", "models/rfc9293.tw", "--trace", trace.toString());
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("the trace is of another model"), other.err());
    }

    private static Path traces(Path dir) {
        Path traces = dir.resolve("traces");
        CheckCommandTest.Run check = CheckCommandTest.run("check", "models/no-time-wait.tw", "--quiet", "--property",
                "passive-close-clean", "--trace-dir", traces.toString());
        assertEquals(1, check.exit(), check.err());
        return traces;
    }

    /**
     * As a user runs it: a JVM of its own, the address as the first line of standard output, the
     * trace of --trace as the path the page opens with, and a clean stop on a signal (SIGTERM
     * here, which ends the JVM as Ctrl-C's SIGINT does).
     */
    @Test
    void theFirstLineIsTheAddressAndASignalStopsTheServerCleanly(@TempDir Path dir) throws Exception {
        Path trace = traces(dir).resolve("passive-close-clean.itf.json");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "explore", "models/no-time-wait.tw", "--port", "0", "--trace", trace.toString())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.matches("http://127\\.0\\.0\\.1:\\d+/"), first + " " + Files.readString(dir.resolve("err.txt")));
            HttpResponse<String> model = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(first).resolve("/api/model")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, model.statusCode());
            JsonNode start = new ObjectMapper().readTree(model.body()).get("startPath");
            assertEquals(7, start.size(), model.body());
            assertEquals("Close(A)", start.get(0).asText());
        } finally {
            server.destroy();
        }
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server did not stop");
        assertEquals(0, server.exitValue(), Files.readString(dir.resolve("err.txt")));
        List<String> err = Files.readAllLines(dir.resolve("err.txt"));
        assertEquals("explore: server stopped", err.get(err.size() - 1), err.toString());
    }
}
