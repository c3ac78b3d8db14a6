package twcheck.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.engine.TransitionSystem;
import twcheck.engine.Trace;
import twcheck.check.CheckResult;
import twcheck.model.Model;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;
import twcheck.spec.ModelSpec;

/** The result of {@code check} as one JSON object (the schema is in README.md). */
public final class JsonReport {
    private JsonReport() {}

    /** {@code seconds} is the search's; {@code totalSeconds} covers every phase. */
    record Stats(long distinctStates, long transitions, int depth, double seconds, long deadlocks,
            double totalSeconds, Long peakResidentBytes, List<PhaseJson> phases) {}

    /** One phase of the run: wall time, the most accounted data bytes held, the process's peak RSS so far. */
    record PhaseJson(String name, double seconds, long peakDataBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long peakResidentBytes) {}

    record Step(String action, Object state) {}

    record Counterexample(int length, List<Step> steps,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer loopStart) {}

    record PropertyJson(String name, String kind, String verdict, boolean vacuous, Counterexample counterexample,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> fairness,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long premiseStates,
            @JsonInclude(JsonInclude.Include.NON_NULL) PropertyResult.Delay delay) {}

    record WitnessJson(String name, Boolean reached, Integer length) {}

    record Result(String model, String file, String description, Map<String, Integer> parameters,
            boolean complete, String incompleteReason, String storage, Double omissionProbability, int threads,
            Stats stats,
            List<PropertyJson> properties, List<WitnessJson> witnesses) {}

    public static String render(ModelSpec spec, Model model, CheckResult result) {
        SearchResult search = result.search();
        TransitionSystem system = model.system();
        Result json = new Result(spec.name(), spec.source(), spec.description(), spec.parameters().asMap(),
                result.complete(), result.incompleteReason(), search.storage().jsonName(),
                search.storage() == SearchOptions.Storage.EXACT ? null : search.omissionProbability(),
                search.threads(),
                new Stats(search.distinctStates(), search.transitions(), search.depth(),
                        millis(search.seconds()), search.deadlocks(), millis(result.seconds()),
                        peakRss(result),
                        result.phases().stream().map(ph -> new PhaseJson(ph.name(), millis(ph.seconds()), ph.peakBytes(),
                                ph.peakResidentBytes() < 0 ? null : ph.peakResidentBytes())).toList()),
                result.properties().stream().map(p -> property(model, p)).toList(),
                result.witnesses().stream().map(JsonReport::witness).toList());
        return JsonEnvelope.render(json, "check");
    }

    private static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private static Long peakRss(CheckResult result) {
        long peak = result.phases().stream().mapToLong(CheckResult.Phase::peakResidentBytes).max().orElse(-1);
        return peak < 0 ? null : peak;
    }

    private static PropertyJson property(Model model, PropertyResult p) {
        boolean live = p.property().kind().liveness();
        return new PropertyJson(p.property().name(), p.property().kind().jsonName(), p.verdict().jsonName(),
                p.vacuous(), p.counterexample() == null ? null : counterexample(model, p.counterexample(), p.loopStart()),
                live ? p.fairness() : null, live ? p.premiseStates() : null, p.delay());
    }

    private static WitnessJson witness(PropertyResult w) {
        Boolean reached = w.verdict() == Verdict.UNKNOWN ? null : w.verdict() == Verdict.HOLDS;
        return new WitnessJson(w.property().name(), reached,
                w.counterexample() == null ? null : w.counterexample().length());
    }

    static Counterexample counterexample(Model model, Trace trace, int loopStart) {
        return new Counterexample(trace.length(), trace.steps().stream()
                .map(s -> new Step(s.action() == null ? "initial" : s.action(), model.stateJson(s.state())))
                .toList(), loopStart < 0 ? null : loopStart);
    }
}
