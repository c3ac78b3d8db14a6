package twcheck.properties;

import java.util.ArrayList;
import java.util.List;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.Hit;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.TransitionSystem;
import twcheck.engine.Trace;
import twcheck.engine.liveness.ExploredGraph;
import twcheck.engine.liveness.FiniteRuns;
import twcheck.engine.liveness.LivenessChecker;
import twcheck.engine.liveness.LivenessResult;
import twcheck.engine.liveness.StateGraph;
import java.util.BitSet;

/**
 * Checks properties by one breadth-first search of the whole state space, then turns what the
 * search saw into verdicts. A violation found is definite even if the search was cut short; a
 * "holds" needs the complete state space, otherwise the verdict is unknown.
 */
public final class Verifier {
    private Verifier() {}

    public static CheckResult check(TransitionSystem system, List<Property> checks, List<Property> witnesses,
            SearchOptions options, boolean stopAtFirstViolation) {
        return check(system, checks, witnesses, options, stopAtFirstViolation, null);
    }

    /**
     * Checks safety properties and witnesses by one breadth-first search, then, if the search was
     * complete, liveness properties on the explored graph under {@code liveness}'s fairness.
     */
    public static CheckResult check(TransitionSystem system, List<Property> allChecks, List<Property> witnesses,
            SearchOptions options, boolean stopAtFirstViolation, LivenessSetup liveness) {
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
        SearchResult search = new BreadthFirstSearch(system, options).run();

        List<PropertyResult> witnessResults = new ArrayList<>();
        for (Property w : witnesses) {
            Hit hit = search.firstHit(labelBit(labels, w));
            Verdict verdict = hit != null ? Verdict.HOLDS : search.complete() ? Verdict.VIOLATED : Verdict.UNKNOWN;
            witnessResults.add(new PropertyResult(w, verdict, hit == null ? null : search.traceTo(hit), false, 0));
        }
        List<PropertyResult> results = new ArrayList<>();
        for (Property p : checks) {
            results.add(judge(p, search, labels, witnessResults));
        }
        // Every trace is rebuilt by now: free the visited set before the liveness exploration.
        search.releaseStates();
        if (!live.isEmpty()) results.addAll(checkLiveness(system, live, search, liveness, options));
        // report in the order asked for
        List<PropertyResult> ordered = new ArrayList<>();
        for (Property p : allChecks) {
            results.stream().filter(r -> r.property().equals(p)).findFirst().ifPresent(ordered::add);
        }
        return new CheckResult(search, List.copyOf(ordered), List.copyOf(witnessResults));
    }

    /**
     * Liveness needs every edge of the reachable graph, which the safety search does not keep: the
     * graph is explored again, and only if the safety search saw the whole state space.
     */
    private static List<PropertyResult> checkLiveness(TransitionSystem system, List<Property> live,
            SearchResult search, LivenessSetup setup, SearchOptions options) {
        List<PropertyResult> results = new ArrayList<>();
        if (setup == null || !search.complete()) {
            for (Property p : live) results.add(new PropertyResult(p, Verdict.UNKNOWN, null, false, 0));
            return results;
        }
        ExploredGraph explored = ExploredGraph.explore(system, setup.actionClass(), setup.marker(),
                options.maxStates(), options.cancelled(), options.progress());
        if (!explored.complete()) {
            for (Property p : live) results.add(new PropertyResult(p, Verdict.UNKNOWN, null, false, 0));
            return results;
        }
        StateGraph graph = explored.graph();
        BitSet[] marks = new BitSet[Math.max(graph.predicateCount(), 8)];
        for (int i = 0; i < marks.length; i++) marks[i] = graph.predicate(i);
        LivenessChecker checker = new LivenessChecker(graph, setup.fairness(), FiniteRuns.VIOLATE);
        for (Property p : live) {
            if (p.kind() == Property.Kind.WITHIN) {
                results.add(setup.delay().apply(explored, marks).judge(p));
                continue;
            }
            LivenessResult r = checker.check(setup.property().apply(p, marks));
            Trace trace = null;
            int loop = -1;
            if (!r.holds()) {
                ExploredGraph.LassoRun run = explored.run(r.counterexample());
                trace = run.trace();
                loop = run.loopStart();
            }
            results.add(new PropertyResult(p, r.holds() ? Verdict.HOLDS : Verdict.VIOLATED, trace,
                    r.holds() && r.premiseStates() == 0, 0, loop, checker.fairnessNames(), r.premiseStates(), null));
        }
        return results;
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
        int bit = labels.indexOf(p.label());
        if (bit < 0) throw new IllegalArgumentException("the model has no label '" + p.label() + "' for " + p.name());
        return bit;
    }
}
