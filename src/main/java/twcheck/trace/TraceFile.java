package twcheck.trace;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A counterexample or witness as a self-contained JSON document, in the spirit of the ITF traces
 * of Apalache and Quint: a {@code #meta} header, the names of the state variables, and the
 * sequence of states, each with its own {@code #meta} naming the action that led to it. What the
 * variables hold is the model kind's business (its {@code stateJson}); this type only carries
 * them. The format is documented in {@code docs/trace-format.md}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceFile(
        @JsonProperty("#meta") Meta meta,
        @JsonProperty("vars") List<String> vars,
        @JsonProperty("states") List<State> states) {

    public static final String FORMAT = "twcheck-trace";
    public static final int VERSION = 1;

    /**
     * What the trace is about.
     *
     * @param base the model kind (as in {@code model = NAME})
     * @param kind what the trace shows about {@code property}
     * @param violationIndex the index of the state reached by the violating (or reaching) step
     * @param loop for a lasso (a liveness counterexample): the index of the state the run returns
     *     to; the last state equals it, and the steps after it repeat forever. Null otherwise.
     * @param fairness the fairness constraints a liveness counterexample satisfies
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Meta(
            @JsonProperty("format") String format,
            @JsonProperty("version") int version,
            @JsonProperty("model") String model,
            @JsonProperty("source") String source,
            @JsonProperty("base") String base,
            @JsonProperty("parameters") Map<String, Integer> parameters,
            @JsonProperty("property") String property,
            @JsonProperty("kind") TraceKind kind,
            @JsonProperty("explanation") String explanation,
            @JsonProperty("length") int length,
            @JsonProperty("violationIndex") Integer violationIndex,
            @JsonProperty("loop") Integer loop,
            @JsonProperty("fairness") List<String> fairness) {

        public Meta withExplanation(String text) {
            return new Meta(format, version, model, source, base, parameters, property, kind, text, length,
                    violationIndex, loop, fairness);
        }
    }

    /**
     * One state of the run: its variables (as the model kind writes them) and the action that led
     * to it (none for the initial state).
     */
    public static final class State {
        private StepMeta meta;
        private final ObjectNode values;

        public State(StepMeta meta, ObjectNode values) {
            this.meta = meta;
            this.values = values;
        }

        State() {
            this(null, JsonNodeFactory.instance.objectNode());
        }

        @JsonProperty("#meta")
        public StepMeta meta() {
            return meta;
        }

        @JsonProperty("#meta")
        void setMeta(StepMeta meta) {
            this.meta = meta;
        }

        /** The state's variables, in the order they are written. */
        @JsonIgnore
        public ObjectNode values() {
            return values;
        }

        @JsonAnyGetter
        Map<String, JsonNode> fields() {
            Map<String, JsonNode> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue());
            }
            return m;
        }

        @JsonAnySetter
        void field(String name, JsonNode value) {
            values.set(name, value);
        }
    }

    /**
     * @param index position in the run, 0 for the initial state
     * @param action the action's name as the text output prints it ("initial" for index 0)
     * @param event the same action, structured as the model kind describes it; null for the initial state
     * @param tick the number of ticks that have passed when this state is reached
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StepMeta(
            @JsonProperty("index") int index,
            @JsonProperty("action") String action,
            @JsonProperty("event") JsonNode event,
            @JsonProperty("tick") int tick) {}

    /** The variable names: the fields of the first state, in order. */
    public static List<String> varsOf(ObjectNode first) {
        List<String> vars = new ArrayList<>();
        first.fieldNames().forEachRemaining(vars::add);
        return List.copyOf(vars);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The mapper traces are read and written with (for models reading their own views back). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n");
    }

    /** Reads a trace file; a file that is not a trace gives an IOException with a one-line reason. */
    public static TraceFile read(Path file) throws IOException {
        TraceFile trace;
        try {
            trace = MAPPER.readValue(file.toFile(), TraceFile.class);
        } catch (JsonProcessingException e) {
            throw new IOException("not a valid trace file: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        if (trace == null || trace.meta() == null || !FORMAT.equals(trace.meta().format())) {
            throw new IOException("not a twcheck trace: '#meta.format' must be \"" + FORMAT + "\"");
        }
        if (trace.states() == null || trace.states().isEmpty()) {
            throw new IOException("the trace has no states");
        }
        for (int i = 0; i < trace.states().size(); i++) {
            State s = trace.states().get(i);
            if (s == null) throw new IOException("states[" + i + "] is null, not a state");
            if (i > 0 && (s.meta() == null || s.meta().action() == null)) {
                throw new IOException("states[" + i + "] has no '#meta.action': every step must name its action");
            }
        }
        return trace;
    }
}
