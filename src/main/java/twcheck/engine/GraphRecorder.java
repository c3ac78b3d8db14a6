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

    GraphRecorder(SearchOptions.GraphRecording recording, int width, MemoryBudget budget) {
        this.recording = recording;
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

    long predicates(long[] state) {
        return recording.predicates().of(state, 0);
    }

    /** A cleared buffer for one unit of work. */
    UnitEdges take() {
        synchronized (pool) {
            UnitEdges u = pool.poll();
            if (u != null) return u;
        }
        return new UnitEdges(width);
    }

    /** Checks that the states numbered so far fit the packed edges. */
    void checkCapacity(long states) {
        if (states > maxStates) {
            throw new MemoryBudget.OutOfBudget("the state graph (at most " + maxStates + " states with "
                    + recording.classCount() + " action classes)");
        }
    }

    /** Appends a unit's edges, offsets and predicates (its sources are the next state numbers) and recycles it. */
    void append(UnitEdges u, int firstId) {
        int e = edges.size();
        for (int k = 0; k < u.states; k++) {
            offsets.add(e);
            e += u.degrees[k];
            for (long bits = u.predicates[k]; bits != 0; bits &= bits - 1) {
                predicates[Long.numberOfTrailingZeros(bits)].set(firstId + k);
            }
        }
        edges.addAll(u.edges, 0, u.edgeCount);
        u.clear();
        synchronized (pool) {
            pool.push(u);
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
        pool.clear();
        return new StateGraph(states, offsets, edges, classBits, recording.classCount(), init, predicates, starts);
    }

    void release() {
        offsets.release();
        edges.release();
        pool.clear();
    }

    /** The edges of one unit of work: per source state its degree and predicates, then its edges in order. */
    static final class UnitEdges {
        private final int width;
        int states;
        int[] degrees = new int[BreadthFirstSearch.UNIT_STATES];
        long[] predicates = new long[BreadthFirstSearch.UNIT_STATES];
        int[] edges = new int[4 * BreadthFirstSearch.UNIT_STATES];
        int edgeCount;
        /** Edges whose target has no number yet: their positions, and the targets' words. */
        int[] pendingAt = new int[256];
        long[] pendingWords;
        int pending;

        UnitEdges(int width) {
            this.width = width;
            this.pendingWords = new long[256 * width];
        }

        void addState(int degree, long predicateBits) {
            if (states == degrees.length) {
                degrees = Arrays.copyOf(degrees, states * 2);
                predicates = Arrays.copyOf(predicates, states * 2);
            }
            degrees[states] = degree;
            predicates[states] = predicateBits;
            states++;
        }

        /** Reserves the next edge's place; returns its position. */
        int nextEdge() {
            if (edgeCount == edges.length) edges = Arrays.copyOf(edges, edgeCount * 2);
            return edgeCount++;
        }

        void pending(int at, long[] words, int offset) {
            if (pending == pendingAt.length) {
                pendingAt = Arrays.copyOf(pendingAt, pending * 2);
                pendingWords = Arrays.copyOf(pendingWords, pending * 2 * width);
            }
            pendingAt[pending] = at;
            System.arraycopy(words, offset, pendingWords, pending * width, width);
            pending++;
        }

        /** Fills in the pending edges' targets, now that the level's states have their numbers. */
        void resolve(VisitedTable table, int classBits) {
            for (int i = 0; i < pending; i++) {
                int number = table.parentOf(pendingWords, i * width);
                if (number < 0) throw new IllegalStateException("an edge's target was not numbered");
                edges[pendingAt[i]] |= number << classBits;
            }
            pending = 0;
        }

        void clear() {
            states = 0;
            edgeCount = 0;
            pending = 0;
        }
    }
}
