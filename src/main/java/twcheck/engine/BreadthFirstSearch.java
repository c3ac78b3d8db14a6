package twcheck.engine;

/**
 * Exhaustive breadth-first exploration over packed states. States are numbered in the order
 * they are found, so each BFS level is a contiguous range of numbers and the frontier needs no
 * queue of its own. Because levels are expanded in order, the first transition seen carrying a
 * label is a shortest one, and so is the first deadlock.
 */
public final class BreadthFirstSearch {
    private static final int POLL_EVERY = 4096;

    private final TransitionSystem system;
    private final SearchOptions options;

    public BreadthFirstSearch(TransitionSystem system, SearchOptions options) {
        this.system = system;
        this.options = options;
    }

    public SearchResult run() {
        long started = System.nanoTime();
        int labelCount = system.labelNames().size();
        if (labelCount > 64) throw new IllegalArgumentException("at most 64 labels");
        StateStore store = new StateStore(system.stateWords());
        Successors generator = system.newSuccessors();
        Hit[] hits = new Hit[labelCount];
        long[] current = new long[system.stateWords()];

        // Mutable search state, shared with the successor callback.
        final class Level {
            int from;       // state being expanded
            int depth;      // its BFS level
            int ordinal;    // successors emitted for it so far
            long transitions;
        }
        Level at = new Level();

        String incomplete = null;
        int firstDeadlock = -1;
        int firstDeadlockDepth = -1;
        long deadlocks = 0;
        int depth = 0;
        try {
            generator.initialStates((action, next, labels) -> store.addInitial(next));
            int levelEnd = store.size();
            int id = 0;
            long nextPoll = POLL_EVERY;
            Successors.Sink sink = (action, next, labels) -> {
                int ordinal = at.ordinal++;
                at.transitions++;
                if (labels != 0) recordHits(hits, labels, at.from, ordinal, at.depth + 1);
                store.addIfAbsent(next, at.from);
            };
            while (id < store.size()) {
                if (id == levelEnd) {
                    depth++;
                    levelEnd = store.size();
                }
                at.from = id;
                at.depth = depth;
                at.ordinal = 0;
                store.read(id, current);
                generator.successors(current, 0, sink);
                if (at.ordinal == 0 && !system.isIntendedEnd(current, 0)) {
                    deadlocks++;
                    if (firstDeadlock < 0) {
                        firstDeadlock = id;
                        firstDeadlockDepth = depth;
                    }
                    if (options.stopAtDeadlock() && id + 1 < store.size()) {
                        incomplete = "stopped at the first deadlock";
                        break;
                    }
                }
                id++;
                if (options.stopLabels() != 0 && id < store.size() && anyHit(hits, options.stopLabels())) {
                    incomplete = "stopped at the first violation";
                    break;
                }
                if (store.size() >= options.maxStates() && id < store.size()) {
                    incomplete = "state limit of " + options.maxStates() + " reached";
                    break;
                }
                if (id >= nextPoll) {
                    nextPoll = id + POLL_EVERY;
                    if (options.cancelled().getAsBoolean()) {
                        incomplete = "interrupted";
                        break;
                    }
                    if (options.progress() != null) {
                        options.progress().report(store.size(), depth, store.size() - id,
                                (System.nanoTime() - started) / 1e9);
                    }
                }
            }
        } catch (StateStore.StoreFullException e) {
            incomplete = e.getMessage();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new SearchResult(system, store, hits, firstDeadlock, firstDeadlockDepth, deadlocks,
                at.transitions, depth, seconds, incomplete);
    }

    private static void recordHits(Hit[] hits, long labels, int from, int ordinal, int length) {
        for (long rest = labels; rest != 0; rest &= rest - 1) {
            int bit = Long.numberOfTrailingZeros(rest);
            if (hits[bit] == null) hits[bit] = new Hit(from, ordinal, length);
        }
    }

    private static boolean anyHit(Hit[] hits, long labels) {
        for (long rest = labels; rest != 0; rest &= rest - 1) {
            if (hits[Long.numberOfTrailingZeros(rest)] != null) return true;
        }
        return false;
    }
}
