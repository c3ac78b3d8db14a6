package twcheck.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --progress}, for the commands whose runs are long enough to report on. */
final class ProgressOptions {
    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "STYLE",
            description = "progress on stderr as text (the default) or ndjson: one JSON object per tick ("
                    + Progress.NDJSON_FIELDS + ")")
    String progress = "text";

    /** The style asked for; an unknown one is a one-line SpecException (so call it before the run). */
    Progress.Style style() {
        return Progress.style(progress);
    }

    /** Progress to {@code err} in that style, or null with --quiet. */
    Progress to(PrintWriter err) {
        return quiet ? null : new Progress(err, style());
    }
}
