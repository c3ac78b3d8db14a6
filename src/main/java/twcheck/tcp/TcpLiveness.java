package twcheck.tcp;

import static twcheck.tcp.TcpState.A;
import static twcheck.tcp.TcpState.B;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import twcheck.engine.liveness.Fairness;
import twcheck.model.LivenessSetup;
import twcheck.model.Property.Condition;

/**
 * The state predicates the TCP liveness properties are made of, and the named fairness
 * assumptions they may rely on.
 */
final class TcpLiveness {
    private TcpLiveness() {}

    // The predicate vector: one condition per bit, the bit its position in CONDITIONS.
    static final Condition B_CLOSING_PASSIVELY = new Condition("B in CLOSE_WAIT or LAST_ACK", 0);
    static final Condition B_CLOSED = new Condition("B in LISTEN", 1);
    static final Condition A_CLOSING_ACTIVELY = new Condition("A in FIN_WAIT_1, FIN_WAIT_2, CLOSING or TIME_WAIT", 2);
    static final Condition A_CLOSED = new Condition("A CLOSED or reusing the pair (SYN_SENT)", 3);
    static final Condition BOTH_CLOSED = new Condition("A CLOSED and B LISTEN", 4);
    static final Condition PEER_FAILED = new Condition("B has failed", 5);
    static final Condition A_CLOSED_NOW = new Condition("A CLOSED", 6);
    static final Condition FAILED_A_OPEN = new Condition("B has failed and A is not CLOSED", 7);
    static final List<Condition> CONDITIONS = List.of(B_CLOSING_PASSIVELY, B_CLOSED, A_CLOSING_ACTIVELY, A_CLOSED,
            BOTH_CLOSED, PEER_FAILED, A_CLOSED_NOW, FAILED_A_OPEN);

    /** The predicates of a state, one bit each (see the constants above). */
    public static long predicates(TcpState s) {
        long bits = 0;
        int a = s.st[A];
        int b = s.st[B];
        if (b == TcpState.CLOSE_WAIT || b == TcpState.LAST_ACK) bits |= B_CLOSING_PASSIVELY.mask();
        if (b == TcpState.LISTEN) bits |= B_CLOSED.mask();
        if (a == TcpState.FIN_WAIT_1 || a == TcpState.FIN_WAIT_2 || a == TcpState.CLOSING || a == TcpState.TIME_WAIT) {
            bits |= A_CLOSING_ACTIVELY.mask();
        }
        // A is done with the old connection once CLOSED, or when it reused the pair (SYN_SENT).
        if (a == TcpState.CLOSED || a == TcpState.SYN_SENT) bits |= A_CLOSED.mask();
        if (a == TcpState.CLOSED && b == TcpState.LISTEN) bits |= BOTH_CLOSED.mask();
        if (s.failed == 1) bits |= PEER_FAILED.mask();
        if (a == TcpState.CLOSED) bits |= A_CLOSED_NOW.mask();
        if (s.failed == 1 && a != TcpState.CLOSED) bits |= FAILED_A_OPEN.mask();
        return bits;
    }

    /** The fairness assumptions a model file may name, each expanding to constraints. */
    static final Map<String, String> ASSUMPTIONS = new LinkedHashMap<>();

    static {
        ASSUMPTIONS.put("tick", "time advances: Tick is not enabled forever without happening (weak fairness)");
        ASSUMPTIONS.put("timers", "a due timer fires: each endpoint's Timeout is weakly fair");
        ASSUMPTIONS.put("delivery", "a segment that stays deliverable is delivered: delivering each kind of"
                + " segment to each endpoint is weakly fair");
        ASSUMPTIONS.put("close", "each application eventually closes: Close(A) and Close(B) are strongly fair"
                + " (a close that is possible again and again, between moments when the network is full, happens)");
        ASSUMPTIONS.put("strong-delivery", "a kind of segment deliverable again and again is eventually"
                + " delivered: delivering each kind of segment to each endpoint is strongly fair");
    }

    /** The fairness constraints of the named assumptions ("none" or an empty list: no fairness). */
    static List<Fairness> constraints(List<String> names) {
        List<Fairness> result = new ArrayList<>();
        for (String name : names) {
            switch (name) {
                case "tick" -> result.add(Fairness.weak("tick", cls(TcpActionKind.TICK, A)));
                case "timers" -> {
                    result.add(Fairness.weak("timer-A", cls(TcpActionKind.TIMEOUT, A)));
                    result.add(Fairness.weak("timer-B", cls(TcpActionKind.TIMEOUT, B)));
                }
                case "delivery" -> result.addAll(delivery(false));
                case "strong-delivery" -> result.addAll(delivery(true));
                case "close" -> {
                    result.add(Fairness.strong("close-A", cls(TcpActionKind.CLOSE, A)));
                    result.add(Fairness.strong("close-B", cls(TcpActionKind.CLOSE, B)));
                }
                case "none" -> { }
                default -> throw new IllegalArgumentException("unknown fairness assumption " + name);
            }
        }
        return result;
    }

    /** Liveness checking of the TCP model under the named fairness assumptions. */
    static LivenessSetup setup(TcpModel model, List<String> assumptions) {
        // called for every state right after its successors were generated: read off the generator's
        // decoded state (decoding again only for a generator that is not the model's)
        return new LivenessSetup(TcpModel::actionClass, TcpModel.actionClassCount(),
                (generator, state, offset) -> predicates(generator instanceof TcpModel.Expanding expanding
                        ? expanding.lastExpanded() : model.decode(state, offset)), CONDITIONS.size(),
                constraints(assumptions));
    }

    /** One constraint per receiver and kind of segment (a SYN to a listening B included). */
    private static List<Fairness> delivery(boolean strong) {
        List<Fairness> result = new ArrayList<>();
        for (int e = A; e <= B; e++) {
            for (int kind = 0; kind < Segments.KINDS; kind++) {
                String name = (strong ? "strong-" : "") + "delivery-" + Segments.kindName(kind) + "-to-" + (e == A ? "A" : "B");
                int[] classes = kind == Segments.SYN
                        ? new int[] {TcpModel.deliveryClass(kind, e), cls(TcpActionKind.SYN_AT_LISTEN, e)}
                        : new int[] {TcpModel.deliveryClass(kind, e)};
                result.add(strong ? Fairness.strong(name, classes) : Fairness.weak(name, classes));
            }
        }
        return result;
    }

    private static int cls(TcpActionKind kind, int endpoint) {
        return TcpModel.actionClassOf(kind, endpoint);
    }
}
