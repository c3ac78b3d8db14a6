package twcheck.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Damaged captures, pcap and pcapng (cut short, bytes overwritten, record lengths made huge, bits flipped) never
 * crash conform: every outcome is an answer (0, 1), a one-line refusal naming the file (2) or
 * undecided (3).
 */
class CaptureFuzzProperties {
    private static final String[] CAPTURES = {"lost-final-ack.pcap", "linger-abort.pcap", "client-closes-first-v6.pcap",
        "tw-reuse-server.pcap", "pcapng/client-closes-first.pcapng", "pcapng/tw-reuse-client.pcapng"};

    @Property(tries = 300)
    void aDamagedCaptureIsAnAnswerOrAOneLineRefusal(@ForAll @IntRange(min = 0, max = 5) int which,
            @ForAll @IntRange(min = 0, max = 3) int damage, @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 0, max = 255) int value) throws IOException {
        Path original = Path.of("src/test/resources/captures", CAPTURES[which]);
        byte[] bytes = Files.readAllBytes(original);
        int at = where % bytes.length;
        byte[] damaged = switch (damage) {
            case 0 -> java.util.Arrays.copyOf(bytes, at); // cut short
            case 1 -> { // a byte overwritten past the file header
                byte[] b = bytes.clone();
                b[Math.max(24, at)] = (byte) value;
                yield b;
            }
            case 2 -> { // four bytes made a huge little-endian length
                byte[] b = bytes.clone();
                int p = Math.min(Math.max(24, at), b.length - 4);
                b[p] = (byte) 0xff; b[p + 1] = (byte) 0xff; b[p + 2] = (byte) 0xff; b[p + 3] = 0x7f;
                yield b;
            }
            default -> { // one bit flipped anywhere
                byte[] b = bytes.clone();
                b[at] ^= (byte) (1 << (value % 8));
                yield b;
            }
        };
        Path file = Files.createTempFile("damaged", CAPTURES[which].substring(CAPTURES[which].lastIndexOf('.')));
        try {
            Files.write(file, damaged);
            CheckCommandTest.Run run = CheckCommandTest.run("conform", file.toString(), "--model", "models/rfc9293.tw",
                    "--max-nodes", "200000");
            assertTrue(run.exit() >= 0 && run.exit() <= 3, run.exit() + ": " + run.err());
            assertFalse(run.err().contains("internal error"), run.err());
            if (run.exit() == 2) {
                assertTrue(run.err().startsWith("twcheck: " + file + ": "), run.err());
                assertTrue(run.err().strip().lines().count() == 1, run.err());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
