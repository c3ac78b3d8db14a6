package twcheck.engine.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;
import twcheck.engine.StateGraph;

/**
 * A brute-force reference for {@link LongestDelay} on small graphs, and a checker for the runs it
 * returns.
 *
 * <p>The reference enumerates, from every start edge, every path that starts with that edge and
 * then takes only edges a measured path may take (not excluded, unless it enters a goal; never
 * leaving a goal), stopping at the first goal state, and stopping at the first repeated state (a
 * cycle). Each path is kept simple until it closes a cycle, so the enumeration is finite and
 * exhaustive: every simple path to a goal is seen (giving the maximum weight), and every simple
 * cycle reachable from a start edge is closed by some enumerated path. Only states from which a
 * goal can still be reached (a naive fixpoint) are entered, so every cycle found lies on a path
 * that reaches the goal.
 */
final class NaiveLongestDelay {

    /**
     * @param maxWeight the largest weight of a start-to-goal path (-1 if none)
     * @param weightedCycle some goal-reaching measured path can go round a cycle with a weighted edge
     * @param zeroCycle some goal-reaching measured path can go round a cycle without a weighted edge
     */
    record Expected(boolean anyStart, long maxWeight, boolean weightedCycle, boolean zeroCycle,
            boolean[] coReachable) {

        /** The kind the javadoc promises when there is no ambiguity (both kinds of cycle: null). */
        LongestDelay.Kind kind() {
            if (!anyStart) return LongestDelay.Kind.NO_EVENT;
            if (weightedCycle && zeroCycle) return null;
            if (weightedCycle) return LongestDelay.Kind.UNBOUNDED;
            if (zeroCycle) return LongestDelay.Kind.ZERO_TIME_CYCLE;
            if (maxWeight < 0) return LongestDelay.Kind.NEVER;
            return LongestDelay.Kind.BOUNDED;
        }
    }

    private NaiveLongestDelay() {}

