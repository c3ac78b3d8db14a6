package twcheck.check;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.Hit;
import twcheck.engine.MemoryBudget;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.StateGraph;
import twcheck.engine.Trace;
import twcheck.engine.TransitionSystem;
import twcheck.engine.liveness.FiniteRuns;
import twcheck.engine.GraphRuns;
import twcheck.engine.liveness.LivenessChecker;
import twcheck.engine.liveness.LivenessProperty;
import twcheck.engine.liveness.LivenessResult;
import twcheck.model.LivenessSetup;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;

/**
 * Checks properties by one breadth-first search of the whole state space, then turns what the
 * search saw into verdicts. A violation found is definite even if the search was cut short; a
 * "holds" needs the complete state space, otherwise the verdict is unknown.
 *
 * <p>When liveness or time-bound properties are selected, the same search records the state graph
 * (every edge by state number), and those properties are checked on it after the safety
 * verdicts, on the same memory budget, cancellation flag and threads. Every phase that ends early
 * (a limit, an interrupt, memory) leaves the properties it did not decide unknown and the run
 * incomplete with its reason.
 */
public final class Verifier {
    private Verifier() {}

    public static CheckResult check(TransitionSystem system, List<Property> checks, List<Property> witnesses,
            SearchOptions options, boolean stopAtFirstViolation) {
        return check(system, checks, witnesses, options, stopAtFirstViolation, null, null);
    }

    /** Checks {@code checks} and the kind's witnesses on {@code model}, liveness under {@code fairness}. */
    public static CheckResult check(Model model, List<Property> checks, List<String> fairness, SearchOptions options,
            boolean stopAtFirstViolation) {
        boolean onGraph = checks.stream().anyMatch(p -> p.kind().onGraph());
        return check(model.system(), checks, model.kind().witnesses(), options, stopAtFirstViolation,
                onGraph ? model.liveness(fairness) : null, model);
    }

