package twcheck.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * pending and resolved then: by its place among the next level's states if this unit of work
 * appended it there, else by a lookup of its words. The units of a level are expanded in any
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
    /** Every buffer made, pooled or in use, so that all are freed however the search ends. */
    private final List<UnitEdges> all = new ArrayList<>();
    private final MemoryBudget budget;
    /** The sources and edges of the levels appended in full, for the graph of an incomplete search. */
    private int finishedSources;
    private int finishedEdges;

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
        UnitEdges u = new UnitEdges(width, budget);
        synchronized (pool) {
            all.add(u);
        }
        return u;
    }

    /** Checks that the states numbered so far fit the packed edges. */
    void checkCapacity(long states) {
        if (states > maxStates) {
            throw new TooLarge(String.format(java.util.Locale.ROOT, "the state graph for the liveness checks holds at"
                    + " most %,d states with %d action classes", maxStates, recording.classCount()));
        }
    }

    /** More states than the packed edges can name: no amount of memory helps. */
    static final class TooLarge extends MemoryBudget.OutOfBudget {
        TooLarge(String message) {
            super(message);
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
        offsets.prepareNext(); // so that the final offset never needs a chunk (an incomplete search's graph)
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
                    e += unit.degree(k);
                }
                offsets.setAll(firstState[u], scratch, 0, unit.states);
                edges.setAllFrom(firstEdge[u], unit.edgesAddress(), unit.edgeCount);
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
        finishedSources = firstState[n];
        finishedEdges = firstEdge[n];
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

    /**
     * The graph of the levels appended in full when the search ended early: their states' edges,
     * and the numbering of every state numbered ({@code numbered}), for rebuilding traces only (a
     * state of a later level looks as if it had no edges).
     */
    StateGraph buildFinished(int numbered, int initial) {
        try {
            // no chunk is needed unless no level was appended (see prepareNext in append)
            if (offsets.size() <= finishedSources) offsets.resize(finishedSources + 1);
            offsets.set(finishedSources, finishedEdges);
        } catch (MemoryBudget.OutOfBudget e) {
            // then only level 0 was expanded: its traces follow no edges of the graph
        }
        int[] init = new int[initial];
        for (int i = 0; i < initial; i++) init[i] = i;
        levelEnds(numbered);
        int[] starts = levelStarts.stream().mapToInt(Integer::intValue).toArray();
        dropBuffers();
        return new StateGraph(finishedSources, offsets, edges, classBits, recording.classCount(), init, predicates,
                starts);
    }

    /** Drops the buffers kept for reuse (the search is over) and returns their memory to the budget. */
    void dropBuffers() {
        synchronized (pool) {
            for (UnitEdges u : all) u.releaseMemory();
            all.clear();
            pool.clear();
        }
    }

    /**
     * The edges of one unit of work: per source state its degree and predicates, then its edges in
     * order. An edge waiting for its target's number is either to a state this unit appended to the
     * next level (its entry's index is kept in the edge's target bits until resolved) or to another
     * state (its words are kept). Everything lives outside the heap ({@link NativeBuffer}), so that
     * the largest level's buffers do not leave the collector a larger heap for the rest of the run.
     */
    static final class UnitEdges {
        private final int width;
        int states;
        /** Per state: its degree, and its predicate bits (a long each). */
        private final NativeBuffer degrees;
        private final NativeBuffer predicates;
        private final NativeBuffer edges;
        int edgeCount;
        private final NativeBuffer ownAt;
        int owns;
        private final NativeBuffer foreignAt;
        private final NativeBuffer foreignWords;
        int foreign;
        /** Entries this unit appended to the next level, the number of its first, and those dropped as lost. */
        int ownEntries;
        int firstOwnNumber;
        private final NativeBuffer droppedOwn;
        private final NativeBuffer droppedWords;
        int dropped;

        UnitEdges(int width, MemoryBudget budget) {
            this.width = width;
            String what = "the search's edge buffers";
            int unit = BreadthFirstSearch.UNIT_STATES;
            degrees = new NativeBuffer(budget, what, 4L * unit);
            predicates = new NativeBuffer(budget, what, 8L * unit);
            edges = new NativeBuffer(budget, what, 16L * unit);
            ownAt = new NativeBuffer(budget, what, 4L * unit);
            foreignAt = new NativeBuffer(budget, what, 4L * 256);
            foreignWords = new NativeBuffer(budget, what, 8L * 256 * width);
            droppedOwn = new NativeBuffer(budget, what, 64);
            droppedWords = new NativeBuffer(budget, what, 64L * width);
        }

        void releaseMemory() {
            degrees.free();
            predicates.free();
            edges.free();
            ownAt.free();
            foreignAt.free();
            foreignWords.free();
            droppedOwn.free();
            droppedWords.free();
        }

        void addState(int degree, long predicateBits) {
            degrees.ensureInts(states + 1);
            predicates.ensureLongs(states + 1);
            degrees.setInt(states, degree);
            predicates.setLong(states, predicateBits);
            states++;
        }

        int degree(int k) {
            return degrees.getInt(k);
        }

        long predicates(int k) {
            return predicates.getLong(k);
        }

        /** Reserves the next edge's place and writes its class; returns its position. */
        int nextEdge(int actionClass) {
            edges.ensureInts(edgeCount + 1);
            edges.setInt(edgeCount, actionClass);
            return edgeCount++;
        }

        /** Gives the edge at {@code at} its target's number. */
        void target(int at, int number, int classBits) {
            edges.setInt(at, edges.getInt(at) | number << classBits);
        }

        /** Where the edges start, for copying them. */
        long edgesAddress() {
            return edges.intAddress(0);
        }

        /** The edge at {@code at} goes to the state of this unit's next own entry. */
        void pendingOwn(int at, int classBits) {
            ownAt.ensureInts(owns + 1);
            ownAt.setInt(owns++, at);
            target(at, ownEntries++, classBits);
        }

        /** The edge at {@code at} goes to the state at {@code words[offset..]}, found in this level but not appended here. */
        void pendingForeign(int at, long[] words, int offset) {
            foreignAt.ensureInts(foreign + 1);
            foreignWords.ensureLongs((long) (foreign + 1) * width);
            foreignAt.setInt(foreign, at);
            for (int w = 0; w < width; w++) foreignWords.setLong(foreign * width + w, words[offset + w]);
            foreign++;
        }

        /** Own entry {@code k}, holding {@code words[offset..]}, was dropped: another unit's parent won its state. In order of k. */
        void dropped(int k, long[] words, int offset, long stateMask) {
            droppedOwn.ensureInts(dropped + 1);
            droppedWords.ensureLongs((long) (dropped + 1) * width);
            droppedOwn.setInt(dropped, k);
            for (int w = 0; w < width; w++) droppedWords.setLong(dropped * width + w, words[offset + w]);
            droppedWords.setLong(dropped * width + width - 1, words[offset + width - 1] & stateMask);
            dropped++;
        }

        /** The position of own entry {@code k} among the dropped ones (as {@link Arrays#binarySearch}). */
        private int droppedIndex(int k) {
            int lo = 0;
            int hi = dropped - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int v = droppedOwn.getInt(mid);
                if (v < k) lo = mid + 1;
                else if (v > k) hi = mid - 1;
                else return mid;
            }
            return -lo - 1;
        }

        /**
         * Fills in the pending edges' targets, now that the level's states have their numbers: an
         * own entry that was kept has the number of its place among the unit's kept entries; any
         * other state is looked up in the visited set, a batch at a time.
         */
        void resolve(VisitedTable table, int classBits) {
            int classMask = (1 << classBits) - 1;
            Lookups lookups = new Lookups(table, classBits);
            for (int i = 0; i < owns; i++) {
                int at = ownAt.getInt(i);
                int packed = edges.getInt(at);
                int k = packed >>> classBits;
                int d = dropped == 0 ? -1 : droppedIndex(k);
                if (d >= 0) {
                    edges.setInt(at, packed & classMask);
                    lookups.add(at, droppedWords, d * width);
                    continue;
                }
                int before = dropped == 0 ? 0 : -d - 1;
                edges.setInt(at, (packed & classMask) | (firstOwnNumber + k - before) << classBits);
            }
            for (int i = 0; i < foreign; i++) lookups.add(foreignAt.getInt(i), foreignWords, i * width);
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
            final long[] words = new long[batch * width];
            int n;

            Lookups(VisitedTable table, int classBits) {
                this.table = table;
                this.classBits = classBits;
            }

            void add(int edgeAt, NativeBuffer from, int offset) {
                for (int w = 0; w < width; w++) words[n * width + w] = from.getLong(offset + w);
                at[n++] = edgeAt;
                if (n == batch) flush();
            }

            void flush() {
                if (n == 0) return;
                table.parentsOf(words, n, numbers, hashes);
                for (int j = 0; j < n; j++) {
                    if (numbers[j] < 0) throw new IllegalStateException("an edge's target was not numbered");
                    target(at[j], numbers[j], classBits);
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
