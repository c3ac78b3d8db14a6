package twcheck.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
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

    /** Undecided. */
    public static PropertyResult unknown(Property property) {
        return new PropertyResult(property, Verdict.UNKNOWN, null, false, 0);
    }

    /**
     * What a time-bound property measured, in ticks: {@code kind} says whether there was a worst
     * case ("bounded") or why not; {@code measures} holds the model's named worst cases (null
     * where undefined), compared with {@code bound}; {@code tickSeconds} states the time scale
     * (0: unstated).
     */
    @JsonPropertyOrder({"kind"})
    public record Delay(String kind, @JsonIgnore Map<String, Long> measures, int bound, int tickSeconds) {
        public Delay {
            measures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(measures));
        }

        /** The measures appear in JSON as fields of their own. */
        @JsonAnyGetter
        public Map<String, Long> jsonMeasures() {
            return measures;
        }
    }

    /** True for a lasso: the run repeats its steps from {@code loopStart} on forever. */
    public boolean lasso() {
        return loopStart >= 0;
    }
}
