package twcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The breadth-first search against a naive reference search on random transition systems. */
class BreadthFirstSearchProperties {
    private static final int LABELS = 3;

    @Provide
    Arbitrary<RandomSystem> systems() {
        return Arbitraries.integers().between(1, 40).flatMap(n -> {
            Arbitrary<RandomSystem.Edge> edge = Combinators.combine(
                    Arbitraries.integers().between(0, n - 1),
                    Arbitraries.frequencyOf(
                            Tuple.of(4, Arbitraries.just(0L)),
                            Tuple.of(1, Arbitraries.longs().between(1, (1L << LABELS) - 1))))
                    .as(RandomSystem.Edge::new);
            Arbitrary<List<List<RandomSystem.Edge>>> graph = edge.list().ofMaxSize(4).list().ofSize(n);
            Arbitrary<boolean[]> ends = Arbitraries.of(true, false).list().ofSize(n).map(list -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) b[i] = list.get(i);
                return b;
            });
            return Combinators.combine(Arbitraries.integers().between(0, n - 1), graph, ends,
                    Arbitraries.integers().between(1, 3))
                    .as((init, g, e, width) -> new RandomSystem(init, g, e, LABELS, width));
        });
    }

    private static int[] distances(RandomSystem sys) {
        return ReferenceSearch.distances(sys);
    }

    @Property(tries = 300)
    void findsTheSameReachableStatesAndStatistics(@ForAll("systems") RandomSystem sys) {
        int[] dist = distances(sys);
        long reachable = Arrays.stream(dist).filter(d -> d >= 0).count();
        long transitions = 0;
        long deadlocks = 0;
        int depth = 0;
        for (int s = 0; s < sys.states(); s++) {
            if (dist[s] < 0) continue;
            transitions += sys.edges.get(s).size();
            depth = Math.max(depth, dist[s]);
            if (sys.edges.get(s).isEmpty() && !sys.intendedEnd[s]) deadlocks++;
        }
        SearchResult result = new BreadthFirstSearch(sys, SearchOptions.exhaustive()).run();
        assertTrue(result.complete());
        assertEquals(reachable, result.distinctStates());
        assertEquals(transitions, result.transitions());
        assertEquals(depth, result.depth());
        assertEquals(deadlocks, result.deadlocks());
    }

    @Property(tries = 300)
    void labelCounterexamplesAreShortestAndReplay(@ForAll("systems") RandomSystem sys) {
        int[] dist = distances(sys);
        SearchResult result = new BreadthFirstSearch(sys, SearchOptions.exhaustive()).run();
        for (int bit = 0; bit < LABELS; bit++) {
            int shortest = Integer.MAX_VALUE;
            for (int s = 0; s < sys.states(); s++) {
                if (dist[s] < 0) continue;
                for (RandomSystem.Edge e : sys.edges.get(s)) {
                    if ((e.labels() & (1L << bit)) != 0) shortest = Math.min(shortest, dist[s] + 1);
                }
            }
            Hit hit = result.firstHit(bit);
            if (shortest == Integer.MAX_VALUE) {
                assertNull(hit, "label " + bit + " is unreachable");
                continue;
            }
            assertNotNull(hit, "label " + bit + " is reachable");
            assertEquals(shortest, hit.length());
            Trace trace = result.traceTo(hit);
            assertEquals(shortest, trace.length());
            assertReplays(sys, trace, 1L << bit);
        }
    }

    @Property(tries = 300)
    void deadlockTraceIsShortestAndReplays(@ForAll("systems") RandomSystem sys) {
        int[] dist = distances(sys);
        int shortest = -1;
        for (int s = 0; s < sys.states(); s++) {
            if (dist[s] >= 0 && sys.edges.get(s).isEmpty() && !sys.intendedEnd[s]
                    && (shortest < 0 || dist[s] < shortest)) {
                shortest = dist[s];
            }
        }
        SearchResult result = new BreadthFirstSearch(sys, SearchOptions.exhaustive()).run();
        Trace trace = result.traceToDeadlock();
        if (shortest < 0) {
            assertNull(trace);
            return;
        }
        assertNotNull(trace);
        assertEquals(shortest, trace.length());
        assertEquals(shortest, result.firstDeadlockLength());
        assertReplays(sys, trace, 0);
        int last = RandomSystem.stateOf(trace.steps().get(trace.length()).state());
        assertTrue(sys.edges.get(last).isEmpty() && !sys.intendedEnd[last]);
    }

    @Property(tries = 100)
    void aStateLimitMakesTheSearchIncomplete(@ForAll("systems") RandomSystem sys) {
        long reachable = Arrays.stream(distances(sys)).filter(d -> d >= 0).count();
        SearchResult result = new BreadthFirstSearch(sys, SearchOptions.exhaustive().withMaxStates(1)).run();
        // The initial state alone fills the limit: the search stops before expanding it, so it
        // cannot know whether anything else is reachable.
        assertFalse(result.complete());
        assertEquals(1, result.distinctStates());
        assertTrue(result.distinctStates() <= reachable);
    }

    /** Every step is a successor of the previous one; the last carries {@code label} if nonzero. */
    private static void assertReplays(RandomSystem sys, Trace trace, long label) {
        List<Trace.Step> steps = trace.steps();
        assertEquals(sys.initial, RandomSystem.stateOf(steps.get(0).state()));
        for (int i = 1; i < steps.size(); i++) {
            int from = RandomSystem.stateOf(steps.get(i - 1).state());
            int to = RandomSystem.stateOf(steps.get(i).state());
            List<RandomSystem.Edge> candidates = new ArrayList<>();
            for (RandomSystem.Edge e : sys.edges.get(from)) {
                if (e.to() == to) candidates.add(e);
            }
            assertTrue(!candidates.isEmpty(), "step " + i + " is not a transition");
            if (i == steps.size() - 1 && label != 0) {
                assertTrue(candidates.stream().anyMatch(e -> (e.labels() & label) != 0),
                        "the last step carries the label");
            }
        }
    }
}
