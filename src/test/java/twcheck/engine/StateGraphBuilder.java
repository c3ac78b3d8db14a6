package twcheck.engine;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Builds a {@link StateGraph} edge by edge, for tests: in non-decreasing order of source state,
 * the order in which a breadth-first search expands its states. States without edges (terminal
 * states) need no call: they are the states skipped between sources and those beyond the last
 * source, up to the count given to {@link #build(int)}. The search records its graph directly
 * ({@link GraphRecorder}); nothing in the checker builds one by hand, so this lives with the tests.
 */
public final class StateGraphBuilder {
    /** 16 KiB chunks: built graphs are mostly small. */
    private static final int SMALL_CHUNKS = 12;
    private final MemoryBudget budget = MemoryBudget.unlimited();
    private final IntChunks offsets = new IntChunks(budget, "the graph", SMALL_CHUNKS);
    private final IntChunks targets = new IntChunks(budget, "the graph", SMALL_CHUNKS);
    private final IntChunks classes = new IntChunks(budget, "the graph", SMALL_CHUNKS);
    private IntChunks packed;
    private int lastSource = -1; // offsets[0..lastSource] are final
    private int maxTarget = -1;
    private int maxClass = -1;
    private int[] initial = new int[1];
    private int initialCount;
    private BitSet[] predicates = new BitSet[0];
    private boolean built;

    /** Declares an initial state (several may be declared; duplicates are ignored). */
    public StateGraphBuilder addInitial(int state) {
        check(state >= 0, "negative state");
        for (int i = 0; i < initialCount; i++) {
            if (initial[i] == state) return this;
        }
        if (initialCount == initial.length) initial = Arrays.copyOf(initial, initialCount * 2);
        initial[initialCount++] = state;
        maxTarget = Math.max(maxTarget, state);
        return this;
    }

    /**
     * Adds the edge {@code source -> target} of action class {@code actionClass}. Sources must
     * come in non-decreasing order. Returns the edge's index.
     */
    public int addEdge(int source, int target, int actionClass) {
        check(!built, "already built");
        check(source >= lastSource, "edges must be added in non-decreasing order of source ("
                + source + " after " + lastSource + ")");
        check(target >= 0 && actionClass >= 0, "negative target or class");
        if (source > lastSource) openUpTo(source);
        targets.add(target);
        classes.add(actionClass);
        maxTarget = Math.max(maxTarget, target);
        maxClass = Math.max(maxClass, actionClass);
        return targets.size() - 1;
    }

    /** Marks {@code state} as satisfying state predicate {@code predicate} (any order). */
    public StateGraphBuilder mark(int predicate, int state) {
        check(predicate >= 0 && state >= 0, "negative predicate or state");
        if (predicate >= predicates.length) {
            int old = predicates.length;
            predicates = Arrays.copyOf(predicates, predicate + 1);
            for (int i = old; i < predicates.length; i++) predicates[i] = new BitSet();
        }
        predicates[predicate].set(state);
        maxTarget = Math.max(maxTarget, state);
        return this;
    }

    /** Fixes offsets of states up to {@code source}; the states skipped have no edges. */
    private void openUpTo(int source) {
        while (offsets.size() <= source) offsets.add(targets.size());
        lastSource = source;
    }

    /** Builds a graph over states {@code 0..n-1}, n the smallest number covering every use. */
    public StateGraph build() {
        return build(0);
    }

    /**
     * Builds a graph with at least {@code stateCount} states (more if an edge, mark or initial
     * state names a larger one). The builder cannot be used afterwards.
     */
    public StateGraph build(int stateCount) {
        check(!built, "already built");
        check(initialCount > 0, "no initial state");
        built = true;
        int n = Math.max(stateCount, Math.max(lastSource, maxTarget) + 1);
        while (offsets.size() <= n) offsets.add(targets.size());
        int classCount = maxClass + 1;
        int bits = StateGraph.classBits(classCount);
        check(n <= StateGraph.maxStates(classCount), "too many states (" + n + ") for " + classCount + " action classes");
        packed = new IntChunks(budget, "the graph", SMALL_CHUNKS);
        for (int e = 0; e < targets.size(); e++) packed.add(targets.get(e) << bits | classes.get(e));
        targets.release();
        classes.release();
        return new StateGraph(n, offsets, packed, bits, classCount, Arrays.copyOf(initial, initialCount),
                predicates, null);
    }

    /**
     * Bytes held by the arrays of the graph built (its offsets, packed edges, initial states and
     * predicate bits): what the graph costs, measured on the very arrays it was given.
     */
    public long footprintBytes() {
        check(built, "not built yet");
        long bytes = offsets.bytes() + packed.bytes() + 4L * initialCount;
        for (BitSet p : predicates) bytes += p.size() / 8;
        return bytes;
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
