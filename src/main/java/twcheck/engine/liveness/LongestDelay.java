package twcheck.engine.liveness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;
import twcheck.engine.StateGraph;

/**
 * "The most time that can pass between an event and a state", over every run of an explored
 * graph: the largest number of weighted edges (ticks) on a path that starts with an edge of a
 * start class and ends at the first goal state after it, never taking an excluded edge in between.
 * Paths that never reach a goal are not counted (whether the goal is always reached is a liveness
 * question); an excluded edge may end a path by entering a goal state. If such a path can go round a cycle that contains a weighted edge, the delay is
 * unbounded; otherwise a cycle without a weighted edge ("zero-time cycle") makes the answer
 * undefined (a timed cycle anywhere wins over an untimed one).
 *
 * <p>Memory: four ints per state, plus the stack. Time: O(states + edges).
 */
public final class LongestDelay {

    /**
     * BOUNDED: the delay has a maximum; UNBOUNDED: a path can go round a timed cycle as often as it
     * likes and still reach the goal; NEVER: the event happens but no path from it reaches the goal;
     * NO_EVENT: the event never happens; ZERO_TIME_CYCLE: a cycle without time makes it undefined.
     */
    public enum Kind { BOUNDED, UNBOUNDED, NEVER, NO_EVENT, ZERO_TIME_CYCLE }

    /**
     * @param delay the maximum weight (for {@link Kind#BOUNDED})
     * @param edges the run that attains it: a path of edges from an initial state, through the start
     *     edge, to a goal state (bounded), or to a cycle ({@code loopAt} = the position in the path
     *     of the state the cycle returns to; -1 otherwise)
     */
    public record Result(Kind kind, long delay, int[] edges, int loopAt) {}

    private static final long UNKNOWN = -1;
    private static final long NO_GOAL = -2;

    private LongestDelay() {}

    /**
     * @param startEdge the edges that are the event (by edge index)
     * @param goal the goal states
     * @param weightClasses the classes of the edges that count (ticks)
     * @param excludedClasses classes of edges a measured path may not take
     */
    public static Result compute(StateGraph g, IntPredicate startEdge, IntPredicate goal,
            BitSet weightClasses, BitSet excludedClasses) {
        return compute(g, startEdge, goal, weightClasses, excludedClasses, () -> false);
    }

    /** As above, polling {@code cancelled} now and then: when it turns true, {@link LivenessChecker.Cancelled} is thrown. */
    public static Result compute(StateGraph g, IntPredicate startEdge, IntPredicate goal,
            BitSet weightClasses, BitSet excludedClasses, java.util.function.BooleanSupplier cancelled) {
        Poll poll = new Poll(cancelled);
        int n = g.stateCount();
        long[] best = new long[n];
        Arrays.fill(best, UNKNOWN);
        int[] choice = new int[n];
        Arrays.fill(choice, -1);
        byte[] colour = new byte[n]; // 0 white, 1 on the stack, 2 done
        int[] cursor = new int[n];

        BitSet reaches = coReachable(g, goal, excludedClasses, poll);
        long max = -1;
        int bestStart = -1;
        boolean anyStart = false;
        Result[] zeroCycle = {null};
        int zeroStart = -1;
        for (int e = 0; e < g.edgeCount(); e++) {
            poll.tick();
            if (!startEdge.test(e)) continue;
            anyStart = true;
            int t = g.target(e);
            long weight = weightClasses.get(g.actionClass(e)) ? 1 : 0;
            long value;
            if (goal.test(t)) {
                value = weight;
            } else if (!reaches.get(t)) {
                continue;
            } else {
                Result cycle = explore(g, t, goal, reaches, weightClasses, excludedClasses, best, choice, colour, cursor,
                        zeroCycle, poll);
                if (cycle != null) return withPrefix(g, e, cycle);
                if (zeroCycle[0] != null && zeroStart < 0) zeroStart = e;
                value = best[t] < 0 ? -1 : weight + best[t];
            }
            if (value > max) {
                max = value;
                bestStart = e;
            }
        }
        if (zeroCycle[0] != null) return withPrefix(g, zeroStart, zeroCycle[0]);
        if (bestStart < 0) return new Result(anyStart ? Kind.NEVER : Kind.NO_EVENT, 0, new int[0], -1);
        List<Integer> path = new ArrayList<>(stem(g, g.source(bestStart)));
        path.add(bestStart);
        for (int s = g.target(bestStart); !goal.test(s); s = g.target(choice[s])) path.add(choice[s]);
        return new Result(Kind.BOUNDED, max, path.stream().mapToInt(Integer::intValue).toArray(), -1);
    }

    /** Depth-first, post-order longest paths from {@code root}; a cycle ends it with a result. */
    private static Result explore(StateGraph g, int root, IntPredicate goal, BitSet reaches, BitSet weight,
            BitSet excluded, long[] best, int[] choice, byte[] colour, int[] cursor, Result[] zeroCycle, Poll poll) {
        if (colour[root] == 2) return null;
        int[] stack = new int[16];
        int depth = 0;
        stack[depth++] = root;
        colour[root] = 1;
        cursor[root] = g.offset(root);
        best[root] = NO_GOAL;
        while (depth > 0) {
            poll.tick();
            int s = stack[depth - 1];
            if (cursor[s] < g.end(s)) {
                int e = cursor[s]++;
                int t = g.target(e);
                long w = weight.get(g.actionClass(e)) ? 1 : 0;
                if (goal.test(t)) {
                    offer(best, choice, s, e, w); // an excluded edge may still be the one that reaches the goal
                } else if (excluded.get(g.actionClass(e)) || !reaches.get(t)) {
                    continue;
                } else if (colour[t] == 0) {
                    if (depth == stack.length) stack = Arrays.copyOf(stack, depth * 2);
                    stack[depth++] = t;
                    colour[t] = 1;
                    cursor[t] = g.offset(t);
                    best[t] = NO_GOAL;
                } else if (colour[t] == 1) {
                    Result cycle = cycle(g, stack, depth, t, e, weight, cursor);
                    if (cycle.kind() == Kind.UNBOUNDED) return cycle;
                    if (zeroCycle[0] == null) zeroCycle[0] = cycle; // a timed cycle elsewhere still wins
                } else if (best[t] >= 0) {
                    offer(best, choice, s, e, w + best[t]);
                }
            } else {
                colour[s] = 2;
                depth--;
                if (depth > 0 && best[s] >= 0) {
                    int parent = stack[depth - 1];
                    int e = cursor[parent] - 1;
                    offer(best, choice, parent, e, (weight.get(g.actionClass(e)) ? 1 : 0) + best[s]);
                }
            }
        }
        return null;
    }

