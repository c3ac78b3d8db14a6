package twcheck.properties;

import java.util.List;

/**
 * A named claim about every run of a model, built from the model's transition labels.
 *
 * @param name the name used in model files, output and JSON
 * @param kind what the claim says about the label
 * @param label the transition label it is about (unused for {@link Kind#NO_DEADLOCK})
 * @param definition one sentence, for humans
 * @param scenario witnesses whose absence makes a "holds" vacuous: if none of them is reached,
 *     the situation the property guards against never arises
 */
public record Property(String name, Kind kind, String label, String definition, List<String> scenario) {

    public enum Kind {
        /** The label never occurs on any transition (an invariant of transitions). */
        ALWAYS_NOT,
        /** The label occurs on some transition of some run (reachability, a witness). */
        SOMETIMES,
        /** Every state without successors is an intended end. */
        NO_DEADLOCK,
        /** Whenever the premise holds, the goal holds then or later, on every fair run. */
        LEADS_TO,
        /** Every fair run from the initial state reaches the goal. */
        EVENTUALLY,
        /** The goal follows the event within a bound of ticks, on every run that reaches it. */
        WITHIN;

        public String jsonName() {
            return switch (this) {
                case ALWAYS_NOT -> "always";
                case SOMETIMES -> "sometimes";
                case NO_DEADLOCK -> "deadlock-freedom";
                case LEADS_TO -> "leads-to";
                case EVENTUALLY -> "eventually";
                case WITHIN -> "within";
            };
        }

        public boolean liveness() {
            return this == LEADS_TO || this == EVENTUALLY;
        }

        /** Checked on the explored graph (liveness, and time bounds). */
        public boolean onGraph() {
            return liveness() || this == WITHIN;
        }
    }
}
