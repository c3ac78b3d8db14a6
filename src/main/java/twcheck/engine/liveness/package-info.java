/**
 * Liveness under explicit fairness on the explored state graph.
 *
 * <p>Wiring: ask the breadth-first search to record the graph
 * ({@link twcheck.engine.SearchOptions#recordingGraph}: an action class per action, the state
 * predicates), or build one with {@link twcheck.engine.StateGraph.Builder}; state the property
 * over state numbers (the recorded predicates' bit sets) and the fairness assumptions as named
 * {@link twcheck.engine.liveness.Fairness} constraints, and run a
 * {@link twcheck.engine.liveness.LivenessChecker}. A violation is a
 * {@link twcheck.engine.liveness.Lasso} of state numbers and edge indices; an edge index gives
 * its ordinal among its source's successors, which is enough to regenerate the concrete actions
 * and states ({@link twcheck.engine.GraphRuns}).
 *
 * <p>The semantics — what a run is, what weak and strong fairness mean, how finite runs are
 * treated — are defined in {@link twcheck.engine.liveness.LivenessChecker},
 * {@link twcheck.engine.liveness.Fairness}, {@link twcheck.engine.liveness.LivenessProperty} and
 * {@link twcheck.engine.liveness.FiniteRuns}.
 */
package twcheck.engine.liveness;
