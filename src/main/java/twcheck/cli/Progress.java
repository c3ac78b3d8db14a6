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
    private double lastSeconds;

    Progress(PrintWriter err) {
        this.err = err;
    }

    /** When each later phase (several may run at once, one per property) reports next. */
    private final java.util.Map<String, Double> phaseNextAt = new java.util.HashMap<>();

    /** A phase after the search: "progress (liveness, passive-reaches-closed, fair cycles): 1,234 of 13,283,764 states, 3 s". */
    @Override
    public synchronized void phase(String name, long done, long total, double seconds) {
        double due = phaseNextAt.getOrDefault(name, FIRST_AFTER);
        if (seconds < due) return;
        err.println(String.format(Locale.ROOT, "progress (%s): %,d of %,d states, %.0f s", name, done, total, seconds));
        err.flush();
        phaseNextAt.put(name, seconds + EVERY);
    }

    @Override
    public synchronized void report(long distinctStates, int depth, long frontier, double seconds) {
        if (seconds < lastSeconds) {
            // a new search has started (sweep and compare run several)
            phaseNextAt.clear();
            nextAt = FIRST_AFTER;
            lastStates = 0;
            lastSeconds = 0;
        }
        if (seconds < nextAt) return;
        double rate = (distinctStates - lastStates) / Math.max(seconds - lastSeconds, 1e-9);
        err.println(String.format(Locale.ROOT,
                "progress (search): %,d distinct states, depth %d, frontier %,d, %,.0f states/s, %.0f s",
                distinctStates, depth, frontier, rate, seconds));
        err.flush();
        lastStates = distinctStates;
        lastSeconds = seconds;
        nextAt = seconds + EVERY;
    }
}
