package twcheck.engine;

import java.util.function.BooleanSupplier;

/**
 * How a search runs.
 *
 * @param stopLabels label bits whose first occurrence ends the search early (the result is then
 *     incomplete); 0 explores everything
 * @param stopAtDeadlock end the search at the first deadlock
 * @param maxStates end the search (incomplete) once this many distinct states are stored
 * @param progress called now and then with the search's progress; may be {@code null}
 * @param cancelled polled now and then; when it returns true the search ends, incomplete
 */
public record SearchOptions(
        long stopLabels,
        boolean stopAtDeadlock,
        long maxStates,
        ProgressListener progress,
        BooleanSupplier cancelled) {

    public static SearchOptions exhaustive() {
        return new SearchOptions(0, false, Long.MAX_VALUE, null, () -> false);
    }

    public SearchOptions withProgress(ProgressListener listener) {
        return new SearchOptions(stopLabels, stopAtDeadlock, maxStates, listener, cancelled);
    }

    public SearchOptions withCancellation(BooleanSupplier flag) {
        return new SearchOptions(stopLabels, stopAtDeadlock, maxStates, progress, flag);
    }

    public SearchOptions stoppingAt(long labels, boolean deadlock) {
        return new SearchOptions(labels, deadlock, maxStates, progress, cancelled);
    }

    public SearchOptions withMaxStates(long max) {
        return new SearchOptions(stopLabels, stopAtDeadlock, max, progress, cancelled);
    }

    /** Receives progress reports during a search. */
    @FunctionalInterface
    public interface ProgressListener {
        void report(long distinctStates, int depth, long frontier, double seconds);
    }
}
