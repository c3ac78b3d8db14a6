package twcheck.engine.liveness;

import twcheck.engine.liveness.TestGraphs.Edge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import twcheck.engine.StateGraph;

/** The liveness checker against a naive reference on random small graphs with random fairness. */
class LivenessPropertiesTest {
    private static final int CLASSES = 3;

    record Case(List<List<Edge>> edges, List<Integer> initial, boolean[] p, boolean[] q,
            BitSet premiseClasses, BitSet goalClasses, boolean eventually, List<Fairness> fairness,
            FiniteRuns finite) {

        int n() {
            return edges.size();
        }

        StateGraph graph() {
            return TestGraphs.build(edges, initial);
        }

        LivenessProperty property() {
            boolean[] pp = p;
            boolean[] qq = q;
            return eventually
                    ? LivenessProperty.eventually("prop", s -> qq[s], goalClasses)
                    : LivenessProperty.leadsTo("prop", s -> pp[s], premiseClasses, s -> qq[s], goalClasses);
        }

        @Override
        public String toString() {
            return "Case[edges=" + edges + " init=" + initial + " p=" + java.util.Arrays.toString(p)
                    + " q=" + java.util.Arrays.toString(q) + " premiseClasses=" + premiseClasses
                    + " goalClasses=" + goalClasses + " eventually=" + eventually + " fairness=" + fairness
                    + " finite=" + finite + "]";
        }
    }

    private static Arbitrary<boolean[]> flags(int n, int percentTrue) {
        return Arbitraries.integers().between(0, 99).list().ofSize(n).map(list -> {
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) b[i] = list.get(i) < percentTrue;
            return b;
        });
    }

    private static Arbitrary<BitSet> classSet(int percentEmpty) {
        return Arbitraries.integers().between(0, 99).flatMap(r -> r < percentEmpty
                ? Arbitraries.just(new BitSet())
                : Arbitraries.integers().between(1, (1 << CLASSES) - 1).map(bits -> BitSet.valueOf(new long[] {bits})));
    }

    private static Arbitrary<Fairness> fairness() {
        return Combinators.combine(Arbitraries.of(Fairness.Kind.values()), classSet(0))
                .as((kind, classes) -> new Fairness((kind == Fairness.Kind.WEAK ? "WF" : "SF") + classes, kind, classes));
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, 10).flatMap(n -> {
            Arbitrary<Edge> edge = Combinators.combine(Arbitraries.integers().between(0, n - 1),
                    Arbitraries.integers().between(0, CLASSES - 1)).as(Edge::new);
            Arbitrary<List<List<Edge>>> graph = edge.list().ofMaxSize(3).list().ofSize(n);
            Arbitrary<List<Integer>> initial = Arbitraries.integers().between(0, n - 1).list().ofMinSize(1).ofMaxSize(2);
            return Combinators.combine(graph, initial, flags(n, 30), flags(n, 25), classSet(75), classSet(75),
                    Arbitraries.of(true, false),
                    Arbitraries.integers().between(0, 3).flatMap(k -> fairness().list().ofSize(k)))
                    .flatAs((g, init, p, q, pc, gc, ev, fair) -> Arbitraries.of(FiniteRuns.values())
                            .map(fin -> new Case(g, init, p, q, ev ? new BitSet() : pc, gc, ev, fair, fin)));
        });
    }

    @Property(tries = 1500)
    void agreesWithTheNaiveReferenceAndLassosAreValid(@ForAll("cases") Case c) {
        StateGraph g = c.graph();
        LivenessProperty prop = c.property();
        LivenessResult result = LivenessChecker.check(g, prop, c.fairness(), c.finite());
        LassoValidator.Edges edges = LassoValidator.Edges.of(g);
        int expected = NaiveLiveness.shortestStem(edges, prop, c.fairness(), c.finite(), CLASSES);
        if (expected < 0) {
            assertEquals(LivenessResult.Verdict.HOLDS, result.verdict(), c.toString());
            assertNull(result.counterexample());
            return;
        }
        assertEquals(LivenessResult.Verdict.VIOLATED, result.verdict(), c.toString());
        Lasso lasso = result.counterexample();
        assertNotNull(lasso);
        LassoValidator.validate(edges, prop, c.fairness(), c.finite(), lasso);
        assertEquals(expected, lasso.stemEdges().length, "the stem is shortest: " + c + " " + lasso);
    }

    @Property(tries = 500)
    void premiseCountsMatchTheirDefinition(@ForAll("cases") Case c) {
        StateGraph g = c.graph();
        LivenessResult result = LivenessChecker.check(g, c.property(), c.fairness(), c.finite());
        boolean[] reach = new boolean[c.n()];
        List<Integer> work = new ArrayList<>(c.initial());
        for (int i : c.initial()) reach[i] = true;
        while (!work.isEmpty()) {
            int s = work.remove(work.size() - 1);
            for (Edge e : c.edges().get(s)) {
                if (!reach[e.to()]) {
                    reach[e.to()] = true;
                    work.add(e.to());
                }
            }
        }
        BitSet premise = new BitSet();
        BitSet open = new BitSet();
        long reachable = 0;
        for (int s = 0; s < c.n(); s++) {
            if (!reach[s]) continue;
            reachable++;
            if (c.eventually()) continue;
            if (c.p()[s]) {
                premise.set(s);
                if (!c.q()[s]) open.set(s);
            }
            for (Edge e : c.edges().get(s)) {
                if (c.premiseClasses().get(e.cls())) {
                    premise.set(e.to());
                    if (!c.goalClasses().get(e.cls()) && !c.q()[e.to()]) open.set(e.to());
                }
            }
        }
        if (c.eventually()) {
            for (int i : c.initial()) {
                premise.set(i);
                if (!c.q()[i]) open.set(i);
            }
        }
        assertEquals(reachable, result.reachableStates());
        assertEquals(premise.cardinality(), result.premiseStates());
        assertEquals(open.cardinality(), result.openPremiseStates());
    }
}
