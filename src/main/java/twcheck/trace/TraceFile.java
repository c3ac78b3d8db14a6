package twcheck.trace;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A counterexample or witness as a self-contained JSON document in the ITF format of Apalache
 * and Quint (Apalache ADR-015): a {@code #meta} header, the names of the state variables, the
 * sequence of states, each with its own {@code #meta} naming the action that led to it, and for
 * a lasso the index {@code loop} the run returns to. What the variables hold is the model kind's
 * business (its {@code stateJson}); this type only carries them. The format is documented in
 * {@code docs/trace-format.md}; version 1 files (named {@code .trace.json}, with the loop in
 * {@code #meta.loop}) are still read, as if written in version 2.
 *
 * @param loop for a lasso (a liveness counterexample): the index of the state the run returns
 *     to; the last state equals it, and the steps after it repeat forever. Null otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceFile(
        @JsonProperty("#meta") Meta meta,
        @JsonProperty("vars") List<String> vars,
        @JsonProperty("states") List<State> states,
        @JsonProperty("loop") Integer loop) {

    public static final String FORMAT = "twcheck-trace";
    /** The version written: 2, ITF-shaped ({@code loop} at the top level). */
    public static final int VERSION = 2;
    /** The first version, whose files are still read. */
    public static final int FIRST_VERSION = 1;
    /** How trace files are named from version 2 on (ITF's convention). */
    public static final String FILE_ENDING = ".itf.json";
    /** How version 1 trace files were named. */
    public static final String OLD_FILE_ENDING = ".trace.json";

    /**
     * What the trace is about.
     *
     * @param base the model kind (as in {@code model = NAME})
     * @param length the number of steps; null if the file leaves it out
     * @param kind what the trace shows about {@code property}
     * @param violationIndex the index of the state reached by the violating (or reaching) step
     * @param loop where version 1 kept the loop index (see {@link TraceFile#loop}); null from
     *     version 2 on, and in every trace {@link #read} returns
     * @param fairness the fairness constraints a liveness counterexample satisfies
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
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
            @JsonProperty("length") Integer length,
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
     * Index and tick are null only in a file that leaves them out; the traces twcheck builds
     * always have them.
     *
     * @param index position in the run, 0 for the initial state
     * @param action the action's name as the text output prints it ("initial" for index 0)
     * @param event the same action, structured as the model kind describes it; null for the initial state
     * @param tick the number of ticks that have passed when this state is reached
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepMeta(
            @JsonProperty("index") Integer index,
            @JsonProperty("action") String action,
            @JsonProperty("event") JsonNode event,
            @JsonProperty("tick") Integer tick) {}

    /** The variable names: the fields of the first state, in order. */
    public static List<String> varsOf(ObjectNode first) {
        List<String> vars = new ArrayList<>();
        first.fieldNames().forEachRemaining(vars::add);
        return List.copyOf(vars);
    }

    private static final ObjectMapper MAPPER = Json.mapper();

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

    /**
     * Reads a trace file and checks its shape: the format and version first (a later version may
     * add fields), then every field, strictly (see {@link StrictJson}), then what the format
     * itself requires of the values. What the values say about the model is {@code Replay}'s
     * business.
     *
     * @throws IOException if the file cannot be read
     * @throws TraceFormatException naming the first place where the file is not a trace
     */
    public static TraceFile read(Path file) throws IOException {
        return of(StrictJson.parse(file));
    }

    /**
     * A trace from the text of a trace file (received otherwise than as a file, e.g. uploaded),
     * checked as {@link #read} checks a file.
     *
     * @throws TraceFormatException naming the first place where the text is not a trace
     */
    public static TraceFile parse(String text) {
        return of(StrictJson.parse(text));
    }

    private static TraceFile of(JsonNode root) {
        if (!root.isObject()) throw new TraceFormatException(JsonPath.ROOT, "expected a trace object, found " + StrictJson.describe(root));
        JsonPath metaAt = JsonPath.of("#meta");
        JsonNode meta = root.path("#meta");
        if (!meta.isObject()) {
            throw new TraceFormatException(metaAt, meta.isMissingNode() ? "missing: not a twcheck trace"
                    : "expected an object, found " + StrictJson.describe(meta));
        }
        JsonNode format = meta.path("format");
        if (!format.isTextual() || !format.asText().equals(FORMAT)) {
            throw new TraceFormatException(metaAt.field("format"), (format.isMissingNode() ? "missing"
                    : StrictJson.describe(format) + " is not \"" + FORMAT + "\"") + ": not a twcheck trace");
        }
        JsonNode version = meta.path("version");
        if (version.isMissingNode()) throw new TraceFormatException(metaAt.field("version"), "missing");
        if (!version.isIntegralNumber()) {
            throw new TraceFormatException(metaAt.field("version"), "expected a whole number, found " + StrictJson.describe(version));
        }
        if (!version.isInt() || version.asInt() < FIRST_VERSION || version.asInt() > VERSION) {
            throw new TraceFormatException(metaAt.field("version"), "version " + StrictJson.cut(version.asText(), 20)
                    + " is not supported; this twcheck reads versions " + FIRST_VERSION + " to " + VERSION);
        }
        requireNoNullOutsideEvents(root);
        TraceFile trace = StrictJson.bind(root, TraceFile.class);
        trace.checkShape();
        return trace.upgraded();
    }

    /** A version 1 trace as version 2 has it (the loop at the top level); a version 2 trace unchanged. */
    private TraceFile upgraded() {
        if (meta.version() == VERSION) {
            if (meta.loop() != null) {
                throw new TraceFormatException(JsonPath.of("#meta").field("loop"), "from version 2 on, the loop is the"
                        + " top-level \"loop\" (ITF), not a field of #meta");
            }
            return this;
        }
        if (loop != null) {
            throw new TraceFormatException(JsonPath.of("loop"), "a version 1 trace has its loop in #meta.loop");
        }
        Meta m = meta;
        return new TraceFile(new Meta(m.format(), VERSION, m.model(), m.source(), m.base(), m.parameters(), m.property(),
                m.kind(), m.explanation(), m.length(), m.violationIndex(), null, m.fairness()), vars, states, m.loop());
    }

    /**
     * No null anywhere but in a step's event: the event is the model kind's JSON, compared as a
     * whole with the one the model writes, and twcheck's own kind writes null for "no segment".
     */
    private static void requireNoNullOutsideEvents(JsonNode root) {
        for (Iterator<Map.Entry<String, JsonNode>> top = root.fields(); top.hasNext(); ) {
            Map.Entry<String, JsonNode> field = top.next();
            JsonPath at = JsonPath.of(field.getKey());
            if (!field.getKey().equals("states") || !field.getValue().isArray()) {
                StrictJson.requireNoNull(field.getValue(), at);
                continue;
            }
            for (int i = 0; i < field.getValue().size(); i++) {
                JsonNode state = field.getValue().get(i);
                JsonPath stateAt = at.index(i);
                if (!state.isObject()) {
                    StrictJson.requireNoNull(state, stateAt);
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = state.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> variable = it.next();
                    JsonNode value = variable.getValue();
                    JsonPath valueAt = stateAt.field(variable.getKey());
                    if (!variable.getKey().equals("#meta") || !value.isObject()) {
                        StrictJson.requireNoNull(value, valueAt);
                        continue;
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> m = value.fields(); m.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = m.next();
                        if (e.getKey().equals("event") && !e.getValue().isNull()) continue;
                        StrictJson.requireNoNull(e.getValue(), valueAt.field(e.getKey()));
                    }
                }
            }
        }
    }

    /**
     * What the format requires whatever the model: the required fields, and no negative counts
     * or indices. (Whether an index names the right state is a question of what the file says,
     * answered by replaying it.)
     *
     * @throws TraceFormatException naming the first field that is not
     */
    public void checkShape() {
        JsonPath metaAt = JsonPath.of("#meta");
        if (states == null) throw new TraceFormatException(JsonPath.of("states"), "missing");
        if (states.isEmpty()) throw new TraceFormatException(JsonPath.of("states"), "empty: a trace has at least its initial state");
        if (meta.base() == null) throw new TraceFormatException(metaAt.field("base"), "missing: the model kind must be named");
        if (meta.parameters() == null) throw new TraceFormatException(metaAt.field("parameters"), "missing");
        if ((meta.property() == null) != (meta.kind() == null)) {
            throw new TraceFormatException(metaAt.field(meta.property() == null ? "kind" : "property"),
                    "given without #meta." + (meta.property() == null ? "property" : "kind")
                            + ": a trace claims both what it shows and of which property, or neither");
        }
        oneLine(metaAt.field("model"), meta.model());
        oneLine(metaAt.field("source"), meta.source());
        count(metaAt.field("length"), meta.length());
        count(metaAt.field("violationIndex"), meta.violationIndex());
        count(metaAt.field("loop"), meta.loop());
        count(JsonPath.of("loop"), loop);
        for (int i = 0; i < states.size(); i++) {
            JsonPath at = JsonPath.of("states").index(i).field("#meta");
            StepMeta m = states.get(i).meta();
            if (m == null) {
                if (i > 0) throw new TraceFormatException(at, "missing: every step must name its action");
                continue;
            }
            if (i > 0 && m.action() == null) throw new TraceFormatException(at.field("action"), "missing: every step must name its action");
            count(at.field("index"), m.index());
            count(at.field("tick"), m.tick());
        }
    }

    private static void count(JsonPath at, Integer value) {
        if (value != null && value < 0) throw new TraceFormatException(at, value + " is negative");
    }

    private static void oneLine(JsonPath at, String text) {
        if (text != null && text.chars().anyMatch(Character::isISOControl)) {
            throw new TraceFormatException(at, "must be one line of text");
        }
    }
}
