package twcheck.engine.liveness;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The explored state graph in compressed sparse row form, compact enough for millions of states:
 * states are {@code 0..n-1} (the search's numbering), the edges leaving state {@code s} are the
 * indices {@code offset(s) .. offset(s+1)-1}, and each edge has a target and an <em>action
 * class</em> (a small non-negative int the caller chooses, e.g. one per kind of action or per
 * timer; fairness constraints and event properties are stated over classes).
 *
 * <p>Memory: one {@code int} per state (offsets) and two per edge (target, class), no object per
 * state or edge; plus one bit per state for each state predicate that is marked and the initial
 * states. An edge's index is stable: it is the position in which {@link Builder#addEdge} received
 * it, so {@code edge - offset(source)} is the ordinal of the edge among its source's edges — if
 * the caller feeds a state's successors in the order its generator emits them, that ordinal names
 * the action (as {@code twcheck.engine.Hit#ordinal} does).
 *
 * <p>Immutable once built; safe to share between threads.
 */
public final class StateGraph {
    private final int stateCount;
    private final int[] offsets; // stateCount + 1 entries
    private final int[] targets;
    private final int[] classes;
    private final int classCount;
    private final int[] initialStates;
    private final BitSet[] predicates;

    private StateGraph(int stateCount, int[] offsets, int[] targets, int[] classes, int classCount,
            int[] initialStates, BitSet[] predicates) {
        this.stateCount = stateCount;
        this.offsets = offsets;
        this.targets = targets;
        this.classes = classes;
        this.classCount = classCount;
        this.initialStates = initialStates;
        this.predicates = predicates;
    }

    public static Builder builder() {
        return new Builder(1024, 4096);
    }

    /** A builder with room for about this many states and edges (it grows when needed). */
    public static Builder builder(int expectedStates, int expectedEdges) {
        return new Builder(expectedStates, expectedEdges);
    }

    public int stateCount() {
        return stateCount;
    }

    public int edgeCount() {
        return offsets[stateCount];
    }

    /** One more than the largest action class used (0 if there are no edges). */
    public int classCount() {
        return classCount;
    }

    /** Index of the first edge leaving {@code state}. */
    public int offset(int state) {
        return offsets[state];
    }

    /** One past the index of the last edge leaving {@code state}. */
    public int end(int state) {
        return offsets[state + 1];
    }

    public int outDegree(int state) {
        return offsets[state + 1] - offsets[state];
    }

    public int target(int edge) {
        return targets[edge];
    }

    public int actionClass(int edge) {
        return classes[edge];
    }

    /** The source of an edge (a binary search over the offsets: meant for traces, not loops). */
    public int source(int edge) {
        if (edge < 0 || edge >= edgeCount()) throw new IndexOutOfBoundsException("edge " + edge);
        int lo = 0;
        int hi = stateCount - 1;
        while (lo < hi) { // the largest s with offsets[s] <= edge
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= edge) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** The position of {@code edge} among the edges of its source (its successor ordinal). */
    public int ordinal(int edge) {
        return edge - offsets[source(edge)];
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

    /** Number of state predicates marked through {@link Builder#mark}. */
    public int predicateCount() {
        return predicates.length;
    }

    /**
     * The states marked with predicate {@code index} (a fresh copy). Use {@code set::get} as an
     * {@link java.util.function.IntPredicate} in a {@link LivenessProperty}.
     */
    public BitSet predicate(int index) {
        return index < predicates.length ? (BitSet) predicates[index].clone() : new BitSet();
    }

    /** Approximate bytes held by the graph's arrays (not counting the JVM's array headers). */
    public long footprintBytes() {
        long bytes = 4L * offsets.length + 4L * targets.length + 4L * classes.length
                + 4L * initialStates.length;
        for (BitSet p : predicates) bytes += p.size() / 8;
        return bytes;
    }

    /**
     * Builds a {@link StateGraph} incrementally, edge by edge, in non-decreasing order of source
     * state — the order in which a breadth-first search expands its states. States without edges
     * (terminal states) need no call: they are the states skipped between sources and those
     * beyond the last source, up to the count given to {@link #build(int)}.
     */
    public static final class Builder {
        private int[] offsets;
        private int[] targets;
        private int[] classes;
        private int edges;
        private int lastSource = -1; // offsets[0..lastSource] are final
        private int maxTarget = -1;
        private int maxClass = -1;
        private int[] initial = new int[1];
        private int initialCount;
        private BitSet[] predicates = new BitSet[0];
        private boolean built;

        private Builder(int expectedStates, int expectedEdges) {
            offsets = new int[Math.max(2, expectedStates + 1)];
            targets = new int[Math.max(1, expectedEdges)];
            classes = new int[Math.max(1, expectedEdges)];
        }

        /** Declares an initial state (several may be declared; duplicates are ignored). */
        public Builder addInitial(int state) {
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
            check(edges < Integer.MAX_VALUE - 8, "too many edges");
            if (source > lastSource) openUpTo(source);
            if (edges == targets.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(16L, edges + (edges >> 1) + 16L));
                targets = Arrays.copyOf(targets, capacity);
                classes = Arrays.copyOf(classes, capacity);
            }
            targets[edges] = target;
            classes[edges] = actionClass;
            maxTarget = Math.max(maxTarget, target);
            maxClass = Math.max(maxClass, actionClass);
            return edges++;
        }

        /** Marks {@code state} as satisfying state predicate {@code predicate} (any order). */
        public Builder mark(int predicate, int state) {
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
            ensureOffsets(source + 2);
            for (int s = lastSource + 1; s <= source; s++) offsets[s] = edges;
            lastSource = source;
        }

        private void ensureOffsets(int length) {
            if (length > offsets.length) {
                long capacity = Math.max(length, (long) offsets.length + (offsets.length >> 1) + 16);
                offsets = Arrays.copyOf(offsets, (int) Math.min(Integer.MAX_VALUE - 8L, capacity));
            }
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
            ensureOffsets(n + 1);
            for (int s = lastSource + 1; s <= n; s++) offsets[s] = edges;
            int[] off = offsets.length == n + 1 ? offsets : Arrays.copyOf(offsets, n + 1);
            offsets = null;
            int[] tgt = targets.length == edges ? targets : Arrays.copyOf(targets, edges);
            targets = null;
            int[] cls = classes.length == edges ? classes : Arrays.copyOf(classes, edges);
            classes = null;
            return new StateGraph(n, off, tgt, cls, maxClass + 1, Arrays.copyOf(initial, initialCount),
                    predicates);
        }

        private static void check(boolean ok, String message) {
            if (!ok) throw new IllegalArgumentException(message);
        }
    }
}
