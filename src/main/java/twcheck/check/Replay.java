package twcheck.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import twcheck.engine.Successors;
import twcheck.engine.Trace;
import twcheck.engine.TransitionSystem;
import twcheck.engine.liveness.Fairness;
import twcheck.model.LivenessSetup;
import twcheck.model.Model;
import twcheck.model.ModelKind;
import twcheck.model.ModelKinds;
import twcheck.model.Property;
import twcheck.trace.JsonPath;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceFormatException;
import twcheck.trace.TraceKind;

/**
 * Re-validates a trace against the model it names: the first state must be one of the model's
 * initial states, and every later state must follow from the one before by the action the trace
 * names (matched by name, so that traces written by other tools replay too; replay stops at the
 * first step that does not); then the last steps
 * must show what the trace claims about its property. Last, the trace is rebuilt from the
 * replayed states with the code {@code check} writes traces with, and every field the file
 * gives must agree with the rebuilt one: what {@code trace} draws comes from the rebuilt trace,
 * so nothing the file says is shown unless replay confirmed it.
 */
public final class Replay {
    private Replay() {}

    /**
     * How a problem counts: the file is not a well-formed trace (exit 2), or it is one but what it
     * says is false (exit 1). The line between them is drawn in docs/trace-format.md.
     */
    public enum Severity { MALFORMED, UNTRUE }

    /** One problem, as one line that names its JSON path. */
    public record Problem(Severity severity, String text) {
        static Problem malformed(TraceFormatException e) {
            return new Problem(Severity.MALFORMED, e.getMessage());
        }

        static Problem untrue(JsonPath at, String text) {
            return new Problem(Severity.UNTRUE, at.isRoot() ? text : at + ": " + text);
        }
    }

    /**
     * The outcome: the problems found (empty if the trace holds), and the trace as replay
     * confirmed it (null unless it holds), to be drawn instead of the file.
     */
    public record Outcome(int steps, List<Problem> problems, Model model, TraceFile confirmed, Trace run) {
        /** An outcome without a confirmed run. */
        Outcome(int steps, List<Problem> problems, Model model, TraceFile confirmed) {
            this(steps, problems, model, confirmed, null);
        }

        public boolean legal() {
            return problems.isEmpty();
        }

        public boolean malformed() {
            return problems.stream().anyMatch(p -> p.severity() == Severity.MALFORMED);
        }
    }

    /** The model a trace names ({@code #meta.base} and {@code #meta.parameters}). */
    public static Model modelOf(TraceFile trace) {
        JsonPath meta = JsonPath.of("#meta");
        String base = trace.meta().base();
        ModelKind kind = ModelKinds.byName(base).orElseThrow(() -> new TraceFormatException(meta.field("base"),
                "'" + base + "' is not a model kind twcheck knows (expected " + String.join(", ", ModelKinds.names()) + ")"));
        Map<String, Integer> parameters = trace.meta().parameters();
        try {
            return kind.instantiate(kind.values(parameters));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(meta.field("parameters"), e.getMessage() + " (of model kind " + base + ")");
        }
    }

    public static Outcome check(TraceFile trace) {
        try {
            return replay(trace);
        } catch (TraceFormatException e) {
            return new Outcome(0, List.of(Problem.malformed(e)), null, null);
        }
    }

    private static final JsonPath META = JsonPath.of("#meta");

