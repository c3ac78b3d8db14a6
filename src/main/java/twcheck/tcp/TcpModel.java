package twcheck.tcp;

import static twcheck.tcp.Segments.ACK;
import static twcheck.tcp.Segments.DATA;
import static twcheck.tcp.Segments.FIN;
import static twcheck.tcp.Segments.RST;
import static twcheck.tcp.Segments.RSTACK;
import static twcheck.tcp.Segments.SYN;
import static twcheck.tcp.Segments.SYNACK;
import static twcheck.tcp.TcpState.A;
import static twcheck.tcp.TcpState.B;
import static twcheck.tcp.TcpState.CLOSED;
import static twcheck.tcp.TcpState.CLOSE_WAIT;
import static twcheck.tcp.TcpState.CLOSING;
import static twcheck.tcp.TcpState.ESTABLISHED;
import static twcheck.tcp.TcpState.FIN_WAIT_1;
import static twcheck.tcp.TcpState.FIN_WAIT_2;
import static twcheck.tcp.TcpState.LAST_ACK;
import static twcheck.tcp.TcpState.LISTEN;
import static twcheck.tcp.TcpState.SYN_RCVD;
import static twcheck.tcp.TcpState.SYN_SENT;
import static twcheck.tcp.TcpState.TIME_WAIT;

import java.util.List;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;

/**
 * The reference model R0 of {@code shared/reference-model.md}: two endpoints, a network that
 * delays, reorders and (within a budget) loses segments, discrete time, and reuse of the address
 * pair by new incarnations. Section numbers in comments refer to that document.
 *
 * <p>The model reports what happens on each transition as label bits (the observations that
 * properties are built from); it knows nothing of search order or of verdicts.
 */
public final class TcpModel implements TransitionSystem {

    /** A segment is accepted (P1 check) whose incarnation differs from the receiver's. */
    public static final int STALE_ACCEPT = 0;
    /** B leaves LAST_ACK by an accepted RST/RSTACK or by giving up (P2 event). */
    public static final int LAST_ACK_UNCLEAN_EXIT = 1;
    /** An endpoint of incarnation 1 or later enters ESTABLISHED. */
    public static final int NEW_INCARNATION_ESTABLISHED = 2;
    /** A segment arrives at an endpoint whose incarnation is newer than the segment's. */
    public static final int OLD_SEGMENT_ARRIVES = 3;
    /** B in LAST_ACK receives the acknowledgment of its FIN (its clean exit). */
    public static final int LAST_ACK_ACKED = 4;

    private static final List<String> LABELS = List.of(
            "stale-accept", "last-ack-unclean-exit", "new-incarnation-established",
            "old-segment-arrives", "last-ack-acked");

    // Action codes: kind in bits 0-2, endpoint in bit 3, network slot in bits 4-7, value above.
    static final int CLOSE = 0;
    static final int SEND_DATA = 1;
    static final int OPEN = 2;
    static final int TIMEOUT = 3;
    static final int SYN_AT_LISTEN = 4;
    static final int DELIVER = 5;
    static final int LOSE = 6;
    static final int TICK = 7;

    private final TcpParameters params;
    private final Segments segments;
    private final TcpCodec codec;

    public TcpModel(TcpParameters params) {
        this.params = params;
        this.segments = new Segments(params);
        this.codec = new TcpCodec(params, segments.count());
    }

    public TcpParameters parameters() {
        return params;
    }

    public Segments segments() {
        return segments;
    }

    @Override
    public int stateWords() {
        return codec.words();
    }

    @Override
    public int freeHighBits() {
        return codec.freeHighBits();
    }

    @Override
    public List<String> labelNames() {
        return LABELS;
    }

    @Override
    public Successors newSuccessors() {
        return new Generator();
    }

    @Override
    public boolean isIntendedEnd(long[] state, int offset) {
        TcpState s = decode(state, offset);
        return s.st[A] == CLOSED && s.inc[A] == params.incarnations() - 1 && s.st[B] == LISTEN && s.size == 0;
    }

    public TcpState decode(long[] state, int offset) {
        TcpState s = new TcpState(params.capacity());
        codec.decode(state, offset, s);
        return s;
    }

    public long[] encode(TcpState s) {
        long[] out = new long[codec.words()];
        codec.encode(s, out);
        return out;
    }

    /** Section 4: incarnation 0 established on both sides, nothing in flight. */
    public TcpState initialState() {
        TcpState s = new TcpState(params.capacity());
        s.st[A] = ESTABLISHED;
        s.st[B] = ESTABLISHED;
        return s;
    }

