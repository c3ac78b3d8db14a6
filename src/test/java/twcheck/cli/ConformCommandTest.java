package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * conform against the real Linux captures of src/test/resources/captures (made by
 * src/test/lab/capture.sh; each scenario is described in its manifest.json). Each row says what
 * the scenario should give and why; a rejection names the frame at which the model runs out of
 * explanations.
 */
class ConformCommandTest {
    /**
     * The stored captures, or (CI, where the lab can run) captures just re-made on this machine's
     * kernel in TWCHECK_CAPTURES: the same scenarios must give the same verdicts.
     */
    private static final String CAPTURES = System.getenv().getOrDefault("TWCHECK_CAPTURES", "src/test/resources/captures/");
    /** The stored captures only: for tests of times, which a fresh capture need not reproduce to the tick. */
    private static final String STORED = "src/test/resources/captures/";

    /**
     * A scenario whose point depends on timing (simultaneous FINs, an ACK riding on data) may,
     * after its retries, still not show that point in a fresh capture; the lab marks it in the
     * manifest, and such a capture is not held to the stored verdict.
     */
    private static void assumeTheLabGotTheScenario(String capture) throws IOException {
        if (System.getenv("TWCHECK_CAPTURES") == null) return; // the stored captures are what they are
        Path manifest = Path.of(CAPTURES, "manifest.json");
        String base = capture.startsWith("altered-") ? "client-closes-first" : capture;
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of(CAPTURES, base + ".pcap")),
                base + " is not made by the lab, so there is no fresh copy of it");
        for (JsonNode entry : new ObjectMapper().readTree(manifest.toFile()).get("captures")) {
            if (entry.get("name").asText().equals(base)) {
                org.junit.jupiter.api.Assumptions.assumeTrue(entry.get("check_passed").asBoolean(),
                        base + ": the lab's capture does not show the scenario's point");
                return;
            }
        }
        throw new AssertionError(base + " is not in " + manifest);
    }

    @ParameterizedTest(name = "{0} against {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # an ordinary close, each way round, with IPv4 and IPv6; the FIN's ACK is delayed ~40 ms
        client-closes-first           | rfc9293         | 0 |
        client-closes-first-v6        | rfc9293         | 0 |
        server-closes-first           | rfc9293         | 0 |
        # the passive closer's FIN carries the ACK of the active closer's FIN (three segments)
        client-closes-first-fast-peer | rfc9293         | 0 |
        # the two FINs cross: both sides go through CLOSING
        simultaneous-close            | rfc9293         | 0 |
        # the same, with the server's FIN captured before the client's own FIN and its ACK after
        # the server's: each side's answer leaves microseconds after what arrived meanwhile
        simultaneous-close-crossed    | rfc9293         | 0 |
        # a FIN dropped after the capture point (seen, then lost) and resent by a tail loss probe
        lost-fin                      | rfc9293         | 0 |
        # the last ACK lost: LAST_ACK resends its FIN and TIME_WAIT acknowledges it again
        lost-final-ack                | rfc9293         | 0 |
        # SO_LINGER {1, 0}: the close is a RST+ACK, which only the abort variant allows
        linger-abort                  | rfc9293         | 1 | frame 8
        linger-abort                  | so-linger-abort | 0 |
        # closing with unread data also aborts with RST+ACK (RFC 9293 3.6.1)
        close-with-unread-data        | so-linger-abort | 0 |
        # the orphaned FIN_WAIT_2 ends silently after tcp_fin_timeout; the late data then gets a RST
        orphan-fin-wait-2             | rfc9293         | 1 | frame 11
        orphan-fin-wait-2             | fin-timeout     | 0 |
        # TCP_LINGER2 < 0: no FIN_WAIT_2 at all; the ACK of the client's FIN draws a bare RST
        orphan-fin-wait-2-linger2-negative | fin-timeout | 1 | frame 10
        orphan-fin-wait-2-linger2-negative | linger2-rst | 0 |
        # the passive closer sends two data segments in CLOSE_WAIT; R0 allows one
        half-close-with-data          | rfc9293         | 1 | frame 9
        half-close-with-data          | close-wait-data | 0 |
        # the first incarnation conforms; R0 has no data in ESTABLISHED of a later incarnation
        tw-reuse-client               | tw-reuse        | 1 | frame 15
        # ... which tw-reuse-data (establishedData = 1) has: a request and an answer after the handshake
        tw-reuse-client               | tw-reuse-data   | 0 |
        tw-reuse-server               | tw-reuse-data   | 0 |
        # a RST forged by a third party: no endpoint of the model sends it
        rst-in-time-wait-rfc1337-0    | rfc9293         | 1 | frame 12
        # client-closes-first with one segment altered: the client's FIN one beyond what it sent,
        # and the client's FIN turned into a RST+ACK; each is rejected at the altered frame
        altered-seq                   | rfc9293         | 1 | frame 8
        altered-flag                  | rfc9293         | 1 | frame 8
        """)
    void aCaptureConformsOrIsRejectedAtTheFirstSegmentNoRunExplains(String capture, String model, int exit, String frame)
            throws IOException {
        assumeTheLabGotTheScenario(capture);
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + capture + ".pcap", "--model",
                "models/" + model + ".tw");
        assertEquals(exit, run.exit(), run.out() + run.err());
        if (exit == 0) {
            assertTrue(run.out().contains("CONFORMS"), run.out());
            assertTrue(run.out().contains("absorbed: frames 1-"), "the opening is absorbed, and said so: " + run.out());
        } else {
            assertTrue(run.out().contains("DOES NOT CONFORM"), run.out());
            assertTrue(run.out().contains("at " + frame + " at "), run.out());
        }
    }

    @Test
    void keepaliveGivesUpWithARstInLinuxWhichOnlyTheRstVariantExplains() {
        // three unanswered probes (the lab's TCP_KEEPCNT = 3), then Linux sends RST+ACK: R0 gives up
        // silently, keepalive-rst (keepaliveGiveUp = rst) as Linux does
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + "keepalive-dead-peer.pcap", "--model",
                "models/keepalive-crash.tw", "--model", "models/keepalive-rst.tw", "--set", "keepaliveProbes=3",
                "--set", "keepaliveTime=2");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("keepalive-crash ")
                && l.contains("DOES NOT CONFORM after 3 of 4")), run.out());
        assertTrue(run.out().contains("at frame 11 at "), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("keepalive-rst ") && l.contains("CONFORMS")), run.out());
    }

    @Test
    void withTickTheModelsTimersAreHeldToTheRealOnes() {
        // the client's FIN is resent by a tail loss probe 0.2 s after it was first sent: within RTO = 3
        // ticks of 100 ms (give or take a tick), far before 3 ticks of 1 s
        CheckCommandTest.Run fast = CheckCommandTest.run("conform", STORED + "lost-fin.pcap", "--model",
                "models/rfc9293.tw", "--tick", "100");
        assertEquals(0, fast.exit(), fast.out() + fast.err());
        assertTrue(fast.out().contains("times checked: a tick is 100 ms"), fast.out());
        CheckCommandTest.Run slow = CheckCommandTest.run("conform", STORED + "lost-fin.pcap", "--model",
                "models/rfc9293.tw", "--tick", "1000");
        assertEquals(1, slow.exit(), slow.out() + slow.err());
        assertTrue(slow.out().contains("at frame 9 at ") && slow.out().contains("within a tick of their times (--tick)"),
                slow.out());
        // order only, both are fine
        assertEquals(0, CheckCommandTest.run("conform", STORED + "lost-fin.pcap", "--model", "models/rfc9293.tw").exit());
    }

    @Test
    void withTickAnOrphanTimeoutShorterThanThePeersCloseIsRejected() {
        // fin-timeout's orphaned FIN_WAIT_2 ends after 4 ticks: 40 ms at 10 ms a tick, before the server's
        // FIN 0.3 s later; at 100 ms a tick it waits long enough. R0's FIN_WAIT_2 waits forever: both fine.
        CheckCommandTest.Run run = CheckCommandTest.run("conform", STORED + "client-closes-first.pcap", "--model",
                "models/rfc9293.tw", "--model", "models/fin-timeout.tw", "--tick", "10");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("rfc9293 ") && l.contains("CONFORMS")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("fin-timeout ") && l.contains("DOES NOT CONFORM")), run.out());
        assertEquals(0, CheckCommandTest.run("conform", STORED + "client-closes-first.pcap", "--model",
                "models/fin-timeout.tw", "--tick", "100").exit());
    }

    @Test
    void aTickOutOfRangeIsExit2() {
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + "lost-fin.pcap", "--model",
                "models/rfc9293.tw", "--tick", "0");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("'--tick': expected a whole number in 1..86400000, got '0'"), run.err());
        CheckCommandTest.Run export = CheckCommandTest.run("export", "proofs/seed-figure-lost-last-ack.itf.json",
                "--pcap", "never-written.pcap", "--tick", "86400001");
        assertEquals(2, export.exit(), export.err());
        assertTrue(export.err().contains("'--tick': expected a whole number in 1..86400000, got '86400001'"), export.err());
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("never-written.pcap")));
    }

    @Test
    void aPartitionedClientsProbesAreSeenWhereItIsCaptured() {
        // the lab cuts the server off (its input drops everything): keepalive-partition's A probes into
        // the cut, and the capture at A shows the probes although the model loses them at once
        CheckCommandTest.Run silent = CheckCommandTest.run("conform", CAPTURES + "keepalive-dead-peer.pcap", "--model",
                "models/keepalive-partition.tw", "--set", "keepaliveProbes=3");
        assertEquals(1, silent.exit(), silent.out() + silent.err());
        assertTrue(silent.out().contains("DOES NOT CONFORM after 3 of 4") && silent.out().contains("at frame 11 at "),
                "the probes are explained, only the RST is not: " + silent.out());
        CheckCommandTest.Run rst = CheckCommandTest.run("conform", CAPTURES + "keepalive-dead-peer.pcap", "--model",
                "models/keepalive-partition.tw", "--set", "keepaliveProbes=3", "--set", "keepaliveGiveUp=rst");
        assertEquals(0, rst.exit(), rst.out() + rst.err());
    }

    @Test
    void severalModelsGiveOneRowEach() {
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + "linger-abort.pcap", "--model",
                "models/rfc9293.tw", "--model", "models/so-linger-abort.tw");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("rfc9293 ") && l.contains("DOES NOT CONFORM")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("so-linger-abort ") && l.contains("CONFORMS")), run.out());
    }

    @Test
    void theJsonNamesTheConnectionAndEachModelsOutcome() throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + "lost-fin.pcap", "--model",
                "models/rfc9293.tw", "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("192.0.2.1:40000 - 192.0.2.2:5000", json.get("connection").asText());
        JsonNode row = json.get("models").get(0);
        assertEquals("conforms", row.get("outcome").asText());
        assertEquals(1, row.get("losses").asInt(), "the FIN dropped after the capture point is a loss of the run");
        assertEquals(row.get("observed").asInt(), row.get("explained").asInt());
    }

    @Test
    void aSearchLimitGivesUnknownNotAVerdict() {
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + "client-closes-first.pcap", "--model",
                "models/rfc9293.tw", "--max-nodes", "3");
        assertEquals(3, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("UNKNOWN"), run.out());
        assertFalse(run.out().contains("CONFORMS"), run.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        not a capture at all                         | not a pcap capture
        """)
    void aFileThatIsNotACaptureIsOneLineAndExit2(String content, String message, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.pcap");
        Files.writeString(file, content);
        CheckCommandTest.Run run = CheckCommandTest.run("conform", file.toString(), "--model", "models/rfc9293.tw");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().startsWith("twcheck: " + file + ": " + message), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void aPcapngCaptureGivesTheVerdictsOfItsPcap() {
        // the same frames through libpcap's pcapng reader: same report apart from the file's name
        for (String name : new String[] {"client-closes-first", "loopback-any-sll"}) {
            CheckCommandTest.Run pcap = CheckCommandTest.run("conform", "src/test/resources/captures/" + name + ".pcap",
                    "--model", "models/rfc9293.tw", "--model", "models/so-linger-abort.tw");
            CheckCommandTest.Run pcapng = CheckCommandTest.run("conform",
                    "src/test/resources/captures/pcapng/" + name + ".pcapng", "--model", "models/rfc9293.tw",
                    "--model", "models/so-linger-abort.tw");
            org.junit.jupiter.api.Assumptions.assumeFalse(pcapng.err().contains("needs libpcap"),
                    "reading pcapng needs libpcap, which this machine lacks (Debian: apt-get install libpcap0.8)");
            assertEquals(pcap.exit(), pcapng.exit(), pcapng.err());
            assertEquals(pcap.out().replace("captures/" + name + ".pcap", "X"),
                    pcapng.out().replace("captures/pcapng/" + name + ".pcapng", "X"));
        }
    }

    @Test
    void aDamagedPcapngIsOneLineAndExit2() {
        Path file = Path.of("src/test/resources/captures/pcapng/truncated.pcapng");
        CheckCommandTest.Run run = CheckCommandTest.run("conform", file.toString(), "--model", "models/rfc9293.tw");
        assertEquals(2, run.exit(), run.err());
        org.junit.jupiter.api.Assumptions.assumeFalse(run.err().contains("needs libpcap"),
                "reading pcapng needs libpcap, which this machine lacks (Debian: apt-get install libpcap0.8)");
        assertTrue(run.err().startsWith("twcheck: " + file + ": not a readable capture at frame 6"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void aTruncatedCaptureIsOneLineAndExit2(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Path.of(CAPTURES + "client-closes-first.pcap"));
        for (int cut : new int[] {3, 24, 40, 100, whole.length - 5}) {
            Path file = dir.resolve("cut" + cut + ".pcap");
            Files.write(file, java.util.Arrays.copyOf(whole, cut));
            CheckCommandTest.Run run = CheckCommandTest.run("conform", file.toString(), "--model", "models/rfc9293.tw");
            assertTrue(run.exit() >= 0 && run.exit() <= 3, cut + ": " + run.err());
            assertFalse(run.err().contains("internal error"), cut + ": " + run.err());
            assertTrue(run.exit() != 2 || run.err().strip().lines().count() == 1, cut + ": " + run.err());
        }
    }

    @Test
    void aWrongCapturePointOrConnectionIsExit2() {
        CheckCommandTest.Run at = CheckCommandTest.run("conform", CAPTURES + "lost-fin.pcap", "--model",
                "models/rfc9293.tw", "--at", "middle");
        assertEquals(2, at.exit(), at.err());
        assertTrue(at.err().contains("--at middle: expected client or server"), at.err());
        CheckCommandTest.Run pair = CheckCommandTest.run("conform", CAPTURES + "lost-fin.pcap", "--model",
                "models/rfc9293.tw", "--connection", "10.0.0.1:1-10.0.0.2:2");
        assertEquals(2, pair.exit(), pair.err());
        assertTrue(pair.err().contains("no such address pair in the capture; it has 192.0.2.1:40000-192.0.2.2:5000"),
                pair.err());
    }

    @ParameterizedTest
    @CsvSource({"lost-final-ack, rfc9293", "linger-abort, so-linger-abort", "orphan-fin-wait-2, fin-timeout"})
    void theMatchedRunIsATraceReplayAcceptsWithTheFramesEachStepShows(String capture, String model, @TempDir Path dir)
            throws IOException {
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + capture + ".pcap", "--model",
                "models/" + model + ".tw", "--trace-dir", dir.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        Path trace = dir.resolve(model + ".conform.itf.json");
        CheckCommandTest.Run replay = CheckCommandTest.run("replay", trace.toString());
        assertEquals(0, replay.exit(), replay.out() + replay.err());
        String chart = Files.readString(dir.resolve(model + ".conform.txt"));
        int observed = new ObjectMapper().readTree(CheckCommandTest.run("conform", CAPTURES + capture + ".pcap",
                "--model", "models/" + model + ".tw", "--json").out()).get("models").get(0).get("observed").asInt();
        assertEquals(observed, chart.split("frame \\d+ at ", -1).length - 1, "every observed segment is named once: " + chart);
    }

    @Test
    void aTraceDirThatCannotBeMadeFailsBeforeTheSearch(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + "lost-fin.pcap", "--model",
                "models/rfc9293.tw", "--trace-dir", file.resolve("sub").toString());
        assertEquals(2, run.exit(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void linuxCookedCapturesAreReadAndTheirVersionTwoIsRefusedWithTheWayOut() {
        // 'tcpdump -i any -y LINUX_SLL' on loopback; that capture happens to miss the server's data
        // segment, which also acknowledged the client's data: so when the client's FIN goes out
        // (frame 5), nothing in the capture has acknowledged that data
        CheckCommandTest.Run sll = CheckCommandTest.run("conform", "src/test/resources/captures/loopback-any-sll.pcap",
                "--model", "models/rfc9293.tw");
        assertEquals(1, sll.exit(), sll.out() + sll.err());
        assertTrue(sll.out().contains("connection 127.0.0.1:47056 - 127.0.0.1:5998"), sll.out());
        assertTrue(sll.out().contains("at frame 5 at ") && sll.out().contains("not yet acknowledged"), sll.out());
        // plain 'tcpdump -i any' writes Linux cooked v2, which pkts does not frame
        CheckCommandTest.Run sll2 = CheckCommandTest.run("conform", "src/test/resources/captures/loopback-any-sll2.pcap",
                "--model", "models/rfc9293.tw");
        assertEquals(2, sll2.exit(), sll2.err());
        assertTrue(sll2.err().contains("link type 276") && sll2.err().contains("-y LINUX_SLL"), sll2.err());
    }
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        # the lab's scenarios captured on the server's interface instead of the client's
        client-closes-first-at-server | 4
        # the FIN dropped in the client's output: the server-side capture never sees the lost copy
        lost-fin-before-server        | 4
        # the last ACK dropped in the server's input, after its interface: captured, then lost
        lost-final-ack-at-server      | 6
        """)
    void aCaptureTakenAtTheServerConformsSeenFromThere(String capture, int observed) throws IOException {
        assumeTheLabGotTheScenario(capture);
        CheckCommandTest.Run run = CheckCommandTest.run("conform", CAPTURES + capture + ".pcap", "--model",
                "models/rfc9293.tw", "--at", "server");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("captured at the server"), run.out());
        assertTrue(run.out().contains("CONFORMS: a run of") && run.out().contains("all " + observed + " observed"), run.out());
    }
}
