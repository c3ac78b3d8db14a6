package twcheck.engine.liveness;

import java.util.Arrays;

/**
 * A counterexample to a liveness property: a run {@code stem · cycle^ω}, or a finite run that
 * stops in a terminal state. Every step is an edge of the {@link StateGraph} it came from: the
 * action of edge {@code e} is the successor of ordinal {@code e - graph.offset(graph.source(e))}
 * of its source, of class {@code graph.actionClass(e)} ({@link twcheck.engine.GraphRuns} turns
 * such runs into traces).
 *
 * <ul>
 *   <li>{@code stemStates[0]} is an initial state; {@code stemEdges[i]} goes from
 *       {@code stemStates[i]} to {@code stemStates[i+1]} ({@code stemEdges.length ==
 *       stemStates.length - 1}).
 *   <li>{@code premiseIndex}: the position in the stem where the premise holds whose obligation
 *       is never discharged; from there on no state of the run is a goal state and no step is a
 *       goal step.
 *   <li>For an infinite run: {@code cycleStates[0] == cycleStates[last] ==} the stem's last state,
 *       {@code cycleEdges[i]} goes from {@code cycleStates[i]} to {@code cycleStates[i+1]}, and
 *       there is at least one cycle edge. The cycle satisfies every fairness constraint of the
 *       check.
 *   <li>For a finite run ({@link #finite()}): the cycle arrays are empty and the stem ends in a
 *       state without outgoing edges.
 * </ul>
 */
public record Lasso(int[] stemStates, int[] stemEdges, int premiseIndex, int[] cycleStates,
        int[] cycleEdges) {

    /** Every step in order: the stem's edges, then the cycle's. */
    public int[] edges() {
        int[] all = Arrays.copyOf(stemEdges, stemEdges.length + cycleEdges.length);
        System.arraycopy(cycleEdges, 0, all, stemEdges.length, cycleEdges.length);
        return all;
    }

    /** Where the cycle starts in {@link #edges} (the stem's length), or -1 for a finite run. */
    public int loopAt() {
        return finite() ? -1 : stemEdges.length;
    }

    public boolean finite() {
        return cycleEdges.length == 0;
    }

    @Override
    public String toString() {
        return "Lasso[stem=" + Arrays.toString(stemStates) + " premise@" + premiseIndex
                + (finite() ? " stops" : " cycle=" + Arrays.toString(cycleStates)) + "]";
    }
}
