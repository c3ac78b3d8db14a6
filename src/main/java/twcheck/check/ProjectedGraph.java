package twcheck.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DirectedPseudograph;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.GraphStates;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.StateGraph;
import twcheck.engine.TransitionSystem;
import twcheck.model.Model;
import twcheck.model.Property;

/**
 * The state graph an exhaustive search recorded, as a JGraphT graph: either every state (small
 * models), or its quotient over a projection of the states (R0: the pair of the endpoints' TCP
 * states), whose nodes are the projected values some reachable state has and whose edges are the
 * sorts of action that lead from one to another. Nodes are marked with the safety properties
 * violated on reaching them, and with the sets of nodes a run can never leave (the bottom
 * strongly connected components of the quotient: no transition of any of their states leaves them).
 */
public final class ProjectedGraph {

    /** A node: a projected value (or one state), with what the search saw of it. */
    public static final class Node {
        private final int id;
        private final List<String> values;
        private final String label;
        private long states;
        private int depth = Integer.MAX_VALUE;
        private boolean initial;
        private final Set<String> violated = new TreeSet<>();
        private final Set<String> staysBy = new TreeSet<>();
        private int trap = -1;

        Node(int id, List<String> values, String label) {
            this.id = id;
            this.values = List.copyOf(values);
            this.label = label;
        }

        public int id() {
            return id;
        }

        /** The projected values (one per part), or, for the full graph, the state as one JSON text. */
        public List<String> values() {
            return values;
        }

        public String label() {
            return label;
        }

        /** Reachable states with this projection. */
        public long states() {
            return states;
        }

        /** The fewest steps in which some run reaches this node. */
        public int depth() {
            return depth;
        }

        public boolean initial() {
            return initial;
        }

        /** Safety properties violated by a step into this node (or, no-deadlock, by a state of it). */
        public Set<String> violated() {
            return violated;
        }

        /** Sorts of action that keep the projection as it is (not drawn as edges). */
        public Set<String> staysBy() {
            return staysBy;
        }

        /** The number of the set of nodes a run can never leave that this node belongs to, or -1. */
        public int trap() {
            return trap;
        }
    }

    /** An edge: the sorts of action that lead from one node to another, and how many transitions do. */
    public static final class Link {
        private final Set<String> actions = new TreeSet<>();
        private long transitions;

        public Set<String> actions() {
            return actions;
        }

        public long transitions() {
            return transitions;
        }
    }

    private final Graph<Node, Link> graph;
    private final List<String> parts;
    private final long states;
    private final long transitions;
    private final int traps;

    private ProjectedGraph(Graph<Node, Link> graph, List<String> parts, long states, long transitions, int traps) {
        this.graph = graph;
        this.parts = parts;
        this.states = states;
        this.transitions = transitions;
        this.traps = traps;
    }

    public Graph<Node, Link> graph() {
        return graph;
    }

    /** The names of the parts projected onto; empty for the full graph. */
    public List<String> parts() {
        return parts;
    }

    /** Reachable states of the model. */
    public long states() {
        return states;
    }

    public long transitions() {
        return transitions;
    }

    /** How many sets of nodes a run can never leave there are. */
    public int traps() {
        return traps;
    }

    /** Thrown when the search did not explore every state: the picture would be of part of the model. */
    public static final class Incomplete extends RuntimeException {
        Incomplete(String reason) {
            super(reason);
        }
    }

    /** Thrown for the full graph of a model with more states than asked for. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    /**
     * Explores every state of {@code model} (one breadth-first search recording the graph) and
     * builds its picture: projected onto the parts numbered {@code parts} of
     * {@link Model#projectionParts}, or every state if {@code parts} is empty (then at most
     * {@code maxNodes} states). {@code marks} are the properties whose violations are marked.
     *
     * @throws Incomplete if the search was cut short ({@code options}' limits, an interrupt, memory)
     * @throws TooLarge if the full graph has more than {@code maxNodes} states
     */
    public static ProjectedGraph explore(Model model, int[] parts, List<Property> marks, SearchOptions options,
            long maxNodes) {
        TransitionSystem system = model.system();
        SearchOptions.GraphRecording recording = new SearchOptions.GraphRecording(a -> 0, 1,
                (generator, state, offset) -> 0L, 0);
        SearchResult search = new BreadthFirstSearch(system, options.recordingGraph(recording)).run();
        try {
            search.releaseStates();
            if (!search.complete()) throw new Incomplete(search.incompleteReason());
            StateGraph recorded = search.graph();
            if (parts.length == 0 && recorded.stateCount() > maxNodes) {
                throw new TooLarge(String.format(java.util.Locale.ROOT, "the model has %,d reachable states, more than"
                        + " the %,d the full graph is drawn for", recorded.stateCount(), maxNodes));
            }
            return build(model, recorded, parts, marks, options.cancelled());
        } finally {
            search.releaseGraph();
        }
    }