    @Override
    public String describeAction(long[] state, int action) {
        TcpState s = decode(state, 0);
        String e = endpointOf(action) == A ? "A" : "B";
        return switch (action & 7) {
            case CLOSE -> "Close(" + e + ")";
            case SEND_DATA -> "SendData(" + e + ")";
            case OPEN -> "Open(A, isn=" + valueOf(action) + ")";
            case TIMEOUT -> "Timeout(" + e + ")";
            case SYN_AT_LISTEN -> "SynAtListen(" + segments.describe(s.net[slotOf(action)])
                    + ", isn=" + valueOf(action) + ")";
            case DELIVER -> "Deliver(" + segments.describe(s.net[slotOf(action)]) + ")";
            case LOSE -> "Lose(" + segments.describe(s.net[slotOf(action)]) + ")";
            default -> "Tick";
        };
    }

    @Override
    public TcpView view(long[] state) {
        return TcpView.of(decode(state, 0), segments);
    }

    static int action(int kind, int endpoint, int slot, int value) {
        return kind | endpoint << 3 | slot << 4 | value << 8;
    }

    static int endpointOf(int action) {
        return (action >>> 3) & 1;
    }

    static int slotOf(int action) {
        return (action >>> 4) & 15;
    }

    static int valueOf(int action) {
        return action >>> 8;
    }

    /** Successor generation, section 6. Holds scratch states, so one per thread. */
    private final class Generator implements Successors {
        private final int seqSpace = params.seqSpace();
        private final TcpState cur = new TcpState(params.capacity());
        private final TcpState next = new TcpState(params.capacity());
        private final long[] packed = new long[codec.words()];
        private long labels;

        @Override
        public void initialStates(Sink sink) {
            codec.encode(initialState(), packed);
            sink.accept(0, packed, 0);
        }

        @Override
        public void successors(long[] state, int offset, Sink sink) {
            codec.decode(state, offset, cur);
            boolean room = cur.size < params.capacity();
            for (int e = A; e <= B; e++) {
                int st = cur.st[e];
                if ((st == ESTABLISHED || st == CLOSE_WAIT) && room) {
                    begin();
                    close(e);
                    emit(sink, action(CLOSE, e, 0, 0));
                }
                if (st == CLOSE_WAIT && cur.dat[e] == 0 && room) {
                    begin();
                    sendData(e);
                    emit(sink, action(SEND_DATA, e, 0, 0));
                }
            }
            if (cur.st[A] == CLOSED && cur.inc[A] < params.incarnations() - 1 && room) {
                for (int v = 0; v < seqSpace; v++) {
                    begin();
                    open(v);
                    emit(sink, action(OPEN, A, 0, v));
                }
            }
            for (int e = A; e <= B; e++) {
                if (cur.armed(e) && cur.tmr[e] == 0
                        && (cur.st[e] == TIME_WAIT || cur.rtx[e] == params.retries() || room)) {
                    begin();
                    timeout(e);
                    emit(sink, action(TIMEOUT, e, 0, 0));
                }
            }
            for (int slot = 0; slot < cur.size; slot++) {
                int x = cur.net[slot];
                int receiver = TcpState.peer(segments.src(x));
                if (segments.kind(x) == SYN && cur.st[receiver] == LISTEN) {
                    for (int v = 0; v < seqSpace; v++) {
                        begin();
                        noteArrival(receiver, x);
                        next.removeSegment(slot);
                        synAtListen(receiver, x, v);
                        emit(sink, action(SYN_AT_LISTEN, receiver, slot, v));
                    }
                } else {
                    begin();
                    noteArrival(receiver, x);
                    next.removeSegment(slot);
                    receive(receiver, x);
                    emit(sink, action(DELIVER, receiver, slot, 0));
                }
            }
            if (cur.lost < params.lossBudget()) {
                for (int slot = 0; slot < cur.size; slot++) {
                    begin();
                    next.removeSegment(slot);
                    next.lost++;
                    emit(sink, action(LOSE, 0, slot, 0));
                }
            }
            if (tickEnabled()) {
                begin();
                tick();
                emit(sink, action(TICK, 0, 0, 0));
            }
        }

        private void begin() {
            next.copyFrom(cur);
            labels = 0;
        }

        private void emit(Sink sink, int action) {
            for (int e = A; e <= B; e++) {
                if (next.st[e] == ESTABLISHED && cur.st[e] != ESTABLISHED && next.inc[e] > 0) {
                    labels |= 1L << NEW_INCARNATION_ESTABLISHED;
                }
            }
            next.canonicalize();
            codec.encode(next, packed);
            sink.accept(action, packed, labels);
        }

