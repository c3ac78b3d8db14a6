package twcheck.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import twcheck.engine.TransitionSystem;
import twcheck.model.LivenessSetup;
import twcheck.model.Model;
import twcheck.model.ModelKind;
import twcheck.model.Parameter;
import twcheck.model.ParameterValues;
import twcheck.model.Property;
import twcheck.trace.StrictJson;
import twcheck.trace.TraceFile;

/**
 * The TCP teardown model as a model kind: {@code model = r0} in a model file. Registered in
 * {@code META-INF/services/twcheck.model.ModelKind}; the rest of the tool reaches the TCP model
 * only through this class.
 */
public final class TcpKind implements ModelKind {

    /** R0's reference configurations (docs/r0-semantics.md) and the speed configuration. */
    private static final List<String> BENCHMARKS = List.of(
            "3/1/2/0/1/2/1/0", "3/1/3/1/1/3/1/0", "3/2/2/0/1/3/2/2", "3/2/2/1/1/3/2/4", "3/2/2/1/1/2/1/0",
            "4/2/3/1/2/3/2/4");

    @Override
    public String name() {
        return "r0";
    }

    @Override
    public String summary() {
        return "TCP connection teardown: the reference model R0 and its design variants";
    }

    @Override
    public List<Parameter> parameters() {
        return TcpParameters.DEFINITIONS;
    }

    @Override
    public List<Property> properties() {
        return TcpProperties.CHECKS;
    }

    @Override
    public List<Property> defaultChecks() {
        return TcpProperties.TEARDOWN;
    }

    @Override
    public List<Property> witnesses() {
        return TcpProperties.WITNESSES;
    }

    @Override
    public Map<String, String> fairnessAssumptions() {
        return TcpLiveness.ASSUMPTIONS;
    }

    @Override
    public List<String> defaultFairness() {
        return List.of("tick", "timers", "delivery", "close");
    }

    /** Checked one by one, then together: some switches constrain others (closeWaitData and seqSpace). */
    @Override
    public ParameterValues values(Map<String, Integer> given) {
        ParameterValues values = ParameterValues.of(parameters(), given);
        TcpParameters.of(values);
        return values;
    }

    @Override
    public Model instantiate(ParameterValues values) {
        return new Instance(this, values);
    }

    @Override
    public ParameterValues parseNotation(String text) {
        return TcpParameters.parseConfig(text).values();
    }

    @Override
    public String notation() {
        return "SEQ/INC/CAP/LOSS/MSL/RTO/R/TW";
    }

    @Override
    public List<String> benchmarkConfigurations() {
        return BENCHMARKS;
    }

    @Override
    public java.util.Optional<twcheck.model.Conformance> conformance() {
        return java.util.Optional.of(new TcpConformance());
    }

    @Override
    public TraceCharts charts() {
        return CHARTS;
    }

    private static final TraceCharts CHARTS = new TraceCharts() {
        @Override
        public String text(TraceFile trace) {
            return SequenceChart.text(trace);
        }

        @Override
        public Optional<String> svg(TraceFile trace) {
            return Optional.of(SequenceChart.svg(trace));
        }

        @Override
        public String diff(TraceFile trace) {
            return TraceDiff.render(trace);
        }
    };

    /** R0 with fixed parameters. */
    static final class Instance implements Model {
        private final TcpKind kind;
        private final ParameterValues values;
        private final TcpModel model;

        Instance(TcpKind kind, ParameterValues values) {
            this.kind = kind;
            this.values = values;
            this.model = new TcpModel(TcpParameters.of(values));
        }

        @Override
        public ModelKind kind() {
            return kind;
        }

        @Override
        public ParameterValues parameters() {
            return values;
        }

        @Override
        public TransitionSystem system() {
            return model;
        }

        @Override
        public String headline() {
            return "R0 " + model.parameters().config();
        }

        @Override
        public List<String> details() {
            List<String> variants = model.parameters().variantWords();
            return List.of(values.asMap().entrySet().stream().limit(9)
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")),
                    "variant: " + (variants.isEmpty() ? "none (R0 as specified)" : String.join(" ", variants)));
        }

        @Override
        public LivenessSetup liveness(List<String> fairness) {
            return TcpLiveness.setup(model, fairness);
        }

        @Override
        public long predicates(long[] state) {
            return TcpLiveness.predicates(model.decode(state, 0));
        }

        @Override
        public ObjectNode stateJson(long[] state) {
            return TraceFile.mapper().valueToTree(model.view(state));
        }

        @Override
        public long[] stateFromJson(JsonNode state) {
            // strictly: a field R0 does not have, or a value of the wrong type, is named, not skipped
            TcpView view = StrictJson.bind(state, TcpView.class);
            return model.encode(view.toState(model.parameters()));
        }

        @Override
        public JsonNode actionJson(long[] state, int action) {
            return TraceFile.mapper().valueToTree(model.actionView(state, action));
        }

        @Override
        public boolean advancesTime(int action) {
            return TcpModel.kindOf(action) == TcpActionKind.TICK;
        }

        private static final List<String> ENDPOINTS = List.of("A", "B");

        @Override
        public List<String> projectionParts() {
            return ENDPOINTS;
        }

        @Override
        public String projection(long[] state, int part) {
            return TcpState.stateName(model.decode(state, 0).st[part]);
        }

        @Override
        public String actionKind(long[] state, int action) {
            return model.actionKind(state, action);
        }
    }
}
