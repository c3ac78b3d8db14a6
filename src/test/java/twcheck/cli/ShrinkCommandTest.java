package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** shrink: the result replays, violates the same property, and is never longer than its input. */
class ShrinkCommandTest {
    private static final Pattern SUMMARY = Pattern.compile("shrunk from (\\d+) to (\\d+) steps.*the shortest \\(breadth-first\\) is (\\d+) steps");

    static List<Path> traces(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".itf.json")).sorted().toList();
        }
    }

    static JsonNode meta(Path trace) throws IOException {
        return new ObjectMapper().readTree(trace.toFile()).get("#meta");
    }

    /**
     * Simulated runs of bundled models, shrunk: every result replays and claims what its input
     * claimed, no longer. How far each is from the breadth-first length is printed (and recorded
     * in BENCHMARKS.md): deleting steps cannot reorder them, so a run that needs another order
     * to be shortest stays longer.
     */
    @Test
    void shrunkSimulatedRunsReplayViolateTheSamePropertyAndAreNoLonger(@TempDir Path dir) throws IOException {
        List<String> table = new ArrayList<>();
        for (String model : List.of("rfc9293", "no-time-wait", "fifo-network", "a-closes-first")) {
            Path walks = dir.resolve(model);
            CheckCommandTest.Run sim = CheckCommandTest.run("simulate", "models/" + model + ".tw", "--walks", "1000",
                    "--no-shrink", "--quiet", "--trace-dir", walks.toString(), "--bias", "untimed");
            assertEquals(1, sim.exit(), sim.err());
            // a violation was found, so there are traces to shrink: an empty list would make the loop vacuous
            assertFalse(traces(walks).isEmpty(), model + ": simulate wrote no trace to shrink");
            for (Path input : traces(walks)) {
                Path output = dir.resolve(model + "-" + input.getFileName());
                CheckCommandTest.Run shrink = CheckCommandTest.run("shrink", input.toString(), "-o", output.toString());
                assertEquals(0, shrink.exit(), shrink.err());
                CheckCommandTest.Run replay = CheckCommandTest.run("replay", output.toString());
                assertEquals(0, replay.exit(), replay.out() + replay.err());
                assertEquals(meta(input).get("property"), meta(output).get("property"));
                assertEquals(meta(input).get("kind"), meta(output).get("kind"));
                int before = meta(input).get("length").asInt();
                int after = meta(output).get("length").asInt();
                assertTrue(after <= before, input + ": " + after + " > " + before);
                Matcher m = SUMMARY.matcher(shrink.out());
                assertTrue(m.find(), shrink.out());
                assertEquals(before, Integer.parseInt(m.group(1)));
                assertEquals(after, Integer.parseInt(m.group(2)));
                int shortest = Integer.parseInt(m.group(3));
                assertTrue(after >= shortest, "no run is shorter than the breadth-first one");
                table.add(String.format("%-16s %-22s walk %3d  shrunk %3d  shortest %3d  (+%d)", model,
                        meta(input).get("property").asText(), before, after, shortest, after - shortest));
            }
        }
        System.out.println("shrink on simulated runs (model, property, walk length, shrunk, breadth-first):");
        table.forEach(System.out::println);
    }

    @Test
    void theShortestRunStaysAsLongAsItIs(@TempDir Path dir) throws IOException {
        CheckCommandTest.Run check = CheckCommandTest.run("check", "models/no-time-wait.tw", "--quiet", "--trace-dir",
                dir.toString(), "--property", "no-stale-accept", "--property", "no-deadlock");
        assertEquals(1, check.exit(), check.err());
        for (String name : List.of("no-stale-accept", "no-deadlock", "witness-old-segment-arrives")) {
            Path trace = dir.resolve(name + ".itf.json");
            CheckCommandTest.Run shrink = CheckCommandTest.run("shrink", trace.toString(), "--bfs-states", "0");
            assertEquals(0, shrink.exit(), shrink.err());
            int length = meta(trace).get("length").asInt();
            assertTrue(shrink.out().contains("shrunk from " + length + " to " + length + " steps"), shrink.out());
        }
    }

    @Test
    void refusesTracesOfLivenessAndFilesThatAreNotTraces(@TempDir Path dir) throws IOException {
        CheckCommandTest.Run check = CheckCommandTest.run("check", "models/no-time-wait.tw", "--quiet", "--trace-dir",
                dir.toString(), "--property", "active-reaches-closed");
        assertEquals(1, check.exit(), check.err());
        CheckCommandTest.Run live = CheckCommandTest.run("shrink", dir.resolve("active-reaches-closed.itf.json").toString());
        assertEquals(2, live.exit());
        assertTrue(live.err().contains("shrink takes a counterexample of a safety property"), live.err());
        Path junk = dir.resolve("junk.trace.json");
        Files.writeString(junk, "{");
        assertEquals(2, CheckCommandTest.run("shrink", junk.toString()).exit());
    }
}
