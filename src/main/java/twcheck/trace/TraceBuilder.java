package twcheck.trace;

import java.util.ArrayList;
import java.util.List;
import twcheck.engine.Trace;
import twcheck.properties.Property;
import twcheck.spec.ModelSpec;
import twcheck.tcp.TcpAction;
import twcheck.tcp.TcpModel;
import twcheck.tcp.TcpView;

/** Turns a run found by the engine into a {@link TraceFile}, with its explanation. */
public final class TraceBuilder {
    private TraceBuilder() {}

    /**
     * @param kind "counterexample" or "witness"
     */
    public static TraceFile build(ModelSpec spec, TcpModel model, Property property, String kind, Trace trace) {
        return build(spec, model, property, kind, trace, -1, null);
    }

    /** As above, for a lasso that returns to state {@code loop} with the given fairness (or -1, null). */
    public static TraceFile build(ModelSpec spec, TcpModel model, Property property, String kind, Trace trace,
            int loop, List<String> fairness) {
        List<TraceFile.State> states = new ArrayList<>();
        int tick = 0;
        long[] previous = null;
        for (int i = 0; i < trace.steps().size(); i++) {
            Trace.Step step = trace.steps().get(i);
            TcpAction event = null;
            if (previous != null) {
                int code = model.findAction(previous, step.state(), step.action());
                if (code < 0) throw new IllegalStateException("step " + i + " of a found run is not a transition");
                event = model.actionView(previous, code);
                if (event.kind().equals("Tick")) tick++;
            }
            TcpView view = model.view(step.state());
            states.add(new TraceFile.State(
                    new TraceFile.StepMeta(i, step.action() == null ? "initial" : step.action(), event, tick),
                    view.A(), view.B(), view.net(), view.lost(), view.dups(), view.failed(), view.cut(), view.passive()));
            previous = step.state();
        }
        Integer loopIndex = loop < 0 ? null : loop;
        TraceFile draft = new TraceFile(meta(spec, property, kind, trace.length(), null, loopIndex, fairness),
                TraceFile.vars(states.get(0).view()), states);
        String explanation = Explanations.explain(draft, property, kind);
        return new TraceFile(meta(spec, property, kind, trace.length(), explanation, loopIndex, fairness),
                TraceFile.vars(states.get(0).view()), states);
    }

    private static TraceFile.Meta meta(ModelSpec spec, Property property, String kind, int length, String explanation,
            Integer loop, List<String> fairness) {
        return new TraceFile.Meta(TraceFile.FORMAT, TraceFile.VERSION, spec.name(), spec.source(), "r0",
                spec.parameters().asMap(), property.name(), kind, explanation, length,
                loop == null ? length : null, loop, fairness);
    }
}
