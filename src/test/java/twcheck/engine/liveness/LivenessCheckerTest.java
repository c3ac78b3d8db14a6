package twcheck.engine.liveness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import twcheck.engine.StateGraph;
import twcheck.engine.StateGraphBuilder;

/** Hand-made cases: fairness kinds, finite runs, vacuity, events, and the graph itself. */
class LivenessCheckerTest {
    private static final int TICK = 0;
    private static final int FIRE = 1;
    private static final int OTHER = 2;

    private static IntSetPredicate states(Integer... s) {
        return new IntSetPredicate(Set.of(s));
    }

    record IntSetPredicate(Set<Integer> set) implements java.util.function.IntPredicate {
        @Override
        public boolean test(int value) {
            return set.contains(value);
        }
    }

    private static void assertValid(StateGraph g, LivenessProperty p, List<Fairness> f, FiniteRuns fin, LivenessResult r) {
        LassoValidator.validate(LassoValidator.Edges.of(g), p, f, fin, r.counterexample());
    }

    /** 0 (P) -> 1; 1 loops on itself (tick); 1 -> 2 (fire); 2 is Q and loops. */
    private static StateGraph selfLoop() {
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(0);
        b.addEdge(0, 1, OTHER);
        b.addEdge(1, 1, TICK);
        b.addEdge(1, 2, FIRE);
        b.addEdge(2, 2, TICK);
        return b.build();
    }

    @Test
    void withoutFairnessASelfLoopAfterThePremiseViolatesLeadsTo() {
        StateGraph g = selfLoop();
        LivenessProperty p = LivenessProperty.leadsTo("P ~> Q", states(0), states(2));
        LivenessResult r = LivenessChecker.check(g, p, List.of(), FiniteRuns.VIOLATE);
        assertEquals(LivenessResult.Verdict.VIOLATED, r.verdict());
        Lasso lasso = r.counterexample();
        assertArrayEquals(new int[] {0, 1}, lasso.stemStates());
        assertEquals(0, lasso.premiseIndex());
        assertArrayEquals(new int[] {1, 1}, lasso.cycleStates());
        assertEquals(TICK, g.actionClass(lasso.cycleEdges()[0]));
        assertEquals(1, r.premiseStates());
        assertEquals(1, r.openPremiseStates());
        assertValid(g, p, List.of(), FiniteRuns.VIOLATE, r);
    }

    @Test
    void weakFairnessOfTheTimerRulesOutTheSelfLoop() {
        StateGraph g = selfLoop();
        LivenessProperty p = LivenessProperty.leadsTo("P ~> Q", states(0), states(2));
        List<Fairness> wf = List.of(Fairness.weak("WF(fire)", FIRE));
        LivenessResult r = LivenessChecker.check(g, p, wf, FiniteRuns.VIOLATE);
        assertTrue(r.holds());
        assertFalse(r.vacuous());
        assertEquals(wf, r.fairness());
        // eventually Q, too
        assertTrue(LivenessChecker.check(g, LivenessProperty.eventually("<>Q", states(2)), wf, FiniteRuns.VIOLATE).holds());
    }

    /**
     * 0 -> 1; 1 <-> 2 (tick); 1 -> 3 (fire), 3 is Q. "fire" is enabled in 1 only: the cycle 1-2-1
     * is weakly fair (it passes 2, where fire is disabled) but not strongly fair.
     */
    private static StateGraph flicker() {
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(0);
        b.addEdge(0, 1, OTHER);
        b.addEdge(1, 2, TICK);
        b.addEdge(1, 3, FIRE);
        b.addEdge(2, 1, TICK);
        b.addEdge(3, 3, TICK);
        return b.build();
    }

