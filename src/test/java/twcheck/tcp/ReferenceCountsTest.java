package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;

/** The state counts of docs/r0-semantics.md §12, found by independent implementations of R0 in other model checkers. */
class ReferenceCountsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "3/1/2/0/1/2/1/0, 987, 2147",
        "3/1/3/1/1/3/1/0, 3055, 7922",
        "3/2/2/0/1/3/2/2, 6736, 13124",
        "3/2/2/1/1/3/2/4, 43000, 91892",
        "3/2/2/1/1/2/1/0, 299659, 816878",
    })
    void distinctStatesAndRuleFiringsMatchTheReference(String config, long states, long firings) {
        TcpModel model = new TcpModel(TcpParameters.parseConfig(config));
        SearchResult result = new BreadthFirstSearch(model, SearchOptions.exhaustive()).run();
        assertTrue(result.complete());
        assertEquals(states, result.distinctStates(), "distinct states");
        assertEquals(firings, result.transitions(), "rule firings");
    }
}
