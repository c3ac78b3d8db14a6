package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static twcheck.tcp.TcpState.A;
import static twcheck.tcp.TcpState.B;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the transition-by-transition tests of the TCP model share: a model to test, hand-made
 * states, the successors of a state by action name, and action names as the model prints them.
 */
abstract class TcpModelFixture {
    TcpParameters params;
    TcpModel m;
    Segments sg;
    /** The network is FIFO (reorder = 0): kept in sending order, not sorted. */
    boolean fifo;

    void use(TcpParameters p) {
        params = p;
        m = new TcpModel(p);
        sg = m.segments();
        fifo = p.variants().reorder() == 0;
    }

    /** One generated successor: its action name, packed and decoded state, and label bits. */
    record Succ(String name, long[] packed, long labels, TcpState next) {}

    TcpState state() {
        return new TcpState(m.parameters().capacity());
    }

    /** The state this text describes, e.g. {@code A: CLOSED inc=1 | B: LISTEN inc=1 | net: {RST B->A seq=1 inc=0}} (see {@link TcpStates}). */
    TcpState state(String text) {
        return TcpStates.parse(text, params);
    }

    /** The segment this text describes, e.g. {@code FIN A->B seq=2 ack=3 inc=1 age=1}, as its code. */
    int seg(String text) {
        return TcpStates.segment(text, params);
    }

    /** The state in the notation of {@link TcpStates}, network in stored order. */
    String text(TcpState s) {
        return TcpStates.format(s, params);
    }

    static void ep(TcpState s, int e, int st, int snd, int rcv, int una, int tmr, int rtx, int dat, int inc) {
        s.st[e] = st;
        s.snd[e] = snd;
        s.rcv[e] = rcv;
        s.una[e] = una;
        s.tmr[e] = tmr;
        s.rtx[e] = rtx;
        s.dat[e] = dat;
        s.inc[e] = inc;
    }

    int seg(int src, int kind, int seq, int ack, int tag, int age) {
        return sg.code(src, kind, seq, ack, tag, age);
    }

    /** Replaces the network; sorted unless the network is FIFO (then given in stored order). */
    TcpState setNet(TcpState s, int... codes) {
        s.size = 0;
        return with(s, codes);
    }

    /** Adds segments to the network; sorted unless the network is FIFO. */
    TcpState with(TcpState s, int... codes) {
        for (int c : codes) s.net[s.size++] = c;
        if (!fifo) Arrays.sort(s.net, 0, s.size);
        return s;
    }

    /** The network of s with one occurrence of x removed, plus the given segments. */
    static int[] netWithout(TcpState s, int x, int... added) {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < s.size; i++) codes.add(s.net[i]);
        assertTrue(codes.remove(Integer.valueOf(x)), "segment not in the network");
        for (int a : added) codes.add(a);
        return codes.stream().mapToInt(Integer::intValue).toArray();
    }

    TcpState copy(TcpState s) {
        TcpState c = state();
        c.copyFrom(s);
        return c;
    }

    List<Succ> successors(TcpState s) {
        long[] packed = m.encode(s);
        List<Succ> out = new ArrayList<>();
        m.newSuccessors().successors(packed, 0, (action, next, labels) -> {
            long[] copy = Arrays.copyOf(next, m.stateWords());
            out.add(new Succ(m.describeAction(packed, action), copy, labels, m.decode(copy, 0)));
        });
        return out;
    }

    static List<String> names(List<Succ> succs) {
        return succs.stream().map(Succ::name).sorted().collect(Collectors.toList());
    }

    List<String> names(TcpState s) {
        return names(successors(s));
    }

    List<String> namesStarting(TcpState s, String prefix) {
        return names(s).stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
    }

    /** The successor by the named action; occurrences of equal segments must agree. */
    static Succ pick(List<Succ> succs, String action) {
        List<Succ> hits = succs.stream().filter(x -> x.name().equals(action)).collect(Collectors.toList());
        assertFalse(hits.isEmpty(), "no action " + action + " among " + names(succs));
        for (Succ h : hits) assertArrayEquals(hits.get(0).packed(), h.packed(), "occurrences of " + action);
        return hits.get(0);
    }

    Succ step(TcpState s, String action) {
        return pick(successors(s), action);
    }

    String deliver(int x) {
        return "Deliver(" + sg.describe(x) + ")";
    }

    String deliver(String segment) {
        return deliver(seg(segment));
    }

    String lose(String segment) {
        return lose(seg(segment));
    }

    String duplicate(String segment) {
        return duplicate(seg(segment));
    }

    String synAtListen(String segment, int v) {
        return synAtListen(seg(segment), v);
    }

    String lose(int x) {
        return "Lose(" + sg.describe(x) + ")";
    }

    String duplicate(int x) {
        return "Duplicate(" + sg.describe(x) + ")";
    }

    String synAtListen(int x, int v) {
        return "SynAtListen(" + sg.describe(x) + ", isn=" + v + ")";
    }

    static String who(int e) {
        return e == A ? "A" : "B";
    }

    static String open(int v) {
        return "Open(A, isn=" + v + ")";
    }

    static String timeout(int e) {
        return "Timeout(" + who(e) + ")";
    }

    static String close(int e) {
        return "Close(" + who(e) + ")";
    }

    static String sendData(int e) {
        return "SendData(" + who(e) + ")";
    }

    static String abort(int e) {
        return "Abort(" + who(e) + ")";
    }

    static String endpoint(TcpState s, int e) {
        return TcpState.stateName(s.st[e]) + " snd=" + s.snd[e] + " rcv=" + s.rcv[e] + " una=" + s.una[e]
                + " tmr=" + s.tmr[e] + " rtx=" + s.rtx[e] + " dat=" + s.dat[e] + " inc=" + s.inc[e]
                + " isnBase=" + s.isnBase[e] + " tsAge=" + s.tsAge[e];
    }

    /** Whole state, network in stored order (so a wrongly ordered network shows). */
    String show(TcpState s) {
        List<String> net = new ArrayList<>();
        for (int i = 0; i < s.size; i++) net.add(sg.describe(s.net[i]));
        return "A: " + endpoint(s, A) + "\nB: " + endpoint(s, B) + "\nnet: " + net + "\nlost=" + s.lost
                + " dups=" + s.dups;
    }
}
