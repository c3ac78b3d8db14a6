package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keepalive as the checker sees it, with small parameters so that expectations follow from the
 * Linux timeline: probes at idle time T, T + I, ..., T + (N-1) I, and the peer declared dead at
 * T + N I after the last segment received.
 */
class KeepaliveCommandsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode check(String model, String... extra) throws IOException {
        String[] args = new String[6 + extra.length];
        args[0] = "check";
        args[1] = model;
        System.arraycopy(extra, 0, args, 2, extra.length);
        args[2 + extra.length] = "--json";
        args[3 + extra.length] = "--quiet";
        args[4 + extra.length] = "--set";
        args[5 + extra.length] = "tickSeconds=0";
        return mapper.readTree(CheckCommandTest.run(args).out());
    }

    private static JsonNode property(JsonNode result, String name) {
        for (JsonNode p : result.get("properties")) {
            if (p.get("name").asText().equals(name)) return p;
        }
        throw new AssertionError(name);
    }

    @ParameterizedTest(name = "T={0} I={1} N={2}")
    @CsvSource({"5, 1, 3", "6, 2, 2", "4, 3, 1"})
    void aCrashedPeerIsDetectedAtWorstAfterTimePlusProbesTimesInterval(int time, int interval, int probes)
            throws IOException {
        JsonNode result = check("models/keepalive-crash.tw", "--set", "keepaliveTime=" + time,
                "--set", "keepaliveInterval=" + interval, "--set", "keepaliveProbes=" + probes);
        assertEquals("holds", property(result, "keepalive-detects").get("verdict").asText());
        JsonNode bound = property(result, "keepalive-bound");
        assertEquals("holds", bound.get("verdict").asText());
        assertEquals(time + probes * interval, bound.get("delay").get("sinceFailure").asInt());
        assertEquals(time + probes * interval, bound.get("delay").get("bound").asInt());
    }

    @Test
    void aRebootedPeerIsDetectedAtTheFirstProbe() throws IOException {
        JsonNode result = check("models/keepalive-reboot.tw", "--set", "keepaliveTime=5",
                "--set", "keepaliveInterval=2", "--set", "keepaliveProbes=3");
        JsonNode bound = property(result, "keepalive-bound");
        assertEquals(5, bound.get("delay").get("sinceFailure").asInt(), "the RST answers the first probe");
        assertEquals("holds", property(result, "keepalive-detects").get("verdict").asText());
    }

    @Test
    void withKeepaliveOffADeadPeerIsNeverDetected() throws IOException {
        JsonNode result = check("models/keepalive-off-crash.tw", "--set", "keepaliveTime=5");
        JsonNode detects = property(result, "keepalive-detects");
        assertEquals("violated", detects.get("verdict").asText());
        assertEquals("never", property(result, "keepalive-bound").get("delay").get("kind").asText());
    }

    @Test
    void aTighterBoundThanTheTimelineIsViolatedWithTheRunThatShowsIt(@TempDir Path dir) throws IOException {
        JsonNode result = check("models/keepalive-crash.tw", "--set", "keepaliveTime=5", "--set", "keepaliveInterval=1",
                "--set", "keepaliveProbes=2", "--set", "keepaliveBound=6");
        JsonNode bound = property(result, "keepalive-bound");
        assertEquals("violated", bound.get("verdict").asText());
        assertEquals(7, bound.get("delay").get("sinceLastSegment").asInt());
        CheckCommandTest.Run run = CheckCommandTest.run("check", "models/keepalive-crash.tw", "--set", "keepaliveTime=5",
                "--set", "keepaliveInterval=1", "--set", "keepaliveProbes=2", "--set", "keepaliveBound=6",
                "--trace-dir", dir.toString(), "--quiet");
        assertEquals(1, run.exit(), run.err());
        assertEquals(0, CheckCommandTest.run("replay", dir.resolve("keepalive-bound.itf.json").toString()).exit());
        assertTrue(Files.readString(dir.resolve("keepalive-bound.txt")).contains("(keepalive probe)"));
    }

    @Test
    void oneLostProbeMustNotKillALiveConnectionUnlessOneProbeIsAllThereIs() throws IOException {
        JsonNode oneProbe = check("models/keepalive-alive.tw", "--set", "keepaliveTime=4", "--set", "lossBudget=1",
                "--set", "keepaliveProbes=1");
        assertEquals("violated", property(oneProbe, "keepalive-no-false-alarm").get("verdict").asText());
        JsonNode twoProbes = check("models/keepalive-alive.tw", "--set", "keepaliveTime=4", "--set", "lossBudget=1",
                "--set", "keepaliveProbes=2");
        assertEquals("holds", property(twoProbes, "keepalive-no-false-alarm").get("verdict").asText());
    }
}