    @Test
    void weakAndStrongFairnessDiffer() {
        StateGraph g = flicker();
        LivenessProperty p = LivenessProperty.eventually("<>Q", states(3));
        List<Fairness> weak = List.of(Fairness.weak("WF(fire)", FIRE));
        LivenessResult r = LivenessChecker.check(g, p, weak, FiniteRuns.VIOLATE);
        assertEquals(LivenessResult.Verdict.VIOLATED, r.verdict());
        assertEquals(Set.of(1, 2), Set.of(r.counterexample().cycleStates()[0], r.counterexample().cycleStates()[1]));
        assertValid(g, p, weak, FiniteRuns.VIOLATE, r);
        assertTrue(LivenessChecker.check(g, p, List.of(Fairness.strong("SF(fire)", FIRE)), FiniteRuns.VIOLATE).holds());
    }

    @Test
    void strongFairnessRefinementKeepsAFairInnerCycle() {
        // 0 <-> 1 (tick); 1 -> 2 (fire) and 2 is Q; 0 has a self-loop (tick). Under SF(fire) the
        // big component {0,1} is unfair, but without state 1 the self-loop on 0 remains.
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(1);
        b.addEdge(0, 0, TICK);
        b.addEdge(0, 1, TICK);
        b.addEdge(1, 0, TICK);
        b.addEdge(1, 2, FIRE);
        StateGraph g = b.build();
        LivenessProperty p = LivenessProperty.eventually("<>Q", states(2));
        List<Fairness> sf = List.of(Fairness.strong("SF(fire)", FIRE));
        LivenessResult r = LivenessChecker.check(g, p, sf, FiniteRuns.IGNORE);
        assertEquals(LivenessResult.Verdict.VIOLATED, r.verdict());
        assertArrayEquals(new int[] {1, 0}, r.counterexample().stemStates());
        assertArrayEquals(new int[] {0, 0}, r.counterexample().cycleStates());
        assertValid(g, p, sf, FiniteRuns.IGNORE, r);
        // with weak fairness of the tick as well, still violated (the self-loop is a tick)
        List<Fairness> both = List.of(sf.get(0), Fairness.weak("WF(tick)", TICK));
        assertEquals(LivenessResult.Verdict.VIOLATED, LivenessChecker.check(g, p, both, FiniteRuns.IGNORE).verdict());
    }

    @Test
    void aFairCycleMustTakeEveryRequiredClass() {
        // 0 -> 1 (tick), 1 -> 0 (fire), 0 -> 0 (other), 1 -> 1 (other); all enabled everywhere
        // except as listed. WF(tick) and WF(fire): the cycle must take both.
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(0);
        b.addEdge(0, 0, OTHER);
        b.addEdge(0, 1, TICK);
        b.addEdge(0, 0, FIRE);
        b.addEdge(1, 0, FIRE);
        b.addEdge(1, 1, OTHER);
        b.addEdge(1, 1, TICK);
        StateGraph g = b.build();
        LivenessProperty p = LivenessProperty.eventually("<>false", s -> false);
        List<Fairness> f = List.of(Fairness.weak("WF(tick)", TICK), Fairness.weak("WF(fire)", FIRE),
                Fairness.strong("SF(other)", OTHER));
        LivenessResult r = LivenessChecker.check(g, p, f, FiniteRuns.IGNORE);
        assertEquals(LivenessResult.Verdict.VIOLATED, r.verdict());
        assertValid(g, p, f, FiniteRuns.IGNORE, r);
    }

    @Test
    void finiteRunsAreAnExplicitOption() {
        // 0 (P) -> 1, a terminal non-Q state; 0 -> 2 (Q)
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(0);
        b.addEdge(0, 1, OTHER);
        b.addEdge(0, 2, OTHER);
        StateGraph g = b.build();
        LivenessProperty p = LivenessProperty.eventually("<>Q", states(2));
        LivenessResult violated = LivenessChecker.check(g, p, List.of(), FiniteRuns.VIOLATE);
        assertEquals(LivenessResult.Verdict.VIOLATED, violated.verdict());
        assertTrue(violated.counterexample().finite());
        assertArrayEquals(new int[] {0, 1}, violated.counterexample().stemStates());
        assertEquals(0, violated.counterexample().cycleEdges().length);
        assertValid(g, p, List.of(), FiniteRuns.VIOLATE, violated);
        assertTrue(LivenessChecker.check(g, p, List.of(), FiniteRuns.IGNORE).holds());
    }

