package twcheck.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import twcheck.properties.Property;
import twcheck.properties.TcpLiveness;
import twcheck.properties.TcpProperties;
import twcheck.tcp.TcpModel;
import twcheck.tcp.TcpParameters;

/**
 * Re-validates a trace against the model it names: the first state must be the model's initial
 * state, and every later state must follow from the one before by the action the trace names.
 */
public final class Replay {
    private Replay() {}

    /** The outcome: the problems found, one line each (empty if every step is legal). */
    public record Outcome(int steps, List<String> problems, String violation) {
        public boolean legal() {
            return problems.isEmpty();
        }
    }

    public static Outcome check(TraceFile trace) {
        List<String> problems = new ArrayList<>();
        TcpParameters params;
        try {
            params = TcpParameters.of(trace.meta().parameters());
        } catch (RuntimeException e) {
            return new Outcome(0, List.of("#meta.parameters must give every R0 parameter: " + e.getMessage()), null);
        }
        TcpModel model = new TcpModel(params);
        long[] previous = null;
        int index = 0;
        String violation = null;
        for (TraceFile.State state : trace.states()) {
            long[] packed;
            try {
                packed = model.encode(state.view().toState(params));
            } catch (IllegalArgumentException e) {
                problems.add("state " + index + ": " + e.getMessage());
                break;
            }
            if (previous == null) {
                if (!Arrays.equals(packed, model.encode(model.initialState()))) {
                    problems.add("state 0 is not the model's initial state");
                }
            } else {
                String action = state.meta() == null ? null : state.meta().action();
                int code = model.findAction(previous, packed, action);
                if (code < 0) {
                    problems.add("step " + index + ": '" + action + "' does not lead from state " + (index - 1)
                            + " to state " + index + (model.findAction(previous, packed, null) >= 0
                                    ? " (another action does)" : " (no action does)"));
                } else {
                    long labels = model.labelsOf(previous, code);
                    if (labels != 0 && violation == null) {
                        violation = labelNames(model, labels) + " at step " + index;
                    }
                }
            }
            previous = packed;
            index++;
        }
        Integer loop = trace.meta().loop();
        if (problems.isEmpty() && loop != null) {
            if (loop < 0 || loop >= trace.states().size() - 1) {
                problems.add("#meta.loop = " + loop + " is not the index of an earlier state");
            } else if (!Arrays.equals(previous, model.encode(trace.states().get(loop).view().toState(params)))) {
                problems.add("the last state is not the state of step " + loop + ", so the run does not loop back");
            }
        }
        if (problems.isEmpty()) {
            String missing = claimMissing(trace, model, previous);
            if (missing != null) problems.add(missing);
        }
        return new Outcome(trace.states().size() - 1, problems, violation);
    }

    /** Null if the last step shows what the trace claims (its property violated or reached). */
    private static String claimMissing(TraceFile trace, TcpModel model, long[] last) {
        String name = trace.meta().property();
        if (name == null) return null;
        Property p = TcpProperties.byName(name).orElse(null);
        if (p == null) return "#meta.property '" + name + "' is not a property twcheck knows";
        if (p.kind().liveness()) return livenessClaimMissing(trace, model, p, last);
        if (p.kind() == Property.Kind.WITHIN) return delayClaimMissing(trace, model);
        if (p.kind() == Property.Kind.NO_DEADLOCK) {
            int[] successors = {0};
            model.newSuccessors().successors(last, 0, (a, n, l) -> successors[0]++);
            return successors[0] == 0 && !model.isIntendedEnd(last, 0) ? null
                    : "the last state is not a deadlock, so the trace shows no violation of " + name;
        }
        int size = trace.states().size();
        if (size < 2) return "the trace has no step, so it cannot show " + name;
        long[] before = model.encode(trace.states().get(size - 2).view().toState(model.parameters()));
        int code = model.findAction(before, last, trace.states().get(size - 1).meta().action());
        long bit = 1L << model.labelNames().indexOf(p.label());
        return (model.labelsOf(before, code) & bit) != 0 ? null
                : "the last step is not a '" + p.label() + "' transition, so the trace does not show " + name;
    }

    /**
     * A liveness counterexample must have a premise state after which the goal never holds: up to
     * the end of a run that stops (no action possible), or anywhere in a lasso's stem after it and
     * cycle. (Fairness of the cycle is the checker's claim; replay checks the run itself.)
     */
    private static String livenessClaimMissing(TraceFile trace, TcpModel model, Property p, long[] last) {
        List<TraceFile.State> states = trace.states();
        Integer loop = trace.meta().loop();
        if (loop == null) {
            int[] successors = {0};
            model.newSuccessors().successors(last, 0, (a, n, l) -> successors[0]++);
            if (successors[0] > 0) return "the run neither loops back nor stops, so it shows no violation of " + p.name();
        }
        int firstGoalFromEnd = -1;
        for (int i = states.size() - 1; i >= 0; i--) {
            if (TcpLiveness.holds(p, states.get(i).view().toState(model.parameters()), true)) {
                firstGoalFromEnd = i;
                break;
            }
        }
        int premise = -1;
        for (int i = 0; i < states.size(); i++) {
            if (i > firstGoalFromEnd && TcpLiveness.holds(p, states.get(i).view().toState(model.parameters()), false)) {
                premise = i;
                break;
            }
        }
        if (p.kind() == Property.Kind.EVENTUALLY) premise = firstGoalFromEnd < 0 ? 0 : -1;
        if (premise < 0) return "the goal of " + p.name() + " holds after every premise, so the trace shows no violation";
        if (loop != null && firstGoalFromEnd >= loop) return "the goal of " + p.name() + " holds inside the cycle";
        return null;
    }

    /**
     * A keepalive-bound run: B fails, then A reaches CLOSED (or the run loops); for a
     * counterexample, later than the bound after the failure or the last segment A received before.
     */
    private static String delayClaimMissing(TraceFile trace, TcpModel model) {
        List<TraceFile.State> states = trace.states();
        int from = -1;
        for (int i = 1; i < states.size(); i++) {
            twcheck.tcp.TcpAction e = states.get(i).meta().event();
            if (e == null) continue;
            boolean isLast = i == states.size() - 1;
            if (e.kind().equals("Fail") || (from >= 0 && !isLast && e.kind().equals("Deliver") && "A".equals(e.endpoint()))) {
                from = i;
            }
        }
        if (from < 0) return "B never fails in this run, so it shows nothing about detection";
        if (trace.meta().loop() != null) return null;
        if (!states.get(states.size() - 1).a().state().equals("CLOSED")) return "the run does not end with A CLOSED";
        if (!"counterexample".equals(trace.meta().kind())) return null;
        int ticks = states.get(states.size() - 1).meta().tick() - states.get(from).meta().tick();
        int bound = model.parameters().variants().keepalive().effectiveBound();
        return ticks > bound ? null : "A is CLOSED " + ticks + " ticks after the last sign of life, within the bound " + bound;
    }

    private static String labelNames(TcpModel model, long labels) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < model.labelNames().size(); bit++) {
            if ((labels & (1L << bit)) != 0) names.add(model.labelNames().get(bit));
        }
        return String.join(", ", names);
    }
}
