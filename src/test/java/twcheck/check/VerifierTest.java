package twcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import twcheck.engine.SearchOptions;
import twcheck.engine.Trace;
import twcheck.engine.TransitionSystem;
import twcheck.model.Model;
import twcheck.model.ModelKind;
import twcheck.model.ModelKinds;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;

/**
 * Every counterexample, lasso and witness the checker reports is a real run of the model, through
 * the model interface only (the reference model R0, found by its kind's name).
 */
class VerifierTest {
    private static final List<String> FAIRNESS = List.of("tick", "timers", "delivery", "close");

    static Model r0(String config) {
        ModelKind kind = ModelKinds.byName("r0").orElseThrow();
        return kind.instantiate(kind.parseNotation(config));
    }

    static Property property(Model model, String name) {
        return model.kind().property(name).orElseThrow();
    }

    private static long[] initialState(TransitionSystem system) {
        long[][] first = {null};
        system.newSuccessors().initialStates((a, next, labels) -> {
            if (first[0] == null) first[0] = next.clone();
        });
        return first[0];
    }

    @ParameterizedTest
    @CsvSource({"3/2/2/1/1/3/2/2", "3/2/2/1/1/3/2/0", "3/2/2/0/1/3/2/2", "3/1/3/1/1/3/1/0"})
    void tracesReplayThroughTheModel(String config) {
        Model m = r0(config);
        TransitionSystem model = m.system();
        CheckResult result = Verifier.check(m, m.kind().properties(), FAIRNESS, SearchOptions.exhaustive(), false);
        int livenessTraces = 0;
        for (PropertyResult p : concat(result.properties(), result.witnesses())) {
            if (p.counterexample() == null) continue;
            Trace trace = p.counterexample();
            assertEquals(model.stateWords(), trace.steps().get(0).state().length);
            assertTrue(java.util.Arrays.equals(initialState(model), trace.steps().get(0).state()));
            for (int i = 1; i < trace.steps().size(); i++) {
                long[] from = trace.steps().get(i - 1).state();
                Trace.Step step = trace.steps().get(i);
                long wanted = i == trace.length() && p.property().label() != null
                        ? 1L << model.labelNames().indexOf(p.property().label()) : 0;
                boolean[] found = {false};
                model.newSuccessors().successors(from, 0, (action, next, labels) -> {
                    if (java.util.Arrays.equals(next, step.state()) && action == step.code()
                            && model.describeAction(from, action).equals(step.action())
                            && (labels & wanted) == wanted) {
                        found[0] = true;
                    }
                });
                assertTrue(found[0], p.property().name() + " step " + i + " " + step.action());
            }
            if (p.property().kind().liveness()) {
                // a lasso returns to the state its cycle starts in; a finite run stops where nothing can happen
                long[] last = trace.steps().get(trace.length()).state();
                livenessTraces++;
                if (p.lasso()) {
                    assertTrue(java.util.Arrays.equals(trace.steps().get(p.loopStart()).state(), last), p.property().name());
                } else {
                    int[] successors = {0};
                    model.newSuccessors().successors(last, 0, (a, n, l) -> successors[0]++);
                    assertEquals(0, successors[0], p.property().name());
                }
                boolean goalSeen = false;
                for (int i = p.lasso() ? p.loopStart() : 0; i <= trace.length(); i++) {
                    goalSeen |= p.property().goal().holdsIn(m.predicates(trace.steps().get(i).state()));
                }
                assertTrue(!goalSeen || p.property().kind() == Property.Kind.LEADS_TO,
                        p.property().name() + ": the goal never holds on the cycle (or the whole run for eventually)");
            }
            if (p.property().kind() == Property.Kind.NO_DEADLOCK) {
                long[] last = trace.steps().get(trace.length()).state();
                int[] successors = {0};
                model.newSuccessors().successors(last, 0, (a, n, l) -> successors[0]++);
                assertEquals(0, successors[0]);
                assertTrue(!model.isIntendedEnd(last, 0));
            }
        }
        if (config.equals("3/2/2/1/1/3/2/2")) assertTrue(livenessTraces > 0, "this configuration has liveness counterexamples");
    }