    /**
     * Checks safety properties and witnesses by one breadth-first search of {@code system}, then, if
     * the search was complete, liveness properties on the graph it recorded under {@code liveness}'s
     * fairness; {@code model} judges time bounds (it may be null when none is checked). The system
     * may differ from the model's own (a test's wrapper, say) as long as its states and actions are
     * the model's.
     */
    public static CheckResult check(TransitionSystem system, List<Property> allChecks, List<Property> witnesses,
            SearchOptions options, boolean stopAtFirstViolation, LivenessSetup liveness, Model model) {
        List<Property> checks = allChecks.stream().filter(p -> !p.kind().onGraph()).toList();
        List<Property> live = allChecks.stream().filter(p -> p.kind().onGraph()).toList();
        List<String> labels = system.labelNames();
        if (stopAtFirstViolation) {
            long stop = 0;
            boolean deadlock = false;
            for (Property p : checks) {
                if (p.kind() == Property.Kind.NO_DEADLOCK) deadlock = true;
                else stop |= 1L << labelBit(labels, p);
            }
            options = options.stoppingAt(stop, deadlock);
        }
        if (!live.isEmpty() && liveness != null) options = options.recordingGraph(liveness.recording());
        List<CheckResult.Phase> phases = new ArrayList<>();
        SearchResult search = new BreadthFirstSearch(system, options).run();
        MemoryBudget budget = search.budget();
        phases.add(new CheckResult.Phase("search", search.seconds(), budget.takePeak()));
        String incomplete = search.incompleteReason();

        // With a recorded graph, traces come from the graph: the visited set can go at once.
        if (search.tracesFromGraph()) search.releaseStates();
        long started = System.nanoTime();
        List<PropertyResult> witnessResults = new ArrayList<>();
        List<PropertyResult> results = new ArrayList<>();
        try {
            for (Property w : witnesses) {
                Hit hit = search.firstHit(labelBit(labels, w));
                Verdict verdict = hit != null ? Verdict.HOLDS : search.complete() ? Verdict.VIOLATED : Verdict.UNKNOWN;
                witnessResults.add(new PropertyResult(w, verdict, hit == null ? null : search.traceTo(hit), false, 0));
            }
            for (Property p : checks) results.add(judge(p, search, labels, witnessResults));
        } catch (OutOfMemoryError e) {
            incomplete = first(incomplete, "memory exhausted while rebuilding counterexamples");
            for (Property w : witnesses.subList(witnessResults.size(), witnesses.size())) {
                witnessResults.add(new PropertyResult(w, Verdict.UNKNOWN, null, false, 0));
            }
            for (Property p : checks.subList(results.size(), checks.size())) {
                results.add(new PropertyResult(p, Verdict.UNKNOWN, null, false, 0));
            }
        }
        // Every trace is rebuilt by now: free the visited set (the graph has what liveness needs).
        search.releaseStates();
        phases.add(new CheckResult.Phase("traces", seconds(started), budget.takePeak()));

        if (!live.isEmpty()) {
            started = System.nanoTime();
            // The search's buffers and links are garbage now: collect them, so that the checks'
            // arrays reuse that heap instead of growing it (the process's peak memory).
            System.gc();
            Liveness phase = new Liveness(system, search, liveness, options, model);
            results.addAll(phase.check(live));
            incomplete = first(incomplete, phase.incomplete);
            phases.add(new CheckResult.Phase("liveness", seconds(started), budget.takePeak()));
        }
        search.releaseGraph();
        // report in the order asked for
        List<PropertyResult> ordered = new ArrayList<>();
        for (Property p : allChecks) {
            results.stream().filter(r -> r.property().equals(p)).findFirst().ifPresent(ordered::add);
        }
        return new CheckResult(search, List.copyOf(ordered), List.copyOf(witnessResults), incomplete,
                List.copyOf(phases));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /**
     * The liveness and time-bound properties, on the recorded graph: several properties at once on
     * the worker threads when the memory budget has room for their working arrays side by side.
     * Each check is deterministic, so the verdicts and lassos do not depend on how many run at once;
     * a check that runs out of memory beside others is run again alone before it is called unknown.
     */
    private static final class Liveness {
        private final TransitionSystem system;
        private final SearchResult search;
        private final LivenessSetup setup;
        private final SearchOptions options;
        private final Model model;
        private String incomplete;

        Liveness(TransitionSystem system, SearchResult search, LivenessSetup setup, SearchOptions options, Model model) {
            this.system = system;
            this.search = search;
            this.setup = setup;
            this.options = options;
            this.model = model;
        }

        List<PropertyResult> check(List<Property> live) {
            List<PropertyResult> results = new ArrayList<>();
            StateGraph graph = search.graph();
            if (setup == null || graph == null) {
                if (setup == null) incomplete = "no liveness semantics for this model";
                for (Property p : live) results.add(unknown(p));
                return results;
            }
            BitSet[] marks = new BitSet[graph.predicateCount()];
            for (int i = 0; i < marks.length; i++) marks[i] = graph.predicate(i);
            MemoryBudget budget = search.budget();
            long phaseStart = System.nanoTime();
            LivenessChecker checker = new LivenessChecker(graph, setup.fairness(), FiniteRuns.VIOLATE,
                    options.cancelled(), budget, progress(phaseStart));
            GraphRuns runs = new GraphRuns(system, graph);
            long room = budget.limit() - budget.used();
            int parallel = (int) Math.max(1, Math.min(Math.min(options.threads(), live.size()),
                    room / Math.max(1, 2 * checker.bytesPerCheck())));
            PropertyResult[] out = new PropertyResult[live.size()];
            if (parallel > 1) {
                ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
                    Thread t = new Thread(r, "twcheck-liveness");
                    t.setDaemon(true);
                    t.setUncaughtExceptionHandler((thread, e) -> { }); // failures reach the caller through its Future
                    return t;
                });
                try {
                    // the largest checks first ("eventually" covers nearly every state), so the threads finish together
                    Integer[] order = new Integer[live.size()];
                    for (int i = 0; i < order.length; i++) order[i] = i;
                    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> live.get(i).kind() == Property.Kind.EVENTUALLY ? 0 : 1));
                    Future<?>[] futures = new Future<?>[order.length];
                    for (int i : order) {
                        Property p = live.get(i);
                        futures[i] = pool.submit(() -> one(p, checker, runs, marks, false));
                    }
                    for (int i = 0; i < out.length; i++) out[i] = (PropertyResult) await(futures[i]);
                } finally {
                    pool.shutdownNow();
                }
            }
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) out[i] = one(live.get(i), checker, runs, marks, true);
            }
            for (PropertyResult r : out) results.add(r);
            return results;
        }

        private SearchOptions.ProgressListener listener() {
            return options.progress();
        }

        private LivenessChecker.Progress progress(long phaseStart) {
            SearchOptions.ProgressListener l = listener();
            if (l == null) return null;
            return (phase, done, total) -> l.phase("liveness, " + phase, done, total, seconds(phaseStart));
        }

        private static Object await(Future<?> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException(cause);
            }
        }

        /**
         * One property. Beside other checks ({@code alone} false), running out of memory gives
         * null (run it again alone); alone, it gives unknown with the reason.
         */
        private PropertyResult one(Property p, LivenessChecker checker, GraphRuns runs, BitSet[] marks, boolean alone) {
            try {
                if (options.cancelled().getAsBoolean()) throw new LivenessChecker.Cancelled();
                if (p.kind() == Property.Kind.WITHIN) {
                    StateGraph g = runs.graph();
                    search.budget().reserve(16L * g.stateCount() + 8L * g.edgeCount(), "the worst-case delay search");
                    try {
                        return p.timeBound().judge(p, model, runs, marks, options.cancelled());
                    } finally {
                        search.budget().release(16L * g.stateCount() + 8L * g.edgeCount());
                    }
                }
                LivenessResult r = checker.check(livenessProperty(p, marks));
                Trace trace = null;
                int loop = -1;
                if (!r.holds()) {
                    GraphRuns.LassoRun run = runs.run(r.counterexample().stemStates()[0], r.counterexample().edges(),
                            r.counterexample().loopAt());
                    trace = run.trace();
                    loop = run.loopStart();
                }
                return new PropertyResult(p, r.holds() ? Verdict.HOLDS : Verdict.VIOLATED, trace,
                        r.vacuous(), 0, loop, checker.fairnessNames(), r.premiseStates(), null);
            } catch (LivenessChecker.Cancelled e) {
                note("interrupted during the liveness checks");
                return unknown(p);
            } catch (MemoryBudget.OutOfBudget | OutOfMemoryError e) {
                if (!alone) return null;
                String what = e instanceof MemoryBudget.OutOfBudget && e.getMessage() != null ? e.getMessage()
                        : "the liveness check (the heap is exhausted)";
                note(String.format(Locale.ROOT, "memory limit reached in the liveness checks: no room for %s"
                        + " within %,d MiB", what, search.budget().limit() >> 20));
                return unknown(p);
            }
        }

        private synchronized void note(String reason) {
            if (incomplete == null) incomplete = reason;
        }

        private static PropertyResult unknown(Property p) {
            return PropertyResult.unknown(p);
        }

        /** The engine's liveness property for {@code p}, over the predicates marked on the graph. */
        private static LivenessProperty livenessProperty(Property p, BitSet[] marks) {
            BitSet goal = marks[p.goal().bit()];
            return p.premise() == null ? LivenessProperty.eventually(p.name(), goal::get)
                    : LivenessProperty.leadsTo(p.name(), marks[p.premise().bit()]::get, goal::get);
        }
    }

    private static PropertyResult judge(Property p, SearchResult search, List<String> labels,
            List<PropertyResult> witnesses) {
        Trace counterexample;
        long occurrences = 0;
        if (p.kind() == Property.Kind.NO_DEADLOCK) {
            counterexample = search.traceToDeadlock();
            occurrences = search.deadlocks();
        } else {
            Hit hit = search.firstHit(labelBit(labels, p));
            counterexample = hit == null ? null : search.traceTo(hit);
        }
        if (counterexample != null) return new PropertyResult(p, Verdict.VIOLATED, counterexample, false, occurrences);
        if (!search.complete()) return new PropertyResult(p, Verdict.UNKNOWN, null, false, 0);
        boolean vacuous = !p.scenario().isEmpty() && witnesses.stream()
                .filter(w -> p.scenario().contains(w.property().name()))
                .noneMatch(w -> w.verdict() == Verdict.HOLDS);
        return new PropertyResult(p, Verdict.HOLDS, null, vacuous, 0);
    }

    private static int labelBit(List<String> labels, Property p) {
        int bit = labels.indexOf(p.label())
        ;
        if (bit < 0) throw new IllegalArgumentException("the model has no label '" + p.label() + "' for " + p.name());
        return bit;
    }
}
