package twcheck.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import twcheck.engine.Trace;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.spec.ModelSpec;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

/** Turns a run found by the engine into a {@link TraceFile}, with its explanation. */
public final class TraceBuilder {
    private TraceBuilder() {}

    public static TraceFile build(ModelSpec spec, Model model, Property property, TraceKind kind, Trace trace) {
        return build(spec, model, property, kind, trace, -1, null);
    }

    /** As above, for a lasso that returns to state {@code loop} with the given fairness (or -1, null). */
    public static TraceFile build(ModelSpec spec, Model model, Property property, TraceKind kind, Trace trace,
            int loop, List<String> fairness) {
        TraceFile draft = draft(spec.name(), spec.source(), spec.parameters().asMap(), model, property, kind, trace,
                loop, fairness);
        return new TraceFile(draft.meta().withExplanation(explain(draft, property)), draft.vars(), draft.states(), draft.loop());
    }

    /**
     * A run of the model {@code original} names (its name, source and parameters), claiming what
     * {@code original} claims: for a shortened run of the same trace.
     */
    public static TraceFile like(TraceFile original, Model model, Property property, Trace trace) {
        TraceFile.Meta m = original.meta();
        TraceFile draft = draft(m.model(), m.source(), model.parameters().asMap(), model, property, m.kind(), trace, -1, null);
        return new TraceFile(draft.meta().withExplanation(explain(draft, property)), draft.vars(), draft.states(), draft.loop());
    }

    /**
     * A run that claims nothing about a property (a run matched to a capture, say): no property,
     * kind or explanation; replay checks its steps and fields.
     */
    public static TraceFile run(ModelSpec spec, Model model, Trace trace) {
        return draft(spec.name(), spec.source(), spec.parameters().asMap(), model, null, null, trace, -1, null);
    }

    /**
     * The trace of {@code trace} without its explanation: every field computed from the run and
     * the model ({@code property} and {@code kind} may be null for a run that claims nothing).
     * Replay builds the same document from a file's states to compare it with the file.
     */
    static TraceFile draft(String name, String source, java.util.Map<String, Integer> parameters, Model model,
            Property property, TraceKind kind, Trace trace, int loop, List<String> fairness) {
        List<TraceFile.State> states = new ArrayList<>();
        int tick = 0;
        long[] previous = null;
        for (int i = 0; i < trace.steps().size(); i++) {
            Trace.Step step = trace.steps().get(i);
            TraceFile.StepMeta meta;
            if (previous == null) {
                meta = new TraceFile.StepMeta(i, "initial", null, tick);
            } else {
                if (model.advancesTime(step.code())) tick++;
                meta = new TraceFile.StepMeta(i, step.action(), model.actionJson(previous, step.code()), tick);
            }
            ObjectNode values = model.stateJson(step.state());
            states.add(new TraceFile.State(meta, values));
            previous = step.state();
        }
        Integer loopIndex = loop < 0 ? null : loop;
        int length = trace.length();
        // a run that claims nothing has no violating step
        Integer violationIndex = loopIndex != null || property == null ? null : length;
        TraceFile.Meta meta = new TraceFile.Meta(TraceFile.FORMAT, TraceFile.VERSION, name, source,
                model.kind().name(), parameters, property == null ? null : property.name(), kind, null, length,
                violationIndex, null, fairness);
        List<String> vars = TraceFile.varsOf(states.get(0).values());
        return new TraceFile(meta, vars, List.copyOf(states), loopIndex);
    }

    /** The property's own explanation, or a sentence any model's trace can have. */
    static String explain(TraceFile trace, Property property) {
        if (property.explainer() != null) return property.explainer().explain(trace, property);
        int last = trace.states().size() - 1;
        if (trace.meta().kind() == TraceKind.WITNESS) {
            return "Shortest run reaching " + property.name() + ": " + property.definition();
        }
        if (property.kind().liveness()) {
            Integer loop = trace.loop();
            List<String> fairness = trace.meta().fairness();
            return loop == null
                    ? "The run stops at step " + last + " (nothing can happen) without the goal of " + property.name()
                            + ": " + property.definition()
                    : "From step " + loop + " the run repeats steps " + (loop + 1) + ".." + last + " forever, "
                            + (fairness == null || fairness.isEmpty() ? "with no fairness assumed"
                                    : "fairly (" + String.join(", ", fairness) + ")")
                            + ", and never reaches the goal of " + property.name() + ": " + property.definition();
        }
        if (property.kind() == Property.Kind.NO_DEADLOCK) return "Nothing can happen any more at step " + last
                + ", and it is not an intended end.";
        return "The last step violates " + property.name() + ".";
    }
}
