package twcheck.properties;

import java.util.ArrayList;
import java.util.List;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.Hit;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.TransitionSystem;
import twcheck.engine.Trace;

/**
 * Checks properties by one breadth-first search of the whole state space, then turns what the
 * search saw into verdicts. A violation found is definite even if the search was cut short; a
 * "holds" needs the complete state space, otherwise the verdict is unknown.
 */
public final class Verifier {
    private Verifier() {}

    public static CheckResult check(TransitionSystem system, List<Property> checks, List<Property> witnesses,
            SearchOptions options, boolean stopAtFirstViolation) {
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
        return new CheckResult(search, List.copyOf(results), List.copyOf(witnessResults));
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