    /**
     * A search that records the graph (liveness properties selected) and ends early rebuilds its
     * traces from the levels it finished: they are real runs, as long as those of a complete search.
     */
    @ParameterizedTest
    @CsvSource({"3/2/2/1/1/3/2/2, 1, 20000, false", "3/2/2/1/1/3/2/2, 2, 20000, false", "3/2/2/1/1/3/2/2, 2, 0, true",
        "3/1/3/1/1/3/1/0, 2, 700, false"})
    void tracesOfAnIncompleteSearchThatRecordsTheGraphAreRealRuns(String config, int threads, long maxStates,
            boolean stopAtFirst) {
        Model model = r0(config);
        SearchOptions options = SearchOptions.exhaustive().withThreads(threads);
        if (maxStates > 0) options = options.withMaxStates(maxStates);
        List<Property> all = model.kind().properties();
        CheckResult partial = Verifier.check(model, all, FAIRNESS, options, stopAtFirst);
        CheckResult whole = Verifier.check(model, all.stream().filter(p -> !p.kind().onGraph()).toList(), FAIRNESS,
                SearchOptions.exhaustive(), false);
        assertTrue(!partial.complete());
        int checked = 0;
        for (PropertyResult p : concat(partial.properties(), partial.witnesses())) {
            if (p.property().kind().onGraph()) {
                assertEquals(Verdict.UNKNOWN, p.verdict(), p.property().name());
                continue;
            }
            if (p.counterexample() == null) continue;
            assertReplays(model.system(), p);
            checked++;
            PropertyResult full = concat(whole.properties(), whole.witnesses()).stream()
                    .filter(w -> w.property().equals(p.property())).findFirst().orElseThrow();
            assertEquals(full.counterexample().length(), p.counterexample().length(), "still the shortest: " + p.property().name());
        }
        assertTrue(checked > 0, "some trace was rebuilt");
    }

    private static void assertReplays(TransitionSystem model, PropertyResult p) {
        Trace trace = p.counterexample();
        assertTrue(java.util.Arrays.equals(initialState(model), trace.steps().get(0).state()));
        for (int i = 1; i < trace.steps().size(); i++) {
            long[] from = trace.steps().get(i - 1).state();
            Trace.Step step = trace.steps().get(i);
            boolean[] found = {false};
            model.newSuccessors().successors(from, 0, (action, next, labels) -> {
                if (java.util.Arrays.equals(next, step.state()) && model.describeAction(from, action).equals(step.action())) {
                    found[0] = true;
                }
            });
            assertTrue(found[0], p.property().name() + " step " + i + " " + step.action());
        }
    }

    @ParameterizedTest
    @CsvSource({"3/2/2/1/1/3/2/2"})
    void violationsFoundBeforeAStopAreKeptAndTheRestAreUnknown(String config) {
        Model model = r0(config);
        CheckResult result = Verifier.check(model, model.kind().properties().stream().filter(p -> !p.kind().onGraph())
                .toList(), FAIRNESS, SearchOptions.exhaustive(), true);
        assertTrue(!result.search().complete());
        long violated = result.properties().stream().filter(p -> p.verdict() == Verdict.VIOLATED).count();
        assertTrue(violated >= 1);
        for (PropertyResult p : result.properties()) {
            if (p.verdict() == Verdict.VIOLATED) assertNotNull(p.counterexample());
            else assertEquals(Verdict.UNKNOWN, p.verdict());
        }
    }

    /**
     * An interrupt that arrives while the liveness checks run (the cancellation flag is raised by
     * the first progress report of that phase): the safety verdicts stand, the liveness properties
     * are unknown, and the run is incomplete.
     */
    @ParameterizedTest
    @CsvSource({"1", "2"})
    void anInterruptDuringTheLivenessChecksLeavesThemUnknown(int threads) {
        Model model = r0("3/2/2/1/1/3/2/2");
        java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
        SearchOptions.ProgressListener listener = new SearchOptions.ProgressListener() {
            @Override
            public void report(long distinctStates, int depth, long frontier, double seconds) {}

            @Override
            public void phase(String phase, long done, long total, double seconds) {
                cancel.set(true);
            }
        };
        List<Property> checks = List.of(property(model, "no-deadlock"), property(model, "both-eventually-closed"),
                property(model, "passive-reaches-closed"));
        CheckResult result = Verifier.check(model, checks, FAIRNESS,
                SearchOptions.exhaustive().withThreads(threads).withProgress(listener).withCancellation(cancel::get),
                false);
        assertTrue(result.search().complete(), "the search itself ran to its end");
        assertTrue(!result.complete());
        assertTrue(result.incompleteReason().contains("interrupted"), result.incompleteReason());
        assertEquals(Verdict.VIOLATED, result.properties().get(0).verdict());
        assertEquals(Verdict.UNKNOWN, result.properties().get(1).verdict());
        assertEquals(Verdict.UNKNOWN, result.properties().get(2).verdict());
        assertEquals(3, result.phases().size(), "search, traces, liveness: " + result.phases());
    }

    private static List<PropertyResult> concat(List<PropertyResult> a, List<PropertyResult> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
