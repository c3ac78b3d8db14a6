package twcheck.engine.liveness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import twcheck.engine.StateGraph;

/**
 * The liveness checker as it was before the search recorded the graph, kept as the oracle of the
 * tests: simple arrays of n ints per step, nothing shared between checks. {@link LivenessChecker}
 * must give the same verdicts and counts and equally short, valid lassos.
 *
 * <p>Checks {@link LivenessProperty liveness properties} on an explored {@link StateGraph} under
 * explicit {@link Fairness fairness constraints}, and builds lasso counterexamples that follow
 * real edges.
 *
 * <h2>What is decided</h2>
 *
 * A <em>run</em> is a path {@code s0 e0 s1 e1 ...} of the graph from an initial state that is
 * either infinite, or (when {@link FiniteRuns#VIOLATE}) finite and maximal: it ends in a state with
 * no outgoing edge. An infinite run is <em>fair</em> when it satisfies every constraint of the
 * check as defined in {@link Fairness} (weak: not "enabled at every position from some point on
 * and never taken"; strong: not "enabled at infinitely many positions and taken finitely often";
 * enabled means an edge of the full graph with a class of the constraint leaves the state). The
 * property holds iff no fair infinite run (and, with {@code VIOLATE}, no finite maximal run) has a
 * premise position that is not discharged (see {@link LivenessProperty}). With no fairness
 * constraints every infinite run counts. The graph is taken to be the whole reachable state space:
 * a state the search did not expand looks like a state without successors, so an incomplete
 * search gives no liveness verdict worth reporting.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>Breadth-first reachability from the initial states; the premise states are counted (for
 *       non-vacuity).
 *   <li>The <em>avoid graph</em>: the non-goal states, and the edges between them whose class is
 *       not a goal class. {@code R} = the states of the avoid graph reachable (in it) from an open
 *       premise state.
 *   <li>Fair sets, Emerson–Lei style: strongly connected components of {@code R} (iterative
 *       Tarjan, no recursion) are examined one by one. A component without an internal edge is
 *       dropped. If for a weak constraint every state of the component enables it and no internal
 *       edge takes it, the component is dropped (every subset fails too). If for a strong
 *       constraint some state enables it and no internal edge takes it, the states enabling it are
 *       removed and the SCCs of what remains are examined again. Otherwise the component is
 *       <em>fair</em>: a closed walk through all its states and edges satisfies every constraint,
 *       and every fair cycle of {@code R} lies in some fair component.
 *   <li>Counterexample: one breadth-first search over (state, phase) pairs — phase 0 on the whole
 *       graph, phase 1 on the avoid graph, switching at an open premise state (or through a premise
 *       step) — gives the shortest stem from an initial state, through an open premise, to a state
 *       of a fair component (or, with {@code VIOLATE}, to a terminal state). The cycle is stitched
 *       inside that component from shortest paths: from the stem's end, repeatedly to the nearest
 *       state or edge that satisfies a constraint not yet satisfied, then back.
 * </ol>
 *
 * Time: O((n + m) · (1 + strong constraints)). Extra memory during a check: about 30 bytes per
 * state (no per-edge memory), freed when the check returns.
 *
 * <p>At most 64 fairness constraints. A checker may be used for several properties, also from
 * several threads at once (each check keeps its working arrays to itself).
 */
final class ReferenceLivenessChecker {
    private static final int UNSEEN = Integer.MIN_VALUE;
    private static final int ROOT = -1;
    private static final int SWITCH = -2;

    private final StateGraph graph;
    private final List<Fairness> fairness;
    private final FiniteRuns finiteRuns;
    private final int n;
    private final long[] classMask; // per action class: the constraints that contain it
    private final long weakBits;
    private final long strongBits;

