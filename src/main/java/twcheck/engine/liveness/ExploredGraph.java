package twcheck.engine.liveness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;
import twcheck.engine.Trace;

/**
 * The whole reachable graph of a transition system, explored breadth-first for liveness checking:
 * states numbered in the order found (kept exactly, to rebuild runs), every transition as an edge
 * with its action class, and one bit set per state predicate. Liveness needs every edge, which the
 * safety search does not keep, so this is a separate exploration.
 */
public final class ExploredGraph {

    /** Evaluates the state predicates of a packed state, one bit each. */
    @FunctionalInterface
    public interface Marker {
        long predicates(long[] state);
    }

    private final TransitionSystem system;
    private final NumberedStates states;
    private final StateGraph graph;
    private final String incompleteReason;

    private ExploredGraph(TransitionSystem system, NumberedStates states, StateGraph graph, String incompleteReason) {
        this.system = system;
        this.states = states;
        this.graph = graph;
        this.incompleteReason = incompleteReason;
    }

    /**
     * @param actionClass maps an action code to its class, {@code 0..classCount-1}
     * @param marker the state predicates (bit i is predicate i of the graph)
     * @param maxStates stop (incomplete) beyond this many states
     */
    public static ExploredGraph explore(TransitionSystem system, IntUnaryOperator actionClass, Marker marker,
            long maxStates, BooleanSupplier cancelled) {
        return explore(system, actionClass, marker, maxStates, cancelled, null);
    }

    /** As above, reporting progress now and then (may be null). */
    public static ExploredGraph explore(TransitionSystem system, IntUnaryOperator actionClass, Marker marker,
            long maxStates, BooleanSupplier cancelled, twcheck.engine.SearchOptions.ProgressListener progress) {
        long started = System.nanoTime();
        int depth = 0;
        int levelEnd = -1;
        NumberedStates states = new NumberedStates(system.stateWords());
        StateGraph.Builder builder = StateGraph.builder();
        Successors generator = system.newSuccessors();
        long[] current = new long[system.stateWords()];
        String incomplete = null;
        try {
            generator.initialStates((action, next, labels) -> {
                int id = states.addIfAbsent(next);
                builder.addInitial(id >= 0 ? id : -1 - id);
            });
            int[] from = {0};
            Successors.Sink sink = (action, next, labels) -> {
                int id = states.addIfAbsent(next);
                builder.addEdge(from[0], id >= 0 ? id : -1 - id, actionClass.applyAsInt(action));
            };
            for (int id = 0; id < states.size(); id++) {
                if (states.size() > maxStates) {
                    incomplete = "state limit of " + maxStates + " reached";
                    break;
                }
                if (levelEnd < 0) levelEnd = states.size();
                if (id == levelEnd) {
                    depth++;
                    levelEnd = states.size();
                }
                if ((id & 4095) == 0) {
                    if (cancelled.getAsBoolean()) {
                        incomplete = "interrupted";
                        break;
                    }
                    if (progress != null) {
                        progress.report(states.size(), depth, states.size() - id, (System.nanoTime() - started) / 1e9);
                    }
                }
                states.read(id, current);
                long bits = marker.predicates(current);
                for (long rest = bits; rest != 0; rest &= rest - 1) {
                    builder.mark(Long.numberOfTrailingZeros(rest), id);
                }
                from[0] = id;
                generator.successors(current, 0, sink);
            }
        } catch (NumberedStates.StoreFullException e) {
            incomplete = e.getMessage();
        }
        return new ExploredGraph(system, states, builder.build(states.size()), incomplete);
    }

    public StateGraph graph() {
        return graph;
    }

    public boolean complete() {
        return incompleteReason == null;
    }

    public String incompleteReason() {
        return incompleteReason;
    }

    /**
     * The lasso as a run: the stem, then the cycle; the returned index is where the cycle starts
     * (the run's last state equals the state at that index), or -1 for a finite run.
     */
    public LassoRun run(Lasso lasso) {
        List<Trace.Step> steps = new ArrayList<>();
        long[] first = new long[system.stateWords()];
        states.read(lasso.stemStates()[0], first);
        steps.add(new Trace.Step(null, first));
        for (int e : lasso.stemEdges()) steps.add(step(e));
        int loopStart = -1;
        if (!lasso.finite()) {
            loopStart = steps.size() - 1;
            for (int e : lasso.cycleEdges()) steps.add(step(e));
        }
        return new LassoRun(new Trace(Collections.unmodifiableList(steps)), loopStart);
    }

    /** The run following {@code edges} from an initial state; {@code loopAt} marks a cycle's start, or -1. */
    public LassoRun run(int[] edges, int loopAt) {
        List<Trace.Step> steps = new ArrayList<>();
        long[] first = new long[system.stateWords()];
        states.read(edges.length == 0 ? graph.initialStates()[0] : graph.source(edges[0]), first);
        steps.add(new Trace.Step(null, first));
        for (int e : edges) steps.add(step(e));
        return new LassoRun(new Trace(Collections.unmodifiableList(steps)), loopAt);
    }

    /** A run that ends by repeating its steps from {@code loopStart} on forever (-1: it just ends). */
    public record LassoRun(Trace trace, int loopStart) {}

    private Trace.Step step(int edge) {
        int source = graph.source(edge);
        int ordinal = graph.ordinal(edge);
        long[] from = new long[system.stateWords()];
        states.read(source, from);
        Trace.Step[] found = {null};
        int[] seen = {0};
        system.newSuccessors().successors(from, 0, (action, next, labels) -> {
            if (seen[0]++ == ordinal) found[0] = new Trace.Step(system.describeAction(from, action), next.clone());
        });
        if (found[0] == null) throw new IllegalStateException("an edge of the explored graph is not a transition");
        return found[0];
    }
}
