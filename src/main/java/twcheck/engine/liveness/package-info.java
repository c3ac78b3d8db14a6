/**
 * Liveness under explicit fairness on the explored state graph.
 *
 * <p>Wiring: while (or after) the search numbers states, feed every transition to a
 * {@link twcheck.engine.StateGraph.Builder} in order of source state, with an action
 * class per transition (e.g. the action kind, or one class per timer / per segment flight); add
 * the initial states; build. Evaluate state predicates as {@code IntPredicate}s over state numbers
 * (or mark them in the builder), state the fairness assumptions as named
 * {@link twcheck.engine.liveness.Fairness} constraints, and run a
 * {@link twcheck.engine.liveness.LivenessChecker}. A violation is a
 * {@link twcheck.engine.liveness.Lasso} of state numbers and edge indices; an edge index gives back
 * its source and its ordinal among the source's successors, which is enough to regenerate the
 * concrete action and state (as {@code SearchResult.traceTo} does for safety counterexamples).
 *
 * <p>The semantics — what a run is, what weak and strong fairness mean, how finite runs are
 * treated — are defined in {@link twcheck.engine.liveness.LivenessChecker},
 * {@link twcheck.engine.liveness.Fairness}, {@link twcheck.engine.liveness.LivenessProperty} and
 * {@link twcheck.engine.liveness.FiniteRuns}.
 */
package twcheck.engine.liveness;
