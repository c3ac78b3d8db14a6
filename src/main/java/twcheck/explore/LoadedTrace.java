package twcheck.explore;

import java.util.List;
import twcheck.check.Replay;
import twcheck.model.Model;
import twcheck.trace.TraceFile;

/**
 * A trace file taken into the explorer: replayed first, as {@code replay} does, then turned into
 * the path of tokens that walks the same run. A trace that does not replay, or is of another model
 * (another kind or other parameter values), is refused with one line saying why.
 */
public final class LoadedTrace {
    private LoadedTrace() {}

    /** Why a trace cannot be explored here. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** The path of {@code trace}, replayed on the explorer's model. */
    public static List<String> path(Explorer explorer, TraceFile trace) {
        Replay.Outcome outcome = Replay.check(trace);
        if (!outcome.legal()) {
            int more = outcome.problems().size() - 1;
            throw new Refused("the trace does not replay: " + outcome.problems().get(0).text()
                    + (more > 0 ? " (and " + more + " more problems)" : ""));
        }
        Model mine = explorer.model();
        Model its = outcome.model();
        if (!its.kind().name().equals(mine.kind().name()) || !its.parameters().asMap().equals(mine.parameters().asMap())) {
            throw new Refused("the trace is of another model (" + its.kind().name() + " " + its.headline()
                    + "); this explorer shows " + mine.kind().name() + " " + mine.headline()
                    + ": start explore with the trace's model file");
        }
        return explorer.tokensOf(outcome.run());
    }
}
