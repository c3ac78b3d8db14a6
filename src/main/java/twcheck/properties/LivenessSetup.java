package twcheck.properties;

import java.util.BitSet;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;
import twcheck.engine.SearchOptions;
import twcheck.engine.liveness.Fairness;
import twcheck.engine.GraphRuns;
import twcheck.engine.liveness.LivenessProperty;

/**
 * What the verifier needs from a model to check liveness: action classes for fairness, the state
 * predicates (recorded for every state during the search), how a named property is made of them,
 * and the fairness constraints assumed.
 *
 * @param actionClass the class of an action code, {@code 0..classCount-1}
 * @param predicates the state predicates of a packed state, at most {@code predicateCount} bits
 */
public record LivenessSetup(IntUnaryOperator actionClass, int classCount, SearchOptions.StatePredicates predicates,
        int predicateCount, BiFunction<Property, BitSet[], LivenessProperty> property, List<Fairness> fairness,
        BiFunction<GraphRuns, BitSet[], DelayJudge> delay) {

    /** Judges a time-bound property on the recorded graph, polling {@code cancelled} now and then. */
    @FunctionalInterface
    public interface DelayJudge {
        PropertyResult judge(Property p, java.util.function.BooleanSupplier cancelled);
    }

    /** What the search must record for these properties. */
    SearchOptions.GraphRecording recording() {
        return new SearchOptions.GraphRecording(actionClass, classCount, predicates, predicateCount);
    }
}
