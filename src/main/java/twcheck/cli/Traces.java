package twcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import twcheck.model.ModelKind;
import twcheck.model.ModelKinds;
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

    /** The model kind a trace names in {@code #meta.base}. */
    static ModelKind kindOf(Path file, TraceFile trace) {
        String base = trace.meta().base();
        return ModelKinds.byName(base).orElseThrow(() -> new SpecException(file + ": #meta.base "
                + (base == null ? "is missing" : "'" + base + "' is not a model kind twcheck knows")
                + "; expected one of " + String.join(", ", ModelKinds.names())));
    }
}
