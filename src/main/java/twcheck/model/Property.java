package twcheck.model;

import java.util.List;
import java.util.Objects;
import twcheck.trace.TraceFile;

/**
 * A named claim about every run of a model, carrying everything needed to check it, replay it
 * and explain it: the transition label it is about (safety properties and witnesses), the state
 * conditions it relates (liveness), or the time bound it measures. A model kind's catalogue is a
 * list of these; nothing elsewhere looks a property up by name to learn what it means.
 *
 * @param name the name used in model files, output and JSON
 * @param kind what the claim says
 * @param definition one sentence, for humans
 * @param scenario witnesses whose absence makes a "holds" vacuous: if none of them is reached,
 *     the situation the property guards against never arises
 * @param label the transition label of {@link Kind#ALWAYS_NOT} and {@link Kind#SOMETIMES}, else null
 * @param premise the condition of {@link Kind#LEADS_TO} after which the goal must follow, else null
 * @param goal the condition {@link Kind#LEADS_TO} and {@link Kind#EVENTUALLY} runs must reach, else null
 * @param timeBound how {@link Kind#WITHIN} is measured, else null
 * @param explainer the sentence a trace of this property opens with; null: a generic one
 */
public record Property(String name, Kind kind, String definition, List<String> scenario, String label,
        Condition premise, Condition goal, TimeBound timeBound, Explainer explainer) {

    public Property {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        scenario = List.copyOf(scenario);
        boolean labelled = kind == Kind.ALWAYS_NOT || kind == Kind.SOMETIMES;
        if (labelled != (label != null)) throw new IllegalArgumentException(name + ": a label goes with always/sometimes only");
        if ((kind == Kind.LEADS_TO) != (premise != null)) throw new IllegalArgumentException(name + ": a premise goes with leads-to only");
        if (kind.liveness() != (goal != null)) throw new IllegalArgumentException(name + ": a goal goes with liveness only");
        if ((kind == Kind.WITHIN) != (timeBound != null)) throw new IllegalArgumentException(name + ": a time bound goes with within only");
    }

    /** The label never occurs on any transition. */
    public static Property never(String name, String label, String definition, String... scenario) {
        return new Property(name, Kind.ALWAYS_NOT, definition, List.of(scenario), label, null, null, null, null);
    }

    /** The label occurs on some transition of some run: a witness. */
    public static Property reachable(String name, String label, String definition) {
        return new Property(name, Kind.SOMETIMES, definition, List.of(), label, null, null, null, null);
    }

    /** Every state without successors is an intended end. */
    public static Property noDeadlock(String name, String definition) {
        return new Property(name, Kind.NO_DEADLOCK, definition, List.of(), null, null, null, null, null);
    }

    /** Whenever {@code premise} holds, {@code goal} holds then or later, on every fair run. */
    public static Property leadsTo(String name, Condition premise, Condition goal, String definition) {
        return new Property(name, Kind.LEADS_TO, definition, List.of(), null, premise, goal, null, null);
    }

    /** Every fair run from the initial state reaches {@code goal}. */
    public static Property eventually(String name, Condition goal, String definition) {
        return new Property(name, Kind.EVENTUALLY, definition, List.of(), null, null, goal, null, null);
    }

    /** A goal follows an event within a bound, as {@code bound} measures it. */
    public static Property within(String name, TimeBound bound, String definition) {
        return new Property(name, Kind.WITHIN, definition, List.of(), null, null, null, bound, null);
    }

    /** This property, explained by {@code explainer}. */
    public Property explainedBy(Explainer explainer) {
        return new Property(name, kind, definition, scenario, label, premise, goal, timeBound, explainer);
    }

    /**
     * A state condition of a liveness property: bit {@code bit} of the model's predicate vector
     * ({@link Model#predicates}), computed for every state the search records.
     */
    public record Condition(String name, int bit) {
        public Condition {
            if (bit < 0 || bit >= 64) throw new IllegalArgumentException(name + ": predicate bit " + bit + " outside 0..63");
        }

        public long mask() {
            return 1L << bit;
        }

        public boolean holdsIn(long predicates) {
            return (predicates & mask()) != 0;
        }
    }

    /** The first sentence of a trace of this property: why its last step violates or reaches it. */
    @FunctionalInterface
    public interface Explainer {
        String explain(TraceFile trace, Property property);
    }

    public enum Kind {
        /** The label never occurs on any transition (an invariant of transitions). */
        ALWAYS_NOT("always"),
        /** The label occurs on some transition of some run (reachability, a witness). */
        SOMETIMES("sometimes"),
        /** Every state without successors is an intended end. */
        NO_DEADLOCK("deadlock-freedom"),
        /** Whenever the premise holds, the goal holds then or later, on every fair run. */
        LEADS_TO("leads-to"),
        /** Every fair run from the initial state reaches the goal. */
        EVENTUALLY("eventually"),
        /** The goal follows the event within a bound of ticks, on every run that reaches it. */
        WITHIN("within");

        private final String jsonName;

        Kind(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
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
