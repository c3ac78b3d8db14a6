package twcheck.engine.liveness;

/**
 * How a finite maximal run — one that ends in a state with no outgoing edge in the graph (a
 * deadlock or an intended end) — is judged by a liveness check.
 */
public enum FiniteRuns {
    /**
     * A finite maximal run is a run. It violates the property if it ends with an undischarged
     * premise, i.e. it stops in a non-goal state without having reached the goal since the
     * premise: reported as a finite counterexample ("the run stops without reaching Q"). This is
     * the same as letting a terminal state stutter forever (TLC's view): no fairness constraint is
     * enabled in a terminal state, so the stuttering is fair.
     */
    VIOLATE,
    /**
     * Only infinite runs count; a run that stops is never a counterexample. Use this when
     * terminal states are checked separately (e.g. by deadlock freedom).
     */
    IGNORE
}