    private static Outcome replay(TraceFile trace) {
        trace.checkShape(); // done by TraceFile.read already, but a trace may come from elsewhere
        Model model = modelOf(trace);
        ModelKind kind = model.kind();
        TraceFile.Meta meta = trace.meta();
        Property property = meta.property() == null ? null : kind.property(meta.property()).orElseThrow(() ->
                new TraceFormatException(META.field("property"), "'" + meta.property() + "' is not a property of "
                        + kind.name() + " (expected one of " + String.join(", ", propertyNames(kind)) + ")"));
        checkFairnessNames(kind, meta.fairness());
        TransitionSystem system = model.system();
        List<long[]> packed = decode(trace, model);

        List<Problem> problems = new ArrayList<>();
        int steps = packed.size() - 1;
        // The model's rules are asked only about states shown reachable (the initial state, then
        // each legal step's): a state within every field's range may still be one no run reaches,
        // and the rules need not hold there. So replay stops at the first state it cannot reach.
        if (!isInitial(system, packed.get(0))) {
            problems.add(Problem.untrue(state(0), "not the model's initial state"));
            return new Outcome(steps, problems, model, null);
        }
        List<Trace.Step> run = new ArrayList<>();
        run.add(Trace.Step.initial(packed.get(0)));
        long lastLabels = 0; // of the last step, for the claim
        for (int index = 1; index < packed.size(); index++) {
            long[] previous = packed.get(index - 1);
            long[] s = packed.get(index);
            String action = trace.states().get(index).meta().action();
            Transition step = find(system, previous, s, action);
            if (step == null) {
                problems.add(Problem.untrue(state(index), "'" + action + "' does not lead from state " + (index - 1)
                        + " to state " + index + (find(system, previous, s, null) != null
                                ? " (another action does)" : " (no action does)")));
                return new Outcome(steps, problems, model, null);
            }
            lastLabels = step.labels();
            run.add(new Trace.Step(step.code(), system.describeAction(previous, step.code()), s));
        }
        Integer loop = trace.loop();
        if (loop != null && loop >= steps) {
            problems.add(Problem.untrue(JsonPath.of("loop"), loop + " names no state before the last"
                    + (steps == 0 ? " (the trace has no step)" : " (0.." + (steps - 1) + ")")));
        } else if (loop != null && !Arrays.equals(packed.get(steps), packed.get(loop))) {
            problems.add(Problem.untrue(JsonPath.of("loop"), "the last state is not the state of step " + loop
                    + ", so the run does not loop back"));
        }
        if (!problems.isEmpty()) return new Outcome(steps, problems, model, null);

        // fairness is what a liveness counterexample assumes; the checker writes it for those only
        boolean fair = property != null && property.kind().liveness();
        TraceFile rebuilt = TraceBuilder.draft(meta.model(), meta.source(), model.parameters().asMap(), model, property,
                meta.kind(), new Trace(run), loop == null ? -1 : loop, fair ? meta.fairness() : null);
        if (property != null) {
            String mismatch = kindMismatch(property, meta.kind());
            if (mismatch != null) {
                problems.add(Problem.untrue(META.field("kind"), mismatch));
                return new Outcome(steps, problems, model, null);
            }
            String missing = claimMissing(rebuilt, model, property, packed, lastLabels);
            if (missing == null && fair && loop != null) missing = unfairCycle(model, meta.fairness(), run, loop);
            if (missing != null) {
                problems.add(Problem.untrue(META.field("property"), missing));
                return new Outcome(steps, problems, model, null);
            }
            rebuilt = new TraceFile(rebuilt.meta().withExplanation(TraceBuilder.explain(rebuilt, property)),
                    rebuilt.vars(), rebuilt.states(), rebuilt.loop());
        }
        problems.addAll(Agreement.differences(trace, rebuilt));
        return problems.isEmpty() ? new Outcome(steps, problems, model, rebuilt, new Trace(List.copyOf(run)))
                : new Outcome(steps, problems, model, null);
    }

    private static JsonPath state(int index) {
        return JsonPath.of("states").index(index);
    }

    private static List<String> propertyNames(ModelKind kind) {
        List<String> names = new ArrayList<>();
        kind.properties().forEach(p -> names.add(p.name()));
        kind.witnesses().forEach(p -> names.add(p.name()));
        return names;
    }

