package twcheck.model;

import java.util.List;
import java.util.function.IntUnaryOperator;
import twcheck.engine.SearchOptions;
import twcheck.engine.liveness.Fairness;

/**
 * What the checker needs from a model to check liveness and time bounds on the recorded graph:
 * action classes for fairness, the state predicates recorded for every state during the search
 * (the bits {@link Property.Condition} refers to), and the fairness constraints assumed.
 *
 * @param actionClass the class of an action code, {@code 0..classCount-1}
 * @param predicates the state predicates of a packed state, at most {@code predicateCount} bits
 */
public record LivenessSetup(IntUnaryOperator actionClass, int classCount, SearchOptions.StatePredicates predicates,
        int predicateCount, List<Fairness> fairness) {

    /** What the search must record for these properties. */
    public SearchOptions.GraphRecording recording() {
        return new SearchOptions.GraphRecording(actionClass, classCount, predicates, predicateCount);
    }
}
