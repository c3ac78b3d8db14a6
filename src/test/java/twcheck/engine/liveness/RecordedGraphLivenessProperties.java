package twcheck.engine.liveness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.StateGraph;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;
import twcheck.engine.liveness.LivenessPropertiesTest.Case;

/**
 * The liveness checker on graphs recorded by the search (breadth-first numbered: the checker
 * takes depths from the numbering and stems from level scans) against the old checker, kept as
 * the reference, and the naive one: the same verdicts and counts, equally short stems, valid
 * lassos, and the same lasso for every thread count of the search.
 */
class RecordedGraphLivenessProperties {
    private static final int CLASSES = 3;

    /** The case's graph as a model: state i is the word i, an action's code is its class. */
    record CaseSystem(Case c) implements TransitionSystem {
        @Override
        public int stateWords() {
            return 1;
        }

        @Override
        public List<String> labelNames() {
            return List.of();
        }

        @Override
        public Successors newSuccessors() {
            return new Successors() {
                @Override
                public void initialStates(Sink sink) {
                    for (int i : c.initial()) sink.accept(0, new long[] {i}, 0);
                }

                @Override
                public void successors(long[] state, int offset, Sink sink) {
                    for (TestGraphs.Edge e : c.edges().get((int) state[offset])) sink.accept(e.cls(), new long[] {e.to()}, 0);
                }
            };
        }

        @Override
        public boolean isIntendedEnd(long[] state, int offset) {
            return false;
        }

        @Override
        public String describeAction(long[] state, int action) {
            return "a" + action;
        }

        @Override
        public Object view(long[] state) {
            return state[0];
        }
    }

    static StateGraph record(Case c, int threads) {
        SearchOptions.GraphRecording recording = new SearchOptions.GraphRecording(a -> a, CLASSES,
                (generator, state, offset) -> (c.p()[(int) state[offset]] ? 1 : 0) | (c.q()[(int) state[offset]] ? 2 : 0), 2);
        SearchResult r = new BreadthFirstSearch(new CaseSystem(c),
                SearchOptions.exhaustive().withThreads(threads).recordingGraph(recording)).run();
        assertTrue(r.complete());
        return r.graph();
    }

    static LivenessProperty property(Case c, StateGraph g) {
        BitSet p = g.predicate(0);
        BitSet q = g.predicate(1);
        return c.eventually()
                ? LivenessProperty.eventually("prop", q::get, c.goalClasses())
                : LivenessProperty.leadsTo("prop", p::get, c.premiseClasses(), q::get, c.goalClasses());
    }

    @Property(tries = 1000)
    void agreesWithTheReferenceOnRecordedGraphs(@ForAll("cases") Case c, @ForAll @IntRange(min = 2, max = 3) int threads) {
        StateGraph g = record(c, 1);
        LivenessProperty prop = property(c, g);
        LivenessResult mine = LivenessChecker.check(g, prop, c.fairness(), c.finite());
        LivenessResult reference = ReferenceLivenessChecker.check(g, prop, c.fairness(), c.finite());
        assertEquals(reference.verdict(), mine.verdict(), c.toString());
        assertEquals(reference.premiseStates(), mine.premiseStates());
        assertEquals(reference.openPremiseStates(), mine.openPremiseStates());
        assertEquals(reference.reachableStates(), mine.reachableStates());
        assertEquals(reference.fairComponents(), mine.fairComponents());
        LassoValidator.Edges edges = LassoValidator.Edges.of(g);
        assertEquals(NaiveLiveness.shortestStem(edges, prop, c.fairness(), c.finite(), CLASSES) >= 0, !mine.holds());
        if (mine.holds()) return;
        LassoValidator.validate(edges, prop, c.fairness(), c.finite(), mine.counterexample());
        assertEquals(reference.counterexample().stemEdges().length, mine.counterexample().stemEdges().length, c.toString());
        assertEquals(NaiveLiveness.shortestStem(edges, prop, c.fairness(), c.finite(), CLASSES),
                mine.counterexample().stemEdges().length);

        // the same lasso whatever the number of threads that recorded the graph
        StateGraph h = record(c, threads);
        LivenessResult again = LivenessChecker.check(h, property(c, h), c.fairness(), c.finite());
        assertArrayEquals(mine.counterexample().stemEdges(), again.counterexample().stemEdges());
        assertArrayEquals(mine.counterexample().cycleEdges(), again.counterexample().cycleEdges());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Case> cases() {
        return new LivenessPropertiesTest().cases();
    }
}