    /** The picture of a complete, breadth-first numbered recorded graph of {@code model}. */
    static ProjectedGraph build(Model model, StateGraph recorded, int[] parts, List<Property> marks,
            BooleanSupplier cancelled) {
        TransitionSystem system = model.system();
        List<String> labelNames = system.labelNames();
        Map<Integer, String> violatingLabels = new LinkedHashMap<>();
        boolean deadlocks = false;
        for (Property p : marks) {
            if (p.kind() == Property.Kind.ALWAYS_NOT) violatingLabels.put(labelNames.indexOf(p.label()), p.name());
            if (p.kind() == Property.Kind.NO_DEADLOCK) deadlocks = true;
        }
        boolean markDeadlocks = deadlocks;
        String deadlockName = marks.stream().filter(p -> p.kind() == Property.Kind.NO_DEADLOCK).map(Property::name)
                .findFirst().orElse(null);
        List<String> partNames = new ArrayList<>();
        for (int p : parts) partNames.add(model.projectionParts().get(p));

        Graph<Node, Link> graph = new DirectedPseudograph<>(Link.class);
        Map<List<String>, Node> byValues = new HashMap<>();
        Node[] nodeOfState = parts.length == 0 ? new Node[recorded.stateCount()] : null;
        int[] nodeIdOfState = new int[recorded.stateCount()];
        List<Node> nodes = new ArrayList<>();
        int[] level = {0};
        long[] count = {0};
        GraphStates.visit(system, recorded, new GraphStates.Visitor() {
            @Override
            public void state(int number, long[] words) {
                if ((number & 0xfff) == 0 && cancelled.getAsBoolean()) throw new Incomplete("interrupted");
                while (level[0] + 1 <= recorded.levels() && recorded.levelStart(level[0] + 1) <= number) level[0]++;
                Node node = nodeFor(number, words);
                node.states++;
                node.depth = Math.min(node.depth, level[0]);
                if (recorded.isInitial(number)) node.initial = true;
                nodeIdOfState[number] = node.id;
                if (markDeadlocks && recorded.outDegree(number) == 0 && !system.isIntendedEnd(words, 0)) {
                    node.violated.add(deadlockName);
                }
            }

            @Override
            public void transition(int from, long[] fromWords, int action, long labels, int to, long[] toWords) {
                count[0]++;
                Node source = nodes.get(nodeIdOfState[from]);
                // the target may be numbered later: its node comes from its own words
                Node target = to <= from ? nodes.get(nodeIdOfState[to]) : nodeFor(to, toWords);
                for (Map.Entry<Integer, String> v : violatingLabels.entrySet()) {
                    if (v.getKey() >= 0 && (labels >>> v.getKey() & 1) != 0) target.violated.add(v.getValue());
                }
                String sort = parts.length == 0 ? system.describeAction(fromWords, action)
                        : model.actionKind(fromWords, action);
                if (source == target && parts.length > 0) {
                    source.staysBy.add(sort);
                    return;
                }
                // the full graph has an edge per transition, the quotient one per pair of nodes
                Link link = parts.length == 0 ? null : graph.getEdge(source, target);
                if (link == null) {
                    link = new Link();
                    graph.addEdge(source, target, link);
                }
                link.actions.add(sort);
                link.transitions++;
            }

            /** The node of state {@code number}, made when it is first seen (visited, or reached by an edge). */
            private Node nodeFor(int number, long[] words) {
                if (parts.length == 0) {
                    if (nodeOfState[number] == null) {
                        Node n = new Node(nodes.size(), List.of(model.stateJson(words).toString()), "#" + number);
                        nodes.add(n);
                        nodeOfState[number] = n;
                        graph.addVertex(n);
                    }
                    return nodeOfState[number];
                }
                List<String> values = new ArrayList<>(parts.length);
                for (int p : parts) values.add(model.projection(words, p));
                return byValues.computeIfAbsent(values, v -> {
                    Node n = new Node(nodes.size(), v, String.join(" / ", v));
                    nodes.add(n);
                    graph.addVertex(n);
                    return n;
                });
            }
        });
        int traps = markTraps(graph);
        return new ProjectedGraph(graph, List.copyOf(partNames), recorded.stateCount(), count[0], traps);
    }

    /**
     * Numbers the bottom strongly connected components other than the whole graph: sets of nodes
     * with no edge out of them, so that a run that enters one stays in it for ever (a node with no
     * edges out is one too).
     */
    private static int markTraps(Graph<Node, Link> graph) {
        KosarajuStrongConnectivityInspector<Node, Link> scc = new KosarajuStrongConnectivityInspector<>(graph);
        int traps = 0;
        for (Set<Node> component : scc.stronglyConnectedSets()) {
            boolean leaves = false;
            for (Node n : component) {
                for (Link l : graph.outgoingEdgesOf(n)) {
                    if (!component.contains(graph.getEdgeTarget(l))) leaves = true;
                }
            }
            // the whole graph is trivially never left: only smaller sets say something
            if (leaves || component.size() == graph.vertexSet().size()) continue;
            for (Node n : component) n.trap = traps;
            traps++;
        }
        return traps;
    }
}
