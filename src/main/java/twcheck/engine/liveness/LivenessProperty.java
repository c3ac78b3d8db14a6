package twcheck.engine.liveness;

import java.util.BitSet;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A progress claim over the states and steps of a {@link StateGraph}: <em>whenever the premise
 * holds, the goal holds then or later</em>.
 *
 * <p>The <b>goal</b> is reached at position {@code i} of a run {@code s0 e0 s1 e1 ...} if state
 * {@code s_i} satisfies the goal predicate, or the step {@code e_i} taken from it has a class in
 * the goal classes ("an action of that kind happens"). A goal is <em>discharged</em> at position
 * {@code i} if it is reached at some {@code j >= i}.
 *
 * <p>The <b>premise</b> holds at position {@code i} if {@code s_i} satisfies the premise
 * predicate, or {@code i > 0} and the step {@code e_{i-1}} into it has a class in the premise
 * classes. A premise step that is itself a goal step discharges its own obligation ("then").
 * For {@link Kind#EVENTUALLY} the premise is "position 0" only: every run from an initial state
 * must reach the goal.
 *
 * <p>The property is violated by a run with a premise position that is not discharged; what
 * counts as a run (fair infinite runs, and finite maximal runs or not) is decided by the checker's
 * fairness constraints and {@link FiniteRuns} option.
 *
 * @param name shown in results
 * @param kind eventually or leads-to
 * @param premise premise state predicate (leads-to only; {@code null} for none)
 * @param premiseClasses premise action classes (leads-to only; empty for none)
 * @param goal goal state predicate ({@code null} for none)
 * @param goalClasses goal action classes (empty for none)
 */
public record LivenessProperty(String name, Kind kind, IntPredicate premise, BitSet premiseClasses,
        IntPredicate goal, BitSet goalClasses) {

    public enum Kind { EVENTUALLY, LEADS_TO }

    private static final IntPredicate NONE = s -> false;

    public LivenessProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        premise = premise == null ? NONE : premise;
        premiseClasses = premiseClasses == null ? new BitSet() : (BitSet) premiseClasses.clone();
        goal = goal == null ? NONE : goal;
        goalClasses = goalClasses == null ? new BitSet() : (BitSet) goalClasses.clone();
        if (kind == Kind.EVENTUALLY && (premise != NONE || !premiseClasses.isEmpty())) {
            throw new IllegalArgumentException("'eventually' has no premise");
        }
    }

    /** {@code eventually Q}: every run from an initial state reaches a Q-state. */
    public static LivenessProperty eventually(String name, IntPredicate q) {
        return new LivenessProperty(name, Kind.EVENTUALLY, null, null, q, null);
    }

    /** {@code eventually (Q or an action of one of goalClasses)}. */
    public static LivenessProperty eventually(String name, IntPredicate q, BitSet goalClasses) {
        return new LivenessProperty(name, Kind.EVENTUALLY, null, null, q, goalClasses);
    }

    /** {@code P leads-to Q} over states: after any P-state, Q holds then or later. */
    public static LivenessProperty leadsTo(String name, IntPredicate p, IntPredicate q) {
        return new LivenessProperty(name, Kind.LEADS_TO, p, null, q, null);
    }

    /** {@code P leads-to Q} with state and event parts on both sides (see the class comment). */
    public static LivenessProperty leadsTo(String name, IntPredicate p, BitSet premiseClasses,
            IntPredicate q, BitSet goalClasses) {
        return new LivenessProperty(name, Kind.LEADS_TO, p, premiseClasses, q, goalClasses);
    }

    @Override
    public BitSet premiseClasses() {
        return (BitSet) premiseClasses.clone();
    }

    @Override
    public BitSet goalClasses() {
        return (BitSet) goalClasses.clone();
    }

    BitSet premiseClassesShared() {
        return premiseClasses;
    }

    BitSet goalClassesShared() {
        return goalClasses;
    }
}
