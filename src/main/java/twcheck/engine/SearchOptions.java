package twcheck.engine;

import java.util.function.BooleanSupplier;

/**
 * How a search runs.
 *
 * @param stopLabels label bits whose first occurrence ends the search early (the result is then
 *     incomplete); 0 explores everything. The search ends after the breadth-first level in which
 *     the label was seen, so the outcome does not depend on the number of threads.
 * @param stopAtDeadlock end the search (after the current level) at the first deadlock
 * @param maxStates end the search (incomplete) once this many distinct states are stored
 * @param progress called now and then with the search's progress; may be {@code null}. Calls
 *     come from one thread at a time, not always the same one.
 * @param cancelled polled now and then; when it returns true the search ends, incomplete
 * @param threads worker threads; at least 1
 * @param storage how visited states are stored: exactly, or as 64-bit fingerprints
 * @param memoryBudget bytes the search may use for its own data (visited set, parent links,
 *     frontier, recorded graph); 0 means "what the heap allows". When the next allocation would
 *     exceed it, the search ends, incomplete, with a report of how far it got.
 * @param graph if not null, the search also records the state graph (every transition by state
 *     number, with its action class, and the state predicates), for checks that need every edge
 */
public record SearchOptions(
        long stopLabels,
        boolean stopAtDeadlock,
        long maxStates,
        ProgressListener progress,
        BooleanSupplier cancelled,
        int threads,
        Storage storage,
        long memoryBudget,
        GraphRecording graph) {

    /** How the visited set keeps states. */
    public enum Storage {
        /** Every state stored in full: no state can be missed. */
        EXACT("exact"),
        /** Only a 64-bit fingerprint per state: two states may collide and one be missed. */
        HASH_COMPACTION("hash-compaction");

        private final String jsonName;

        Storage(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /**
     * What the search records of the graph besides its edges.
     *
     * @param actionClass the class of an action code, {@code 0..classCount-1}
     * @param classCount how many action classes there are
     * @param predicates the state predicates of a packed state, one bit each, at most
     *     {@code predicateCount} of them; called from every worker thread at once
     */
    public record GraphRecording(java.util.function.IntUnaryOperator actionClass, int classCount,
            StatePredicates predicates, int predicateCount) {
        public GraphRecording {
            if (classCount < 1) throw new IllegalArgumentException("classCount must be at least 1");
            if (predicateCount < 0 || predicateCount > 64) throw new IllegalArgumentException("0..64 predicates");
        }
    }

    /**
     * The predicates of a packed state (thread-safe). The search calls it right after
     * {@code generator} generated the state's successors, so a model may read them off the state its
     * generator has just decoded instead of decoding it again.
     */
    @FunctionalInterface
    public interface StatePredicates {
        long of(Successors generator, long[] state, int offset);
    }

    public SearchOptions {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (memoryBudget < 0) throw new IllegalArgumentException("memoryBudget must not be negative");
        if (storage == null) throw new IllegalArgumentException("storage must be given");
    }

    /** Everything, on one thread, exact storage, limited only by the heap. */
    public static SearchOptions exhaustive() {
        return new SearchOptions(0, false, Long.MAX_VALUE, null, () -> false, 1, Storage.EXACT, 0, null);
    }

    public SearchOptions withProgress(ProgressListener listener) {
        return new SearchOptions(stopLabels, stopAtDeadlock, maxStates, listener, cancelled, threads, storage,
                memoryBudget, graph);
    }

    public SearchOptions withCancellation(BooleanSupplier flag) {
        return new SearchOptions(stopLabels, stopAtDeadlock, maxStates, progress, flag, threads, storage,
                memoryBudget, graph);
    }

    public SearchOptions stoppingAt(long labels, boolean deadlock) {
        return new SearchOptions(labels, deadlock, maxStates, progress, cancelled, threads, storage, memoryBudget, graph);
    }

    public SearchOptions withMaxStates(long max) {
        return new SearchOptions(stopLabels, stopAtDeadlock, max, progress, cancelled, threads, storage,
                memoryBudget, graph);
    }

    public SearchOptions withThreads(int n) {
        return new SearchOptions(stopLabels, stopAtDeadlock, maxStates, progress, cancelled, n, storage,
                memoryBudget, graph);
    }

    public SearchOptions withStorage(Storage mode) {
        return new SearchOptions(stopLabels, stopAtDeadlock, maxStates, progress, cancelled, threads, mode,
                memoryBudget, graph);
    }

    public SearchOptions withMemoryBudget(long bytes) {
        return new SearchOptions(stopLabels, stopAtDeadlock, maxStates, progress, cancelled, threads, storage,
                bytes, graph);
    }

    /** Also record the state graph (see {@link #graph}). */
    public SearchOptions recordingGraph(GraphRecording recording) {
        return new SearchOptions(stopLabels, stopAtDeadlock, maxStates, progress, cancelled, threads, storage,
                memoryBudget, recording);
    }

    /** Receives progress reports during a search (and the phases of a check after it). */
    @FunctionalInterface
    public interface ProgressListener {
        void report(long distinctStates, int depth, long frontier, double seconds);

        /** As above, with the transitions of the levels expanded in full so far. */
        default void report(long distinctStates, long transitions, int depth, long frontier, double seconds) {
            report(distinctStates, depth, frontier, seconds);
        }

        /**
         * A later phase of a check: its name, work done of the known total (states), and the
         * seconds since the phase began. May be called from several threads.
         */
        default void phase(String phase, long done, long total, double seconds) {}
    }
}
