package twcheck.check;

import java.util.List;
import twcheck.engine.SearchResult;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;

/**
 * Everything one run of the checker found: the search statistics, verdicts and witnesses, and how
 * each phase of the run went.
 *
 * @param incompleteReason why some phase ended early (the search, the liveness checks, rebuilding
 *     traces), or null if every phase ran to its end; the properties it left undecided are unknown
 * @param phases the time and memory of each phase, in the order they ran
 */
public record CheckResult(SearchResult search, List<PropertyResult> properties, List<PropertyResult> witnesses,
        String incompleteReason, List<Phase> phases) {

    /**
     * One phase of a run.
     *
     * @param name e.g. "search", "liveness"
     * @param seconds wall time of the phase
     * @param peakBytes the most bytes of the run's accounted data (visited set, parent links, graph,
     *     working arrays) held at once during the phase
     * @param peakResidentBytes the process's peak resident set size so far, at the end of the phase
     *     (the operating system's high-water mark: it never goes down), or -1 if unknown
     */
    public record Phase(String name, double seconds, long peakBytes, long peakResidentBytes) {
        public Phase(String name, double seconds, long peakBytes) {
            this(name, seconds, peakBytes, twcheck.engine.ProcessMemory.peakResidentBytes());
        }
    }

    /** True if every phase ran to its end: every verdict covers every run. */
    public boolean complete() {
        return incompleteReason == null;
    }

    /** Wall time of all phases. */
    public double seconds() {
        return phases.stream().mapToDouble(Phase::seconds).sum();
    }

    public boolean anyViolated() {
        return properties.stream().anyMatch(p -> p.verdict() == Verdict.VIOLATED);
    }

    public boolean anyUnknown() {
        return properties.stream().anyMatch(p -> p.verdict() == Verdict.UNKNOWN);
    }
}
