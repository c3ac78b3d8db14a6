package twcheck.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pcapng captures (the stored pcap captures converted with Wireshark's {@code editcap -F pcapng})
 * read as the very same segments, frame numbers and times as the classic pcap they came from.
 */
class CaptureFileTest {
    private static final Path CAPTURES = Path.of("src/test/resources/captures");

    /** pcapng is read through libpcap: where it is missing, say so and skip (.ci/run installs it). */
    private static CaptureFile.Contents readPcapng(String name) throws IOException {
        try {
            return CaptureFile.read(CAPTURES.resolve("pcapng/" + name + ".pcapng"));
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.assumeFalse(e.getMessage().contains("needs libpcap"),
                    "reading pcapng needs libpcap, which this machine lacks (Debian: apt-get install libpcap0.8)");
            throw e;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client-closes-first", "client-closes-first-v6", "loopback-any-sll", "tw-reuse-client"})
    void aPcapngCaptureReadsAsThePcapItWasConvertedFrom(String name) throws IOException {
        CaptureFile.Contents pcap = CaptureFile.read(CAPTURES.resolve(name + ".pcap"));
        CaptureFile.Contents pcapng = readPcapng(name);
        assertTrue(pcap.segments().size() > 5, name + " has too few segments to say much");
        assertEquals(pcap, pcapng);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        loopback-any-sll2 | link type 276 (Linux cooked v2
        two-link-types    | an interface has a type 113 different from the type of the first interface
        truncated         | not a readable capture at frame 6: Error occurred in pcap_next_ex(): truncated pcapng dump file
        """)
    void aPcapngTwcheckCannotReadIsRefusedWithTheReason(String name, String reason) {
        IOException e = assertThrows(IOException.class, () -> CaptureFile.read(CAPTURES.resolve("pcapng/" + name + ".pcapng")));
        org.junit.jupiter.api.Assumptions.assumeFalse(e.getMessage().contains("needs libpcap"),
                "reading pcapng needs libpcap, which this machine lacks (Debian: apt-get install libpcap0.8)");
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
