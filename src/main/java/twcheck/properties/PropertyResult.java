package twcheck.properties;

import twcheck.engine.Trace;

/**
 * The verdict on one property. {@code counterexample} is the shortest run that violates it (for
 * an invariant) or the shortest run that reaches it (for a witness); {@code null} if none.
 * {@code vacuous} marks a "holds" whose scenario never occurred in the explored runs.
 */
public record PropertyResult(Property property, Verdict verdict, Trace counterexample, boolean vacuous,
        long occurrences) {}
