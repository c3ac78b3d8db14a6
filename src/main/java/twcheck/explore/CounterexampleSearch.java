package twcheck.explore;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import twcheck.check.CheckResult;
import twcheck.check.Verifier;
import twcheck.engine.SearchOptions;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;

/**
 * "The shortest counterexample from here" and "from the initial state": the checker's own
 * breadth-first search for one safety property, stopped at the first level that violates it,
 * from the initial state or from the state a path leads to. It is bounded by a number of states
 * and a number of seconds, and runs one at a time, so that the server stays responsive; a search
 * cut short by a bound without finding a violation says so (unknown), never "holds".
 */
final class CounterexampleSearch {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Bounds of every search. */
    record Limits(long maxStates, long seconds) {}

    private final Explorer explorer;
    private final Limits limits;
    private final BooleanSupplier stopping;
    private final Semaphore one = new Semaphore(1);

    CounterexampleSearch(Explorer explorer, Limits limits, BooleanSupplier stopping) {
        this.explorer = explorer;
        this.limits = limits;
        this.stopping = stopping;
    }

    /** Thrown when a search is asked for while another runs. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("another search is running; ask again when it has ended");
        }
    }

    /**
     * The search for {@code property} from the end of {@code walk} ({@code fromHere}) or from the
     * initial state. The result names the whole path from the initial state, if one was found.
     */
    ObjectNode run(Property property, Explorer.Walk walk, boolean fromHere) {
        if (!one.tryAcquire()) throw new Busy();
        try {
            return search(property, walk, fromHere);
        } finally {
            one.release();
        }
    }

    private ObjectNode search(Property property, Explorer.Walk walk, boolean fromHere) {
        // its own instance of the model: the search's threads never share the server's
        Explorer own = new Explorer(explorer.spec());
        TransitionSystem system = own.model().system();
        if (fromHere) system = startingAt(system, walk.last());
        long deadline = System.nanoTime() + limits.seconds() * 1_000_000_000L;
        boolean[] timedOut = {false};
        BooleanSupplier cancelled = () -> {
            if (System.nanoTime() > deadline) timedOut[0] = true;
            return timedOut[0] || stopping.getAsBoolean();
        };
        SearchOptions options = SearchOptions.exhaustive().withMaxStates(limits.maxStates()).withCancellation(cancelled);
        long started = System.nanoTime();
        CheckResult result = Verifier.check(system, List.of(property), List.of(), options, true);
        PropertyResult verdict = result.properties().get(0);
        ObjectNode out = JSON.objectNode().put("property", property.name()).put("from", fromHere ? "here" : "initial")
                .put("states", result.search().distinctStates())
                .put("seconds", (System.nanoTime() - started) / 1e9);
        if (verdict.verdict() == Verdict.VIOLATED) {
            List<String> tokens = new ArrayList<>(fromHere ? walk.tokens() : List.of());
            tokens.addAll(own.tokensOf(verdict.counterexample()));
            out.put("verdict", "violated").put("steps", verdict.counterexample().length());
            tokens.forEach(out.putArray("path")::add);
            out.put("summary", "shortest counterexample " + (fromHere ? "from here: " + verdict.counterexample().length()
                    + " more steps" : "from the initial state: " + tokens.size() + " steps"));
        } else if (verdict.verdict() == Verdict.HOLDS && result.complete()) {
            out.put("verdict", "holds");
            out.put("summary", property.name() + " holds in every one of the " + result.search().distinctStates()
                    + " states reachable " + (fromHere ? "from here" : "from the initial state"));
        } else {
            String reason = timedOut[0] ? "the time limit of " + limits.seconds() + " s was reached"
                    : result.incompleteReason() == null ? "the search was cut short" : result.incompleteReason();
            out.put("verdict", "unknown").put("reason", reason);
            out.put("summary", "unknown: no counterexample among the " + result.search().distinctStates()
                    + " states explored before the search stopped (" + reason + ")");
        }
        return out;
    }

    /** {@code system} with {@code start} as its only initial state. */
    private static TransitionSystem startingAt(TransitionSystem system, long[] start) {
        return new TransitionSystem() {
            @Override
            public int stateWords() {
                return system.stateWords();
            }

            @Override
            public int freeHighBits() {
                return system.freeHighBits();
            }

            @Override
            public List<String> labelNames() {
                return system.labelNames();
            }

            @Override
            public Successors newSuccessors() {
                Successors inner = system.newSuccessors();
                return new Successors() {
                    @Override
                    public void initialStates(Sink sink) {
                        sink.accept(0, start.clone(), 0);
                    }

                    @Override
                    public void successors(long[] state, int offset, Sink sink) {
                        inner.successors(state, offset, sink);
                    }
                };
            }

            @Override
            public boolean isIntendedEnd(long[] state, int offset) {
                return system.isIntendedEnd(state, offset);
            }

            @Override
            public String describeAction(long[] state, int action) {
                return system.describeAction(state, action);
            }

            @Override
            public Object view(long[] state) {
                return system.view(state);
            }
        };
    }
}