    ReferenceLivenessChecker(StateGraph graph, List<Fairness> fairness, FiniteRuns finiteRuns) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.fairness = List.copyOf(fairness);
        this.finiteRuns = Objects.requireNonNull(finiteRuns, "finiteRuns");
        if (this.fairness.size() > 64) throw new IllegalArgumentException("at most 64 fairness constraints");
        this.n = graph.stateCount();
        this.classMask = new long[graph.classCount()];
        long weak = 0;
        long strong = 0;
        for (int c = 0; c < this.fairness.size(); c++) {
            Fairness f = this.fairness.get(c);
            if (f.kind() == Fairness.Kind.WEAK) weak |= 1L << c;
            else strong |= 1L << c;
            for (int k = 0; k < classMask.length; k++) {
                if (f.contains(k)) classMask[k] |= 1L << c;
            }
        }
        this.weakBits = weak;
        this.strongBits = strong;
    }

    /** Convenience: one check. */
    public static LivenessResult check(StateGraph graph, LivenessProperty property, List<Fairness> fairness,
            FiniteRuns finiteRuns) {
        return new ReferenceLivenessChecker(graph, fairness, finiteRuns).check(property);
    }

    public LivenessResult check(LivenessProperty property) {
        return new Run(property).run();
    }

    /** The constraints enabled in {@code s}: those with an edge of theirs leaving it. */
    private long enabled(int s) {
        long mask = 0;
        for (int e = graph.offset(s), end = graph.end(s); e < end; e++) mask |= classMask[graph.actionClass(e)];
        return mask;
    }

    /** The state of one check. */
    private final class Run {
        private final LivenessProperty property;
        private final boolean eventually;
        private final BitSet goal = new BitSet();
        private final boolean[] goalClass;
        private final boolean[] premiseClass;
        /** -1: not (or no longer) a candidate; otherwise the id of the region the state is in. */
        private int[] region;
        private final BitSet fairRegions = new BitSet();
        private int nextRegion;
        private long fairCount;

        Run(LivenessProperty property) {
            this.property = Objects.requireNonNull(property, "property");
            this.eventually = property.kind() == LivenessProperty.Kind.EVENTUALLY;
            IntPredicate q = property.goal();
            for (int s = 0; s < n; s++) {
                if (q.test(s)) goal.set(s);
            }
            goalClass = classFlags(property.goalClassesShared());
            premiseClass = classFlags(property.premiseClassesShared());
        }

        private boolean[] classFlags(BitSet set) {
            boolean[] flags = new boolean[graph.classCount()];
            for (int k = 0; k < flags.length; k++) flags[k] = set.get(k);
            return flags;
        }

        /** An edge of the avoid graph (its source is assumed to be a non-goal state). */
        private boolean avoids(int e) {
            return !goalClass[graph.actionClass(e)] && !goal.get(graph.target(e));
        }

        /** A premise step whose obligation is not discharged at once. */
        private boolean openPremiseEdge(int e) {
            int k = graph.actionClass(e);
            return premiseClass[k] && !goalClass[k] && !goal.get(graph.target(e));
        }

        LivenessResult run() {
            // 1. reachability
            BitSet reachable = new BitSet(n);
            int[] queue = new int[n];
            int tail = 0;
            for (int s : graph.initialStates()) {
                if (!reachable.get(s)) {
                    reachable.set(s);
                    queue[tail++] = s;
                }
            }
            for (int head = 0; head < tail; head++) {
                int u = queue[head];
                for (int e = graph.offset(u), end = graph.end(u); e < end; e++) {
                    int t = graph.target(e);
                    if (!reachable.get(t)) {
                        reachable.set(t);
                        queue[tail++] = t;
                    }
                }
            }
            // premise states, and the open ones (which seed R)
            BitSet premise = new BitSet(n);
            BitSet open = new BitSet(n);
            if (eventually) {
                for (int s : graph.initialStates()) {
                    premise.set(s);
                    if (!goal.get(s)) open.set(s);
                }
            } else {
                IntPredicate p = property.premise();
                for (int i = 0; i < tail; i++) {
                    int s = queue[i];
                    if (p.test(s)) {
                        premise.set(s);
                        if (!goal.get(s)) open.set(s);
                    }
                    for (int e = graph.offset(s), end = graph.end(s); e < end; e++) {
                        if (premiseClass[graph.actionClass(e)]) {
                            premise.set(graph.target(e));
                            if (openPremiseEdge(e)) open.set(graph.target(e));
                        }
                    }
                }
            }
            long reachableCount = tail;

            // 2. R: reachable in the avoid graph from an open premise state
            region = new int[n];
            Arrays.fill(region, -1);
            tail = 0;
            for (int s = open.nextSetBit(0); s >= 0; s = open.nextSetBit(s + 1)) {
                region[s] = 0;
                queue[tail++] = s;
            }
            for (int head = 0; head < tail; head++) {
                int u = queue[head];
                for (int e = graph.offset(u), end = graph.end(u); e < end; e++) {
                    int t = graph.target(e);
                    if (region[t] < 0 && avoids(e)) {
                        region[t] = 0;
                        queue[tail++] = t;
                    }
                }
            }
            boolean terminalInR = false;
            if (finiteRuns == FiniteRuns.VIOLATE) {
                for (int i = 0; i < tail && !terminalInR; i++) terminalInR = graph.outDegree(queue[i]) == 0;
            }
            queue = null;
            nextRegion = 1;

            // 3. fair components
            if (tail > 0) findFairComponents();

            Lasso lasso = null;
            if (fairCount > 0 || terminalInR) lasso = counterexample(open);
            if ((fairCount > 0 || terminalInR) && lasso == null) {
                throw new IllegalStateException("a fair component or terminal state was found but not reached");
            }
            return new LivenessResult(property,
                    lasso == null ? LivenessResult.Verdict.HOLDS : LivenessResult.Verdict.VIOLATED, lasso,
                    premise.cardinality(), open.cardinality(), reachableCount, fairCount, fairness, finiteRuns);
        }

        // ---------------------------------------------------------------- fair components

        private int[] index;
        private int[] low;
        private int[] edgePos;
        private int[] callStack;
        private int[] sccStack;
        private boolean[] onStack;
        private int counter;
        private final ArrayDeque<int[]> pending = new ArrayDeque<>();

        private void findFairComponents() {
            index = new int[n];
            Arrays.fill(index, -1);
            low = new int[n];
            edgePos = new int[n];
            callStack = new int[n];
            sccStack = new int[n];
            onStack = new boolean[n];
            tarjan(0, null);
            while (!pending.isEmpty()) {
                int[] states = pending.pop();
                for (int s : states) index[s] = -1;
                tarjan(region[states[0]], states);
            }
            index = low = edgePos = callStack = sccStack = null;
            onStack = null;
        }

        /** Iterative Tarjan over the states of region {@code id} ({@code states}, or all if null). */
        private void tarjan(int id, int[] states) {
            int count = states == null ? n : states.length;
            int sp = 0;
            for (int r = 0; r < count; r++) {
                int root = states == null ? r : states[r];
                if (region[root] != id || index[root] >= 0) continue;
                int depth = 0;
                index[root] = low[root] = counter++;
                edgePos[root] = graph.offset(root);
                sccStack[sp++] = root;
                onStack[root] = true;
                callStack[depth++] = root;
                while (depth > 0) {
                    int v = callStack[depth - 1];
                    if (edgePos[v] < graph.end(v)) {
                        int e = edgePos[v]++;
                        int w = graph.target(e);
                        if (region[w] != id || goalClass[graph.actionClass(e)]) continue;
                        if (index[w] < 0) {
                            index[w] = low[w] = counter++;
                            edgePos[w] = graph.offset(w);
                            sccStack[sp++] = w;
                            onStack[w] = true;
                            callStack[depth++] = w;
                        } else if (onStack[w] && index[w] < low[v]) {
                            low[v] = index[w];
                        }
                    } else {
                        depth--;
                        if (depth > 0) {
                            int u = callStack[depth - 1];
                            if (low[v] < low[u]) low[u] = low[v];
                        }
                        if (low[v] == index[v]) {
                            int from = sp;
                            do {
                                from--;
                                onStack[sccStack[from]] = false;
                            } while (sccStack[from] != v);
                            component(sccStack, from, sp);
                            sp = from;
                        }
                    }
                }
            }
            if (counter > Integer.MAX_VALUE / 2) counter = 0; // indices only compare within a region
        }

        /** Examines one SCC, {@code comp[from..to)}, of the current region. */
        private void component(int[] comp, int from, int to) {
            int id = nextRegion++;
            for (int i = from; i < to; i++) region[comp[i]] = id;
            long any = 0;
            long all = -1L;
            long taken = 0;
            boolean internal = false;
            for (int i = from; i < to; i++) {
                int s = comp[i];
                long en = enabled(s);
                any |= en;
                all &= en;
                for (int e = graph.offset(s), end = graph.end(s); e < end; e++) {
                    if (region[graph.target(e)] == id && !goalClass[graph.actionClass(e)]) {
                        internal = true;
                        taken |= classMask[graph.actionClass(e)];
                    }
                }
            }
            if (!internal || (weakBits & all & ~taken) != 0) {
                for (int i = from; i < to; i++) region[comp[i]] = -1;
                return;
            }
            long bad = strongBits & any & ~taken;
            if (bad == 0) {
                fairRegions.set(id);
                fairCount++;
                return;
            }
            int kept = 0;
            for (int i = from; i < to; i++) {
                if ((enabled(comp[i]) & bad) == 0) kept++;
            }
            if (kept == 0) {
                for (int i = from; i < to; i++) region[comp[i]] = -1;
                return;
            }
            int rest = nextRegion++;
            int[] states = new int[kept];
            int j = 0;
            for (int i = from; i < to; i++) {
                int s = comp[i];
                if ((enabled(s) & bad) == 0) {
                    region[s] = rest;
                    states[j++] = s;
                } else {
                    region[s] = -1;
                }
            }
            pending.push(states);
        }

        private boolean isFair(int s) {
            return region[s] >= 0 && fairRegions.get(region[s]);
        }

        // ---------------------------------------------------------------- counterexample

        private Lasso counterexample(BitSet open) {
            int[] parent = new int[2 * n];
            Arrays.fill(parent, UNSEEN);
            int[] queue = new int[2 * n];
            int tail = 0;
            int found = -1;
            for (int s : graph.initialStates()) {
                if (parent[s] != UNSEEN) continue;
                parent[s] = ROOT;
                queue[tail++] = s;
                if (open.get(s) && (eventually || property.premise().test(s)) && parent[n + s] == UNSEEN) {
                    parent[n + s] = SWITCH;
                    queue[tail++] = n + s;
                    if (isTarget(s)) {
                        found = n + s;
                        break;
                    }
                }
            }
            IntPredicate p = property.premise();
            for (int head = 0; head < tail && found < 0; head++) {
                int node = queue[head];
                if (node < n) {
                    if (eventually) continue;
                    int u = node;
                    for (int e = graph.offset(u), end = graph.end(u); e < end && found < 0; e++) {
                        int t = graph.target(e);
                        if (parent[t] == UNSEEN) {
                            parent[t] = e;
                            queue[tail++] = t;
                            if (p.test(t) && !goal.get(t) && parent[n + t] == UNSEEN) {
                                parent[n + t] = SWITCH;
                                queue[tail++] = n + t;
                                if (isTarget(t)) found = n + t;
                            }
                        }
                        if (found < 0 && openPremiseEdge(e) && parent[n + t] == UNSEEN) {
                            parent[n + t] = -(e + 3);
                            queue[tail++] = n + t;
                            if (isTarget(t)) found = n + t;
                        }
                    }
                } else {
                    int u = node - n;
                    for (int e = graph.offset(u), end = graph.end(u); e < end; e++) {
                        int t = graph.target(e);
                        if (parent[n + t] == UNSEEN && avoids(e)) {
                            parent[n + t] = e;
                            queue[tail++] = n + t;
                            if (isTarget(t)) {
                                found = n + t;
                                break;
                            }
                        }
                    }
                }
            }
            queue = null;
            if (found < 0) return null;

            // walk back: states and edges in reverse
            IntList states = new IntList();
            IntList edges = new IntList();
            int premiseFromEnd = -1;
            int node = found;
            states.add(node % n);
            while (parent[node] != ROOT) {
                int code = parent[node];
                if (code == SWITCH) {
                    premiseFromEnd = states.size() - 1;
                    node -= n;
                } else if (code >= 0) {
                    edges.add(code);
                    node = graph.source(code) + (node >= n ? n : 0);
                    states.add(node % n);
                } else {
                    int e = -code - 3;
                    premiseFromEnd = states.size() - 1;
                    edges.add(e);
                    node = graph.source(e);
                    states.add(node);
                }
            }
            parent = null;
            int[] stemStates = states.reversed();
            int[] stemEdges = edges.reversed();
            int premiseIndex = stemStates.length - 1 - premiseFromEnd;
            int end = found - n;
            if (!isFair(end)) {
                return new Lasso(stemStates, stemEdges, premiseIndex, new int[0], new int[0]);
            }
            int[] cycleEdges = cycle(end);
            int[] cycleStates = new int[cycleEdges.length + 1];
            cycleStates[0] = end;
            for (int i = 0; i < cycleEdges.length; i++) cycleStates[i + 1] = graph.target(cycleEdges[i]);
            return new Lasso(stemStates, stemEdges, premiseIndex, cycleStates, cycleEdges);
        }

        private boolean isTarget(int s) {
            return isFair(s) || (finiteRuns == FiniteRuns.VIOLATE && graph.outDegree(s) == 0);
        }

        /** A closed walk from {@code start} inside its fair component, fair for every constraint. */
        private int[] cycle(int start) {
            int id = region[start];
            long any = 0;
            for (int s = 0; s < n; s++) {
                if (region[s] == id) any |= enabled(s);
            }
            long[] need = {weakBits | (strongBits & any)};
            stamp = new int[n];
            parentEdge = new int[n];
            bfsQueue = new int[n + 1]; // the start may be queued twice (nonEmpty paths)
            IntList walk = new IntList();
            visit(start, need);
            int at = start;
            while (need[0] != 0) {
                long wanted = need[0];
                int[] path = path(id, at, false, x -> (weakBits & wanted & ~enabled(x)) != 0
                        || satisfyingEdge(id, x, wanted) >= 0);
                for (int e : path) take(e, walk, need);
                at = path.length == 0 ? at : graph.target(path[path.length - 1]);
                if ((weakBits & wanted & ~enabled(at)) == 0) {
                    int e = satisfyingEdge(id, at, wanted);
                    take(e, walk, need);
                    at = graph.target(e);
                }
                if (need[0] == wanted) throw new IllegalStateException("no progress building a fair cycle");
            }
            if (at != start || walk.size() == 0) {
                final int target = start;
                for (int e : path(id, at, true, x -> x == target)) walk.add(e);
            }
            stamp = parentEdge = bfsQueue = null;
            return walk.toArray();
        }

        private void visit(int s, long[] need) {
            need[0] &= ~(weakBits & ~enabled(s));
        }

        private void take(int e, IntList walk, long[] need) {
            walk.add(e);
            need[0] &= ~classMask[graph.actionClass(e)];
            visit(graph.target(e), need);
        }

        /** An edge inside region {@code id} from {@code s} taking one of {@code wanted}, or -1. */
        private int satisfyingEdge(int id, int s, long wanted) {
            for (int e = graph.offset(s), end = graph.end(s); e < end; e++) {
                if (region[graph.target(e)] == id && !goalClass[graph.actionClass(e)]
                        && (classMask[graph.actionClass(e)] & wanted) != 0) {
                    return e;
                }
            }
            return -1;
        }

        private int[] stamp;
        private int[] parentEdge;
        private int[] bfsQueue;
        private int currentStamp;

        /**
         * A shortest path (edge indices) inside region {@code id} from {@code from} to the first
         * state satisfying {@code test}; with {@code nonEmpty} it has at least one edge (so it may
         * return to {@code from}).
         */
        private int[] path(int id, int from, boolean nonEmpty, IntPredicate test) {
            int mark = ++currentStamp;
            int tail = 0;
            int found = -1;
            if (!nonEmpty) {
                stamp[from] = mark;
                if (test.test(from)) return new int[0];
            }
            bfsQueue[tail++] = from;
            for (int head = 0; head < tail && found < 0; head++) {
                int u = bfsQueue[head];
                for (int e = graph.offset(u), end = graph.end(u); e < end; e++) {
                    int t = graph.target(e);
                    if (stamp[t] == mark || region[t] != id || goalClass[graph.actionClass(e)]) continue;
                    stamp[t] = mark;
                    parentEdge[t] = e;
                    bfsQueue[tail++] = t;
                    if (test.test(t)) {
                        found = t;
                        break;
                    }
                }
            }
            if (found < 0) throw new IllegalStateException("a fair component is not strongly connected");
            IntList edges = new IntList();
            int node = found;
            do {
                int e = parentEdge[node];
                edges.add(e);
                node = graph.source(e);
            } while (node != from);
            return edges.reversed();
        }
    }

    /** A growable int list (no boxing). */
    private static final class IntList {
        private int[] items = new int[16];
        private int size;

        void add(int v) {
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            items[size++] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }

        int[] reversed() {
            int[] out = new int[size];
            for (int i = 0; i < size; i++) out[i] = items[size - 1 - i];
            return out;
        }
    }
}
