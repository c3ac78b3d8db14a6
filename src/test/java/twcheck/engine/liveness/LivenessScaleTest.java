package twcheck.engine.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import twcheck.engine.StateGraph;
import twcheck.engine.StateGraphBuilder;

/** Deep and large graphs: no recursion, and a million states in little memory. */
class LivenessScaleTest {

    @Test
    void aSingleComponentOf200kStatesDoesNotOverflowTheStack() {
        int n = 200_000;
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(0);
        for (int s = 0; s < n; s++) {
            b.addEdge(s, (s + 1) % n, 0);
            if (s == n / 2) b.addEdge(s, s, 1); // the only class-1 edge, far from the start
        }
        StateGraph g = b.build();
        // weak fairness of class 1 is met by passing any state without the self-loop; strong
        // fairness needs the self-loop taken
        List<Fairness> wf = List.of(Fairness.strong("SF(c1)", 1), Fairness.weak("WF(c0)", 0));
        LivenessProperty p = LivenessProperty.eventually("<>never", s -> false);
        LivenessResult r = LivenessChecker.check(g, p, wf, FiniteRuns.VIOLATE);
        assertEquals(LivenessResult.Verdict.VIOLATED, r.verdict());
        assertEquals(1, r.fairComponents());
        Lasso lasso = r.counterexample();
        assertEquals(0, lasso.stemEdges().length);
        assertEquals(n + 1, lasso.cycleEdges().length); // around the ring, plus the class-1 self-loop
        LassoValidator.validate(LassoValidator.Edges.of(g), p, wf, FiniteRuns.VIOLATE, lasso);
    }

    @Test
    void aDeepChainIntoAComponentUnderStrongFairness() {
        // a chain 0 -> 1 -> ... -> n-1, then a ring over the second half where every state enables
        // class 2 into the goal: under SF(2) no fair cycle avoids the goal, without it one does.
        int n = 200_000;
        int goal = n;
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(0);
        for (int s = 0; s < n; s++) {
            if (s < n / 2) {
                b.addEdge(s, s + 1, 0);
            } else {
                b.addEdge(s, s + 1 < n ? s + 1 : n / 2, 0);
                if (s % 1000 == 0) b.addEdge(s, goal, 2);
            }
        }
        b.addEdge(goal, goal, 0);
        StateGraph g = b.build();
        LivenessProperty p = LivenessProperty.eventually("<>goal", s -> s == goal);
        LivenessResult unfair = LivenessChecker.check(g, p, List.of(), FiniteRuns.VIOLATE);
        assertEquals(LivenessResult.Verdict.VIOLATED, unfair.verdict());
        assertEquals(n / 2, unfair.counterexample().stemEdges().length);
        LassoValidator.validate(LassoValidator.Edges.of(g), p, List.of(), FiniteRuns.VIOLATE, unfair.counterexample());
        assertTrue(LivenessChecker.check(g, p, List.of(Fairness.strong("SF(2)", 2)), FiniteRuns.VIOLATE).holds());
        // weak fairness is not enough: class 2 is enabled only at every 1000th state
        assertEquals(LivenessResult.Verdict.VIOLATED,
                LivenessChecker.check(g, p, List.of(Fairness.weak("WF(2)", 2)), FiniteRuns.VIOLATE).verdict());
    }

    @Test
    void aMillionStatesFitInAFewTensOfMegabytes() {
        int n = 1_000_000;
        int perState = 3;
        SplittableRandom random = new SplittableRandom(7);
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(0);
        for (int s = 0; s < n; s++) {
            b.addEdge(s, s + 1 < n ? s + 1 : 0, 0); // keeps everything reachable and in one SCC
            for (int i = 1; i < perState; i++) b.addEdge(s, random.nextInt(n), 1 + random.nextInt(3));
        }
        StateGraph g = b.build();
        long bytes = b.footprintBytes() - 4;
        long exact = 4L * (n + 1) + 4L * n * perState; // an int per state and per edge
        assertTrue(bytes >= exact && bytes <= exact + 2 * 16384, "bytes " + bytes);
        List<Fairness> fairness = List.of(Fairness.weak("WF(1)", 1), Fairness.strong("SF(2)", 2));
        LivenessProperty p = LivenessProperty.leadsTo("P ~> Q", s -> s % 3 == 0, s -> s % 1000 == 999);
        LivenessResult r = LivenessChecker.check(g, p, fairness, FiniteRuns.VIOLATE);
        assertEquals(n, r.reachableStates());
        // premises: the multiples of 3 below n; open: those that are not goals (1000k + 999 with k % 3 == 0)
        assertEquals(333_334, r.premiseStates());
        assertEquals(333_334 - 334, r.openPremiseStates());
        // the random edges close goal-avoiding fair cycles everywhere: the validated lasso proves the
        // verdict, and state 0 (initial, a premise) already starts one, so the stem is empty
        assertEquals(LivenessResult.Verdict.VIOLATED, r.verdict());
        Lasso lasso = r.counterexample();
        LassoValidator.validate(LassoValidator.Edges.of(g), p, fairness, FiniteRuns.VIOLATE, lasso);
        assertEquals(0, lasso.stemEdges().length);
        assertEquals(0, lasso.premiseIndex());
    }
}
