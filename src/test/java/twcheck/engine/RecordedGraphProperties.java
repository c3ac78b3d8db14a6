package twcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The graph the search records, against a plain sequential exploration that numbers states in
 * the order found with a hash map: the same states (by number, level by level), the same edges in
 * the same order with the same classes and targets, the same predicates, whatever the number of
 * threads, the size of the units of work, and the storage mode.
 */
class RecordedGraphProperties {
    private static final int CLASSES = 5;

    /** The random systems of the parallel-search properties (their labels and ends do not matter here). */
    @Provide
    Arbitrary<RandomSystem> systems() {
        return new ParallelSearchProperties().systems();
    }

    /** The action class of successor {@code action} of a random system: a function of the ordinal. */
    static int classOf(int action) {
        return action % CLASSES;
    }

    static SearchOptions.GraphRecording recording() {
        return new SearchOptions.GraphRecording(RecordedGraphProperties::classOf, CLASSES,
                (generator, state, offset) -> state[offset] % 3 == 0 ? 1 : 0, 1);
    }

    @Property(tries = 200)
    void recordedGraphIsTheExploredGraph(@ForAll("systems") RandomSystem sys,
            @ForAll @IntRange(min = 1, max = 4) int threads, @ForAll @IntRange(min = 1, max = 3) int unit,
            @ForAll boolean compact) {
        SearchOptions.Storage storage = compact ? SearchOptions.Storage.HASH_COMPACTION : SearchOptions.Storage.EXACT;
        SearchResult result = new BreadthFirstSearch(sys, SearchOptions.exhaustive().withThreads(threads)
                .withStorage(storage).recordingGraph(recording()), unit).run();
        assertTrue(result.complete());
        StateGraph g = result.graph();
        assertNotNull(g);

        // the plain exploration: numbers in the order found, breadth first
        Map<Integer, Integer> number = new HashMap<>();
        List<Integer> states = new ArrayList<>();
        number.put(sys.initial, 0);
        states.add(sys.initial);
        List<Integer> levelStarts = new ArrayList<>(List.of(0));
        int levelEnd = 1;
        for (int id = 0; id < states.size(); id++) {
            if (id == levelEnd) {
                levelStarts.add(id);
                levelEnd = states.size();
            }
            for (RandomSystem.Edge e : sys.edges.get(states.get(id))) {
                if (!number.containsKey(e.to())) {
                    number.put(e.to(), states.size());
                    states.add(e.to());
                }
            }
        }
        levelStarts.add(states.size());
        assertEquals(states.size(), g.stateCount());
        assertEquals(result.distinctStates(), g.stateCount());
        assertEquals(result.transitions(), g.edgeCount());
        assertTrue(g.breadthFirstNumbered());
        assertEquals(levelStarts.size() - 1, g.levels());
        for (int d = 0; d < levelStarts.size(); d++) assertEquals((int) levelStarts.get(d), g.levelStart(d), "level " + d);
        for (int id = 0; id < states.size(); id++) {
            List<RandomSystem.Edge> out = sys.edges.get(states.get(id));
            assertEquals(out.size(), g.outDegree(id), "degree of " + id);
            for (int i = 0; i < out.size(); i++) {
                int e = g.offset(id) + i;
                assertEquals((int) number.get(out.get(i).to()), g.target(e), "target of edge " + i + " of " + id);
                assertEquals(classOf(i), g.actionClass(e));
            }
            assertEquals(states.get(id) % 3 == 0, g.predicate(0).get(id), "predicate of " + id);
        }
        // traces are still rebuilt from the numbered visited set
        if (result.firstHit(0) != null) {
            Trace t = result.traceTo(result.firstHit(0));
            assertEquals(result.firstHit(0).length(), t.length());
        }
        result.releaseStates();
        result.releaseGraph();
    }
}
