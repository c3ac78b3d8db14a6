package twcheck.engine.liveness;

import java.util.List;
import twcheck.engine.StateGraph;
import twcheck.engine.StateGraphBuilder;

/** Small explicit graphs for the liveness tests: adjacency lists turned into a {@link StateGraph}. */
final class TestGraphs {
    private TestGraphs() {}

    record Edge(int to, int cls) {}

    static StateGraph build(List<List<Edge>> edges, List<Integer> initial) {
        StateGraphBuilder b = new StateGraphBuilder();
        for (int s = 0; s < edges.size(); s++) {
            for (Edge e : edges.get(s)) b.addEdge(s, e.to(), e.cls());
        }
        for (int i : initial) b.addInitial(i);
        return b.build(edges.size());
    }
}
