package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;

/** The reference counts and the counterexamples do not depend on threads or storage mode. */
class ParallelReferenceTest {

    @ParameterizedTest(name = "{0} on {3} threads, {4}")
    @CsvSource({
        "3/1/2/0/1/2/1/0, 987, 2147, 2, EXACT",
        "3/1/3/1/1/3/1/0, 3055, 7922, 3, EXACT",
        "3/2/2/0/1/3/2/2, 6736, 13124, 2, HASH_COMPACTION",
        "3/2/2/1/1/3/2/4, 43000, 91892, 4, EXACT",
        "3/2/2/1/1/2/1/0, 299659, 816878, 2, EXACT",
        "3/2/2/1/1/2/1/0, 299659, 816878, 3, HASH_COMPACTION",
    })
    void countsVerdictsAndCounterexamplesMatchOneThread(String config, long states, long firings, int threads,
            SearchOptions.Storage storage) {
        TcpModel model = new TcpModel(TcpParameters.parseConfig(config));
        SearchResult one = new BreadthFirstSearch(model, SearchOptions.exhaustive()).run();
        SearchResult many = new BreadthFirstSearch(model,
                SearchOptions.exhaustive().withThreads(threads).withStorage(storage)).run();
        assertTrue(many.complete());
        assertEquals(states, many.distinctStates(), "distinct states");
        assertEquals(firings, many.transitions(), "rule firings");
        assertEquals(one.depth(), many.depth());
        assertEquals(one.deadlocks(), many.deadlocks());
        assertEquals(one.firstDeadlockLength(), many.firstDeadlockLength());
        for (int bit = 0; bit < model.labelNames().size(); bit++) {
            assertEquals(one.firstHit(bit), many.firstHit(bit), model.labelNames().get(bit));
            if (one.firstHit(bit) != null) {
                assertEquals(one.traceTo(one.firstHit(bit)).steps().stream().map(s -> s.action()).toList(),
                        many.traceTo(many.firstHit(bit)).steps().stream().map(s -> s.action()).toList());
            }
        }
        if (storage == SearchOptions.Storage.HASH_COMPACTION) {
            assertTrue(many.omissionProbability() > 0 && many.omissionProbability() < 1e-6);
        }
    }

    @Test
    void aMemoryBudgetTooSmallEndsTheSearchIncompleteWithAReport() {
        TcpModel model = new TcpModel(TcpParameters.parseConfig("3/2/2/1/1/2/1/0"));
        for (int threads = 1; threads <= 2; threads++) {
            SearchResult result = new BreadthFirstSearch(model,
                    SearchOptions.exhaustive().withThreads(threads).withMemoryBudget(3L << 20)).run();
            assertFalse(result.complete());
            assertTrue(result.incompleteReason().startsWith("memory limit reached"), result.incompleteReason());
            assertTrue(result.incompleteReason().contains("distinct states"), result.incompleteReason());
            assertTrue(result.distinctStates() > 0 && result.distinctStates() < 299659);
        }
    }
}