    @Test
    void aLeadsToWhosePremiseNeverHoldsIsVacuous() {
        LivenessResult r = LivenessChecker.check(selfLoop(), LivenessProperty.leadsTo("never ~> Q", s -> false, states(2)),
                List.of(), FiniteRuns.VIOLATE);
        assertTrue(r.holds());
        assertTrue(r.vacuous());
        assertEquals(0, r.premiseStates());
    }

    @Test
    void eventsAsPremiseAndGoal() {
        // "after OTHER, eventually FIRE": 0 -(other)-> 1 -(tick)-> 1, 1 -(fire)-> 2 -(tick)-> 2
        StateGraph g = selfLoop();
        BitSet other = Fairness.setOf(OTHER);
        BitSet fire = Fairness.setOf(FIRE);
        LivenessProperty p = LivenessProperty.leadsTo("other ~> fire", null, other, null, fire);
        LivenessResult unfair = LivenessChecker.check(g, p, List.of(), FiniteRuns.VIOLATE);
        assertEquals(LivenessResult.Verdict.VIOLATED, unfair.verdict());
        assertEquals(1, unfair.counterexample().premiseIndex()); // entered by the OTHER step
        assertValid(g, p, List.of(), FiniteRuns.VIOLATE, unfair);
        assertEquals(1, unfair.premiseStates());
        assertTrue(LivenessChecker.check(g, p, List.of(Fairness.weak("WF(fire)", FIRE)), FiniteRuns.VIOLATE).holds());
        // "eventually tick" holds even without fairness: every infinite run ticks
        assertTrue(LivenessChecker.check(g, LivenessProperty.eventually("<>tick", null, Fairness.setOf(TICK)),
                List.of(), FiniteRuns.VIOLATE).holds());
    }

    @Test
    void fairnessEnablednessCountsEdgesIntoTheGoal() {
        // The only FIRE edge from 1 leads into Q; under WF(fire) the tick loop on 1 is unfair.
        StateGraph g = selfLoop();
        List<Fairness> wf = List.of(Fairness.weak("WF(fire)", FIRE));
        assertTrue(LivenessChecker.check(g, LivenessProperty.leadsTo("1 ~> 2", states(1), states(2)), wf,
                FiniteRuns.VIOLATE).holds());
    }

    @Test
    void theGraphIsCompactAndEdgesAreStable() {
        StateGraphBuilder b = new StateGraphBuilder();
        b.addInitial(0);
        assertEquals(0, b.addEdge(0, 3, 5));
        assertEquals(1, b.addEdge(0, 1, 1));
        assertEquals(2, b.addEdge(2, 0, 0)); // state 1 has no edges
        b.mark(0, 3);
        assertThrows(IllegalArgumentException.class, () -> b.addEdge(1, 0, 0));
        StateGraph g = b.build(6);
        assertEquals(6, g.stateCount());
        assertEquals(3, g.edgeCount());
        assertEquals(6, g.classCount());
        assertEquals(0, g.outDegree(1));
        assertEquals(0, g.outDegree(5));
        assertEquals(2, g.source(2));
        assertEquals(0, g.source(1));
        assertEquals(1, 1 - g.offset(g.source(1))); // its ordinal among state 0's edges
        assertEquals(3, g.target(0));
        assertEquals(5, g.actionClass(0));
        assertTrue(g.predicate(0).get(3));
        assertTrue(g.isInitial(0));
        // 4 bytes per state and per edge (target and class share an int), in chunks of 16 KiB
        long arrays = b.footprintBytes() - 4 - g.predicate(0).size() / 8;
        assertTrue(arrays >= 4L * 7 + 4L * 3 && arrays <= 4L * 7 + 4L * 3 + 2 * 16384, "bytes " + arrays);
    }
}
