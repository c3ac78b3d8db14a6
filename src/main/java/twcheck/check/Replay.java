package twcheck.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;
import twcheck.model.Model;
import twcheck.model.ModelKind;
import twcheck.model.ModelKinds;
import twcheck.model.Property;
import twcheck.trace.TraceFile;

/**
 * Re-validates a trace against the model it names: the first state must be one of the model's
 * initial states, and every later state must follow from the one before by the action the trace
 * names (matched by name, so that traces written by other tools replay too); then the last steps
 * must show what the trace claims about its property.
 */
public final class Replay {
    private Replay() {}

    /** The outcome: the problems found, one line each (empty if every step is legal). */
    public record Outcome(int steps, List<String> problems, String violation) {
        public boolean legal() {
            return problems.isEmpty();
        }
    }

    /** The model a trace names ({@code #meta.base} and {@code #meta.parameters}); an IllegalArgumentException says what is wrong. */
    public static Model modelOf(TraceFile trace) {
        String base = trace.meta().base();
        if (base == null) {
            throw new IllegalArgumentException("#meta.base must name the model kind, one of " + String.join(", ", ModelKinds.names()));
        }
        ModelKind kind = ModelKinds.byName(base).orElseThrow(() -> new IllegalArgumentException(
                "#meta.base '" + base + "' is not a model kind twcheck knows; expected one of "
                        + String.join(", ", ModelKinds.names())));
        Map<String, Integer> parameters = trace.meta().parameters();
        if (parameters == null) throw new IllegalArgumentException("#meta.parameters is missing");
        try {
            return kind.instantiate(kind.values(parameters));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("#meta.parameters must give every " + base + " parameter in range: "
                    + e.getMessage());
        }
    }

    public static Outcome check(TraceFile trace) {
        Model model;
        try {
            model = modelOf(trace);
        } catch (IllegalArgumentException e) {
            return new Outcome(0, List.of(e.getMessage()), null);
        }
        TransitionSystem system = model.system();
        List<String> problems = new ArrayList<>();
        List<long[]> packed = new ArrayList<>();
        long lastLabels = 0; // of the last step, for the claim
        String violation = null;
        for (int index = 0; index < trace.states().size(); index++) {
            TraceFile.State state = trace.states().get(index);
            long[] s;
            try {
                s = model.stateFromJson(state.values());
            } catch (IllegalArgumentException e) {
                problems.add("state " + index + ": " + e.getMessage());
                break;
            }
            if (index == 0) {
                if (!isInitial(system, s)) problems.add("state 0 is not the model's initial state");
            } else {
                long[] previous = packed.get(index - 1);
                String action = state.meta() == null ? null : state.meta().action();
                Transition step = find(system, previous, s, action);
                if (step == null) {
                    problems.add("step " + index + ": '" + action + "' does not lead from state " + (index - 1)
                            + " to state " + index + (find(system, previous, s, null) != null
                                    ? " (another action does)" : " (no action does)"));
                } else {
                    lastLabels = step.labels();
                    if (lastLabels != 0 && violation == null) violation = labelNames(system, lastLabels) + " at step " + index;
                }
            }
            packed.add(s);
        }
        Integer loop = trace.meta().loop();
        if (problems.isEmpty() && loop != null) {
            if (loop < 0 || loop >= trace.states().size() - 1) {
                problems.add("#meta.loop = " + loop + " is not the index of an earlier state");
            } else if (!Arrays.equals(packed.get(packed.size() - 1), packed.get(loop))) {
                problems.add("the last state is not the state of step " + loop + ", so the run does not loop back");
            }
        }
        if (problems.isEmpty()) {
            String missing = claimMissing(trace, model, packed, lastLabels);
            if (missing != null) problems.add(missing);
        }
        return new Outcome(trace.states().size() - 1, problems, violation);
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

    private static boolean stops(TransitionSystem system, long[] state) {
        int[] successors = {0};
        Successors generator = system.newSuccessors();
        generator.successors(state, 0, (a, n, l) -> successors[0]++);
        return successors[0] == 0;
    }

    /** Null if the last step shows what the trace claims (its property violated or reached). */
    private static String claimMissing(TraceFile trace, Model model, List<long[]> states, long lastLabels) {
        String name = trace.meta().property();
        if (name == null) return null;
        Property p = model.kind().property(name).orElse(null);
        if (p == null) return "#meta.property '" + name + "' is not a property of " + model.kind().name();
        TransitionSystem system = model.system();
        long[] last = states.get(states.size() - 1);
        if (p.kind().liveness()) return livenessClaimMissing(trace, model, p, states);
        if (p.kind() == Property.Kind.WITHIN) return p.timeBound().replayProblem(trace, model);
        if (p.kind() == Property.Kind.NO_DEADLOCK) {
            return stops(system, last) && !system.isIntendedEnd(last, 0) ? null
                    : "the last state is not a deadlock, so the trace shows no violation of " + name;
        }
        if (states.size() < 2) return "the trace has no step, so it cannot show " + name;
        long bit = 1L << system.labelNames().indexOf(p.label());
        return (lastLabels & bit) != 0 ? null
                : "the last step is not a '" + p.label() + "' transition, so the trace does not show " + name;
    }

    /**
     * A liveness counterexample must have a premise state after which the goal never holds: up to
     * the end of a run that stops (no action possible), or anywhere in a lasso's stem after it and
     * cycle. (Fairness of the cycle is the checker's claim; replay checks the run itself.)
     */
    private static String livenessClaimMissing(TraceFile trace, Model model, Property p, List<long[]> states) {
        Integer loop = trace.meta().loop();
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

    private static String labelNames(TransitionSystem system, long labels) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < system.labelNames().size(); bit++) {
            if ((labels & (1L << bit)) != 0) names.add(system.labelNames().get(bit));
        }
        return String.join(", ", names);
    }
}
