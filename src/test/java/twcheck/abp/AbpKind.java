package twcheck.abp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;
import twcheck.engine.liveness.Fairness;
import twcheck.model.LivenessSetup;
import twcheck.model.Model;
import twcheck.model.ModelKind;
import twcheck.model.Parameter;
import twcheck.model.ParameterValues;
import twcheck.model.Property;
import twcheck.model.Property.Condition;
import twcheck.trace.JsonPath;
import twcheck.trace.TraceFormatException;

/**
 * A second model kind, for the tests only: the alternating-bit protocol over two lossy one-place
 * channels. It exists to show that every command runs on a model the tool's generic layers know
 * nothing of ({@code model = abp}); it is registered in the test resources'
 * {@code META-INF/services/twcheck.model.ModelKind}, and no line outside this package names it.
 *
 * <p>The sender sends {@code messages} messages, each tagged with its alternating bit (or with
 * bit 0 always, when {@code alternatingBit = 0}), and resends while unacknowledged; the receiver
 * delivers a message whose bit it expects and acknowledges with the bit it received. The
 * channels may lose up to {@code lossBudget} packets in a run. Without the bit, a resent message
 * is delivered twice and a stale acknowledgment acknowledges the next message.
 */
public final class AbpKind implements ModelKind {

    static final Parameter MESSAGES = Parameter.required("messages", 1, 2, "messages the sender sends");
    static final Parameter LOSS = Parameter.required("lossBudget", 0, 3, "packets the channels may lose in a run");
    static final Parameter BIT = Parameter.number("alternatingBit", 0, 1, 1, "1: packets carry the alternating bit");

    static final Condition SENDING = new Condition("the sender has messages left", 0);
    static final Condition SENDER_DONE = new Condition("the sender is done", 1);
    static final Condition ALL_DELIVERED = new Condition("every message delivered", 2);

    static final Property NO_DUPLICATE = Property.never("no-duplicate-delivery", "duplicate-delivery",
            "The receiver never delivers a message twice.", "duplicate-arrives");
    static final Property NO_DEADLOCK = Property.noDeadlock("no-deadlock",
            "Every state where nothing can happen has every message delivered and the channels empty.");
    static final Property SENDER_FINISHES = Property.leadsTo("sender-finishes", SENDING, SENDER_DONE,
            "While the sender has messages left, it eventually finishes.");
    static final Property ALL_DELIVERED_EVENTUALLY = Property.eventually("all-delivered", ALL_DELIVERED,
            "Every run eventually delivers every message.");
    static final List<Property> WITNESSES = List.of(
            Property.reachable("duplicate-arrives", "duplicate-arrives", "A packet the receiver already had arrives again."),
            Property.reachable("message-delivered", "message-delivered", "The receiver delivers a message."));

    /** The action kinds; an action code is just the kind. */
    enum Action { SEND, DELIVER_DATA, DELIVER_ACK, LOSE_DATA, LOSE_ACK }

    static final List<String> LABELS = List.of("duplicate-delivery", "duplicate-arrives", "message-delivered");

    @Override
    public String name() {
        return "abp";
    }

    @Override
    public String summary() {
        return "the alternating-bit protocol over lossy channels (a test model)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(MESSAGES, LOSS, BIT);
    }

    @Override
    public List<Property> properties() {
        return List.of(NO_DUPLICATE, NO_DEADLOCK, SENDER_FINISHES, ALL_DELIVERED_EVENTUALLY);
    }

    @Override
    public List<Property> defaultChecks() {
        return properties();
    }

    @Override
    public List<Property> witnesses() {
        return WITNESSES;
    }

