package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import twcheck.check.Simulation;
import twcheck.engine.Trace;
import twcheck.model.Model;
import twcheck.spec.ModelFiles;

/** simulate: reproducible walks, real violations, and never a "holds". */
class SimulateCommandTest {
    static final String[] NO_TIME_WAIT = {"simulate", "models/no-time-wait.tw", "--walks", "2000", "--quiet"};

    static CheckCommandTest.Run run(String[] base, String... more) {
        return CheckCommandTest.run(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
    }

    static JsonNode json(CheckCommandTest.Run run) throws IOException {
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void findsTheKnownViolationsOfNoTimeWait() throws IOException {
        CheckCommandTest.Run run = run(NO_TIME_WAIT, "--json", "--threads", "2");
        assertEquals(1, run.exit(), run.err());
        JsonNode result = json(run);
        assertTrue(result.get("complete").asBoolean());
        assertEquals(2000, result.get("stats").get("walksDone").asLong());
        for (JsonNode p : result.get("properties")) {
            String name = p.get("name").asText();
            if (List.of("no-stale-accept", "passive-close-clean", "no-deadlock").contains(name)) {
                assertEquals("violated", p.get("result").asText(), name);
                int shrunk = p.get("shrunkLength").asInt();
                assertTrue(shrunk <= p.get("length").asInt(), name);
                assertTrue(shrunk >= p.get("shortestLength").asInt(), name + ": no run is shorter than the shortest");
            } else {
                assertEquals("not-checked", p.get("result").asText(), name + " is liveness");
            }
        }
    }

    /** The output without its timing. */
    static JsonNode untimed(CheckCommandTest.Run run) throws IOException {
        JsonNode j = json(run);
        ((ObjectNode) j.get("stats")).remove("seconds");
        return j;
    }

    @Test
    void theSameSeedGivesTheSameWalksWithOneAndTwoThreads() throws IOException {
        JsonNode one = untimed(run(NO_TIME_WAIT, "--json", "--threads", "1", "--seed", "1", "--bfs-states", "0"));
        JsonNode two = untimed(run(NO_TIME_WAIT, "--json", "--threads", "2", "--seed", "1", "--bfs-states", "0"));
        assertEquals(one, two);
        ((ObjectNode) one.get("simulation")).put("seed", 2);
        JsonNode other = untimed(run(NO_TIME_WAIT, "--json", "--threads", "2", "--seed", "2", "--bfs-states", "0"));
        assertFalse(one.equals(other), "another seed, other walks");

        Model model = ModelFiles.read(Path.of("models/no-time-wait.tw"), List.of()).instantiate();
        Simulation.Options options = new Simulation.Options(10, 50, 7, 1, Simulation.Bias.UNIFORM, () -> false, null);
        Trace walk = Simulation.walk(model, options, 3, 50);
        Simulation.Options twoThreads = new Simulation.Options(10, 50, 7, 2, Simulation.Bias.UNIFORM, () -> false, null);
        assertEquals(walk.steps().stream().map(Trace.Step::action).toList(),
                Simulation.walk(model, twoThreads, 3, 50).steps().stream().map(Trace.Step::action).toList());
    }

    @Test
    void everyWrittenTraceReplaysShrunkOrNot(@TempDir Path dir) throws IOException {
        for (String shrink : List.of("--shrink", "--no-shrink")) {
            Path out = dir.resolve(shrink);
            CheckCommandTest.Run run = run(NO_TIME_WAIT, shrink, "--trace-dir", out.toString(), "--bias", "untimed");
            assertEquals(1, run.exit(), run.err());
            List<Path> traces;
            try (Stream<Path> files = Files.list(out)) {
                traces = files.filter(f -> f.toString().endsWith(".itf.json")).sorted().toList();
            }
            assertFalse(traces.isEmpty());
            for (Path t : traces) {
                CheckCommandTest.Run replay = CheckCommandTest.run("replay", t.toString());
                assertEquals(0, replay.exit(), t + ": " + replay.out() + replay.err());
                assertTrue(replay.out().contains("the trace shows its claim: counterexample of"), replay.out());
            }
        }
    }

    /** Linux's timers with one-second ticks: far beyond what an exhaustive search can explore. */
    @Test
    void simulatesAtRealTimerValuesAndItsRunsReplay(@TempDir Path dir) throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("simulate", "models/rfc9293.tw", "--set", "msl=30", "--set",
                "timeWait=60", "--set", "rto=1", "--walks", "1000", "--max-steps", "2000", "--quiet", "--bfs-states", "0",
                "--trace-dir", dir.toString(), "--json");
        assertEquals(1, run.exit(), run.err());
        JsonNode result = json(run);
        assertEquals(30, result.get("parameters").get("msl").asInt());
        List<Path> traces;
        try (Stream<Path> files = Files.list(dir)) {
            traces = files.filter(f -> f.toString().endsWith(".itf.json")).toList();
        }
        assertTrue(traces.size() >= 2, traces.toString());
        for (Path t : traces) {
            CheckCommandTest.Run replay = CheckCommandTest.run("replay", t.toString());
            assertEquals(0, replay.exit(), replay.out() + replay.err());
        }
        CheckCommandTest.Run keepalive = CheckCommandTest.run("simulate", "models/keepalive-crash.tw", "--set",
                "keepaliveTime=7200", "--set", "keepaliveInterval=75", "--set", "keepaliveProbes=9", "--set", "tickSeconds=1",
                "--walks", "20", "--max-steps", "10000", "--quiet");
        assertEquals(0, keepalive.exit(), keepalive.err());
        assertTrue(keepalive.out().contains("keepalive-no-false-alarm      not violated in 20 walks"), keepalive.out());
    }

    @Test
    void whereAPropertyHoldsSimulateNeverSaysSo() throws IOException {
        // fifo-network: check finds that no-stale-accept and no-deadlock hold
        String[] fifo = {"simulate", "models/fifo-network.tw", "--walks", "300", "--quiet"};
        CheckCommandTest.Run text = run(fifo);
        assertTrue(text.out().matches("(?s).*no-stale-accept +not violated in 300 walks.*"), text.out());
        assertFalse(text.out().toLowerCase().contains("holds"), text.out());
        CheckCommandTest.Run jsonRun = run(fifo, "--json");
        assertFalse(jsonRun.out().toLowerCase().contains("hold"), jsonRun.out());
        for (JsonNode p : json(jsonRun).get("properties")) {
            if (p.get("name").asText().equals("no-stale-accept")) assertEquals("not-violated", p.get("result").asText());
        }
    }

    @Test
    void anInterruptedSimulationReportsWhatItFoundAndExits3() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // a flag raised from the start: no walk is finished, nothing is claimed about the rest
        SimulateCommand command = new SimulateCommand();
        picocli.CommandLine cli = new picocli.CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs("models/no-time-wait.tw", "--walks", "100", "--quiet");
        command.spec = cli.getCommandSpec();
        Interruption interruption = new Interruption();
        interruption.raise();
        int exit = command.runWith(interruption);
        assertEquals(3, exit, err.toString());
        assertTrue(out.toString().contains("interrupted after 0 of 100 walks"), out.toString());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        for (String[] bad : List.of(new String[] {"--bias", "ticks"}, new String[] {"--walks", "0"},
                new String[] {"--max-steps", "0"}, new String[] {"--progress", "xml"})) {
            CheckCommandTest.Run run = run(new String[] {"simulate", "models/no-time-wait.tw"}, bad);
            assertEquals(2, run.exit(), String.join(" ", bad) + ": " + run.err());
            assertNotNull(run.err());
            assertEquals(1, run.err().lines().filter(l -> l.startsWith("twcheck:")).count(), run.err());
        }
    }
}
