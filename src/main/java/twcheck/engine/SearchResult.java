package twcheck.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a breadth-first search found: statistics, the first (shortest) transition carrying each
 * label, the first deadlock, and the stored states to rebuild traces from.
 */
public final class SearchResult {
    private final TransitionSystem system;
    private final StateStore store;
    private final Hit[] firstHits;
    private final int firstDeadlock;
    private final int firstDeadlockDepth;
    private final long deadlocks;
    private final long transitions;
    private final int depth;
    private final double seconds;
    private final String incompleteReason;

    SearchResult(TransitionSystem system, StateStore store, Hit[] firstHits, int firstDeadlock,
            int firstDeadlockDepth, long deadlocks, long transitions, int depth, double seconds,
            String incompleteReason) {
        this.system = system;
        this.store = store;
        this.firstHits = firstHits;
        this.firstDeadlock = firstDeadlock;
        this.firstDeadlockDepth = firstDeadlockDepth;
        this.deadlocks = deadlocks;
        this.transitions = transitions;
        this.depth = depth;
        this.seconds = seconds;
        this.incompleteReason = incompleteReason;
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
        return store.size();
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

    /** The first transition carrying label {@code bit}, or {@code null} if none was seen. */
    public Hit firstHit(int bit) {
        return firstHits[bit];
    }

    public boolean hasDeadlock() {
        return firstDeadlock >= 0;
    }

    /** Number of actions leading to the first (shallowest) deadlock, or -1. */
    public int firstDeadlockLength() {
        return firstDeadlockDepth;
    }

    /** The shortest trace ending with the transition of {@code hit}. */
    public Trace traceTo(Hit hit) {
        List<Trace.Step> steps = pathTo(hit.from());
        long[] from = steps.get(steps.size() - 1).state();
        int[] seen = {0};
        Trace.Step[] last = {null};
        system.newSuccessors().successors(from, 0, (action, next, labels) -> {
            if (seen[0]++ == hit.ordinal()) {
                last[0] = new Trace.Step(system.describeAction(from, action), next.clone());
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
        return firstDeadlock < 0 ? null : new Trace(Collections.unmodifiableList(pathTo(firstDeadlock)));
    }

    /** Rebuilds the path from an initial state to stored state {@code id}, naming each action. */
    private List<Trace.Step> pathTo(int id) {
        List<Integer> ids = new ArrayList<>();
        for (int at = id; at >= 0; at = store.parent(at)) ids.add(at);
        Collections.reverse(ids);
        List<Trace.Step> steps = new ArrayList<>();
        Successors generator = system.newSuccessors();
        long[] previous = null;
        for (int at : ids) {
            long[] state = new long[store.width()];
            store.read(at, state);
            String action = previous == null ? null : actionBetween(generator, previous, state);
            steps.add(new Trace.Step(action, state));
            previous = state;
        }
        return steps;
    }

    private String actionBetween(Successors generator, long[] from, long[] to) {
        String[] found = {null};
        generator.successors(from, 0, (action, next, labels) -> {
            if (found[0] == null && java.util.Arrays.equals(next, to)) {
                found[0] = system.describeAction(from, action);
            }
        });
        if (found[0] == null) {
            throw new IllegalStateException("a stored parent link is not a transition of the model");
        }
        return found[0];
    }
}
