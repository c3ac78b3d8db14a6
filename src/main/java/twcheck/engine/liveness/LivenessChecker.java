package twcheck.engine.liveness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import twcheck.engine.MemoryBudget;
import twcheck.engine.NativeInts;
import twcheck.engine.StateGraph;

/**
 * Checks {@link LivenessProperty liveness properties} on a {@link StateGraph} under explicit
 * {@link Fairness fairness constraints}, and builds lasso counterexamples that follow real edges.
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
 * a state the search did not expand looks like a state without successors, so only the graph of a
 * complete search gives a verdict worth reporting.
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>The premise states are counted over the reachable states (for non-vacuity); the
 *       <em>open</em> ones (premise, not goal) seed the search.
 *   <li>The <em>avoid graph</em>: the non-goal states, and the edges between them whose class is
 *       not a goal class. {@code R} = the states of the avoid graph reachable in it from an open
 *       state.
 *   <li>Fair sets, Emerson–Lei style: one iterative Tarjan search from the open states along
 *       avoid edges visits exactly {@code R} and yields its strongly connected components. A
 *       component without an internal edge is dropped. If for a weak constraint every state of the
 *       component enables it and no internal edge takes it, the component is dropped (every subset
 *       fails too). If for a strong constraint some state enables it and no internal edge takes it,
 *       the states enabling it are removed and the components of what remains are examined again.
 *       Otherwise the component is <em>fair</em>: a closed walk through all its states and edges
 *       satisfies every constraint, and every fair cycle of {@code R} lies in a fair component.
 *   <li>Counterexample: the shortest stem from an initial state, through an open premise, to a
 *       state of a fair component (or, with {@code VIOLATE}, to a terminal state of {@code R}): a
 *       breadth-first search of the avoid graph whose sources are the open premise states, each
 *       entering at its own breadth-first depth in the whole graph (so the stem's length is the
 *       depth of the premise plus the avoiding path); the part before the premise is a shortest
 *       path of the whole graph. The cycle is stitched inside the component from shortest paths:
 *       from the stem's end, repeatedly to the nearest state or edge that satisfies a constraint
 *       not yet satisfied, then back.
 * </ol>
 *
 * Time: O((n + m) · (1 + strong constraints)). Memory during a check: one int per state for the
 * component search (then freed), one int per state for the stem's search, a few bits per state, and
 * stacks as deep as the search goes; everything is accounted to the {@link MemoryBudget} given
 * (an {@link MemoryBudget.OutOfBudget} ends the check) and freed when it returns. A graph that is
 * {@linkplain StateGraph#breadthFirstNumbered breadth-first numbered} needs no search of its own
 * for the depths; another is searched once per checker, and that is shared by its checks.
 *
 * <p>At most 64 fairness constraints. A checker may be used for several properties, also from
 * several threads at once (each check keeps its working arrays to itself).
 */
public final class LivenessChecker {
    private static final int UNSEEN = Integer.MIN_VALUE;
    private static final int SWITCH = -2;
    private static final int POLL_EVERY = 4096;

    private final StateGraph graph;
    private final List<Fairness> fairness;
    private final FiniteRuns finiteRuns;
    private final int n;
    private final long[] classMask; // per action class: the constraints that contain it
    private final long weakBits;
    private final long strongBits;
    private final BooleanSupplier cancelled;
    private final MemoryBudget budget;
    private final Progress progress;
    private Layers layers;

    /** Reports how far a check has got: the phase, and work done of the known total. */
    @FunctionalInterface
    public interface Progress {
        void report(String phase, long done, long total);
    }

    /** The check was cancelled (its cancellation flag was raised). */
    public static final class Cancelled extends RuntimeException {
        public Cancelled() {
            super("interrupted", null, false, false);
        }
    }

    public LivenessChecker(StateGraph graph, List<Fairness> fairness, FiniteRuns finiteRuns) {
        this(graph, fairness, finiteRuns, () -> false, MemoryBudget.unlimited(), null);
    }

