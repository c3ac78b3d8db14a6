package twcheck.engine.liveness;

import java.util.BitSet;
import java.util.Objects;

/**
 * A named fairness assumption over a set of action classes. The constraint is <em>enabled</em>
 * in a state when at least one edge of the full graph leaving that state has a class in the set
 * (whether or not that edge leads somewhere the property cares about), and it is <em>taken</em>
 * by a step whose edge has a class in the set.
 *
 * <ul>
 *   <li>{@link Kind#WEAK WEAK} (justice): a run is unfair if from some point on the constraint is
 *       enabled in every state and never taken. On a lasso whose cycle visits the states
 *       {@code C} and takes the edges {@code E}: fair iff {@code E} has an edge of the set, or some
 *       state of {@code C} does not enable it.
 *   <li>{@link Kind#STRONG STRONG} (compassion): a run is unfair if the constraint is enabled
 *       infinitely often and taken only finitely often. On a lasso: fair iff no state of {@code C}
 *       enables it, or {@code E} has an edge of the set.
 * </ul>
 *
 * A fairness constraint restricts which infinite runs count; it never makes a finite run (one
 * ending in a state without successors) unfair — no constraint is enabled there.
 *
 * @param name shown in results, e.g. {@code "WF(Tick)"} or {@code "SF(Deliver B->A)"}
 * @param kind weak or strong
 * @param classes the action classes the constraint is about (a copy is kept)
 */
public record Fairness(String name, Kind kind, BitSet classes) {

    public enum Kind { WEAK, STRONG }

    public Fairness {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        classes = (BitSet) Objects.requireNonNull(classes, "classes").clone();
    }

    public static Fairness weak(String name, int... classes) {
        return new Fairness(name, Kind.WEAK, setOf(classes));
    }

    public static Fairness strong(String name, int... classes) {
        return new Fairness(name, Kind.STRONG, setOf(classes));
    }

    @Override
    public BitSet classes() {
        return (BitSet) classes.clone();
    }

    boolean contains(int actionClass) {
        return classes.get(actionClass);
    }

    static BitSet setOf(int... values) {
        BitSet set = new BitSet();
        for (int v : values) {
            if (v < 0) throw new IllegalArgumentException("negative action class " + v);
            set.set(v);
        }
        return set;
    }

    @Override
    public String toString() {
        return (kind == Kind.WEAK ? "weak " : "strong ") + name + " " + classes;
    }
}
