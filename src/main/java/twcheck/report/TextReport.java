package twcheck.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.TransitionSystem;
import twcheck.engine.Trace;
import twcheck.check.CheckResult;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;
import twcheck.spec.ModelSpec;

/** The default, human-readable output of {@code check}. */
public final class TextReport {
    private TextReport() {}

    public static void print(PrintWriter out, ModelSpec spec, Model model, CheckResult result) {
        SearchResult search = result.search();
        TransitionSystem system = model.system();
        out.println("model " + spec.name() + " (" + spec.source() + "): " + model.headline());
        for (String line : model.details()) out.println("  " + line);
        out.println();
        int width = 8 + result.properties().stream().mapToInt(p -> p.property().name().length()).max().orElse(10);
        for (PropertyResult p : result.properties()) {
            out.println("  " + pad(p.property().name(), width) + verdictLine(p, search, result.incompleteReason()));
        }
        result.properties().stream().filter(p -> p.property().kind().liveness()).findFirst().ifPresent(p ->
                out.println("  liveness assumes fairness: " + fairness(spec) + "; a run that stops before the goal violates it"));
        out.println();
        out.println("witnesses (sometimes):");
        int wwidth = 4 + result.witnesses().stream().mapToInt(p -> p.property().name().length()).max().orElse(10);
        for (PropertyResult w : result.witnesses()) {
            String state = switch (w.verdict()) {
                case HOLDS -> "reached in " + w.counterexample().length() + " steps";
                case VIOLATED -> "never reached";
                case UNKNOWN -> "not reached before the search stopped";
            };
            out.println("  " + pad(w.property().name(), wwidth) + state);
        }
        out.println();
        out.println(String.format(Locale.ROOT, "%,d distinct states, %,d transitions, depth %d, %.2f s (%,.0f states/s)",
                search.distinctStates(), search.transitions(), search.depth(), search.seconds(),
                search.distinctStates() / Math.max(search.seconds(), 1e-9)));
        out.println(phases(result));
        if (search.complete()) {
            if (search.storage() == SearchOptions.Storage.EXACT) {
                out.println("search complete: every reachable state explored; exact state storage (no hash compaction)");
            } else {
                out.println("search complete, with hash compaction: " + storageNote(search));
            }
        } else {
            out.println("SEARCH INCOMPLETE: " + search.incompleteReason()
                    + "; 'holds' cannot be claimed, found violations are real");
            if (search.storage() == SearchOptions.Storage.HASH_COMPACTION) {
                out.println("hash compaction: " + storageNote(search));
            }
        }
        if (!result.complete() && search.complete()) {
            // last, so that the last line always says whether the verdicts cover every run
            out.println("CHECK INCOMPLETE: " + result.incompleteReason()
                    + "; the properties it left undecided are unknown, the other verdicts stand");
        }
        for (PropertyResult p : result.properties()) {
            if (p.verdict() == Verdict.VIOLATED || (p.delay() != null && p.counterexample() != null)) {
                out.println();
                if (p.verdict() != Verdict.VIOLATED) {
                    out.println("the run attaining the worst case of " + p.property().name() + " (" + p.counterexample().length() + " steps):");
                    printTrace(out, system, p.counterexample(), p.loopStart());
                    continue;
                }
                out.println("counterexample for " + p.property().name() + " (" + p.counterexample().length()
                        + " steps" + (p.property().kind() == Property.Kind.NO_DEADLOCK ? ", ends in a deadlock" : "")
                        + (p.lasso() ? ", a lasso" : "") + "):");
                if (p.property().kind().liveness()) {
                    out.println("  " + p.property().definition());
                    out.println("  fairness assumed: " + fairness(spec));
                }
                printTrace(out, system, p.counterexample(), p.loopStart());
            }
        }
    }

    /** What hash compaction means for the verdicts, with the estimated omission probability. */
    public static String storageNote(SearchResult search) {
        return String.format(Locale.ROOT, "states stored as 64-bit fingerprints; a collision may have"
                + " hidden some states, so a 'holds' or a missing violation may be wrong, with an estimated"
                + " probability of %.1e (n^2/2^65 for n distinct states); violations found are real",
                search.omissionProbability());
    }

    /** Time and memory of every phase, and in all: "phases: search 7.10 s (data 301 MiB), ...". */
    static String phases(CheckResult result) {
        StringBuilder line = new StringBuilder("phases:");
        long rss = -1;
        for (CheckResult.Phase ph : result.phases()) {
            line.append(String.format(Locale.ROOT, " %s %.2f s (data %,d MiB),", ph.name(), ph.seconds(),
                    ph.peakBytes() >> 20));
            rss = Math.max(rss, ph.peakResidentBytes());
        }
        line.append(String.format(Locale.ROOT, " total %.2f s", result.seconds()));
        if (rss >= 0) line.append(String.format(Locale.ROOT, "; peak resident memory %,d MiB", rss >> 20));
        return line.toString();
    }

    private static String verdictLine(PropertyResult p, SearchResult search, String reason) {
        return switch (p.verdict()) {
            case HOLDS -> p.delay() != null ? "holds  " + delay(p) : "holds" + (search.storage() == SearchOptions.Storage.HASH_COMPACTION
                    ? " (hash compaction: see below)" : "") + (p.property().kind().liveness()
                    ? String.format(Locale.ROOT, "  (premise holds in %,d reachable state%s%s)", p.premiseStates(),
                            p.premiseStates() == 1 ? "" : "s",
                            p.vacuous() ? ": VACUOUS" : "")
                    : p.vacuous()
                    ? "  (VACUOUS: its scenario, " + String.join(" / ", p.property().scenario()) + ", never occurs)"
                    : "");
            case VIOLATED -> p.delay() != null ? "VIOLATED  " + delay(p) : p.property().kind().liveness() ? livenessViolation(p)
                    : "VIOLATED  shortest counterexample: " + p.counterexample().length() + " steps"
                    + (p.property().kind() == Property.Kind.NO_DEADLOCK
                            ? String.format(Locale.ROOT, " (%,d deadlocked states)", p.occurrences()) : "");
            case UNKNOWN -> "unknown  (" + (search.complete() ? "check" : "search") + " incomplete: " + reason + ")";
        };
    }

    /** The measured worst cases of a time-bound property, in the property's own words. */
    static String delay(PropertyResult p) {
        return p.property().timeBound().describe(p.delay());
    }

    private static String fairness(ModelSpec spec) {
        return spec.fairness().isEmpty() ? "none (every infinite run counts)"
                : String.join(", ", spec.fairness());
    }

    private static String livenessViolation(PropertyResult p) {
        int length = p.counterexample().length();
        return p.lasso()
                ? "VIOLATED  lasso: " + p.loopStart() + "-step stem, then a " + (length - p.loopStart())
                        + "-step cycle repeated forever"
                : "VIOLATED  the run stops after " + length + (length == 1 ? " step" : " steps") + " without reaching the goal";
    }

    /** Numbered steps: the action, then the state after it; for a lasso, where the cycle starts and that it repeats. */
    public static void printTrace(PrintWriter out, TransitionSystem system, Trace trace, int loopStart) {
        int n = 0;
        for (Trace.Step step : trace.steps()) {
            String mark = n == loopStart ? "  <-- the cycle starts here" : "";
            out.println(String.format(Locale.ROOT, "  %3d  %s%s", n++, step.action() == null ? "initial state" : step.action(), mark));
            out.println("       " + system.view(step.state()));
        }
        if (loopStart >= 0) {
            out.println("       (back to the state of step " + loopStart + ": steps " + (loopStart + 1) + ".." + (n - 1)
                    + " repeat forever)");
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
