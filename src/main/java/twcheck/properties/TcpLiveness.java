package twcheck.properties;

import static twcheck.tcp.TcpState.A;
import static twcheck.tcp.TcpState.B;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import twcheck.engine.liveness.Fairness;
import twcheck.engine.liveness.LivenessProperty;
import twcheck.tcp.Segments;
import twcheck.tcp.TcpModel;
import twcheck.tcp.TcpState;

/**
 * The state predicates the TCP liveness properties are made of, and the named fairness
 * assumptions they may rely on.
 */
public final class TcpLiveness {
    private TcpLiveness() {}

    static final int B_CLOSING_PASSIVELY = 0;
    static final int B_CLOSED = 1;
    static final int A_CLOSING_ACTIVELY = 2;
    static final int A_CLOSED = 3;
    static final int BOTH_CLOSED = 4;
    static final int PEER_FAILED = 5;
    static final int A_CLOSED_NOW = 6;
    static final int FAILED_A_OPEN = 7;
    /** How many predicates {@link #predicates} computes. */
    static final int PREDICATES = 8;

    /** The predicates of a state, one bit each (see the constants above). */
    public static long predicates(TcpState s) {
        long bits = 0;
        int a = s.st[A];
        int b = s.st[B];
        if (b == TcpState.CLOSE_WAIT || b == TcpState.LAST_ACK) bits |= 1L << B_CLOSING_PASSIVELY;
        if (b == TcpState.LISTEN) bits |= 1L << B_CLOSED;
        if (a == TcpState.FIN_WAIT_1 || a == TcpState.FIN_WAIT_2 || a == TcpState.CLOSING || a == TcpState.TIME_WAIT) {
            bits |= 1L << A_CLOSING_ACTIVELY;
        }
        // A is done with the old connection once CLOSED, or when it reused the pair (SYN_SENT).
        if (a == TcpState.CLOSED || a == TcpState.SYN_SENT) bits |= 1L << A_CLOSED;
        if (a == TcpState.CLOSED && b == TcpState.LISTEN) bits |= 1L << BOTH_CLOSED;
        if (s.failed == 1) bits |= 1L << PEER_FAILED;
        if (a == TcpState.CLOSED) bits |= 1L << A_CLOSED_NOW;
        if (s.failed == 1 && a != TcpState.CLOSED) bits |= 1L << FAILED_A_OPEN;
        return bits;
    }

    /** Premise and goal predicates of a liveness property (premise -1: the initial state, "eventually"). */
    private record Predicates(int premise, int goal) {}

    private static Predicates predicatesOf(Property p) {
        return switch (p.name()) {
            case "passive-reaches-closed" -> new Predicates(B_CLOSING_PASSIVELY, B_CLOSED);
            case "active-reaches-closed" -> new Predicates(A_CLOSING_ACTIVELY, A_CLOSED);
            case "both-eventually-closed" -> new Predicates(-1, BOTH_CLOSED);
            case "keepalive-detects" -> new Predicates(FAILED_A_OPEN, A_CLOSED_NOW);
            default -> throw new IllegalArgumentException("not a liveness property: " + p.name());
        };
    }

    /** The engine's liveness property for {@code p}, over the predicates marked on the graph. */
    static LivenessProperty of(Property p, BitSet[] marks) {
        Predicates q = predicatesOf(p);
        return q.premise() < 0
                ? LivenessProperty.eventually(p.name(), marks[q.goal()]::get)
                : LivenessProperty.leadsTo(p.name(), marks[q.premise()]::get, marks[q.goal()]::get);
    }

    /** Whether state {@code s} satisfies the premise (or, if {@code goal}, the goal) of {@code p}. */
    public static boolean holds(Property p, TcpState s, boolean goal) {
        Predicates q = predicatesOf(p);
        int bit = goal ? q.goal() : q.premise();
        return bit < 0 || (predicates(s) & (1L << bit)) != 0;
    }

    /** The fairness assumptions a model file may name, each expanding to constraints. */
    public static final Map<String, String> ASSUMPTIONS = new LinkedHashMap<>();

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
    public static List<Fairness> constraints(List<String> names) {
        List<Fairness> result = new ArrayList<>();
        for (String name : names) {
            switch (name) {
                case "tick" -> result.add(Fairness.weak("tick", cls("TICK", A)));
                case "timers" -> {
                    result.add(Fairness.weak("timer-A", cls("TIMEOUT", A)));
                    result.add(Fairness.weak("timer-B", cls("TIMEOUT", B)));
                }
                case "delivery" -> result.addAll(delivery(false));
                case "strong-delivery" -> result.addAll(delivery(true));
                case "close" -> {
                    result.add(Fairness.strong("close-A", cls("CLOSE", A)));
                    result.add(Fairness.strong("close-B", cls("CLOSE", B)));
                }
                case "none" -> { }
                default -> throw new IllegalArgumentException("unknown fairness assumption " + name);
            }
        }
        return result;
    }

    /** Liveness checking of the TCP model under the named fairness assumptions. */
    public static LivenessSetup setup(TcpModel model, List<String> assumptions) {
        // called for every state right after its successors were generated: read off the generator's
        // decoded state (decoding again only for a generator that is not the model's)
        return new LivenessSetup(TcpModel::actionClass, TcpModel.actionClassCount(),
                (generator, state, offset) -> predicates(generator instanceof TcpModel.Expanding expanding
                        ? expanding.lastExpanded() : model.decode(state, offset)), PREDICATES,
                TcpLiveness::of, constraints(assumptions),
                (runs, marks) -> new KeepaliveDelays(runs, marks, model.parameters().variants().keepalive()));
    }

    /** One constraint per receiver and kind of segment (a SYN to a listening B included). */
    private static List<Fairness> delivery(boolean strong) {
        List<Fairness> result = new ArrayList<>();
        for (int e = A; e <= B; e++) {
            for (int kind = 0; kind < Segments.KINDS; kind++) {
                String name = (strong ? "strong-" : "") + "delivery-" + Segments.kindName(kind) + "-to-" + (e == A ? "A" : "B");
                int[] classes = kind == Segments.SYN
                        ? new int[] {TcpModel.deliveryClass(kind, e), cls("SYN_AT_LISTEN", e)}
                        : new int[] {TcpModel.deliveryClass(kind, e)};
                result.add(strong ? Fairness.strong(name, classes) : Fairness.weak(name, classes));
            }
        }
        return result;
    }

    private static int cls(String kind, int endpoint) {
        return TcpModel.actionClassOf(kind, endpoint);
    }
}
