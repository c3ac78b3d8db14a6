package twcheck.trace;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import twcheck.tcp.TcpAction;
import twcheck.tcp.TcpView;

/**
 * A counterexample or witness as a self-contained JSON document, in the spirit of the ITF traces
 * of Apalache and Quint: a {@code #meta} header, the names of the state variables, and the
 * sequence of states, each with its own {@code #meta} naming the action that led to it. The
 * format is documented in {@code docs/trace-format.md}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceFile(
        @JsonProperty("#meta") Meta meta,
        @JsonProperty("vars") List<String> vars,
        @JsonProperty("states") List<State> states) {

    public static final String FORMAT = "twcheck-trace";
    public static final int VERSION = 1;
    public static final List<String> VARS = List.of("A", "B", "net", "lost");

    /** The state variables of a trace whose model has variant fields (dups, failed, cut) too. */
    public static List<String> vars(TcpView first) {
        List<String> vars = new java.util.ArrayList<>(VARS);
        if (first.dups() != null) vars.add("dups");
        if (first.failed() != null) vars.add("failed");
        if (first.cut() != null) vars.add("cut");
        if (first.passive() != null) vars.add("passive");
        return List.copyOf(vars);
    }

    /**
     * What the trace is about.
     *
     * @param kind "counterexample" (a violation of {@code property}) or "witness" (a run that
     *     reaches it)
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
            @JsonProperty("kind") String kind,
            @JsonProperty("explanation") String explanation,
            @JsonProperty("length") int length,
            @JsonProperty("violationIndex") Integer violationIndex,
            @JsonProperty("loop") Integer loop,
            @JsonProperty("fairness") List<String> fairness) {}

    /** One state of the run and the action that led to it (none for the initial state). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(
            @JsonProperty("#meta") StepMeta meta,
            @JsonProperty("A") TcpView.EndpointView a,
            @JsonProperty("B") TcpView.EndpointView b,
            @JsonProperty("net") List<TcpView.SegmentView> net,
            @JsonProperty("lost") int lost,
            @JsonProperty("dups") Integer dups,
            @JsonProperty("failed") Integer failed,
            @JsonProperty("cut") Integer cut,
            @JsonProperty("passive") Integer passive) {

        public TcpView view() {
            return new TcpView(a, b, net, lost, dups, failed, cut, passive);
        }
    }

    /**
     * @param index position in the run, 0 for the initial state
     * @param action the action's name as the text output prints it ("initial" for index 0)
     * @param event the same action, structured; null for the initial state
     * @param tick the number of ticks that have passed when this state is reached
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StepMeta(
            @JsonProperty("index") int index,
            @JsonProperty("action") String action,
            @JsonProperty("event") TcpAction event,
            @JsonProperty("tick") int tick) {}

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
        if (trace.meta() == null || !FORMAT.equals(trace.meta().format())) {
            throw new IOException("not a twcheck trace: '#meta.format' must be \"" + FORMAT + "\"");
        }
        if (trace.states() == null || trace.states().isEmpty()) {
            throw new IOException("the trace has no states");
        }
        return trace;
    }
}
