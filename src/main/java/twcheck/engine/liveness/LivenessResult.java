package twcheck.engine.liveness;

import java.util.List;

/**
 * The outcome of a liveness check.
 *
 * @param property the property checked
 * @param verdict holds or violated
 * @param counterexample the lasso (or finite run) when violated, else {@code null}
 * @param premiseStates reachable states at which the premise can hold (the initial states for
 *     {@code eventually}; for leads-to the states satisfying the premise predicate or entered by
 *     a premise step) — the non-vacuity figure: a leads-to that holds with 0 premise states says
 *     nothing
 * @param openPremiseStates of those, the ones where the obligation is not discharged at once (the
 *     state is not a goal state, and for a premise step, the step is not a goal step): the states
 *     the check actually had to follow
 * @param reachableStates states reachable from the initial states
 * @param fairComponents fair, goal-avoiding strongly connected sets found (after refinement), each
 *     of which hosts fair cycles; violations are built from the one nearest to the initial states
 * @param fairness the fairness constraints assumed
 * @param finiteRuns how finite maximal runs were judged
 */
public record LivenessResult(LivenessProperty property, Verdict verdict, Lasso counterexample,
        long premiseStates, long openPremiseStates, long reachableStates, long fairComponents,
        List<Fairness> fairness, FiniteRuns finiteRuns) {

    public enum Verdict { HOLDS, VIOLATED }

    public boolean holds() {
        return verdict == Verdict.HOLDS;
    }

    /** True when the property holds only because its premise never occurs. */
    public boolean vacuous() {
        return holds() && premiseStates == 0;
    }
}
