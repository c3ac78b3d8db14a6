package twcheck.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Records the state graph while {@link BreadthFirstSearch} explores it, so that checks needing
 * every edge (liveness) run on the same states, numbering and memory budget as the search instead
 * of a second exploration.
 *
 * <p>An edge is written when its source is expanded. Its target's number is known at once if the
 * target belongs to an earlier level (the numbered visited set gives it); a target first found in
 * the level being expanded has no number until the level is put in order, so the edge is noted as
 * pending with the target's words and resolved then. The units of a level are expanded in any
 * order, each into a buffer of its own ({@link UnitEdges}); the buffers are appended in unit
 * order, which is state-number order, so the graph is the same for every thread count.
 */
final class GraphRecorder {
    private final SearchOptions.GraphRecording recording;
    private final int width;
    final int classBits;
    private final long maxStates;
    private final IntChunks offsets;
    private final IntChunks edges;
    private final BitSet[] predicates;
    private final List<Integer> levelStarts = new ArrayList<>();
    private final ArrayDeque<UnitEdges> pool = new ArrayDeque<>();
    private final MemoryBudget budget;

    GraphRecorder(SearchOptions.GraphRecording recording, int width, MemoryBudget budget) {
        this.recording = recording;
        this.budget = budget;
        this.width = width;
        this.classBits = StateGraph.classBits(recording.classCount());
        this.maxStates = StateGraph.maxStates(recording.classCount());
        this.offsets = new IntChunks(budget, "the state graph");
        this.edges = new IntChunks(budget, "the state graph");
        this.predicates = new BitSet[recording.predicateCount()];
        for (int i = 0; i < predicates.length; i++) predicates[i] = new BitSet();
        levelStarts.add(0);
    }

    int actionClass(int action) {
        int c = recording.actionClass().applyAsInt(action);
        if (c < 0 || c >= recording.classCount()) {
            throw new IllegalStateException("action class " + c + " outside 0.." + (recording.classCount() - 1));
        }
        return c;
    }

    long predicates(Successors generator, long[] state) {
        return recording.predicates().of(generator, state, 0);
    }

    /** A cleared buffer for one unit of work. */
    UnitEdges take() {
        synchronized (pool) {
            UnitEdges u = pool.poll();
            if (u != null) return u;
        }
        return new UnitEdges(width, recording.predicateCount(), budget);
    }

    /** Checks that the states numbered so far fit the packed edges. */
    void checkCapacity(long states) {
        if (states > maxStates) {
            throw new MemoryBudget.OutOfBudget("the state graph (at most " + maxStates + " states with "
                    + recording.classCount() + " action classes)");
        }
    }

    /**
     * Appends the expanded level's units (null for a unit that was not expanded), whose sources are
     * the next state numbers in unit order, and recycles their buffers. The copying is shared by
     * the workers: {@code parallel} runs a task on every worker with its index and the worker count.
     */
    void append(UnitEdges[] units, java.util.function.Consumer<java.util.function.IntBinaryOperator> parallel) {
        int n = units.length;
        int[] firstState = new int[n + 1];
        int[] firstEdge = new int[n + 1];
        firstState[0] = offsets.size();
        firstEdge[0] = edges.size();
        for (int u = 0; u < n; u++) {
            firstState[u + 1] = firstState[u] + (units[u] == null ? 0 : units[u].states);
            firstEdge[u + 1] = firstEdge[u] + (units[u] == null ? 0 : units[u].edgeCount);
        }
        offsets.resize(firstState[n]);
        edges.resize(firstEdge[n]);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        parallel.accept((worker, workers) -> {
            int[] scratch = new int[BreadthFirstSearch.UNIT_STATES];
            for (int u = next.getAndIncrement(); u < n; u = next.getAndIncrement()) {
                UnitEdges unit = units[u];
                if (unit == null) continue;
                if (scratch.length < unit.states) scratch = new int[unit.states];
                int e = firstEdge[u];
                for (int k = 0; k < unit.states; k++) {
                    scratch[k] = e;
                    e += unit.degrees[k];
                }
                offsets.setAll(firstState[u], scratch, 0, unit.states);
                edges.setAll(firstEdge[u], unit.edges, 0, unit.edgeCount);
            }
            // each predicate's bit set is written by one worker only
            for (int i = worker; i < predicates.length; i += workers) {
                for (int u = 0; u < n; u++) {
                    UnitEdges unit = units[u];
                    if (unit == null) continue;
                    for (int k = 0; k < unit.states; k++) {
                        if ((unit.predicates(k) >>> i & 1) != 0) predicates[i].set(firstState[u] + k);
                    }
                }
            }
            return 0;
        });
        for (UnitEdges unit : units) {
            if (unit == null) continue;
            unit.clear();
            synchronized (pool) {
                pool.push(unit);
            }
        }
    }