    @Override
    public Map<String, String> fairnessAssumptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("send", "the sender's send is weakly fair");
        m.put("delivery", "delivering a packet on each channel is weakly fair");
        return m;
    }

    @Override
    public List<String> defaultFairness() {
        return List.of("send", "delivery");
    }

    @Override
    public Model instantiate(ParameterValues values) {
        return new Abp(this, values);
    }

    @Override
    public ParameterValues parseNotation(String text) {
        String[] parts = text.split("/");
        if (parts.length != 3) throw new IllegalArgumentException("expected MESSAGES/LOSS/BIT");
        return values(Map.of("messages", Integer.parseInt(parts[0]), "lossBudget", Integer.parseInt(parts[1]),
                "alternatingBit", Integer.parseInt(parts[2])));
    }

    @Override
    public String notation() {
        return "MESSAGES/LOSS/BIT";
    }

    /** The state, unpacked; packed into one word by {@link #pack}. */
    record State(int senderBit, int sent, int receiverBit, int delivered, boolean data, int dataBit, int dataMsg,
            boolean ack, int ackBit, int lost) {

        long pack() {
            return senderBit | sent << 1 | receiverBit << 3 | delivered << 4 | (data ? 1 : 0) << 6 | dataBit << 7
                    | dataMsg << 8 | (ack ? 1 : 0) << 10 | ackBit << 11 | (long) lost << 12;
        }

        static State unpack(long w) {
            int x = (int) w;
            return new State(x & 1, x >> 1 & 3, x >> 3 & 1, x >> 4 & 3, (x >> 6 & 1) == 1, x >> 7 & 1, x >> 8 & 3,
                    (x >> 10 & 1) == 1, x >> 11 & 1, x >> 12 & 3);
        }
    }

    static final class Abp implements Model, TransitionSystem {
        private final AbpKind kind;
        private final ParameterValues values;
        private final int messages;
        private final int lossBudget;
        private final boolean bit;

        Abp(AbpKind kind, ParameterValues values) {
            this.kind = kind;
            this.values = values;
            this.messages = values.get(MESSAGES);
            this.lossBudget = values.get(LOSS);
            this.bit = values.get(BIT) == 1;
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
            return this;
        }

        @Override
        public String headline() {
            return "ABP " + messages + "/" + lossBudget + "/" + (bit ? 1 : 0);
        }

        @Override
        public List<String> details() {
            return List.of(bit ? "with the alternating bit" : "without the alternating bit");
        }

        @Override
        public LivenessSetup liveness(List<String> fairness) {
            List<Fairness> constraints = new java.util.ArrayList<>();
            if (fairness.contains("send")) constraints.add(Fairness.weak("send", Action.SEND.ordinal()));
            if (fairness.contains("delivery")) {
                constraints.add(Fairness.weak("deliver-data", Action.DELIVER_DATA.ordinal()));
                constraints.add(Fairness.weak("deliver-ack", Action.DELIVER_ACK.ordinal()));
            }
            return new LivenessSetup(a -> a, Action.values().length,
                    (generator, state, offset) -> predicates(new long[] {state[offset]}), 3, constraints);
        }

        @Override
        public long predicates(long[] state) {
            State s = State.unpack(state[0]);
            long bits = s.sent() < messages ? SENDING.mask() : SENDER_DONE.mask();
            if (s.delivered() == messages) bits |= ALL_DELIVERED.mask();
            return bits;
        }

        @Override
        public ObjectNode stateJson(long[] state) {
            State s = State.unpack(state[0]);
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.putObject("sender").put("bit", s.senderBit()).put("sent", s.sent());
            o.putObject("receiver").put("bit", s.receiverBit()).put("delivered", s.delivered());
            var data = o.putArray("data");
            if (s.data()) data.addObject().put("bit", s.dataBit()).put("msg", s.dataMsg());
            var ack = o.putArray("ack");
            if (s.ack()) ack.addObject().put("bit", s.ackBit());
            o.put("lost", s.lost());
            return o;
        }

        @Override
        public long[] stateFromJson(JsonNode o) {
            fieldsOnly(o, JsonPath.ROOT, "sender", "receiver", "data", "ack", "lost");
            fieldsOnly(o.path("sender"), JsonPath.of("sender"), "bit", "sent");
            fieldsOnly(o.path("receiver"), JsonPath.of("receiver"), "bit", "delivered");
            int senderBit = field(o, "sender", "bit", 1);
            int sent = field(o, "sender", "sent", messages);
            int receiverBit = field(o, "receiver", "bit", 1);
            int delivered = field(o, "receiver", "delivered", messages);
            JsonNode data = o.path("data");
            JsonNode ack = o.path("ack");
            if (!data.isArray() || data.size() > 1) throw new TraceFormatException(JsonPath.of("data"), "must hold at most one packet");
            if (!ack.isArray() || ack.size() > 1) throw new TraceFormatException(JsonPath.of("ack"), "must hold at most one packet");
            int lost = field(o, null, "lost", lossBudget);
            boolean hasData = data.size() == 1;
            boolean hasAck = ack.size() == 1;
            if (hasData) fieldsOnly(data.get(0), JsonPath.of("data").index(0), "bit", "msg");
            if (hasAck) fieldsOnly(ack.get(0), JsonPath.of("ack").index(0), "bit");
            State s = new State(senderBit, sent, receiverBit, delivered, hasData,
                    hasData ? field(data.get(0), null, "bit", 1) : 0, hasData ? field(data.get(0), null, "msg", messages - 1) : 0,
                    hasAck, hasAck ? field(ack.get(0), null, "bit", 1) : 0, lost);
            return new long[] {s.pack()};
        }

        /** An object with no field but {@code names} (a state of another shape is named, not half read). */
        private static void fieldsOnly(JsonNode o, JsonPath at, String... names) {
            if (!o.isObject()) throw new TraceFormatException(at, "expected an object");
            o.fieldNames().forEachRemaining(name -> {
                if (!List.of(names).contains(name)) {
                    throw new TraceFormatException(at.field(name), "unknown field (expected " + String.join(", ", names) + ")");
                }
            });
        }

        private static int field(JsonNode o, String part, String name, int max) {
            JsonNode v = part == null ? o.path(name) : o.path(part).path(name);
            JsonPath at = part == null ? JsonPath.of(name) : JsonPath.of(part).field(name);
            if (!v.isInt() || v.asInt() < 0 || v.asInt() > max) {
                throw new TraceFormatException(at, "must be a whole number in 0.." + max);
            }
            return v.asInt();
        }

        @Override
        public JsonNode actionJson(long[] state, int action) {
            return JsonNodeFactory.instance.objectNode().put("kind", Action.values()[action].name());
        }

        @Override
        public boolean advancesTime(int action) {
            return false;
        }

        // ---- the transition system

        @Override
        public int stateWords() {
            return 1;
        }

        @Override
        public List<String> labelNames() {
            return LABELS;
        }

        @Override
        public Successors newSuccessors() {
            return new Successors() {
                private final long[] out = new long[1];

                @Override
                public void initialStates(Sink sink) {
                    out[0] = new State(0, 0, 0, 0, false, 0, 0, false, 0, 0).pack();
                    sink.accept(0, out, 0);
                }

                @Override
                public void successors(long[] state, int offset, Sink sink) {
                    State s = State.unpack(state[offset]);
                    if (s.sent() < messages && !s.data()) {
                        emit(sink, Action.SEND, new State(s.senderBit(), s.sent(), s.receiverBit(), s.delivered(), true,
                                s.senderBit(), s.sent(), s.ack(), s.ackBit(), s.lost()), 0);
                    }
                    if (s.data()) {
                        boolean expected = !bit || s.dataBit() == s.receiverBit();
                        long labels = 0;
                        int delivered = s.delivered();
                        if (s.dataMsg() < s.delivered()) labels |= 1L << 1; // it was had before
                        if (expected) {
                            labels |= 1L << 2;
                            if (s.dataMsg() < s.delivered()) labels |= 1L << 0;
                            else delivered = s.delivered() + 1;
                        }
                        int receiverBit = expected && bit ? 1 - s.receiverBit() : s.receiverBit();
                        emit(sink, Action.DELIVER_DATA, new State(s.senderBit(), s.sent(), receiverBit, delivered,
                                false, 0, 0, true, s.ack() ? s.ackBit() : s.dataBit(), s.lost()), labels);
                        if (s.lost() < lossBudget) {
                            emit(sink, Action.LOSE_DATA, new State(s.senderBit(), s.sent(), s.receiverBit(),
                                    s.delivered(), false, 0, 0, s.ack(), s.ackBit(), s.lost() + 1), 0);
                        }
                    }
                    if (s.ack()) {
                        boolean acks = s.sent() < messages && (!bit || s.ackBit() == s.senderBit());
                        emit(sink, Action.DELIVER_ACK, new State(acks && bit ? 1 - s.senderBit() : s.senderBit(),
                                acks ? s.sent() + 1 : s.sent(), s.receiverBit(), s.delivered(), s.data(), s.dataBit(),
                                s.dataMsg(), false, 0, s.lost()), 0);
                        if (s.lost() < lossBudget) {
                            emit(sink, Action.LOSE_ACK, new State(s.senderBit(), s.sent(), s.receiverBit(),
                                    s.delivered(), s.data(), s.dataBit(), s.dataMsg(), false, 0, s.lost() + 1), 0);
                        }
                    }
                }

                private void emit(Sink sink, Action a, State next, long labels) {
                    out[0] = next.pack();
                    sink.accept(a.ordinal(), out, labels);
                }
            };
        }

        @Override
        public boolean isIntendedEnd(long[] state, int offset) {
            State s = State.unpack(state[offset]);
            return s.sent() == messages && s.delivered() == messages && !s.data() && !s.ack();
        }

        @Override
        public String describeAction(long[] state, int action) {
            State s = State.unpack(state[0]);
            return switch (Action.values()[action]) {
                case SEND -> "Send(msg=" + s.sent() + ", bit=" + s.senderBit() + ")";
                case DELIVER_DATA -> "DeliverData(msg=" + s.dataMsg() + ", bit=" + s.dataBit() + ")";
                case DELIVER_ACK -> "DeliverAck(bit=" + s.ackBit() + ")";
                case LOSE_DATA -> "LoseData";
                case LOSE_ACK -> "LoseAck";
            };
        }

        @Override
        public Object view(long[] state) {
            return stateJson(state);
        }
    }
}