        private int mod(int v) {
            return Math.floorMod(v, seqSpace);
        }

        private void send(int e, int kind, int seq, int ack) {
            next.addSegment(segments.code(e, kind, mod(seq), mod(ack), next.inc[e], 0));
        }

        private void sendAck(int e) {
            send(e, ACK, next.snd[e], next.rcv[e]);
        }

        private void rstFor(int e, int x) {
            send(e, RST, segments.ack(x), 0);
        }

        private void rstAckFor(int e, int x) {
            send(e, RSTACK, 0, segments.seq(x) + 1);
        }

        /** P1 check: every step that sets or advances rcv_nxt on a segment. */
        private void checkFresh(int e, int x) {
            if (segments.tag(x) != next.inc[e]) labels |= 1L << STALE_ACCEPT;
        }

        private void noteArrival(int receiver, int x) {
            if (segments.tag(x) < cur.inc[receiver]) labels |= 1L << OLD_SEGMENT_ARRIVES;
        }

        /** 6.1 */
        private void close(int e) {
            send(e, FIN, next.snd[e], next.rcv[e]);
            next.snd[e] = mod(next.snd[e] + 1);
            if (next.st[e] == ESTABLISHED) {
                next.st[e] = FIN_WAIT_1;
                next.una[e] = 1;
                next.tmr[e] = params.rto();
                next.rtx[e] = 0;
            } else {
                if (next.una[e] == 0) {
                    next.tmr[e] = params.rto();
                    next.rtx[e] = 0;
                }
                next.st[e] = LAST_ACK;
                next.una[e]++;
                next.dat[e] = 0;
            }
        }

        /** 6.2 */
        private void sendData(int e) {
            send(e, DATA, next.snd[e], next.rcv[e]);
            next.snd[e] = mod(next.snd[e] + 1);
            next.dat[e] = 1;
            next.una[e] = 1;
            next.tmr[e] = params.rto();
            next.rtx[e] = 0;
        }

        /** 6.3: A reuses the address pair with a free initial sequence number v. */
        private void open(int v) {
            next.st[A] = SYN_SENT;
            next.snd[A] = mod(v + 1);
            next.rcv[A] = 0;
            next.una[A] = 1;
            next.tmr[A] = params.rto();
            next.rtx[A] = 0;
            next.dat[A] = 0;
            next.inc[A]++;
            send(A, SYN, v, 0);
        }

        /** 6.4 */
        private void timeout(int e) {
            int st = next.st[e];
            if (st == TIME_WAIT) {
                next.reset(e);
            } else if (next.rtx[e] < params.retries()) {
                next.rtx[e]++;
                next.tmr[e] = params.rto();
                int q = next.snd[e] - next.una[e];
                if (st == SYN_SENT) {
                    send(e, SYN, q, 0);
                } else if (st == SYN_RCVD) {
                    send(e, SYNACK, q, next.rcv[e]);
                } else if (st == CLOSE_WAIT || (st == LAST_ACK && next.una[e] == 2)) {
                    send(e, DATA, q, next.rcv[e]);
                } else {
                    send(e, FIN, q, next.rcv[e]);
                }
            } else {
                if (e == B && st == LAST_ACK) labels |= 1L << LAST_ACK_UNCLEAN_EXIT;
                next.reset(e);
            }
        }

        /** 6.5, SYN at a listening B: B joins the SYN's incarnation with ISN v. */
        private void synAtListen(int e, int x, int v) {
            next.st[e] = SYN_RCVD;
            next.snd[e] = mod(v + 1);
            next.rcv[e] = mod(segments.seq(x) + 1);
            next.una[e] = 1;
            next.tmr[e] = params.rto();
            next.rtx[e] = 0;
            next.dat[e] = 0;
            next.inc[e] = segments.tag(x);
            send(e, SYNACK, v, segments.seq(x) + 1);
        }

        /** 6.5 receive(E, x): the segment has already been removed from the network. */
        private void receive(int e, int x) {
            int kind = segments.kind(x);
            int st = next.st[e];
            if (st == CLOSED || st == LISTEN) {
                if (kind == RST || kind == RSTACK) return;
                if (kind == SYN && st == CLOSED) {
                    rstAckFor(e, x);
                } else {
                    rstFor(e, x);
                }
            } else if (st == SYN_SENT) {
                receiveInSynSent(e, x, kind);
            } else {
                receiveSynchronized(e, x, kind, st);
            }
        }

