package twcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a breadth-first search found: statistics, the first (shortest) transition carrying each
 * label, the first deadlock, and what is kept to rebuild traces: the visited set (state to parent
 * link) and the parent link of every state by number, a few bytes per state.
 *
 * <p>When the search recorded the graph, traces are rebuilt from it ({@link GraphRuns}) and
 * neither the visited set nor parent links are needed for them. Otherwise traces are rebuilt forwards: the chain of parent links gives the state numbers on the path;
 * from each state on it, the successor numbered as the next one is found by regenerating the
 * successors and numbering those whose stored parent is this state, in generation order (the
 * order in which the search numbered them).
 */
public final class SearchResult {
    private final TransitionSystem system;
    private final VisitedTable table;
    private ParentLinks parents;
    private final int initialStates;
    private final Hit[] firstHits;
    private final int firstDeadlock;
    private final int firstDeadlockDepth;
    private final long deadlocks;
    private final long transitions;
    private final int depth;
    private final double seconds;
    private final String incompleteReason;
    private final SearchOptions.Storage storage;
    private final double omissionProbability;
    private final int threads;
    /** The recorded graph, or (search incomplete) the part of it the finished levels make; traces come from it. */
    private StateGraph graph;
    private final MemoryBudget budget;

    SearchResult(TransitionSystem system, VisitedTable table, ParentLinks parents, int initialStates,
            Hit[] firstHits, int firstDeadlock, int firstDeadlockDepth, long deadlocks, long transitions, int depth,
            double seconds, String incompleteReason, SearchOptions.Storage storage, double omissionProbability,
            int threads, StateGraph graph, MemoryBudget budget) {
        this.system = system;
        this.table = table;
        this.parents = parents;
        this.initialStates = initialStates;
        this.firstHits = firstHits;
        this.firstDeadlock = firstDeadlock;
        this.firstDeadlockDepth = firstDeadlockDepth;
        this.deadlocks = deadlocks;
        this.transitions = transitions;
        this.depth = depth;
        this.seconds = seconds;
        this.incompleteReason = incompleteReason;
        this.storage = storage;
        this.omissionProbability = omissionProbability;
        this.threads = threads;
        this.graph = graph;
        this.budget = budget;
        if (graph != null) this.parents = null; // only counted: the graph gives every parent
    }

    /**
     * The state graph recorded by a complete search that was asked to record it, else null: states
     * by their numbers here, breadth-first numbered.
     */
    public StateGraph graph() {
        return complete() ? graph : null; // an incomplete search's graph serves its traces only
    }

    /** Whether traces come from the recorded graph (then the visited set may be released first). */
    public boolean tracesFromGraph() {
        return graph != null;
    }

    /** Frees the recorded graph. */
    public void releaseGraph() {
        if (graph != null) graph.release();
        graph = null;
    }

    /** The memory budget the search ran under; later phases of a check share it. */
    public MemoryBudget budget() {
        return budget;
    }

    /**
     * Frees what is kept to rebuild traces (the visited set, much of it outside the Java heap, and
     * the parent links); the statistics and first hits stay. Traces cannot be rebuilt afterwards.
     */
    public void releaseStates() {
        table.release();
        if (parents != null) parents.release();
        parents = null;
    }

    /** True if every reachable state was explored. */
    public boolean complete() {
        return incompleteReason == null;
    }

    /** Why the search ended early, or {@code null} if it was complete. */
    public String incompleteReason() {
        return incompleteReason;
    }

    public long distinctStates() {
        return table.size();
    }

    /** One per (state, enabled action occurrence) pair that was expanded. */
    public long transitions() {
        return transitions;
    }

    /** Breadth-first eccentricity of the initial states: the deepest level reached. */
    public int depth() {
        return depth;
    }

    public double seconds() {
        return seconds;
    }

    public long deadlocks() {
        return deadlocks;
    }

    /** How visited states were stored. */
    public SearchOptions.Storage storage() {
        return storage;
    }

