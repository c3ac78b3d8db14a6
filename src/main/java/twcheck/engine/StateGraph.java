package twcheck.engine;

import java.util.BitSet;

/**
 * An explored state graph in compressed sparse row form, compact enough for tens of millions of
 * states: states are {@code 0..n-1}, the edges leaving state {@code s} are the indices
 * {@code offset(s) .. end(s)-1}, and each edge has a target and an <em>action class</em> (a small
 * non-negative int the model chooses, e.g. one per kind of action or per timer; fairness
 * constraints are stated over classes).
 *
 * <p>Memory: 4 bytes per state (offsets) and 4 per edge — target and class share one int, the
 * class in its low bits — in fixed-size chunks, with no object per state or edge; plus one bit per
 * state for each state predicate. An edge's index is stable: {@code edge - offset(source)} is the
 * ordinal of the edge among its source's edges, in the order the model generated them, which
 * names the action (as {@link Hit#ordinal} does).
 *
 * <p>A graph recorded by {@link BreadthFirstSearch} is <em>breadth-first numbered</em>: every state
 * is reachable, the initial states are {@code 0..k-1}, and the states of breadth-first level
 * {@code d} (shortest distance {@code d} from an initial state) are the numbers
 * {@code levelStart(d) .. levelStart(d+1)-1}.
 *
 * <p>Immutable once built; safe to share between threads.
 */
public final class StateGraph {
    private final int stateCount;
    private final IntChunks offsets; // stateCount + 1 entries
    private final IntChunks edges; // (target << classBits) | class
    private final int classBits;
    private final int classMask;
    private final int classCount;
    private final int[] initialStates;
    private final BitSet[] predicates;
    private final int[] levelStarts;

    StateGraph(int stateCount, IntChunks offsets, IntChunks edges, int classBits, int classCount,
            int[] initialStates, BitSet[] predicates, int[] levelStarts) {
        this.stateCount = stateCount;
        this.offsets = offsets;
        this.edges = edges;
        this.classBits = classBits;
        this.classMask = (1 << classBits) - 1;
        this.classCount = classCount;
        this.initialStates = initialStates;
        this.predicates = predicates;
        this.levelStarts = levelStarts;
    }

    /** Bits an edge needs for its class when there are {@code classCount} classes. */
    static int classBits(int classCount) {
        return classCount <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(classCount - 1);
    }

    /** The most states a graph with {@code classCount} action classes can have. */
    public static long maxStates(int classCount) {
        return 1L << (32 - classBits(classCount));
    }

    public int stateCount() {
        return stateCount;
    }

    public int edgeCount() {
        return offsets.get(stateCount);
    }

    /** One more than the largest action class used (0 if there are no edges). */
    public int classCount() {
        return classCount;
    }

    /** Index of the first edge leaving {@code state}. */
    public int offset(int state) {
        return offsets.get(state);
    }

    /** One past the index of the last edge leaving {@code state}. */
    public int end(int state) {
        return offsets.get(state + 1);
    }

    public int outDegree(int state) {
        return end(state) - offset(state);
    }

    /** Edge {@code edge} as one int: decode it with {@link #targetOf} and {@link #classOf} (one load for both). */
    public int packed(int edge) {
        return edges.get(edge);
    }

    public int targetOf(int packedEdge) {
        return packedEdge >>> classBits;
    }

    public int classOf(int packedEdge) {
        return packedEdge & classMask;
    }

    public int target(int edge) {
        return edges.get(edge) >>> classBits;
    }

    public int actionClass(int edge) {
        return edges.get(edge) & classMask;
    }

    /** The source of an edge (a binary search over the offsets: meant for traces, not loops). */
    public int source(int edge) {
        if (edge < 0 || edge >= edgeCount()) throw new IndexOutOfBoundsException("edge " + edge);
        int lo = 0;
        int hi = stateCount - 1;
        while (lo < hi) { // the largest s with offset(s) <= edge and an edge
            int mid = (lo + hi + 1) >>> 1;
            if (offsets.get(mid) <= edge) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** The first edge from {@code from} to {@code to}, or -1. */
    public int edgeBetween(int from, int to) {
        for (int e = offset(from), end = end(from); e < end; e++) {
            if (target(e) == to) return e;
        }
        return -1;
    }

    /** The initial states, in the order they were added (a fresh copy). */
    public int[] initialStates() {
        return initialStates.clone();
    }

    public boolean isInitial(int state) {
        for (int s : initialStates) {
            if (s == state) return true;
        }
        return false;
    }

    /** Number of state predicates marked. */
    public int predicateCount() {
        return predicates.length;
    }

    /** The states marked with predicate {@code index} (a fresh copy). */
    public BitSet predicate(int index) {
        return index < predicates.length ? (BitSet) predicates[index].clone() : new BitSet();
    }

    /** Whether state numbers are breadth-first levels (see the class comment). */
    public boolean breadthFirstNumbered() {
        return levelStarts != null;
    }

    /** Breadth-first levels (only for a breadth-first numbered graph). */
    public int levels() {
        return levelStarts.length - 1;
    }

    /** The first state of level {@code depth}; {@code levelStart(levels())} is the state count. */
    public int levelStart(int depth) {
        return levelStarts[depth];
    }

    /** The breadth-first level of {@code state} (only for a breadth-first numbered graph). */
    public int depthOf(int state) {
        int lo = 0;
        int hi = levels() - 1;
        while (lo < hi) { // the last level starting at or before the state
            int mid = (lo + hi + 1) >>> 1;
            if (levelStart(mid) <= state) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /**
     * The edges of the path by which a breadth-first search reaches {@code state} (breadth-first
     * numbered graphs only): each state's parent is the first state of the level before it (by
     * number) with an edge to it, and the step is that state's first such edge — the parent link
     * the search itself keeps. One scan of a level's edges per step, no memory per state.
     */
    public int[] breadthFirstPath(int state) {
        if (!breadthFirstNumbered()) throw new IllegalStateException("the graph is not breadth-first numbered");
        int depth = depthOf(state);
        int[] path = new int[depth];
        int at = state;
        for (int d = depth; d > 0; d--) {
            int edge = -1;
            for (int s = levelStart(d - 1), end = levelStart(d); s < end && edge < 0; s++) edge = edgeBetween(s, at);
            if (edge < 0) throw new IllegalStateException("state " + at + " has no parent in the level before it");
            path[d - 1] = edge;
            at = source(edge);
        }
        return path;
    }

    /** Returns the graph's memory to its budget; the graph must not be used afterwards. */
    public void release() {
        offsets.release();
        edges.release();
    }
}