        private void receiveInSynSent(int e, int x, int kind) {
            if (kind == SYN || kind == RST) return;
            if (segments.ack(x) != next.snd[e]) {
                if (kind != RSTACK) rstFor(e, x);
                return;
            }
            if (kind == RSTACK) {
                next.reset(e);
            } else if (kind == SYNACK) {
                checkFresh(e, x);
                next.st[e] = ESTABLISHED;
                next.rcv[e] = mod(segments.seq(x) + 1);
                next.una[e] = 0;
                next.tmr[e] = 0;
                next.rtx[e] = 0;
                sendAck(e);
            }
            // ACK, DATA, FIN: dropped
        }

        private void receiveSynchronized(int e, int x, int kind, int st) {
            int seq = segments.seq(x);
            if (kind == RST || kind == RSTACK) {
                if (seq == next.rcv[e]) {
                    if (e == B && st == LAST_ACK) labels |= 1L << LAST_ACK_UNCLEAN_EXIT;
                    next.reset(e);
                }
                return;
            }
            if (kind == SYN) {
                if (st == LAST_ACK) {
                    rstAckFor(e, x);
                } else {
                    sendAck(e); // challenge ACK
                }
                return;
            }
            if (kind == SYNACK) {
                sendAck(e);
                return;
            }
            if (st == TIME_WAIT && kind == FIN) {
                sendAck(e);
                if (mod(seq + 1) == next.rcv[e]) next.tmr[e] = params.timeWait();
                return;
            }
            if (seq != next.rcv[e]) {
                if (kind == DATA || kind == FIN) sendAck(e);
                return; // an out-of-window ACK is dropped silently
            }
            if (!processAck(e, x, st)) return;
            st = next.st[e];
            if ((kind == DATA || kind == FIN) && (st == ESTABLISHED || st == FIN_WAIT_1 || st == FIN_WAIT_2)) {
                checkFresh(e, x);
                next.rcv[e] = mod(next.rcv[e] + 1);
                if (kind == FIN) {
                    if (st == ESTABLISHED) {
                        next.st[e] = CLOSE_WAIT;
                    } else if (st == FIN_WAIT_1) {
                        next.st[e] = CLOSING;
                    } else {
                        next.st[e] = TIME_WAIT;
                        next.tmr[e] = params.timeWait();
                        next.rtx[e] = 0;
                    }
                }
                sendAck(e);
            }
            // DATA or FIN in CLOSE_WAIT, CLOSING, LAST_ACK (and TIME_WAIT): ignored
        }

        /** The acknowledgment part of an acceptable segment; false if processing stops here. */
        private boolean processAck(int e, int x, int st) {
            int k = mod(segments.ack(x) - (next.snd[e] - next.una[e]));
            if (st == SYN_RCVD) {
                if (k != 1) {
                    rstFor(e, x);
                    return false;
                }
                next.st[e] = ESTABLISHED;
                next.una[e] = 0;
                next.tmr[e] = 0;
                next.rtx[e] = 0;
                return true;
            }
            if (k >= 1 && k <= next.una[e]) {
                next.una[e] -= k;
                next.rtx[e] = 0;
                next.tmr[e] = next.una[e] > 0 ? params.rto() : 0;
                if (next.una[e] == 0) {
                    if (st == FIN_WAIT_1) {
                        next.st[e] = FIN_WAIT_2;
                    } else if (st == CLOSING) {
                        next.st[e] = TIME_WAIT;
                        next.tmr[e] = params.timeWait();
                    } else if (st == LAST_ACK) {
                        if (e == B) labels |= 1L << LAST_ACK_ACKED;
                        next.reset(e);
                        return false;
                    }
                }
            }
            return true;
        }

        /** 6.7 */
        private boolean tickEnabled() {
            if (cur.size == 0 && !cur.armed(A) && !cur.armed(B)) return false;
            for (int e = A; e <= B; e++) {
                if (cur.armed(e) && cur.tmr[e] == 0) return false;
            }
            if (params.expire() == 0) {
                for (int i = 0; i < cur.size; i++) {
                    if (segments.age(cur.net[i]) == params.msl()) return false;
                }
            }
            return true;
        }

        private void tick() {
            int kept = 0;
            for (int i = 0; i < next.size; i++) {
                int x = next.net[i];
                if (segments.age(x) < params.msl()) next.net[kept++] = x + 1; // age is the lowest digit
            }
            next.size = kept;
            for (int e = A; e <= B; e++) {
                if (next.armed(e)) next.tmr[e]--;
            }
        }
    }
}