    /**
     * With hash compaction, an estimate of the probability that two distinct states had the same
     * fingerprint, so that one of them (and what only it leads to) was never explored:
     * {@code n^2 / 2^65} for {@code n} distinct states (birthday bound). 0 with exact storage.
     */
    public double omissionProbability() {
        return omissionProbability;
    }

    /** Worker threads the search ran on. */
    public int threads() {
        return threads;
    }

    /** The first transition carrying label {@code bit}, or {@code null} if none was seen. */
    public Hit firstHit(int bit) {
        return firstHits[bit];
    }

    /** Number of actions leading to the first (shallowest) deadlock, or -1. */
    public int firstDeadlockLength() {
        return firstDeadlockDepth;
    }

    /** The shortest trace ending with the transition of {@code hit}. */
    public Trace traceTo(Hit hit) {
        if (graph != null) return runs().traceTo(hit);
        List<Trace.Step> steps = pathTo(hit.from());
        long[] from = steps.get(steps.size() - 1).state();
        int[] seen = {0};
        Trace.Step[] last = {null};
        system.newSuccessors().successors(from, 0, (action, next, labels) -> {
            if (seen[0]++ == hit.ordinal()) {
                last[0] = new Trace.Step(action, system.describeAction(from, action), next.clone());
            }
        });
        if (last[0] == null) {
            throw new IllegalStateException("the model did not regenerate a recorded successor");
        }
        steps.add(last[0]);
        return new Trace(Collections.unmodifiableList(steps));
    }

    /** The shortest trace to the first deadlocked state, or {@code null} if there is none. */
    public Trace traceToDeadlock() {
        if (graph != null && firstDeadlock >= 0) return runs().pathTo(firstDeadlock);
        return firstDeadlock < 0 ? null : new Trace(Collections.unmodifiableList(pathTo(firstDeadlock)));
    }

    private GraphRuns runs() {
        return new GraphRuns(system, graph);
    }

    /** Rebuilds the path from an initial state to stored state {@code id}, naming each action. */
    private List<Trace.Step> pathTo(int id) {
        if (parents == null) throw new IllegalStateException("the search's states were released");
        List<Integer> ids = new ArrayList<>();
        for (int at = id; at >= 0; at = parents.get(at)) ids.add(at);
        Collections.reverse(ids);
        Successors generator = system.newSuccessors();
        List<Trace.Step> steps = new ArrayList<>();
        List<long[]> initial = distinctInitialStates(generator);
        long[] state = initial.get(ids.get(0)).clone();
        steps.add(Trace.Step.initial(state));
        for (int i = 1; i < ids.size(); i++) {
            int parent = ids.get(i - 1);
            int target = ids.get(i);
            long[] from = state;
            Trace.Step[] step = {null};
            forEachChild(generator, parent, from, (child, action, next) -> {
                if (step[0] == null && child == target) {
                    step[0] = new Trace.Step(action, system.describeAction(from, action), next.clone());
                }
            });
            if (step[0] == null) {
                throw new IllegalStateException("a stored parent link is not a transition of the model");
            }
            steps.add(step[0]);
            state = step[0].state();
        }
        return steps;
    }

    private interface ChildVisitor {
        void visit(int id, int action, long[] next);
    }

    /**
     * Calls {@code visitor} with the number of every successor of state {@code parent} (whose
     * words are {@code from}) that the search numbered as its child, in generation order.
     */
    private void forEachChild(Successors generator, int parent, long[] from, ChildVisitor visitor) {
        int first = parents.firstWithParentAtLeast(parent);
        List<long[]> children = new ArrayList<>();
        generator.successors(from, 0, (action, next, labels) -> {
            if (table.parentOf(next, 0) != parent) return;
            for (long[] c : children) {
                if (Arrays.equals(c, next)) return;
            }
            long[] copy = next.clone();
            children.add(copy);
            visitor.visit(first + children.size() - 1, action, copy);
        });
    }

    private static List<long[]> distinctInitialStates(Successors generator) {
        List<long[]> initial = new ArrayList<>();
        generator.initialStates((action, next, labels) -> {
            for (long[] s : initial) {
                if (Arrays.equals(s, next)) return;
            }
            initial.add(next.clone());
        });
        return initial;
    }
}
