package twcheck.properties;

import java.util.List;
import twcheck.engine.Trace;

/**
 * The verdict on one property. {@code counterexample} is the shortest run that violates it (for
 * an invariant) or the shortest run that reaches it (for a witness); {@code null} if none.
 * {@code vacuous} marks a "holds" whose scenario never occurred in the explored runs.
 */
public record PropertyResult(Property property, Verdict verdict, Trace counterexample, boolean vacuous,
        long occurrences, int loopStart, List<String> fairness, long premiseStates, Delay delay) {

    /** A result of a safety property or witness: no loop, no fairness. */
    public PropertyResult(Property property, Verdict verdict, Trace counterexample, boolean vacuous, long occurrences) {
        this(property, verdict, counterexample, vacuous, occurrences, -1, List.of(), 0, null);
    }

    /**
     * What a time-bound property measured, in ticks: the worst case since the last segment the
     * surviving endpoint received (compared with {@code bound}) and since the failure itself; null
     * when unbounded or when it never happens ({@code kind} says which).
     */
    public record Delay(String kind, Long sinceLastSegment, Long sinceFailure, int bound, int tickSeconds) {}

    /** True for a lasso: the run repeats its steps from {@code loopStart} on forever. */
    public boolean lasso() {
        return loopStart >= 0;
    }
}