    static boolean[] reachableFromInitial(StateGraph g) {
        boolean[] reach = new boolean[g.stateCount()];
        for (int s : g.initialStates()) reach[s] = true;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int e = 0; e < g.edgeCount(); e++) {
                if (reach[g.source(e)] && !reach[g.target(e)]) {
                    reach[g.target(e)] = true;
                    changed = true;
                }
            }
        }
        return reach;
    }

    /** Non-goal states from which allowed edges reach a goal: a naive fixpoint over all edges. */
    static boolean[] coReachable(StateGraph g, IntPredicate goal, BitSet excluded) {
        boolean[] co = new boolean[g.stateCount()];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int e = 0; e < g.edgeCount(); e++) {
                int s = g.source(e);
                int t = g.target(e);
                if (co[s] || goal.test(s)) continue;
                boolean ok = goal.test(t) || (co[t] && !excluded.get(g.actionClass(e)));
                if (ok) {
                    co[s] = true;
                    changed = true;
                }
            }
        }
        return co;
    }

    static Expected compute(StateGraph g, IntPredicate startEdge, IntPredicate goal, BitSet weights, BitSet excluded) {
        boolean[] co = coReachable(g, goal, excluded);
        long[] max = {-1};
        boolean[] cycles = new boolean[2]; // [0] weighted, [1] zero-time
        boolean anyStart = false;
        for (int e = 0; e < g.edgeCount(); e++) {
            if (!startEdge.test(e)) continue;
            anyStart = true;
            long w = weights.get(g.actionClass(e)) ? 1 : 0;
            int t = g.target(e);
            if (goal.test(t)) {
                max[0] = Math.max(max[0], w);
            } else if (co[t]) {
                List<Integer> states = new ArrayList<>(List.of(t));
                List<Long> edgeWeights = new ArrayList<>();
                walk(g, goal, weights, excluded, co, states, edgeWeights, w, max, cycles);
            }
        }
        return new Expected(anyStart, max[0], cycles[0], cycles[1], co);
    }

    /** Extends the simple path {@code states} (edge weights {@code edgeWeights}, total {@code total}). */
    private static void walk(StateGraph g, IntPredicate goal, BitSet weights, BitSet excluded, boolean[] co,
            List<Integer> states, List<Long> edgeWeights, long total, long[] max, boolean[] cycles) {
        int s = states.get(states.size() - 1);
        for (int e = g.offset(s); e < g.end(s); e++) {
            int t = g.target(e);
            long w = weights.get(g.actionClass(e)) ? 1 : 0;
            if (goal.test(t)) {
                max[0] = Math.max(max[0], total + w);
                continue;
            }
            if (excluded.get(g.actionClass(e)) || !co[t]) continue;
            int at = states.indexOf(t);
            if (at >= 0) {
                long cycle = w;
                for (int i = at; i < edgeWeights.size(); i++) cycle += edgeWeights.get(i);
                cycles[cycle > 0 ? 0 : 1] = true;
                continue;
            }
            states.add(t);
            edgeWeights.add(w);
            walk(g, goal, weights, excluded, co, states, edgeWeights, total + w, max, cycles);
            states.remove(states.size() - 1);
            edgeWeights.remove(edgeWeights.size() - 1);
        }
    }

    /** The edges form a path of real, consecutive edges starting at an initial state. */
    static void assertPathFromInitial(StateGraph g, int[] edges, String context) {
        assertTrue(edges.length > 0, "empty run: " + context);
        for (int e : edges) assertTrue(e >= 0 && e < g.edgeCount(), "not an edge: " + e + " " + context);
        assertTrue(g.isInitial(g.source(edges[0])), "run does not start at an initial state: " + context);
        for (int i = 0; i + 1 < edges.length; i++) {
            assertEquals(g.target(edges[i]), g.source(edges[i + 1]),
                    "edges " + i + " and " + (i + 1) + " are not consecutive: " + context);
        }
    }

    /**
     * A bounded result's run: from an initial state, through a start edge from which the rest of
     * the run is a measured path (no goal before the end, no excluded edge except possibly the last)
     * that ends at a goal and whose weight is {@code delay}.
     */
    static void assertBoundedRun(StateGraph g, LongestDelay.Result r, IntPredicate startEdge, IntPredicate goal,
            BitSet weights, BitSet excluded, String context) {
        int[] edges = r.edges();
        String ctx = Arrays.toString(edges) + " " + context;
        assertPathFromInitial(g, edges, ctx);
        assertEquals(-1, r.loopAt(), ctx);
        int last = edges.length - 1;
        assertTrue(goal.test(g.target(edges[last])), "the run does not end at a goal: " + ctx);
        for (int i = last; i >= 0; i--) {
            if (!startEdge.test(edges[i])) continue;
            boolean measured = true;
            long weight = 0;
            for (int j = i; j <= last; j++) {
                weight += weights.get(g.actionClass(edges[j])) ? 1 : 0;
                if (j < last && goal.test(g.target(edges[j]))) measured = false;
                if (j > i && j < last && excluded.get(g.actionClass(edges[j]))) measured = false;
            }
            if (measured && weight == r.delay()) return;
        }
        fail("no start edge in the run begins a measured path to the goal of weight " + r.delay() + ": " + ctx);
    }

    /**
     * An unbounded or zero-time-cycle result's run: from an initial state, through a start edge, then
     * a measured path (allowed edges, non-goal states that can still reach a goal) that closes a
     * cycle at {@code loopAt}; the cycle is weighted exactly when the kind is UNBOUNDED.
     */
    static void assertCycleRun(StateGraph g, LongestDelay.Result r, IntPredicate startEdge, IntPredicate goal,
            BitSet weights, BitSet excluded, boolean[] coReachable, String context) {
        int[] edges = r.edges();
        String ctx = Arrays.toString(edges) + " loopAt=" + r.loopAt() + " " + context;
        assertPathFromInitial(g, edges, ctx);
        int loopAt = r.loopAt();
        assertTrue(loopAt >= 0 && loopAt < edges.length, "loopAt out of range: " + ctx);
        assertEquals(g.source(edges[loopAt]), g.target(edges[edges.length - 1]),
                "the last edge does not return to the state at loopAt: " + ctx);
        boolean weighted = false;
        for (int j = loopAt; j < edges.length; j++) weighted |= weights.get(g.actionClass(edges[j]));
        assertEquals(r.kind() == LongestDelay.Kind.UNBOUNDED, weighted,
                "the cycle's weight does not match the kind " + r.kind() + ": " + ctx);
        for (int i = loopAt; i >= 0; i--) {
            if (!startEdge.test(edges[i])) continue;
            boolean measured = true;
            for (int j = i; j < edges.length; j++) {
                int t = g.target(edges[j]);
                if (goal.test(t) || !coReachable[t]) measured = false;
                if (j > i && excluded.get(g.actionClass(edges[j]))) measured = false;
            }
            if (measured) return;
        }
        fail("no start edge before the cycle begins a measured, goal-reaching path into it: " + ctx);
    }

    static void assertNoRun(LongestDelay.Result r, String context) {
        assertEquals(0, r.edges().length, context);
        assertEquals(-1, r.loopAt(), context);
        assertFalse(r.kind() == LongestDelay.Kind.BOUNDED, context);
    }
}
