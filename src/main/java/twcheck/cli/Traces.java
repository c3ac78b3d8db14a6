package twcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;

/** Reading and writing trace files for the commands, with one-line errors. */
final class Traces {
    private Traces() {}

    static TraceFile read(Path file) {
        if (!Files.exists(file)) throw new SpecException(file + ": no such trace file");
        try {
            return TraceFile.read(file);
        } catch (IOException e) {
            throw new SpecException(file + ": " + e.getMessage());
        }
    }
}
