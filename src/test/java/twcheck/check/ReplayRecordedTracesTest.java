package twcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import twcheck.trace.TraceFile;

/**
 * The recorded traces of proofs/ replay under the strict checks, and the trace replay rebuilds
 * from their states is the recorded file, byte for byte: so {@code trace}, which draws the
 * rebuilt trace, draws them as it always did, and the writer has not drifted from the files.
 */
class ReplayRecordedTracesTest {

    static Stream<Path> recordedTraces() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("proofs"))) {
            return files.filter(p -> p.toString().endsWith(".itf.json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("recordedTraces")
    void rebuiltAsRecorded(Path file) throws IOException {
        Replay.Outcome outcome = Replay.check(TraceFile.read(file));
        assertTrue(outcome.legal(), file + ": " + outcome.problems());
        assertEquals(Files.readString(file), outcome.confirmed().toJson() + "\n", file.toString());
    }
}
