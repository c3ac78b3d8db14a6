package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.StateGraph;
import twcheck.engine.Successors;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;

/**
 * The graph the search records for the TCP model, against a plain one-threaded exploration that
 * numbers states in the order found: the same edges (targets and action classes, in generation
 * order) and the same state predicates (read off the generator's decoded state), on one and two
 * threads.
 */
class RecordedTcpGraphTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void recordedGraphMatchesAPlainExploration(int threads) {
        ModelSpec spec = ModelFiles.read(Path.of("models/rfc9293.tw"), List.of());
        TcpModel model = new TcpModel(TcpParameters.of(spec.parameters()));
        SearchOptions.GraphRecording recording = new SearchOptions.GraphRecording(TcpModel::actionClass,
                TcpModel.actionClassCount(),
                (g, s, o) -> TcpLiveness.predicates(((TcpModel.Expanding) g).lastExpanded()), TcpLiveness.CONDITIONS.size());
        SearchResult result = new BreadthFirstSearch(model,
                SearchOptions.exhaustive().withThreads(threads).recordingGraph(recording)).run();
        assertTrue(result.complete());
        StateGraph g = result.graph();

        Map<Long, Integer> number = new HashMap<>();
        List<long[]> states = new ArrayList<>();
        Successors gen = model.newSuccessors();
        gen.initialStates((a, next, l) -> {
            if (number.putIfAbsent(next[0], states.size()) == null) states.add(next.clone());
        });
        assertEquals(1, model.stateWords());
        for (int id = 0; id < states.size(); id++) {
            List<int[]> edges = new ArrayList<>();
            gen.successors(states.get(id), 0, (a, next, l) -> {
                Integer t = number.get(next[0]);
                if (t == null) {
                    t = states.size();
                    number.put(next[0], t);
                    states.add(next.clone());
                }
                edges.add(new int[] {t, TcpModel.actionClass(a)});
            });
            assertEquals(edges.size(), g.outDegree(id), "degree of state " + id);
            long predicates = TcpLiveness.predicates(model.decode(states.get(id), 0));
            for (int i = 0; i < 8; i++) {
                assertEquals((predicates >>> i & 1) != 0, g.predicate(i).get(id), "predicate " + i + " of state " + id);
            }
            for (int i = 0; i < edges.size(); i++) {
                int e = g.offset(id) + i;
                assertEquals(edges.get(i)[0], g.target(e), "target of edge " + i + " of state " + id);
                assertEquals(edges.get(i)[1], g.actionClass(e), "class of edge " + i + " of state " + id);
            }
        }
        assertEquals(states.size(), g.stateCount());
    }
}
