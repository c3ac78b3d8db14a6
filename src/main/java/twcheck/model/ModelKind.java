package twcheck.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import twcheck.trace.TraceFile;

/**
 * A kind of model: what {@code model = NAME} in a model file selects. It owns its parameters
 * and their ranges, its catalogue of properties, witnesses and fairness assumptions, and builds
 * a {@link Model} for given parameter values. Kinds are found by {@link ModelKinds}.
 */
public interface ModelKind {

    /** The name model files and traces use ({@code model = NAME}, {@code #meta.base}). */
    String name();

    /** One line on what the kind models. */
    String summary();

    /** Every parameter, in the order reports list them. */
    List<Parameter> parameters();

    /** Every property a model file may check. */
    List<Property> properties();

    /** What a model file checks when it names no property; also compare's columns. */
    List<Property> defaultChecks();

    /** The witnesses reported with every check (some of them make "holds" vacuous when unreached). */
    List<Property> witnesses();

    /** The fairness assumptions a model file may name, each with what it means. */
    Map<String, String> fairnessAssumptions();

    /** The assumptions of a model file that names none. */
    List<String> defaultFairness();

    /** The model with these parameter values. */
    Model instantiate(ParameterValues values);

    /** A property or witness by name. */
    default Optional<Property> property(String name) {
        return Stream.concat(properties().stream(), witnesses().stream()).filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * Values for the parameters {@code given} names (defaults for the rest), checked each against
     * its range and, where a kind overrides this, against each other.
     *
     * @throws IllegalArgumentException naming the value, or the combination, that is not allowed
     */
    default ParameterValues values(Map<String, Integer> given) {
        return ParameterValues.of(parameters(), given);
    }

    /** The parameter named {@code name}, or null. */
    default Parameter parameter(String name) {
        return parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Parameters in the kind's short notation (for {@code bench}), e.g. R0's
     * {@code SEQ/INC/CAP/LOSS/MSL/RTO/R/TW}.
     *
     * @throws IllegalArgumentException if the kind has no notation or {@code text} is not in it
     */
    default ParameterValues parseNotation(String text) {
        throw new IllegalArgumentException("model kind " + name() + " has no short parameter notation");
    }

    /** What {@link #parseNotation} expects, for error messages. */
    default String notation() {
        return "";
    }

    /** Configurations in the short notation that {@code bench} measures by default. */
    default List<String> benchmarkConfigurations() {
        return List.of();
    }

    /** The charts of a trace of this kind: a text chart, and an SVG chart if the kind draws one. */
    default TraceCharts charts() {
        return TraceCharts.GENERIC;
    }

    /** How this kind is held against real captures, if it can be (see {@code twcheck conform}). */
    default Optional<Conformance> conformance() {
        return Optional.empty();
    }

    /** Renders traces of a model kind; the generic one lists states and what changed. */
    interface TraceCharts {
        TraceCharts GENERIC = new GenericCharts();

        /** A text chart (for the terminal and the trace folder). */
        String text(TraceFile trace);

        /** An SVG chart, or empty if the kind draws none. */
        Optional<String> svg(TraceFile trace);

        /** The steps, each with only what it changed. */
        String diff(TraceFile trace);
    }
}