    /** Notes where the next breadth-first level starts. */
    void levelEnds(int nextStart) {
        if (levelStarts.get(levelStarts.size() - 1) != nextStart) levelStarts.add(nextStart);
    }

    /** The recorded graph of a complete search with {@code states} states, {@code initial} of them initial. */
    StateGraph build(int states, int initial) {
        offsets.add(edges.size());
        int[] init = new int[initial];
        for (int i = 0; i < initial; i++) init[i] = i;
        levelEnds(states);
        int[] starts = levelStarts.stream().mapToInt(Integer::intValue).toArray();
        dropBuffers();
        return new StateGraph(states, offsets, edges, classBits, recording.classCount(), init, predicates, starts);
    }

    void release() {
        offsets.release();
        edges.release();
        dropBuffers();
    }

    /** Drops the buffers kept for reuse (the search is over) and returns their memory to the budget. */
    void dropBuffers() {
        synchronized (pool) {
            for (UnitEdges u : pool) u.releaseMemory();
            pool.clear();
        }
    }

    /**
     * The edges of one unit of work: per source state its degree and predicates, then its edges in
     * order. An edge waiting for its target's number is either to a state this unit appended to the
     * next level (its entry's index is kept in the edge's target bits until resolved) or to another
     * state (its words are kept).
     */
    static final class UnitEdges {
        private final int width;
        private final boolean widePredicates;
        int states;
        int[] degrees = new int[BreadthFirstSearch.UNIT_STATES];
        /** Predicate bits per state: one byte each for up to 8 predicates, else a long. */
        byte[] predicateBytes;
        long[] predicateLongs;
        int[] edges = new int[4 * BreadthFirstSearch.UNIT_STATES];
        int edgeCount;
        int[] ownAt = new int[256];
        int owns;
        int[] foreignAt = new int[64];
        long[] foreignWords;
        int foreign;
        /** Entries this unit appended to the next level, the number of its first, and those dropped as lost. */
        int ownEntries;
        int firstOwnNumber;
        int[] droppedOwn = new int[8];
        long[] droppedWords;
        int dropped;

        private final MemoryBudget budget;
        /** Bytes of this buffer's arrays, accounted to the budget. */
        private long reserved;

        UnitEdges(int width, int predicateCount, MemoryBudget budget) {
            this.budget = budget;
            this.width = width;
            account(4L * 4 * BreadthFirstSearch.UNIT_STATES + 9L * BreadthFirstSearch.UNIT_STATES + 4 * 256
                    + 12L * 64 * width + 12L * 8 * width);
            this.widePredicates = predicateCount > 8;
            if (widePredicates) predicateLongs = new long[BreadthFirstSearch.UNIT_STATES];
            else predicateBytes = new byte[BreadthFirstSearch.UNIT_STATES];
            this.foreignWords = new long[64 * width];
            this.droppedWords = new long[8 * width];
        }

        /** Accounts {@code bytes} more to the budget before they are allocated. */
        private void account(long bytes) {
            budget.reserve(bytes, "the search's edge buffers");
            reserved += bytes;
        }

        void releaseMemory() {
            budget.release(reserved);
            reserved = 0;
        }

        void addState(int degree, long predicateBits) {
            if (states == degrees.length) {
                account(states * (4L + (widePredicates ? 8 : 1)));
                degrees = Arrays.copyOf(degrees, states * 2);
                if (widePredicates) predicateLongs = Arrays.copyOf(predicateLongs, states * 2);
                else predicateBytes = Arrays.copyOf(predicateBytes, states * 2);
            }
            degrees[states] = degree;
            if (widePredicates) predicateLongs[states] = predicateBits;
            else predicateBytes[states] = (byte) predicateBits;
            states++;
        }

