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

import static twcheck.tcp.TcpActionKind.*;

import java.util.List;
import twcheck.engine.Successors;
import twcheck.engine.TransitionSystem;

/**
 * The reference model R0 of {@code docs/r0-semantics.md}: two endpoints, a network that
 * delays, reorders and (within a budget) loses segments, discrete time, and reuse of the address
 * pair by new incarnations. Section numbers in comments refer to that document.
 *
 * <p>The model reports what happens on each transition as label bits (the observations that
 * properties are built from); it knows nothing of search order or of verdicts.
 */
public final class TcpModel implements TransitionSystem {

    // Action codes: kind in bits 0-3, endpoint in bit 4, network slot in bits 5-8, value in bits
    // 9-16, and bit 20 set when the action's TIME_WAIT could not be created (variant twOverflow).
    static final int OVERFLOW = 1 << 20;

    private final TcpParameters params;
    private final TcpParameters.Variants variants;
    private final Segments segments;
    private final TcpCodec codec;

    public TcpModel(TcpParameters params) {
        this.params = params;
        this.variants = params.variants();
        this.segments = new Segments(params);
        this.codec = new TcpCodec(params, segments.count());
    }

    public TcpParameters parameters() {
        return params;
    }

    /**
     * The timer runs while something is unacknowledged, in TIME_WAIT, in an orphaned FIN_WAIT_2,
     * and for A's keepalive while its connection is idle.
     */
    private boolean armed(TcpState s, int e) {
        return s.armed(e) || (variants.finTimeout() > 0 && s.st[e] == FIN_WAIT_2)
                || (e == A && keepaliveIdle(s));
    }

    /** Keepalive runs in A's synchronized data states while nothing is unacknowledged. */
    private boolean keepaliveIdle(TcpState s) {
        return variants.keepalive().enabled() == 1 && (s.st[A] == ESTABLISHED || s.st[A] == CLOSE_WAIT)
                && s.una[A] == 0;
    }

    /**
     * Whether time passing would change nothing here: nothing in flight and no timer running, so
     * R0 has no Tick (6.7). A real clock runs on regardless; conform's --tick lets it.
     */
    boolean timeStandsStill(long[] state) {
        TcpState s = decode(state, 0);
        return s.size == 0 && !armed(s, A) && !armed(s, B);
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
        return TcpLabel.NAMES;
    }

    @Override
    public Successors newSuccessors() {
        return new Generator();
    }