    private static void checkFairnessNames(ModelKind kind, List<String> fairness) {
        if (fairness == null) return;
        if (fairness.contains("none") && fairness.size() > 1) {
            throw new TraceFormatException(META.field("fairness"), "'none' cannot be combined with other fairness assumptions");
        }
        for (int i = 0; i < fairness.size(); i++) {
            String name = fairness.get(i);
            if (!name.equals("none") && !kind.fairnessAssumptions().containsKey(name)) {
                throw new TraceFormatException(META.field("fairness").index(i), "'" + name + "' is not a fairness assumption of "
                        + kind.name() + " (expected none or any of " + String.join(", ", kind.fairnessAssumptions().keySet()) + ")");
            }
        }
    }

    /**
     * Every state of the file as the model's packed state. The variables are those the model
     * writes (the same in every state); any other field is not part of the trace.
     */
    private static List<long[]> decode(TraceFile trace, Model model) {
        List<String> variables = TraceFile.varsOf(model.stateJson(firstInitial(model.system())));
        List<long[]> packed = new ArrayList<>();
        for (int index = 0; index < trace.states().size(); index++) {
            JsonPath at = state(index);
            TraceFile.State state = trace.states().get(index);
            state.values().fieldNames().forEachRemaining(name -> {
                if (!variables.contains(name)) {
                    throw new TraceFormatException(at.field(name), "not a variable of " + model.kind().name()
                            + " (expected " + String.join(", ", variables) + ")");
                }
            });
            try {
                packed.add(model.stateFromJson(state.values()));
            } catch (TraceFormatException e) {
                throw e.under(at);
            } catch (IllegalArgumentException e) {
                throw new TraceFormatException(at, e.getMessage());
            }
        }
        return packed;
    }

    /** Null if {@code kind} is what a trace of {@code p} can show; otherwise why not. */
    private static String kindMismatch(Property p, TraceKind kind) {
        List<TraceKind> possible = switch (p.kind()) {
            case SOMETIMES -> List.of(TraceKind.WITNESS);
            case WITHIN -> List.of(TraceKind.COUNTEREXAMPLE, TraceKind.WORST_CASE);
            default -> List.of(TraceKind.COUNTEREXAMPLE);
        };
        if (possible.contains(kind)) return null;
        return "a trace of " + p.name() + " (" + p.kind().jsonName() + ") is a "
                + String.join(" or a ", possible.stream().map(TraceKind::word).toList()) + ", not a " + kind.word();
    }

    /** A transition of the model: its action code and labels. */
    private record Transition(int code, long labels) {}

    /**
     * The first transition from {@code from} to {@code to} whose action is named {@code name}
     * (any name if null), or null if there is none: the test of a legal step.
     */
    private static Transition find(TransitionSystem system, long[] from, long[] to, String name) {
        Transition[] found = {null};
        system.newSuccessors().successors(from, 0, (action, next, labels) -> {
            if (found[0] == null && Arrays.equals(next, to)
                    && (name == null || system.describeAction(from, action).equals(name))) {
                found[0] = new Transition(action, labels);
            }
        });
        return found[0];
    }

    private static boolean isInitial(TransitionSystem system, long[] state) {
        boolean[] found = {false};
        system.newSuccessors().initialStates((a, next, labels) -> found[0] |= Arrays.equals(next, state));
        return found[0];
    }

    private static long[] firstInitial(TransitionSystem system) {
        long[][] first = {null};
        system.newSuccessors().initialStates((a, next, labels) -> {
            if (first[0] == null) first[0] = next.clone();
        });
        if (first[0] == null) throw new IllegalStateException("the model has no initial state");
        return first[0];
    }

    private static boolean stops(TransitionSystem system, long[] state) {
        int[] successors = {0};
        Successors generator = system.newSuccessors();
        generator.successors(state, 0, (a, n, l) -> successors[0]++);
        return successors[0] == 0;
    }

