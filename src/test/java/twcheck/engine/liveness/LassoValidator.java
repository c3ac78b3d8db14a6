package twcheck.engine.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import twcheck.engine.StateGraph;

/**
 * Checks a counterexample literally against an explicit edge list (not the graph under test):
 * real edges, an initial start, an undischarged premise, a goal-free suffix, and every fairness
 * constraint by its definition on the cycle.
 */
final class LassoValidator {
    private LassoValidator() {}

    /** Edges as parallel arrays, indexed as the builder received them. */
    record Edges(int n, int[] src, int[] dst, int[] cls, int[] initial) {
        boolean enables(int state, Fairness f) {
            for (int e = first(state); e < src.length && src[e] == state; e++) {
                if (f.classes().get(cls[e])) return true;
            }
            return false;
        }

        boolean terminal(int state) {
            int e = first(state);
            return e == src.length || src[e] != state;
        }

        /** The first edge whose source is at least {@code state} (edges are sorted by source). */
        private int first(int state) {
            int lo = 0;
            int hi = src.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (src[mid] < state) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        static Edges of(StateGraph g) {
            int m = g.edgeCount();
            int[] src = new int[m];
            int[] dst = new int[m];
            int[] cls = new int[m];
            for (int s = 0; s < g.stateCount(); s++) {
                for (int e = g.offset(s); e < g.end(s); e++) {
                    src[e] = s;
                    dst[e] = g.target(e);
                    cls[e] = g.actionClass(e);
                }
            }
            return new Edges(g.stateCount(), src, dst, cls, g.initialStates());
        }
    }

    static void validate(Edges g, LivenessProperty prop, List<Fairness> fairness, FiniteRuns finite, Lasso lasso) {
        int[] stem = lasso.stemStates();
        int[] stemEdges = lasso.stemEdges();
        assertTrue(stem.length >= 1, "stem has a state");
        assertEquals(stem.length - 1, stemEdges.length, "one edge per stem step");
        boolean initial = false;
        for (int s : g.initial()) initial |= s == stem[0];
        assertTrue(initial, "the stem starts at an initial state");
        for (int i = 0; i < stemEdges.length; i++) {
            int e = stemEdges[i];
            assertEquals(stem[i], g.src()[e], "stem edge " + i + " leaves its state");
            assertEquals(stem[i + 1], g.dst()[e], "stem edge " + i + " enters the next state");
        }
        int pi = lasso.premiseIndex();
        assertTrue(pi >= 0 && pi < stem.length, "premise index in the stem");
        BitSetView goalClasses = new BitSetView(prop.goalClasses());
        if (prop.kind() == LivenessProperty.Kind.EVENTUALLY) {
            assertEquals(0, pi, "eventually: the obligation starts at the initial state");
        } else {
            boolean byState = prop.premise().test(stem[pi]);
            boolean byStep = pi > 0 && prop.premiseClasses().get(g.cls()[stemEdges[pi - 1]])
                    && !goalClasses.has(g.cls()[stemEdges[pi - 1]]);
            assertTrue(byState || byStep, "the premise holds at the premise index");
        }
        for (int i = pi; i < stem.length; i++) {
            assertTrue(!prop.goal().test(stem[i]), "no goal state after the premise (stem " + i + ")");
        }
        for (int i = pi; i < stemEdges.length; i++) {
            assertTrue(!goalClasses.has(g.cls()[stemEdges[i]]), "no goal step after the premise");
        }
        int last = stem[stem.length - 1];
        if (lasso.finite()) {
            assertEquals(FiniteRuns.VIOLATE, finite, "finite counterexamples only when finite runs count");
            assertTrue(g.terminal(last), "a finite run ends in a terminal state");
            return;
        }
        int[] cycle = lasso.cycleStates();
        int[] cycleEdges = lasso.cycleEdges();
        assertTrue(cycleEdges.length >= 1, "the cycle has a step");
        assertEquals(cycleEdges.length + 1, cycle.length);
        assertEquals(last, cycle[0], "the cycle starts where the stem ends");
        assertEquals(cycle[0], cycle[cycle.length - 1], "the cycle returns");
        for (int i = 0; i < cycleEdges.length; i++) {
            int e = cycleEdges[i];
            assertEquals(cycle[i], g.src()[e], "cycle edge " + i + " leaves its state");
            assertEquals(cycle[i + 1], g.dst()[e], "cycle edge " + i + " enters the next state");
            assertTrue(!goalClasses.has(g.cls()[e]), "no goal step on the cycle");
            assertTrue(!prop.goal().test(cycle[i]), "no goal state on the cycle");
        }
        for (Fairness f : fairness) {
            boolean taken = false;
            boolean enabledSomewhere = false;
            boolean enabledEverywhere = true;
            for (int i = 0; i < cycleEdges.length; i++) {
                taken |= f.classes().get(g.cls()[cycleEdges[i]]);
                boolean en = g.enables(cycle[i], f);
                enabledSomewhere |= en;
                enabledEverywhere &= en;
            }
            if (f.kind() == Fairness.Kind.WEAK) {
                assertTrue(taken || !enabledEverywhere, "weakly fair: " + f);
            } else {
                assertTrue(taken || !enabledSomewhere, "strongly fair: " + f);
            }
        }
    }

    private record BitSetView(java.util.BitSet set) {
        boolean has(int i) {
            return set.get(i);
        }
    }
}