    @Override
    public boolean isIntendedEnd(long[] state, int offset) {
        TcpState s = decode(state, offset);
        boolean lastIncarnation = s.inc[A] == params.incarnations() - 1 || s.passive == 1; // passive: A may not reopen
        return s.st[A] == CLOSED && lastIncarnation && s.st[B] == LISTEN && s.size == 0;
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

    /** docs/r0-semantics.md §5: incarnation 0 established on both sides, nothing in flight. */
    public TcpState initialState() {
        TcpState s = new TcpState(params.capacity());
        s.st[A] = ESTABLISHED;
        s.st[B] = ESTABLISHED;
        s.tsAge[A] = s.tsAge[B] = noTimestamp();
        if (variants.keepalive().enabled() == 1) s.tmr[A] = variants.keepalive().time(); // idle from the start
        return s;
    }

    private static final String[] FAILURE_NAMES = {"none", "crash", "reboot", "partition"};

    /** The value of ts_recent's age that means "no timestamp, or older than any segment". */
    private int noTimestamp() {
        return variants.timestamps() == 1 ? params.msl() + 1 : 0;
    }

    @Override
    public String describeAction(long[] state, int action) {
        TcpState s = decode(state, 0);
        String e = endpointOf(action) == A ? "A" : "B";
        TcpActionKind kind = kindOf(action);
        String args = switch (kind) {
            case CLOSE, SEND_DATA, TIMEOUT, ABORT -> e;
            case OPEN -> "A, isn=" + valueOf(action) + (s.st[A] == TIME_WAIT ? ", reusing TIME_WAIT" : "");
            case SYN_AT_LISTEN -> segments.describe(s.net[slotOf(action)]) + ", isn=" + valueOf(action);
            case DELIVER, LOSE, DUPLICATE -> segments.describe(s.net[slotOf(action)]);
            case FAIL -> "B: " + FAILURE_NAMES[variants.keepalive().peerFailure()];
            case TICK -> null;
        };
        String name = args == null ? kind.word() : kind.word() + "(" + args + ")";
        return (action & OVERFLOW) != 0 ? name + " [no TIME_WAIT: bucket overflow]" : name;
    }

    /**
     * The sort of an action, for labels of pictures: its kind, who acts and, for deliveries, losses
     * and duplicates, the kind of segment ("Deliver FIN to B", "Lose ACK", "Tick").
     */
    public String actionKind(long[] state, int action) {
        TcpActionKind kind = kindOf(action);
        String e = endpointOf(action) == A ? "A" : "B";
        return switch (kind) {
            case TICK -> kind.word();
            case FAIL -> kind.word() + " B";
            case DELIVER -> kind.word() + " " + Segments.kindName(valueOf(action)) + " to " + e;
            case LOSE, DUPLICATE -> kind.word() + " " + segmentKindAt(state, slotOf(action));
            case OPEN -> kind.word() + " A";
            default -> kind.word() + " " + e;
        };
    }

    /** The kind of the segment in slot {@code slot} of a state's network. */
    private String segmentKindAt(long[] state, int slot) {
        return segments.describe(decode(state, 0).net[slot]).split(" ", 2)[0];
    }

    /** The action {@code action} taken in {@code state}, with the segment it involves. */
    public TcpAction actionView(long[] state, int action) {
        TcpState s = decode(state, 0);
        String e = endpointOf(action) == A ? "A" : "B";
        TcpView view = TcpView.of(s, segments, params);
        return switch (kindOf(action)) {
            case ABORT -> new TcpAction(ABORT, e, null, null);
            case DUPLICATE -> new TcpAction(DUPLICATE, null, view.net().get(slotOf(action)), null);
            case FAIL -> new TcpAction(FAIL, "B", null, null);
            case CLOSE -> new TcpAction(CLOSE, e, null, null);
            case SEND_DATA -> new TcpAction(SEND_DATA, e, null, null);
            case OPEN -> new TcpAction(OPEN, "A", null, valueOf(action));
            case TIMEOUT -> new TcpAction(TIMEOUT, e, null, null);
            case SYN_AT_LISTEN -> new TcpAction(SYN_AT_LISTEN, e, view.net().get(slotOf(action)), valueOf(action));
            case DELIVER -> new TcpAction(DELIVER, e, view.net().get(slotOf(action)), null);
            case LOSE -> new TcpAction(LOSE, null, view.net().get(slotOf(action)), null);
            case TICK -> new TcpAction(TICK, null, null, null);
        };
    }

    @Override
    public TcpView view(long[] state) {
        return TcpView.of(decode(state, 0), segments, params);
    }

    /** Classes below this are (kind, endpoint) pairs; deliveries follow, by segment kind and receiver. */
    private static final int FIRST_DELIVERY_CLASS = TcpActionKind.values().length * 2;

    /**
     * The class of an action, for fairness: its kind and the endpoint that acts; a delivery's class
     * is the receiving endpoint and the kind of segment delivered, so that fairness can be about
     * "a FIN for A", not only "some segment for A". Tick, Lose and Duplicate have one class each.
     */
    public static int actionClass(int action) {
        if (kindOf(action) == DELIVER) return FIRST_DELIVERY_CLASS + valueOf(action) * 2 + endpointOf(action);
        return kindOf(action).ordinal() * 2 + endpointOf(action);
    }

    /** How many action classes there are: {@link #actionClass} is below this. */
    public static int actionClassCount() {
        return FIRST_DELIVERY_CLASS + Segments.KINDS * 2;
    }

    /** The class of delivering a segment of kind {@code segmentKind} to {@code receiver}. */
    public static int deliveryClass(int segmentKind, int receiver) {
        return FIRST_DELIVERY_CLASS + segmentKind * 2 + receiver;
    }

    /** The class of actions of {@code kind} by {@code endpoint} (Tick has one class, Fail is always B's). */
    public static int actionClassOf(TcpActionKind kind, int endpoint) {
        return actionClass(action(kind, kind == TICK ? 0 : kind == FAIL ? B : endpoint, 0, 0));
    }

    static int action(TcpActionKind kind, int endpoint, int slot, int value) {
        return kind.ordinal() | endpoint << 4 | slot << 5 | value << 9;
    }

    static TcpActionKind kindOf(int action) {
        return TcpActionKind.ofCode(action & 15);
    }

    static int endpointOf(int action) {
        return (action >>> 4) & 1;
    }

    static int slotOf(int action) {
        return (action >>> 5) & 15;
    }

    static int valueOf(int action) {
        return (action >>> 9) & 255;
    }

    /** Successor generation, §6. Holds scratch states, so one per thread. */
    /** A generator that keeps the state it last expanded decoded. */
    public interface Expanding extends Successors {
        /** The state whose successors were generated last (read it before the next call). */
        TcpState lastExpanded();
    }

    private final class Generator implements Expanding {
        private final int seqSpace = params.seqSpace();
        private final TcpState cur = new TcpState(params.capacity());
        private final TcpState next = new TcpState(params.capacity());
        private final TcpCodec.Packer curPacker = codec.packer(cur);
        private final TcpCodec.Packer nextPacker = codec.packer(next);
        private final long[] packed = new long[codec.words()];
        private final TcpParameters.Keepalive keepalive = variants.keepalive();
        private long labels;
        /** The endpoints (bit e for endpoint e) in which {@code next} may differ from {@code cur}. */
        private int dirty;

        @Override
        public TcpState lastExpanded() {
            return cur;
        }

        @Override
        public void initialStates(Sink sink) {
            codec.encode(initialState(), packed);
            sink.accept(0, packed, 0);
        }

        @Override
        public void successors(long[] state, int offset, Sink sink) {
            curPacker.decode(state, offset);
            dirty = 1 << A | 1 << B;
            boolean room = cur.size < params.capacity();
            for (int e = A; e <= B; e++) {
                if (e == B && crashed(cur)) break; // a crashed host does nothing
                int st = cur.st[e];
                boolean appClose = (st == ESTABLISHED && mayCloseFirst(e)) || st == CLOSE_WAIT;
                if (appClose && room) {
                    begin();
                    close(e);
                    emit(sink, action(CLOSE, e, 0, 0));
                }
                if (((st == CLOSE_WAIT && cur.dat[e] < variants.closeWaitData())
                        || (st == ESTABLISHED && cur.dat[e] < variants.establishedData())) && room) {
                    begin();
                    sendData(e);
                    emit(sink, action(SEND_DATA, e, 0, 0));
                }
                if (appClose && room && mayAbort(e)) {
                    begin();
                    abort(e);
                    emit(sink, action(ABORT, e, 0, 0));
                }
            }
            if (cur.inc[A] < params.incarnations() - 1 && room && cur.passive == 0
                    && (cur.st[A] == CLOSED || mayReuseTimeWait())) {
                if (variants.isn() == 1) {
                    int v = cur.st[A] == TIME_WAIT ? cur.snd[A] : cur.isnBase[A];
                    begin();
                    open(v);
                    emit(sink, action(OPEN, A, 0, v));
                } else {
                    for (int v = 0; v < seqSpace; v++) {
                        begin();
                        open(v);
                        emit(sink, action(OPEN, A, 0, v));
                    }
                }
            }
            if (keepalive.peerFailure() != TcpParameters.FAILURE_NONE && cur.failed == 0) {
                begin();
                fail();
                emit(sink, action(FAIL, B, 0, 0));
            }
            for (int e = A; e <= B; e++) {
                if (armed(cur, e) && cur.tmr[e] == 0 && (room || !timeoutSends(e))) {
                    begin();
                    timeout(e);
                    emit(sink, action(TIMEOUT, e, 0, 0));
                }
            }
            for (int slot = 0; slot < cur.size; slot++) {
                int x = cur.net[slot];
                if (variants.reorder() == 0 && !firstOfItsDirection(slot)) continue;
                int receiver = TcpState.peer(segments.src(x));
                if (receiver == B && crashed(cur)) {
                    begin();
                    next.removeSegment(slot); // a crashed host swallows everything
                    emit(sink, action(DELIVER, receiver, slot, segments.kind(x)));
                } else if (segments.kind(x) == SYN && cur.st[receiver] == LISTEN) {
                    int from = variants.isn() == 1 ? cur.isnBase[receiver] : 0;
                    int to = variants.isn() == 1 ? from : seqSpace - 1;
                    for (int v = from; v <= to; v++) {
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
                    emit(sink, action(DELIVER, receiver, slot, segments.kind(x)));
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
            if (cur.dups < variants.duplicates() && room) {
                for (int slot = 0; slot < cur.size; slot++) {
                    begin();
                    next.insertSegment(slot + 1, cur.net[slot]);
                    next.dups++;
                    emit(sink, action(DUPLICATE, 0, slot, 0));
                }
            }
            if (tickEnabled()) {
                begin();
                tick();
                emit(sink, action(TICK, 0, 0, 0));
            }
        }

        private boolean mayCloseFirst(int e) {
            int closer = variants.closer();
            return closer == TcpParameters.ROLE_EITHER || closer == (e == A ? TcpParameters.ROLE_A : TcpParameters.ROLE_B);
        }

        private boolean mayAbort(int e) {
            int abort = variants.abort();
            return abort == TcpParameters.ROLE_BOTH || abort == (e == A ? TcpParameters.ROLE_A : TcpParameters.ROLE_B);
        }

        /** tcp_tw_reuse: A may take the pair over from its own TIME_WAIT after a delay, timestamps seen. */
        private boolean mayReuseTimeWait() {
            return variants.twReuse() > 0 && variants.timestamps() == 1 && cur.st[A] == TIME_WAIT
                    && params.timeWait() - cur.tmr[A] >= variants.twReuse();
        }

        /** In a FIFO network only the oldest segment of each direction can be delivered. */
        private boolean firstOfItsDirection(int slot) {
            int src = segments.src(cur.net[slot]);
            for (int i = 0; i < slot; i++) {
                if (segments.src(cur.net[i]) == src) return false;
            }
            return true;
        }


        private boolean crashed(TcpState s) {
            return s.failed == 1 && keepalive.peerFailure() == TcpParameters.FAILURE_CRASH;
        }

        /** Whether E's due timeout sends a segment (and so needs room in the network). */
        private boolean timeoutSends(int e) {
            int st = cur.st[e];
            if (e == A && keepaliveIdle(cur)) {
                return cur.rtx[A] < keepalive.probes() || keepalive.giveUp() == TcpParameters.GIVE_UP_RST;
            }
            if (st == TIME_WAIT || st == FIN_WAIT_2) return false;
            return cur.rtx[e] < params.retries() || variants.persist() == 1;
        }

        /** B fails, once: it forgets everything (crash, reboot), or is cut off from A (partition). */
        private void fail() {
            labels |= TcpLabel.PEER_FAILED.bit();
            next.failed = 1;
            switch (keepalive.peerFailure()) {
                case TcpParameters.FAILURE_CRASH, TcpParameters.FAILURE_REBOOT -> reset(B);
                default -> {
                    next.cut = keepalive.partitionTicks() > 0 ? keepalive.partitionTicks() : 1;
                    next.size = 0; // everything in flight is lost with the link
                }
            }
        }

        /**
         * Makes {@code next} a copy of {@code cur}. An action changes at most the endpoints it
         * declares (see {@link #changedEndpoints}), so only those are copied back.
         */
        private void begin() {
            next.copyShared(cur);
            if ((dirty & 1 << A) != 0) next.copyEndpoint(cur, A);
            if ((dirty & 1 << B) != 0) next.copyEndpoint(cur, B);
            labels = 0;
        }

        private void emit(Sink sink, int action) {
            dirty = changedEndpoints(action);
            if (keepaliveIdle(next) && (!keepaliveIdle(cur)
                    || (kindOf(action) == DELIVER && endpointOf(action) == A))) {
                // keepalive measures idle time from the last segment received
                next.tmr[A] = keepalive.time();
                next.rtx[A] = 0;
                dirty |= 1 << A;
            }
            if (variants.isn() == 1 && next.isnBase[B] != 0 && !mayOpenAgain(next, B)) {
                next.isnBase[B] = 0; // A's action or the network took the last SYN B could accept
                dirty |= 1 << B;
            }
            for (int e = A; e <= B; e++) {
                if (next.st[e] == ESTABLISHED && cur.st[e] != ESTABLISHED && next.inc[e] > 0) {
                    labels |= TcpLabel.NEW_INCARNATION_ESTABLISHED.bit();
                }
            }
            canonicalize(next);
            nextPacker.encode(packed, dirty, curPacker);
            assert java.util.Arrays.equals(packed, encode(next)) : "an action changed an endpoint it does not own";
            sink.accept(action, packed, labels);
            if (variants.twOverflow() == 1) {
                // tcp_max_tw_buckets reached: the TIME_WAIT this action would create is not created.
                for (int e = A; e <= B; e++) {
                    if (next.st[e] == TIME_WAIT && cur.st[e] != TIME_WAIT) {
                        reset(e);
                        dirty |= 1 << e;
                        nextPacker.encode(packed, dirty, curPacker);
                        assert java.util.Arrays.equals(packed, encode(next));
                        sink.accept(action | OVERFLOW, packed, labels);
                        return;
                    }
                }
            }
        }

        /**
         * The endpoints (bit e for endpoint e) whose fields {@code action} may change: the one that
         * acts (the receiver of a delivery), both for a tick, none for a loss or duplication. The
         * encoding of the others is taken over from the current state's.
         */
        private int changedEndpoints(int action) {
            return switch (kindOf(action)) {
                case LOSE, DUPLICATE -> 0;
                case TICK -> 1 << A | 1 << B;
                default -> 1 << endpointOf(action);
            };
        }

        private void canonicalize(TcpState s) {
            if (variants.reorder() == 1) {
                s.canonicalize();
            } else {
                s.canonicalizeFifo(segments.code(B, 0, 0, 0, 0, 0));
            }
        }

        /** reset(E), keeping what the variants carry over to the next incarnation. */
        private void reset(int e) {
            int snd = next.snd[e];
            if (e == A && variants.passiveReopen() == 0 && (next.st[A] == CLOSE_WAIT || next.st[A] == LAST_ACK)) {
                next.passive = 1; // A closed passively: it does not reuse the pair (passiveReopen = 0)
            }
            next.reset(e);
            if (variants.isn() == 1) next.isnBase[e] = mayOpenAgain(next, e) ? snd : 0;
            next.tsAge[e] = noTimestamp();
        }

        /**
         * Variant isn = clock, normal form: isnBase[E] is read only by E's next opening from its
         * closed state (A's Open from CLOSED, B's SynAtListen in LISTEN), and every return to that
         * state, reset(E), writes it afresh; so it is 0 outside the closed state (open, synAtListen)
         * and 0 when E can open no further incarnation: A when inc = INC-1 or passive (inc never
         * decreases, passive is never cleared); B when crashed, or when no SYN is in flight and
         * A can send none (A is not in SYN_SENT and cannot open again): only A sends SYNs.
         */
        private boolean mayOpenAgain(TcpState s, int e) {
            boolean aMayOpen = s.inc[A] < params.incarnations() - 1 && s.passive == 0;
            if (e == A) return aMayOpen;
            if (crashed(s)) return false;
            if (aMayOpen || s.st[A] == SYN_SENT) return true;
            for (int i = 0; i < s.size; i++) {
                if (segments.kind(s.net[i]) == SYN) return true;
            }
            return false;
        }

        private int mod(int v) {
            return Math.floorMod(v, seqSpace);
        }

        private void send(int e, int kind, int seq, int ack) {
            if (next.cut > 0) return; // partitioned: the segment is lost at once
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
            if (segments.tag(x) != next.inc[e]) {
                labels |= TcpLabel.STALE_ACCEPT.bit();
                if (segments.kind(x) == DATA && e == A) labels |= TcpLabel.OLD_SERVER_DATA_ACCEPTED.bit();
            }
        }

        private void noteArrival(int receiver, int x) {
            if (segments.tag(x) < cur.inc[receiver]) labels |= TcpLabel.OLD_SEGMENT_ARRIVES.bit();
        }

        /** 6.1 */
        private void close(int e) {
            send(e, FIN, next.snd[e], next.rcv[e]);
            next.snd[e] = mod(next.snd[e] + 1);
            if (next.una[e] == 0) { // else the timer keeps running for the data sent before
                next.tmr[e] = params.rto();
                next.rtx[e] = 0;
            }
            next.st[e] = next.st[e] == ESTABLISHED ? FIN_WAIT_1 : LAST_ACK;
            next.una[e]++;
            next.dat[e] = 0;
        }

        /** 6.2 */
        private void sendData(int e) {
            send(e, DATA, next.snd[e], next.rcv[e]);
            next.snd[e] = mod(next.snd[e] + 1);
            next.dat[e]++;
            if (next.una[e] == 0) { // the timer runs from the oldest unacknowledged segment
                next.tmr[e] = params.rto();
                next.rtx[e] = 0;
            }
            next.una[e]++;
        }

        /** SO_LINGER {1, 0}: the application's close sends RST and forgets the connection at once. */
        private void abort(int e) {
            send(e, RSTACK, next.snd[e], next.rcv[e]);
            reset(e);
        }

        /** 6.3: A reuses the address pair with a free initial sequence number v. */
        private void open(int v) {
            if (next.st[A] != TIME_WAIT) next.tsAge[A] = noTimestamp(); // reuse inherits ts_recent
            next.st[A] = SYN_SENT;
            next.snd[A] = mod(v + 1);
            next.rcv[A] = 0;
            next.una[A] = 1;
            next.tmr[A] = params.rto();
            next.rtx[A] = 0;
            next.dat[A] = 0;
            next.isnBase[A] = 0; // read only in CLOSED (see mayOpenAgain)
            next.inc[A]++;
            send(A, SYN, v, 0);
        }

        /** 6.4 */
        private void timeout(int e) {
            int st = next.st[e];
            if (e == A && keepaliveIdle(next)) {
                if (next.rtx[A] < keepalive.probes()) {
                    // the probe: one garbage octet below snd_nxt (RFC 9293 MAY-6), which R0's rule 5
                    // answers with an ACK; R0 never answers an out-of-window pure ACK
                    send(A, DATA, next.snd[A] - 1, next.rcv[A]);
                    next.rtx[A]++;
                    next.tmr[A] = keepalive.interval();
                } else {
                    labels |= TcpLabel.KEEPALIVE_TIMEOUT.bit();
                    if (next.failed == 0) labels |= TcpLabel.FALSE_ALARM.bit();
                    // declared dead; Linux says so to the peer with a RST+ACK (tcp_send_active_reset)
                    if (keepalive.giveUp() == TcpParameters.GIVE_UP_RST) send(A, RSTACK, next.snd[A], next.rcv[A]);
                    reset(A);
                }
                return;
            }
            if (st == TIME_WAIT || st == FIN_WAIT_2) {
                reset(e); // TIME_WAIT over, or the orphaned FIN_WAIT_2 given up (tcp_fin_timeout)
            } else if (next.rtx[e] < params.retries() || variants.persist() == 1) {
                if (next.rtx[e] < params.retries()) next.rtx[e]++;
                next.tmr[e] = params.rto();
                int q = next.snd[e] - next.una[e];
                if (st == SYN_SENT) {
                    send(e, SYN, q, 0);
                } else if (st == SYN_RCVD) {
                    send(e, SYNACK, q, next.rcv[e]);
                } else if (st == ESTABLISHED || st == CLOSE_WAIT || next.una[e] >= 2) {
                    // the oldest unacknowledged unit is data: no FIN sent yet, or data before the FIN
                    send(e, DATA, q, next.rcv[e]);
                } else {
                    send(e, FIN, q, next.rcv[e]);
                }
            } else {
                if (e == B && st == LAST_ACK) labels |= TcpLabel.LAST_ACK_UNCLEAN_EXIT.bit();
                reset(e);
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
            next.isnBase[e] = 0; // read only in LISTEN (see mayOpenAgain)
            next.inc[e] = segments.tag(x);
            next.tsAge[e] = Math.min(next.tsAge[e], segments.age(x));
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
                labels |= TcpLabel.NEW_CONNECTION_REFUSED.bit();
                reset(e);
            } else if (kind == SYNACK) {
                checkFresh(e, x);
                if (variants.timestamps() == 1) next.tsAge[e] = segments.age(x);
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
            if (variants.timestamps() == 1 && kind != RST && kind != RSTACK && segments.age(x) > next.tsAge[e]) {
                sendAck(e); // PAWS: older than the last timestamp seen; acknowledged and dropped
                return;
            }
            if (st == TIME_WAIT && variants.timeWaitRestart() == TcpParameters.RESTART_ON_ANY
                    && kind != RST && kind != RSTACK && kind != SYN) {
                next.tmr[e] = params.timeWait(); // Linux/BSD: segments with ACK restart TIME_WAIT
            }
            if (kind == RST || kind == RSTACK) {
                if (st == TIME_WAIT && variants.rstInTimeWait() == 1) return; // RFC 1337 F1
                if (seq == next.rcv[e]) {
                    if (e == B && st == LAST_ACK) labels |= TcpLabel.LAST_ACK_UNCLEAN_EXIT.bit();
                    reset(e);
                }
                return;
            }
            if (kind == SYN) {
                if (st == LAST_ACK && variants.synInLastAck() == 0) {
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
                if (mod(seq + 1) == next.rcv[e] && variants.timeWaitRestart() == TcpParameters.RESTART_ON_FIN) {
                    next.tmr[e] = params.timeWait();
                }
                return;
            }
            if (seq != next.rcv[e]) {
                if (kind == DATA || kind == FIN) sendAck(e);
                return; // an out-of-window ACK is dropped silently
            }
            if (variants.timestamps() == 1) next.tsAge[e] = segments.age(x); // ts_recent := TSval
            if (!processAck(e, x, st)) return;
            st = next.st[e];
            if ((kind == DATA || kind == FIN) && (st == ESTABLISHED || st == FIN_WAIT_1 || st == FIN_WAIT_2)) {
                checkFresh(e, x);
                next.rcv[e] = mod(next.rcv[e] + 1);
                if (kind == FIN) {
                    if (st == ESTABLISHED) {
                        next.st[e] = CLOSE_WAIT;
                        next.dat[e] = 0; // what it may send in CLOSE_WAIT is counted afresh
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
                    if (st == FIN_WAIT_1 && variants.finWait2() == TcpParameters.FIN_WAIT_2_RST) {
                        // TCP_LINGER2 < 0: the orphan is destroyed instead of entering FIN_WAIT_2, and the
                        // segment that acknowledged its FIN (a FIN with it unread) meets a RST
                        rstFor(e, x);
                        reset(e);
                        return false;
                    } else if (st == FIN_WAIT_1) {
                        next.st[e] = FIN_WAIT_2;
                        next.tmr[e] = variants.finTimeout();
                    } else if (st == CLOSING) {
                        next.st[e] = TIME_WAIT;
                        next.tmr[e] = params.timeWait();
                    } else if (st == LAST_ACK) {
                        if (e == B) labels |= TcpLabel.LAST_ACK_ACKED.bit();
                        reset(e);
                        return false;
                    }
                }
            }
            return true;
        }

        /** 6.7 */
        private boolean tickEnabled() {
            if (cur.size == 0 && !armed(cur, A) && !armed(cur, B)) return false;
            for (int e = A; e <= B; e++) {
                if (armed(cur, e) && cur.tmr[e] == 0) return false;
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
            if (next.cut > 0 && keepalive.partitionTicks() > 0) next.cut--; // the partition heals
            for (int e = A; e <= B; e++) {
                if (armed(next, e)) next.tmr[e]--;
                if (next.tsAge[e] < noTimestamp()) next.tsAge[e]++;
            }
        }
    }
}