    /** Null if the last step shows what the trace claims (its property violated or reached). */
    private static String claimMissing(TraceFile trace, Model model, Property p, List<long[]> states, long lastLabels) {
        TransitionSystem system = model.system();
        long[] last = states.get(states.size() - 1);
        if (p.kind().liveness()) return livenessClaimMissing(trace, model, p, states);
        if (p.kind() == Property.Kind.WITHIN) return p.timeBound().replayProblem(trace, model);
        if (p.kind() == Property.Kind.NO_DEADLOCK) {
            return stops(system, last) && !system.isIntendedEnd(last, 0) ? null
                    : "the last state is not a deadlock, so the trace shows no violation of " + p.name();
        }
        if (states.size() < 2) return "the trace has no step, so it cannot show " + p.name();
        long bit = 1L << system.labelNames().indexOf(p.label());
        return (lastLabels & bit) != 0 ? null
                : "the last step is not a '" + p.label() + "' transition, so the trace does not show " + p.name();
    }

    /**
     * A liveness counterexample must have a premise state after which the goal never holds: up to
     * the end of a run that stops (no action possible), or anywhere in a lasso's stem after it and
     * cycle.
     */
    private static String livenessClaimMissing(TraceFile trace, Model model, Property p, List<long[]> states) {
        Integer loop = trace.loop();
        if (loop == null && !stops(model.system(), states.get(states.size() - 1))) {
            return "the run neither loops back nor stops, so it shows no violation of " + p.name();
        }
        int firstGoalFromEnd = -1;
        for (int i = states.size() - 1; i >= 0; i--) {
            if (p.goal().holdsIn(model.predicates(states.get(i)))) {
                firstGoalFromEnd = i;
                break;
            }
        }
        int premise = -1;
        if (p.kind() == Property.Kind.EVENTUALLY) {
            premise = firstGoalFromEnd < 0 ? 0 : -1;
        } else {
            for (int i = firstGoalFromEnd + 1; i < states.size(); i++) {
                if (p.premise().holdsIn(model.predicates(states.get(i)))) {
                    premise = i;
                    break;
                }
            }
        }
        if (premise < 0) return "the goal of " + p.name() + " holds after every premise, so the trace shows no violation";
        if (loop != null && firstGoalFromEnd >= loop) return "the goal of " + p.name() + " holds inside the cycle";
        return null;
    }

    /**
     * Null if the lasso's cycle (the steps after {@code loop}) is fair under the named
     * assumptions, as the liveness checker defines it ({@link Fairness}): a weak constraint
     * enabled in every state of the cycle, or a strong one enabled in some state of it, must be
     * taken on the cycle. Otherwise the constraint it breaks.
     */
    private static String unfairCycle(Model model, List<String> fairness, List<Trace.Step> run, int loop) {
        LivenessSetup setup = model.liveness(fairness == null ? List.of() : fairness);
        if (setup == null) return null;
        Successors generator = model.system().newSuccessors();
        BitSet taken = new BitSet();
        for (int i = loop + 1; i < run.size(); i++) taken.set(setup.actionClass().applyAsInt(run.get(i).code()));
        List<BitSet> enabled = new ArrayList<>();
        for (int i = loop; i < run.size() - 1; i++) {
            BitSet classes = new BitSet();
            generator.successors(run.get(i).state(), 0, (action, next, labels) -> classes.set(setup.actionClass().applyAsInt(action)));
            enabled.add(classes);
        }
        for (Fairness f : setup.fairness()) {
            BitSet classes = f.classes();
            if (classes.intersects(taken)) continue;
            boolean everywhere = enabled.stream().allMatch(c -> c.intersects(classes));
            boolean somewhere = enabled.stream().anyMatch(c -> c.intersects(classes));
            if (f.kind() == Fairness.Kind.WEAK ? everywhere : somewhere) {
                return "the cycle of steps " + (loop + 1) + ".." + (run.size() - 1) + " is not fair under #meta.fairness: "
                        + f.name() + " is enabled " + (f.kind() == Fairness.Kind.WEAK ? "in every state of it" : "in it")
                        + " and never taken";
            }
        }
        return null;
    }
}
