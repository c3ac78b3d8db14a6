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
        // per side and incarnation: the real number of model number 0 (incarnation 0: the origin;
        // later ones: the real ISN minus the model's ISN, set when the SYN or SYN-ACK is shown)
        long[][] base = new long[2][16];
        long[][] highest = new long[2][16];
        base[0][0] = CLIENT_ISN + 1;
        base[1][0] = SERVER_ISN + 1;
        highest[0][0] = base[0][0];
        highest[1][0] = base[1][0];
        int tick = 0;
        for (int i = 1; i < run.steps().size(); i++) {
            Trace.Step step = run.steps().get(i);
            long[] from = run.steps().get(i - 1).state();
            if (TcpModel.kindOf(step.code()) == TcpActionKind.TICK) {
                tick++;
                time[0] = Math.max(time[0], tick * tickMicros);
            }
            for (TcpView.SegmentView x : TcpConformance.shown(tcp, from, step.code(), step.state(), atClient)) {
                boolean fromClient = x.from().equals("A");
                int side = fromClient ? 0 : 1;
                int inc = x.inc();
                boolean syn = x.kind().startsWith("SYN");
                if (syn && inc > 0 && base[side][inc] == 0) {
                    long isn = (fromClient ? CLIENT_ISN : SERVER_ISN) + inc * INCARNATION_STRIDE;
                    base[side][inc] = isn - x.seq();
                    highest[side][inc] = isn;
                }
                long seq = real(base[side][inc], highest[side][inc], x.seq(), seqSpace);
                boolean hasAck = !x.kind().equals("SYN") && !x.kind().equals("RST");
                long ack = hasAck ? real(base[1 - side][inc], highest[1 - side][inc], x.ack(), seqSpace) : 0;
                int payload = x.kind().equals("DATA") ? 1 : 0;
                boolean fin = x.kind().equals("FIN");
                boolean rst = x.kind().startsWith("RST");
                add(out, time, fromClient, syn, hasAck, fin, rst, seq, ack, payload);
                long end = seq + payload + (syn || fin ? 1 : 0);
                highest[side][inc] = Math.max(highest[side][inc], end);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The real number of model number {@code n}: the one congruent to it modulo the sequence
     * space that lies closest below or at what the side has sent so far (old numbers are behind
     * the sender, never ahead of it).
     */
    private static long real(long base, long highest, int n, int seqSpace) {
        long offset = highest - base;
        long k = offset - Math.floorMod(offset - n, seqSpace);
        if (k < offset - seqSpace + 1) k += seqSpace;
        return base + k;
    }

    private static void add(List<CapturedSegment> out, long[] time, boolean fromClient, boolean syn, boolean ack,
            boolean fin, boolean rst, long seq, long ackNo, int payload) {
        time[0] += STEP_MICROS;
        out.add(new CapturedSegment(out.size() + 1, time[0], fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT,
                syn, ack, fin, rst, seq & 0xffffffffL, ackNo & 0xffffffffL, payload));
    }
}
