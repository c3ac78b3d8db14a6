package twcheck.tcp;

import java.util.ArrayList;
import java.util.List;
import twcheck.capture.CapturedSegment;
import twcheck.capture.CapturedSegment.Address;
import twcheck.engine.Trace;

/**
 * A run of R0 written as the segments a capture would show: the reading of
 * {@link CaptureAbstraction} run backwards. Every unit of R0's sequence space is one octet (a
 * DATA segment carries one), so a model number is its real one minus an origin; incarnation 0
 * starts with a handshake that leaves both sides at their origin (R0's 0), which conform
 * absorbs. Addresses are the documentation ones the capture lab uses.
 */
final class CaptureExport {
    static final Address CLIENT = new Address("192.0.2.1", 40000);
    static final Address SERVER = new Address("192.0.2.2", 5000);
    /** Real ISNs: far apart per incarnation, so that no two incarnations' numbers meet. */
    private static final long CLIENT_ISN = 1_000_000L;
    private static final long SERVER_ISN = 5_000_000L;
    private static final long INCARNATION_STRIDE = 100_000L;
    /** Segments shown within one tick are this far apart, so that their order survives. */
    private static final long STEP_MICROS = 100;

    private CaptureExport() {}

    static List<CapturedSegment> of(TcpModel tcp, int seqSpace, Trace run, boolean atClient, long tickMicros) {
        List<CapturedSegment> out = new ArrayList<>();
        long[] time = {0};
        // the opening of incarnation 0: R0 starts after it, with snd_nxt = ISN + 1 on both sides
        add(out, time, true, true, false, false, false, CLIENT_ISN, 0, 0);
        add(out, time, false, true, true, false, false, SERVER_ISN, CLIENT_ISN + 1, 0);
        add(out, time, true, false, true, false, false, CLIENT_ISN + 1, SERVER_ISN + 1, 0);
        // Per side and incarnation: the real number of model number 0 (realBase), and where the
        // side's snd_nxt is in model units without the modulo (sent), followed step by step from
        // the model's states, so that a number shown late (a segment reordered in the network)
        // still maps to the place its sender sent it from.
        long[][] realBase = new long[2][16];
        long[][] sent = new long[2][16];
        realBase[0][0] = CLIENT_ISN + 1;
        realBase[1][0] = SERVER_ISN + 1;
        TcpView first = tcp.view(run.steps().get(0).state());
        int[] inc = {first.A().inc(), first.B().inc()};
        int[] snd = {first.A().snd(), first.B().snd()};
        int tick = 0;
        for (int i = 1; i < run.steps().size(); i++) {
            Trace.Step step = run.steps().get(i);
            long[] from = run.steps().get(i - 1).state();
            if (TcpModel.kindOf(step.code()) == TcpActionKind.TICK) {
                tick++;
                time[0] = Math.max(time[0], tick * tickMicros);
            }
            TcpView after = tcp.view(step.state());
            TcpView.EndpointView[] ends = {after.A(), after.B()};
            for (int side = 0; side < 2; side++) {
                TcpView.EndpointView e = ends[side];
                if (e.inc() != inc[side]) {
                    // a new incarnation: its SYN (or SYN-ACK) was just sent from ISN = snd_nxt - 1
                    inc[side] = e.inc();
                    long isn = (side == 0 ? CLIENT_ISN : SERVER_ISN) + e.inc() * INCARNATION_STRIDE;
                    realBase[side][e.inc()] = isn - (e.snd() - 1);
                    sent[side][e.inc()] = e.snd();
                } else {
                    sent[side][e.inc()] += Math.floorMod(e.snd() - snd[side], seqSpace);
                }
                snd[side] = e.snd();
            }
            for (TcpView.SegmentView x : TcpConformance.shown(tcp, from, step.code(), step.state(), atClient)) {
                boolean fromClient = x.from().equals("A");
                int side = fromClient ? 0 : 1;
                int t = x.inc();
                boolean syn = x.kind().startsWith("SYN");
                long seq = realBase[side][t] + unwrap(sent[side][t], x.seq(), seqSpace);
                boolean hasAck = !x.kind().equals("SYN") && !x.kind().equals("RST");
                long ack = hasAck ? realBase[1 - side][t] + unwrap(sent[1 - side][t], x.ack(), seqSpace) : 0;
                int payload = x.kind().equals("DATA") ? 1 : 0;
                add(out, time, fromClient, syn, hasAck, x.kind().equals("FIN"), x.kind().startsWith("RST"), seq, ack,
                        payload);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Model number {@code n} without the modulo: the one congruent to it that lies at or below
     * {@code sent}, the side's snd_nxt (what a segment carries is behind its sender, never ahead).
     */
    private static long unwrap(long sent, int n, int seqSpace) {
        return sent - Math.floorMod(sent - n, seqSpace);
    }

    private static void add(List<CapturedSegment> out, long[] time, boolean fromClient, boolean syn, boolean ack,
            boolean fin, boolean rst, long seq, long ackNo, int payload) {
        time[0] += STEP_MICROS;
        out.add(new CapturedSegment(out.size() + 1, time[0], fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT,
                syn, ack, fin, rst, seq & 0xffffffffL, ackNo & 0xffffffffL, payload));
    }
}
