package twcheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The parallel search against the one-threaded search on random transition systems: the same
 * counts, the same first hits (state number and successor ordinal, so the same counterexamples)
 * and the same traces, whatever the number of threads, the size of the units of work, the
 * storage mode and where the parent link is kept (a parallel array, the top 32 bits, or a parallel
 * array read only when needed, with a used mark and level stamp in 1 to 31 free bits).
 */
class ParallelSearchProperties {
    private static final int LABELS = 3;

    @Provide
    Arbitrary<RandomSystem> systems() {
        return Arbitraries.integers().between(1, 300).flatMap(n -> {
            Arbitrary<RandomSystem.Edge> edge = Combinators.combine(
                    Arbitraries.integers().between(0, n - 1),
                    Arbitraries.frequencyOf(
                            Tuple.of(8, Arbitraries.just(0L)),
                            Tuple.of(1, Arbitraries.longs().between(1, (1L << LABELS) - 1))))
                    .as(RandomSystem.Edge::new);
            Arbitrary<List<List<RandomSystem.Edge>>> graph = edge.list().ofMaxSize(5).list().ofSize(n);
            Arbitrary<boolean[]> ends = Arbitraries.of(true, false).list().ofSize(n).map(list -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) b[i] = list.get(i);
                return b;
            });
            return Combinators.combine(Arbitraries.integers().between(0, n - 1), graph, ends,
                    Arbitraries.integers().between(1, 3), Arbitraries.of(0, 1, 2, 5, 32))
                    .as((init, g, e, width, free) ->
                            new RandomSystem(init, g, e, LABELS, width).withFreeHighBits(free));
        });
    }

    @Property(tries = 200)
    void everyThreadCountGivesTheSameResult(@ForAll("systems") RandomSystem sys,
            @ForAll @IntRange(min = 2, max = 4) int threads, @ForAll @IntRange(min = 1, max = 3) int unit,
            @ForAll boolean compact) {
        SearchOptions.Storage storage = compact ? SearchOptions.Storage.HASH_COMPACTION : SearchOptions.Storage.EXACT;
        SearchResult one = new BreadthFirstSearch(sys, SearchOptions.exhaustive(), unit).run();
        SearchResult many = new BreadthFirstSearch(sys,
                SearchOptions.exhaustive().withThreads(threads).withStorage(storage), unit).run();
        assertTrue(many.complete());
        assertEquals(storage, many.storage());
        assertSameResult(one, many);
    }

    /**
     * A state limit stops the search at the same place for every thread count: the same states,
     * counts and first hits, so the same verdicts and counterexamples (README: --max-states).
     */
    @Property(tries = 200)
    void aStateLimitStopsAtTheSameStateForEveryThreadCount(@ForAll("systems") RandomSystem sys,
            @ForAll @IntRange(min = 2, max = 4) int threads, @ForAll @IntRange(min = 1, max = 3) int unit,
            @ForAll @IntRange(min = 1, max = 200) int limit) {
        SearchResult one = new BreadthFirstSearch(sys, SearchOptions.exhaustive().withMaxStates(limit), unit).run();
        SearchResult many = new BreadthFirstSearch(sys,
                SearchOptions.exhaustive().withMaxStates(limit).withThreads(threads), unit).run();
        assertEquals(one.complete(), many.complete());
        if (!one.complete()) assertTrue(one.distinctStates() >= limit, "stopped before the limit");
        assertSameResult(one, many);
    }

    private static void assertSameResult(SearchResult one, SearchResult many) {
        assertEquals(one.distinctStates(), many.distinctStates());
        assertEquals(one.transitions(), many.transitions());
        assertEquals(one.depth(), many.depth());
        assertEquals(one.deadlocks(), many.deadlocks());
        assertEquals(one.firstDeadlockLength(), many.firstDeadlockLength());
        for (int bit = 0; bit < LABELS; bit++) {
            Hit a = one.firstHit(bit);
            Hit b = many.firstHit(bit);
            assertEquals(a, b, "label " + bit);
            if (a != null) assertSameTrace(one.traceTo(a), many.traceTo(b));
        }
        Trace deadlock = one.traceToDeadlock();
        if (deadlock == null) {
            assertNull(many.traceToDeadlock());
        } else {
            assertSameTrace(deadlock, many.traceToDeadlock());
        }
    }

    private static void assertSameTrace(Trace a, Trace b) {
        assertEquals(a.length(), b.length());
        for (int i = 0; i < a.steps().size(); i++) {
            assertEquals(a.steps().get(i).action(), b.steps().get(i).action(), "step " + i);
            assertArrayEquals(a.steps().get(i).state(), b.steps().get(i).state(), "step " + i);
        }
    }
}
