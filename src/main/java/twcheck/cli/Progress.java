package twcheck.cli;

import java.io.PrintWriter;
import java.util.Locale;
import twcheck.engine.SearchOptions;

/** Prints a progress line on stderr every few seconds, once a run has lasted two. */
final class Progress implements SearchOptions.ProgressListener {
    private static final double FIRST_AFTER = 2.0;
    private static final double EVERY = 3.0;

    private final PrintWriter err;
    private double nextAt = FIRST_AFTER;
    private long lastStates;
    private int phase;
    private double lastSeconds;

    Progress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void report(long distinctStates, int depth, long frontier, double seconds) {
        if (seconds < lastSeconds) {
            // a new phase has started (the liveness graph is explored after the safety search)
            phase++;
            nextAt = FIRST_AFTER;
            lastStates = 0;
            lastSeconds = 0;
        }
        if (seconds < nextAt) return;
        double rate = (distinctStates - lastStates) / Math.max(seconds - lastSeconds, 1e-9);
        err.println(String.format(Locale.ROOT,
                (phase == 0 ? "progress" : "progress (graph for liveness)")
                        + ": %,d distinct states, depth %d, frontier %,d, %,.0f states/s, %.0f s",
                distinctStates, depth, frontier, rate, seconds));
        err.flush();
        lastStates = distinctStates;
        lastSeconds = seconds;
        nextAt = seconds + EVERY;
    }
}
