package twcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import twcheck.check.Replay;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceFormatException;

/** Reading trace files for the commands, with one-line errors naming the file. */
final class Traces {
    private Traces() {}

    /** Problems past this many are counted, not listed: the first ones say what is wrong. */
    static final int SHOWN = 10;

    /** The trace in {@code file}; a file that is not a trace is bad input (exit 2). */
    static TraceFile read(Path file) {
        if (!Files.exists(file)) throw new SpecException(file + ": no such trace file");
        try {
            return TraceFile.read(file);
        } catch (TraceFormatException e) {
            throw new SpecException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The trace in {@code file}, replayed: what {@code trace} draws and {@code replay} reports on. */
    static Replay.Outcome replay(Path file) {
        return Replay.check(read(file));
    }

    /** The exit code of a trace that did not replay: 2 if it is malformed, 1 if it is untrue. */
    static int exitCode(Replay.Outcome outcome) {
        return outcome.malformed() ? Main.BAD_INPUT : Main.VIOLATED;
    }

    /** The first problems, one line each, naming the file; then how many more there are. */
    static void print(PrintWriter to, String prefix, Path file, List<Replay.Problem> problems) {
        for (Replay.Problem p : problems.subList(0, Math.min(SHOWN, problems.size()))) {
            to.println(prefix + file + ": " + p.text());
        }
        if (problems.size() > SHOWN) to.println(prefix + file + ": ... and " + (problems.size() - SHOWN) + " more problems");
        to.flush();
    }
}