    /**
     * @param cancelled polled now and then; when it returns true the check throws {@link Cancelled}
     * @param budget the memory the check's working arrays are accounted to
     * @param progress told now and then how far a check has got; may be null
     */
    public LivenessChecker(StateGraph graph, List<Fairness> fairness, FiniteRuns finiteRuns,
            BooleanSupplier cancelled, MemoryBudget budget, Progress progress) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.fairness = List.copyOf(fairness);
        this.finiteRuns = Objects.requireNonNull(finiteRuns, "finiteRuns");
        this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.progress = progress;
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
        return new LivenessChecker(graph, fairness, finiteRuns).check(property);
    }

    /**
     * Bytes one check may hold at once on this graph, beyond its stacks: what a caller weighs before
     * running several checks side by side.
     */
    public long bytesPerCheck() {
        return 8L * n + 6L * (n / 8 + 64);
    }

    public LivenessResult check(LivenessProperty property) {
        Layers l = layers();
        Run run = new Run(property, l);
        try {
            return run.run();
        } finally {
            run.releaseAll();
        }
    }

    /** The constraints enabled in {@code s}: those with an edge of theirs leaving it. */
    private long enabled(int s) {
        long mask = 0;
        for (int e = graph.offset(s), end = graph.end(s); e < end; e++) mask |= classMask[graph.actionClass(e)];
        return mask;
    }

    private synchronized Layers layers() {
        if (layers == null) layers = graph.breadthFirstNumbered() ? new Layers() : Layers.of(graph, budget);
        return layers;
    }

    /**
     * The breadth-first levels of the whole graph from its initial states: which states are reachable,
     * in what order, at which depth. For a breadth-first numbered graph they are the numbering itself.
     */
    private static final class Layers {
        /** Reachable states in breadth-first order, or null for the identity. */
        final int[] order;
        /** Depth of each state (-1: unreachable), or null for a numbered graph. */
        final int[] depth;
        /** Where each level starts in the order. */
        final int[] levelStart;
        final StateGraph numbered;

        Layers() {
            this.order = null;
            this.depth = null;
            this.levelStart = null;
            this.numbered = null;
        }

        private Layers(int[] order, int[] depth, int[] levelStart) {
            this.order = order;
            this.depth = depth;
            this.levelStart = levelStart;
            this.numbered = null;
        }

        static Layers of(StateGraph g, MemoryBudget budget) {
            int n = g.stateCount();
            budget.reserve(8L * n, "the breadth-first levels of the graph");
            int[] depth = new int[n];
            Arrays.fill(depth, -1);
            int[] queue = new int[n];
            int tail = 0;
            for (int s : g.initialStates()) {
                if (depth[s] < 0) {
                    depth[s] = 0;
                    queue[tail++] = s;
                }
            }
            List<Integer> starts = new ArrayList<>(List.of(0));
            int levelEnd = tail;
            for (int head = 0; head < tail; head++) {
                if (head == levelEnd) {
                    starts.add(head);
                    levelEnd = tail;
                }
                int u = queue[head];
                for (int e = g.offset(u), end = g.end(u); e < end; e++) {
                    int t = g.target(e);
                    if (depth[t] < 0) {
                        depth[t] = depth[u] + 1;
                        queue[tail++] = t;
                    }
                }
            }
            starts.add(tail);
            return new Layers(Arrays.copyOf(queue, tail), depth,
                    starts.stream().mapToInt(Integer::intValue).toArray());
        }

        int reachable(StateGraph g) {
            return order == null ? g.stateCount() : order.length;
        }

        int levels(StateGraph g) {
            return order == null ? g.levels() : levelStart.length - 1;
        }

        /** Position in the order where level {@code d} starts. */
        int begin(StateGraph g, int d) {
            return order == null ? g.levelStart(d) : levelStart[d];
        }

        int at(int i) {
            return order == null ? i : order[i];
        }

        /** The breadth-first depth of a reachable state. */
        int depth(StateGraph g, int s) {
            return order == null ? g.depthOf(s) : depth[s];
        }
    }

    /** A stack (or list) of ints that grows by doubling, its memory accounted to the budget. */
    private final class IntStack {
        private final String what;
        int[] items = new int[64];
        int size;
        private long reserved;

        IntStack(String what) {
            this.what = what;
        }

        void push(int v) {
            if (size == items.length) grow();
            items[size++] = v;
        }

        int pop() {
            return items[--size];
        }

        private void grow() {
            long bytes = 4L * items.length;
            budget.reserve(2 * bytes, what);
            try {
                items = Arrays.copyOf(items, items.length * 2);
            } catch (OutOfMemoryError e) {
                budget.release(2 * bytes);
                throw new MemoryBudget.OutOfBudget(what + " (the heap is exhausted)");
            }
            budget.release(bytes);
            reserved += bytes;
        }

        void release() {
            budget.release(reserved);
            reserved = 0;
            items = new int[0];
            size = 0;
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

    /** The state of one check. */
    private final class Run {
        private final LivenessProperty property;
        private final Layers layers;
        private final boolean eventually;
        private final BitSet goal;
        private final boolean[] goalClass;
        private final boolean[] premiseClass;
        private final boolean anyPremiseClass;
        private final List<Runnable> releases = new ArrayList<>();
        private final BitSet fair = new BitSet();
        private long fairCount;
        private boolean terminalInR;
        private long polled;

        Run(LivenessProperty property, Layers layers) {
            this.property = Objects.requireNonNull(property, "property");
            this.layers = layers;
            this.eventually = property.kind() == LivenessProperty.Kind.EVENTUALLY;
            reserve(4L * (n / 8 + 64), "the liveness check's state sets");
            try {
                goal = new BitSet(n);
            } catch (OutOfMemoryError e) {
                releaseAll(); // the caller never sees this run to release it
                throw new MemoryBudget.OutOfBudget("the liveness check's state sets (the heap is exhausted)");
            }
            IntPredicate q = property.goal();
            for (int s = 0; s < n; s++) {
                if (q.test(s)) goal.set(s);
            }
            goalClass = classFlags(property.goalClassesShared());
            premiseClass = classFlags(property.premiseClassesShared());
            boolean any = false;
            for (boolean b : premiseClass) any |= b;
            anyPremiseClass = any;
        }

        private void reserve(long bytes, String what) {
            budget.reserve(bytes, what);
            releases.add(() -> budget.release(bytes));
        }

        void releaseAll() {
            for (Runnable r : releases) r.run();
            releases.clear();
        }

        private void poll(String phase, long done, long total) {
            if ((++polled & (POLL_EVERY - 1)) != 0) return;
            if (cancelled.getAsBoolean()) throw new Cancelled();
            if (progress != null) progress.report(property.name() + ", " + phase, done, total);
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
            // 1. premise states, and the open ones (which seed R)
            BitSet premise = new BitSet(n);
            BitSet open = new BitSet(n);
            int reachable = layers.reachable(graph);
            if (eventually) {
                for (int s : graph.initialStates()) {
                    premise.set(s);
                    if (!goal.get(s)) open.set(s);
                }
            } else {
                IntPredicate p = property.premise();
                for (int i = 0; i < reachable; i++) {
                    int s = layers.at(i);
                    if (p.test(s)) {
                        premise.set(s);
                        if (!goal.get(s)) open.set(s);
                    }
                    if (!anyPremiseClass) continue;
                    for (int e = graph.offset(s), end = graph.end(s); e < end; e++) {
                        if (premiseClass[graph.actionClass(e)]) {
                            premise.set(graph.target(e));
                            if (openPremiseEdge(e)) open.set(graph.target(e));
                        }
                    }
                }
            }

            // 2-3. R and its fair components
            new Components().findFair(open);

            Lasso lasso = null;
            if (fairCount > 0 || terminalInR) {
                lasso = counterexample(open);
                if (lasso == null) throw new IllegalStateException("a fair component or terminal state was found but not reached");
            }
            return new LivenessResult(property,
                    lasso == null ? LivenessResult.Verdict.HOLDS : LivenessResult.Verdict.VIOLATED, lasso,
                    premise.cardinality(), open.cardinality(), reachable, fairCount, fairness, finiteRuns);
        }

        // ---------------------------------------------------------------- fair components

        /**
         * Iterative Tarjan with one int per state: 0 unvisited, positive the search index of a
         * state still on the component stack, negative {@code -c} once the state is in component c.
         * The low links live in the frames of the states on the search path only.
         */
        private final class Tarjan implements AutoCloseable {
            final NativeInts index;
            final IntStack pathStates;
            final IntStack pathEdges;
            final IntStack pathLow;
            final IntStack stack;
            int nextComponent = 1;

            Tarjan(String what) {
                index = new NativeInts(n, budget, what);
                pathStates = new IntStack(what);
                pathEdges = new IntStack(what);
                pathLow = new IntStack(what);
                stack = new IntStack(what);
            }

            /** Which edges the search follows: a packed edge and its target. */
            interface Follow {
                boolean admits(int packedEdge, int target);
            }

            /** Told of each component found, {@code stack.items[from..to)}, numbered {@code id}; true ends the search. */
            interface Found {
                boolean component(int id, int from, int to);
            }

            /** The components reachable from {@code root} along the edges {@code follow} admits. */
            void search(int root, Follow follow, java.util.function.IntConsumer entered, Found found) {
                int counter = 1; // no state is on the stack between searches, so indices may start again
                enter(root, counter++, entered);
                while (pathStates.size > 0) {
                    int d = pathStates.size - 1;
                    int v = pathStates.items[d];
                    int e = pathEdges.items[d];
                    if (e < graph.end(v)) {
                        pathEdges.items[d] = e + 1;
                        int edge = graph.packed(e);
                        int w = graph.targetOf(edge);
                        if (!follow.admits(edge, w)) continue;
                        int iw = index.get(w);
                        if (iw == 0) enter(w, counter++, entered);
                        else if (iw > 0 && iw < pathLow.items[d]) pathLow.items[d] = iw;
                    } else {
                        int low = pathLow.pop();
                        pathStates.pop();
                        pathEdges.pop();
                        if (d > 0 && low < pathLow.items[d - 1]) pathLow.items[d - 1] = low;
                        if (low == index.get(v)) {
                            int from = stack.size;
                            do {
                                from--;
                            } while (stack.items[from] != v);
                            int id = nextComponent++;
                            for (int i = from; i < stack.size; i++) index.set(stack.items[i], -id);
                            if (found.component(id, from, stack.size)) return;
                            stack.size = from;
                        }
                    }
                }
            }

            private void enter(int w, int number, java.util.function.IntConsumer entered) {
                index.set(w, number);
                pathStates.push(w);
                pathEdges.push(graph.offset(w));
                pathLow.push(number);
                stack.push(w);
                entered.accept(w);
            }

            @Override
            public void close() {
                index.free();
                pathStates.release();
                pathEdges.release();
                pathLow.release();
                stack.release();
            }
        }

        /** R's components, examined for fairness as they are found (see the class comment, step 3). */
        private final class Components {
            final ArrayList<int[]> pending = new ArrayList<>();
            final BitSet subset = new BitSet();
            long visited;
            Tarjan tarjan;

            void findFair(BitSet open) {
                try (Tarjan t = new Tarjan("the liveness check's component search")) {
                    tarjan = t;
                    // at the top level the search follows edges into non-goal states: it visits R
                    Tarjan.Follow avoid = (edge, w) -> !goalClass[graph.classOf(edge)] && !goal.get(w);
                    java.util.function.IntConsumer entered = w -> {
                        if (finiteRuns == FiniteRuns.VIOLATE && graph.outDegree(w) == 0) terminalInR = true;
                        poll("fair cycles", ++visited, n);
                    };
                    for (int s = open.nextSetBit(0); s >= 0; s = open.nextSetBit(s + 1)) {
                        if (t.index.get(s) == 0) t.search(s, avoid, entered, this::component);
                    }
                    Tarjan.Follow inside = (edge, w) -> !goalClass[graph.classOf(edge)] && subset.get(w);
                    java.util.function.IntConsumer counted = w -> poll("fair cycles", ++visited, n);
                    while (!pending.isEmpty()) {
                        int[] states = pending.remove(pending.size() - 1);
                        for (int s : states) {
                            t.index.set(s, 0);
                            subset.set(s);
                        }
                        for (int s : states) {
                            if (t.index.get(s) == 0) t.search(s, inside, counted, this::component);
                        }
                        for (int s : states) subset.clear(s);
                    }
                }
            }

            private boolean selfLoop(int s) {
                for (int e = graph.offset(s), end = graph.end(s); e < end; e++) {
                    int edge = graph.packed(e);
                    if (graph.targetOf(edge) == s && !goalClass[graph.classOf(edge)]) return true;
                }
                return false;
            }

            /** Examines one component, {@code stack.items[from..to)}, numbered {@code id}. */
            private boolean component(int id, int from, int to) {
                int[] comp = tarjan.stack.items;
                NativeInts index = tarjan.index;
                if (to - from == 1 && !selfLoop(comp[from])) return false; // most components: one state, no cycle
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
                        int k = graph.actionClass(e);
                        if (!goalClass[k] && index.get(graph.target(e)) == -id) {
                            internal = true;
                            taken |= classMask[k];
                        }
                    }
                }
                if (!internal || (weakBits & all & ~taken) != 0) return false;
                long bad = strongBits & any & ~taken;
                if (bad == 0) {
                    for (int i = from; i < to; i++) fair.set(comp[i]);
                    fairCount++;
                    return false;
                }
                int kept = 0;
                for (int i = from; i < to; i++) {
                    if ((enabled(comp[i]) & bad) == 0) kept++;
                }
                if (kept == 0) return false;
                int[] states = new int[kept];
                int j = 0;
                for (int i = from; i < to; i++) {
                    if ((enabled(comp[i]) & bad) == 0) states[j++] = comp[i];
                }
                pending.add(states);
                return false;
            }
        }

        private boolean isTarget(int s) {
            return fair.get(s) || (finiteRuns == FiniteRuns.VIOLATE && graph.outDegree(s) == 0);
        }

        // ---------------------------------------------------------------- counterexample

        /**
         * The shortest stem: a breadth-first search of the avoid graph in which each open premise
         * state enters at its depth in the whole graph (a premise step's target one level after its
         * source), so that the first target found ends a shortest stem.
         */
        private Lasso counterexample(BitSet open) {
            NativeInts parent = new NativeInts(n, budget, "the liveness check's stem search");
            IntStack queue = new IntStack("the liveness check's stem search");
            int found = -1;
            try {
                parent.fill(UNSEEN);
                int levels = layers.levels(graph);
                IntPredicate p = property.premise();
                int head = 0;
                for (int k = 0; found < 0; k++) {
                    // the sources at distance k: open premise states of depth k, premise steps from depth k-1
                    if (k < levels) {
                        for (int i = layers.begin(graph, k), end = layers.begin(graph, k + 1); i < end && found < 0; i++) {
                            int s = layers.at(i);
                            if (!open.get(s) || parent.get(s) != UNSEEN) continue;
                            if (eventually ? !graph.isInitial(s) : !p.test(s)) continue;
                            parent.set(s, SWITCH);
                            queue.push(s);
                            if (isTarget(s)) found = s;
                        }
                    }
                    if (anyPremiseClass && !eventually && k >= 1 && k - 1 < levels) {
                        for (int i = layers.begin(graph, k - 1), end = layers.begin(graph, k); i < end && found < 0; i++) {
                            int u = layers.at(i);
                            for (int e = graph.offset(u), last = graph.end(u); e < last && found < 0; e++) {
                                int t = graph.target(e);
                                if (!openPremiseEdge(e) || parent.get(t) != UNSEEN) continue;
                                parent.set(t, -(e + 3));
                                queue.push(t);
                                if (isTarget(t)) found = t;
                            }
                        }
                    }
                    if (found >= 0) break;
                    int end = queue.size;
                    if (head == end && k >= levels) break;
                    // expand distance k: its successors in the avoid graph are at distance k + 1
                    for (; head < end && found < 0; head++) {
                        int u = queue.items[head];
                        poll("counterexample", head, n);
                        for (int e = graph.offset(u), last = graph.end(u); e < last; e++) {
                            int edge = graph.packed(e);
                            int t = graph.targetOf(edge);
                            if (parent.get(t) == UNSEEN && !goalClass[graph.classOf(edge)] && !goal.get(t)) {
                                parent.set(t, e);
                                queue.push(t);
                                if (isTarget(t)) {
                                    found = t;
                                    break;
                                }
                            }
                        }
                    }
                }
                if (found < 0) return null;
                return stem(found, parent);
            } finally {
                parent.free();
                queue.release();
            }
        }

        /** The lasso whose stem ends at {@code found}, from the stem search's parent codes. */
        private Lasso stem(int found, NativeInts parent) {
            IntStack states = new IntStack("the counterexample");
            IntStack edges = new IntStack("the counterexample");
            int node = found;
            states.push(node);
            while (parent.get(node) >= 0) {
                int e = parent.get(node);
                edges.push(e);
                node = graph.source(e);
                states.push(node);
            }
            int premiseFromStart;
            int before = node; // the last state of the part before the premise
            if (parent.get(node) != SWITCH) { // entered through a premise step
                int e = -parent.get(node) - 3;
                edges.push(e);
                before = graph.source(e);
            }
            int[] afterStates = states.reversed();
            int[] afterEdges = edges.reversed();
            int[] prefix = shortestPath(before);
            boolean viaStep = afterEdges.length > afterStates.length - 1;
            int[] stemStates = new int[prefix.length + 1 + afterStates.length - (viaStep ? 0 : 1)];
            int[] stemEdges = new int[prefix.length + afterEdges.length];
            int at = pathStart(prefix, before);
            stemStates[0] = at;
            for (int i = 0; i < prefix.length; i++) {
                stemEdges[i] = prefix[i];
                stemStates[i + 1] = graph.target(prefix[i]);
            }
            premiseFromStart = prefix.length + (viaStep ? 1 : 0);
            for (int i = 0; i < afterEdges.length; i++) {
                stemEdges[prefix.length + i] = afterEdges[i];
                stemStates[prefix.length + i + 1] = graph.target(afterEdges[i]);
            }
            states.release();
            edges.release();
            int end = found;
            if (!fair.get(end)) {
                return new Lasso(stemStates, stemEdges, premiseFromStart, new int[0], new int[0]);
            }
            int[] cycleEdges = new Cycle(end).build();
            int[] cycleStates = new int[cycleEdges.length + 1];
            cycleStates[0] = end;
            for (int i = 0; i < cycleEdges.length; i++) cycleStates[i + 1] = graph.target(cycleEdges[i]);
            return new Lasso(stemStates, stemEdges, premiseFromStart, cycleStates, cycleEdges);
        }

        private int pathStart(int[] path, int end) {
            return path.length == 0 ? end : graph.source(path[0]);
        }

        /**
         * A shortest path of the whole graph from an initial state to {@code target} (its edges):
         * each step back goes to the first state of the level before (in breadth-first order) with
         * an edge to the current one, as a breadth-first search would have found it.
         */
        private int[] shortestPath(int target) {
            int[] path = new int[layers.depth(graph, target)];
            int at = target;
            for (int d = path.length; d > 0; d--) {
                int edge = -1;
                for (int i = layers.begin(graph, d - 1), end = layers.begin(graph, d); i < end && edge < 0; i++) {
                    edge = graph.edgeBetween(layers.at(i), at);
                }
                if (edge < 0) throw new IllegalStateException("state " + at + " has no predecessor in the level before");
                path[d - 1] = edge;
                at = graph.source(edge);
            }
            return path;
        }

        /**
         * A closed walk from {@code start} inside its fair component, fair for every constraint. The
         * component is found again as the strongly connected component of {@code start} among the
         * fair states (fair components are never mutually reachable), and its states are numbered
         * locally by their position in the sorted member list.
         */
        private final class Cycle {
            final int start;
            final int[] members;
            final int[] stamp;
            final int[] parentEdge;
            final int[] queue;
            int currentStamp;

            Cycle(int start) {
                this.start = start;
                this.members = componentOf(start);
                int m = members.length;
                reserve(12L * m + 4, "the counterexample's cycle");
                stamp = new int[m];
                parentEdge = new int[m];
                queue = new int[m + 1]; // the start may be queued twice (nonEmpty paths)
            }

            private int local(int s) {
                return Arrays.binarySearch(members, s);
            }

            private boolean inside(int e) {
                return !goalClass[graph.actionClass(e)] && local(graph.target(e)) >= 0;
            }

            int[] build() {
                long any = 0;
                for (int s : members) any |= enabled(s);
                long[] need = {weakBits | (strongBits & any)};
                IntStack walk = new IntStack("the counterexample's cycle");
                try {
                    visit(start, need);
                    int at = start;
                    while (need[0] != 0) {
                        long wanted = need[0];
                        int[] path = path(at, false, x -> (weakBits & wanted & ~enabled(x)) != 0
                                || satisfyingEdge(x, wanted) >= 0);
                        for (int e : path) take(e, walk, need);
                        at = path.length == 0 ? at : graph.target(path[path.length - 1]);
                        if ((weakBits & wanted & ~enabled(at)) == 0) {
                            int e = satisfyingEdge(at, wanted);
                            take(e, walk, need);
                            at = graph.target(e);
                        }
                        if (need[0] == wanted) throw new IllegalStateException("no progress building a fair cycle");
                    }
                    if (at != start || walk.size == 0) {
                        for (int e : path(at, true, x -> x == start)) walk.push(e);
                    }
                    int[] result = walk.toArray();
                    return result;
                } finally {
                    walk.release();
                }
            }

            private void visit(int s, long[] need) {
                need[0] &= ~(weakBits & ~enabled(s));
            }

            private void take(int e, IntStack walk, long[] need) {
                walk.push(e);
                need[0] &= ~classMask[graph.actionClass(e)];
                visit(graph.target(e), need);
            }

            /** An edge inside the component from {@code s} taking one of {@code wanted}, or -1. */
            private int satisfyingEdge(int s, long wanted) {
                for (int e = graph.offset(s), end = graph.end(s); e < end; e++) {
                    if (inside(e) && (classMask[graph.actionClass(e)] & wanted) != 0) return e;
                }
                return -1;
            }

            /**
             * A shortest path (edge indices) inside the component from {@code from} to the first
             * state satisfying {@code test}; with {@code nonEmpty} it has at least one edge (so it
             * may return to {@code from}).
             */
            private int[] path(int from, boolean nonEmpty, IntPredicate test) {
                int mark = ++currentStamp;
                int tail = 0;
                int found = -1;
                if (!nonEmpty) {
                    stamp[local(from)] = mark;
                    if (test.test(from)) return new int[0];
                }
                queue[tail++] = from;
                for (int head = 0; head < tail && found < 0; head++) {
                    int u = queue[head];
                    for (int e = graph.offset(u), end = graph.end(u); e < end; e++) {
                        if (!inside(e)) continue;
                        int t = graph.target(e);
                        int lt = local(t);
                        if (stamp[lt] == mark) continue;
                        stamp[lt] = mark;
                        parentEdge[lt] = e;
                        queue[tail++] = t;
                        if (test.test(t)) {
                            found = t;
                            break;
                        }
                    }
                }
                if (found < 0) throw new IllegalStateException("a fair component is not strongly connected");
                IntStack edges = new IntStack("the counterexample's cycle");
                int node = found;
                do {
                    int e = parentEdge[local(node)];
                    edges.push(e);
                    node = graph.source(e);
                } while (node != from);
                int[] result = edges.reversed();
                edges.release();
                return result;
            }
        }

        /** The states of the strongly connected component of {@code start} among the fair states, sorted. */
        private int[] componentOf(int start) {
            try (Tarjan t = new Tarjan("the counterexample's cycle")) {
                int[][] members = {null};
                t.search(start, (edge, w) -> !goalClass[graph.classOf(edge)] && fair.get(w), w -> { },
                        (id, from, to) -> {
                            if (t.index.get(start) != -id) return false;
                            members[0] = Arrays.copyOfRange(t.stack.items, from, to);
                            return true;
                        });
                if (members[0] == null) throw new IllegalStateException("the start of a fair cycle has no component");
                Arrays.sort(members[0]);
                return members[0];
            }
        }
    }

    /** Names of the constraints, for reports. */
    public List<String> fairnessNames() {
        List<String> names = new ArrayList<>();
        for (Fairness f : fairness) names.add(f.name());
        return names;
    }
}