    private static void offer(long[] best, int[] choice, int s, int e, long value) {
        if (value > best[s]) {
            best[s] = value;
            choice[s] = e;
        }
    }

    /**
     * A cycle through the stack (all its states can still reach the goal): unbounded if it takes a
     * weighted edge, since a run may go round it any number of times before reaching the goal.
     */
    private static Result cycle(StateGraph g, int[] stack, int depth, int entry, int closing, BitSet weight,
            int[] cursor) {
        int from = depth - 1;
        while (stack[from] != entry) from--;
        List<Integer> edges = new ArrayList<>();
        // each frame's cursor has just passed the edge it followed to the next frame
        for (int i = 0; i < from; i++) edges.add(cursor[stack[i]] - 1);
        int loopAt = edges.size();
        boolean weighted = weight.get(g.actionClass(closing));
        for (int i = from; i < depth - 1; i++) {
            int e = cursor[stack[i]] - 1;
            weighted |= weight.get(g.actionClass(e));
            edges.add(e);
        }
        edges.add(closing);
        return new Result(weighted ? Kind.UNBOUNDED : Kind.ZERO_TIME_CYCLE, Long.MAX_VALUE,
                edges.stream().mapToInt(Integer::intValue).toArray(), loopAt);
    }

    private static Result withPrefix(StateGraph g, int startEdge, Result cycle) {
        List<Integer> path = new ArrayList<>(stem(g, g.source(startEdge)));
        path.add(startEdge);
        int shift = path.size();
        for (int e : cycle.edges()) path.add(e);
        return new Result(cycle.kind(), cycle.delay(), path.stream().mapToInt(Integer::intValue).toArray(),
                cycle.loopAt() + shift);
    }

    /** The non-goal states from which a path of allowed edges reaches a goal state. */
    private static BitSet coReachable(StateGraph g, IntPredicate goal, BitSet excluded, Poll poll) {
        int n = g.stateCount();
        int[] inDegree = new int[n + 1];
        for (int s = 0; s < n; s++) {
            poll.tick();
            if (goal.test(s)) continue; // no measured path leaves a goal
            for (int e = g.offset(s), end = g.end(s); e < end; e++) {
                if (allowed(g, e, goal, excluded)) inDegree[g.target(e) + 1]++;
            }
        }
        for (int i = 0; i < n; i++) inDegree[i + 1] += inDegree[i];
        int[] sources = new int[inDegree[n]];
        int[] fill = Arrays.copyOf(inDegree, n);
        for (int s = 0; s < n; s++) {
            poll.tick();
            if (goal.test(s)) continue;
            for (int e = g.offset(s), end = g.end(s); e < end; e++) {
                if (allowed(g, e, goal, excluded)) sources[fill[g.target(e)]++] = s;
            }
        }
        BitSet reaches = new BitSet(n);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s = 0; s < n; s++) {
            if (goal.test(s)) queue.add(s);
        }
        while (!queue.isEmpty()) {
            poll.tick();
            int t = queue.poll();
            for (int i = inDegree[t]; i < inDegree[t + 1]; i++) {
                int s = sources[i];
                if (!reaches.get(s) && !goal.test(s)) {
                    reaches.set(s);
                    queue.add(s);
                }
            }
        }
        return reaches;
    }

    /**
     * An edge, from a state that is not a goal, that a measured path may take: not excluded unless
     * it enters a goal.
     */
    private static boolean allowed(StateGraph g, int e, IntPredicate goal, BitSet excluded) {
        return !excluded.get(g.actionClass(e)) || goal.test(g.target(e));
    }

    /** Polls the cancellation flag every few thousand steps. */
    private static final class Poll {
        private final java.util.function.BooleanSupplier cancelled;
        private int count;

        Poll(java.util.function.BooleanSupplier cancelled) {
            this.cancelled = cancelled;
        }

        void tick() {
            if ((++count & 4095) == 0 && cancelled.getAsBoolean()) throw new LivenessChecker.Cancelled();
        }
    }

    /** A shortest path of edges from an initial state to {@code target}. */
    static List<Integer> stem(StateGraph g, int target) {
        int n = g.stateCount();
        int[] via = new int[n];
        Arrays.fill(via, -2);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s : g.initialStates()) {
            via[s] = -1;
            queue.add(s);
        }
        while (!queue.isEmpty() && via[target] == -2) {
            int s = queue.poll();
            for (int e = g.offset(s); e < g.end(s); e++) {
                int t = g.target(e);
                if (via[t] == -2) {
                    via[t] = e;
                    queue.add(t);
                }
            }
        }
        List<Integer> path = new ArrayList<>();
        for (int s = target; via[s] >= 0; s = g.source(via[s])) path.add(0, via[s]);
        return path;
    }
}
