package twcheck.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import twcheck.engine.TransitionSystem;

/**
 * A model of some kind with its parameters fixed: the transition system the engine explores, and
 * what the rest of the tool needs to speak about its states and actions. In the spirit of
 * stateright's {@code Model}: the properties come from the {@link ModelKind}, this object gives
 * them meaning on states.
 */
public interface Model {

    ModelKind kind();

    ParameterValues parameters();

    /** The transition system to explore; its label names are those the kind's properties use. */
    TransitionSystem system();

    /** A few words after the model's name in a report, e.g. the kind and a short parameter notation. */
    String headline();

    /** Further lines of a report's header (parameters, design variants), without indentation. */
    List<String> details();

    /** Liveness and time-bound semantics under the named fairness assumptions; null if the model has none. */
    LivenessSetup liveness(List<String> fairness);

    /** The predicate vector of a packed state: the bits {@link Property.Condition}s refer to. */
    long predicates(long[] state);

    /**
     * A state as a JSON object, one field per state variable, in a fixed order; every state of
     * the model has the same fields (replay takes them for the model's variables).
     */
    ObjectNode stateJson(long[] state);

    /**
     * The packed state a JSON object (as {@link #stateJson} writes it, or another tool) pictures.
     * Strict: a field the kind does not define, a value of the wrong type or out of range is an
     * error, not something to skip or convert.
     *
     * @throws IllegalArgumentException naming the first field that is unknown, missing, of the
     *     wrong type or out of range; a {@link twcheck.trace.TraceFormatException} gives its path
     *     within the state
     */
    long[] stateFromJson(JsonNode state);

    /** Action {@code action} taken in {@code state}, structured, for traces and charts. */
    JsonNode actionJson(long[] state, int action);

    /** True if the action lets time pass (one tick); traces count the ticks. */
    boolean advancesTime(int action);

    /**
     * The parts a state can be projected onto for pictures of the state graph (R0: the endpoints
     * "A" and "B", each shown by its protocol state); empty if the kind defines no projection.
     */
    default List<String> projectionParts() {
        return List.of();
    }

    /**
     * The value of part {@code part} (an index into {@link #projectionParts}) in a state, a short
     * name such as "FIN_WAIT_1".
     */
    default String projection(long[] state, int part) {
        throw new UnsupportedOperationException(kind().name() + " defines no projection of its states");
    }

    /**
     * What sort of action {@code action} is, a few words many actions share (R0: "Close A",
     * "Deliver FIN to B", "Tick"), for labelling edges of pictures; by default the action's name
     * up to its first parenthesis.
     */
    default String actionKind(long[] state, int action) {
        String name = system().describeAction(state, action);
        int paren = name.indexOf('(');
        return paren < 0 ? name : name.substring(0, paren);
    }
}