        long predicates(int k) {
            return widePredicates ? predicateLongs[k] : predicateBytes[k] & 0xFF;
        }

        /** Reserves the next edge's place; returns its position. */
        int nextEdge() {
            if (edgeCount == edges.length) {
                account(4L * edgeCount);
                edges = Arrays.copyOf(edges, edgeCount * 2);
            }
            return edgeCount++;
        }

        /** The edge at {@code at} goes to the state of this unit's next own entry; returns that entry's index. */
        void pendingOwn(int at, int classBits) {
            if (owns == ownAt.length) {
                account(4L * owns);
                ownAt = Arrays.copyOf(ownAt, owns * 2);
            }
            ownAt[owns++] = at;
            edges[at] |= ownEntries++ << classBits;
        }

        /** The edge at {@code at} goes to the state at {@code words[offset..]}, found in this level but not appended here. */
        void pendingForeign(int at, long[] words, int offset) {
            if (foreign == foreignAt.length) {
                account((4L + 8L * width) * foreign);
                foreignAt = Arrays.copyOf(foreignAt, foreign * 2);
                foreignWords = Arrays.copyOf(foreignWords, foreign * 2 * width);
            }
            foreignAt[foreign] = at;
            System.arraycopy(words, offset, foreignWords, foreign * width, width);
            foreign++;
        }

        /** Own entry {@code k}, holding {@code words[offset..]}, was dropped: another unit's parent won its state. In order of k. */
        void dropped(int k, long[] words, int offset, long stateMask) {
            if (dropped == droppedOwn.length) {
                account((4L + 8L * width) * dropped);
                droppedOwn = Arrays.copyOf(droppedOwn, dropped * 2);
                droppedWords = Arrays.copyOf(droppedWords, dropped * 2 * width);
            }
            droppedOwn[dropped] = k;
            System.arraycopy(words, offset, droppedWords, dropped * width, width);
            droppedWords[dropped * width + width - 1] &= stateMask;
            dropped++;
        }

        /**
         * Fills in the pending edges' targets, now that the level's states have their numbers: an
         * own entry that was kept has the number of its place among the unit's kept entries; any
         * other state is looked up in the visited set, a batch at a time.
         */
        void resolve(VisitedTable table, int classBits) {
            int classMask = (1 << classBits) - 1;
            Lookups lookups = new Lookups(table, classBits, width);
            for (int i = 0; i < owns; i++) {
                int at = ownAt[i];
                int k = edges[at] >>> classBits;
                int d = dropped == 0 ? -1 : Arrays.binarySearch(droppedOwn, 0, dropped, k);
                if (d >= 0) {
                    edges[at] &= classMask;
                    lookups.add(at, droppedWords, d * width);
                    continue;
                }
                int before = dropped == 0 ? 0 : -d - 1;
                edges[at] = (edges[at] & classMask) | (firstOwnNumber + k - before) << classBits;
            }
            for (int i = 0; i < foreign; i++) lookups.add(foreignAt[i], foreignWords, i * width);
            lookups.flush();
            owns = 0;
            foreign = 0;
        }

        /** Looks up targets a batch at a time (their slots loaded first) and writes their numbers. */
        private final class Lookups {
            final VisitedTable table;
            final int classBits;
            final int batch = BreadthFirstSearch.BATCH;
            final int[] numbers = new int[batch];
            final int[] at = new int[batch];
            final long[] hashes = new long[batch + 1];
            final long[] words;
            int n;

            Lookups(VisitedTable table, int classBits, int width) {
                this.table = table;
                this.classBits = classBits;
                this.words = new long[batch * width];
            }

            void add(int edgeAt, long[] from, int offset) {
                System.arraycopy(from, offset, words, n * width, width);
                at[n++] = edgeAt;
                if (n == batch) flush();
            }

            void flush() {
                if (n == 0) return;
                hashes[n] = 0;
                table.parentsOf(words, n, numbers, hashes);
                for (int j = 0; j < n; j++) {
                    if (numbers[j] < 0) throw new IllegalStateException("an edge's target was not numbered");
                    edges[at[j]] |= numbers[j] << classBits;
                }
                n = 0;
            }
        }

        void clear() {
            states = 0;
            edgeCount = 0;
            owns = 0;
            foreign = 0;
            ownEntries = 0;
            dropped = 0;
        }
    }
}
