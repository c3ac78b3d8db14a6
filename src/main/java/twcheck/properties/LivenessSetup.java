package twcheck.properties;

import java.util.BitSet;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;
import twcheck.engine.liveness.ExploredGraph;
import twcheck.engine.liveness.Fairness;
import twcheck.engine.liveness.LivenessProperty;

/**
 * What the verifier needs from a model to check liveness: action classes for fairness, the state
 * predicates, how a named property is made of them, and the fairness constraints assumed.
 */
public record LivenessSetup(IntUnaryOperator actionClass, ExploredGraph.Marker marker,
        BiFunction<Property, BitSet[], LivenessProperty> property, List<Fairness> fairness,
        BiFunction<ExploredGraph, BitSet[], DelayJudge> delay) {

    /** Judges a time-bound property on the explored graph. */
    @FunctionalInterface
    public interface DelayJudge {
        PropertyResult judge(Property p);
    }
}
