package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static twcheck.tcp.Segments.FIN;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of R0 ({@code docs/r0-semantics.md}; § numbers below are its sections), transition by
 * transition: from a state, an action (picked by its name among the generated successors) gives a
 * state with labels, and the whole successor (both endpoints, the network, the loss counter and
 * the labels) is compared with what the document prescribes.
 *
 * <p>States are written in the notation of {@link TcpStates}: the text the model's state view
 * prints, e.g. {@code A: FIN_WAIT_1 snd=3 rcv=4 una=1 tmr=3 inc=1 | B: ESTABLISHED snd=4 rcv=2
 * inc=1 | net: {FIN A->B seq=2 ack=4 inc=1}}, every field left out being 0. Under {@link #CONFIG}
 * a timer just started reads {@code tmr=3} (RTO) or, in TIME_WAIT, {@code tmr=4} (TW); a
 * segment's {@code inc} is its incarnation tag. The receive rules (§6.5) are tables of
 * {@link Arrival} rows: the state before, the segment that arrives, the receiver after, its reply
 * and the labels.
 */
class TcpRulesTest extends TcpModelFixture {

    /** SEQ=5, INC=3, CAP=3, LOSS=1, MSL=2, RTO=3, R=2, TW=4, EXPIRE=0: every constant distinct. */
    static final String CONFIG = "5/3/3/1/2/3/2/4";
    static final int SEQ = 5, INC = 3, CAP = 3, MSL = 2, RTO = 3, R = 2, TW = 4;

    static final long NONE = 0;
    static final long P1 = TcpLabel.STALE_ACCEPT.bit();
    static final long P2 = TcpLabel.LAST_ACK_UNCLEAN_EXIT.bit();
    static final long NEW_INC = TcpLabel.NEW_INCARNATION_ESTABLISHED.bit();
    static final long OLD = TcpLabel.OLD_SEGMENT_ARRIVES.bit();
    static final long ACKED = TcpLabel.LAST_ACK_ACKED.bit();
    /** The labels these tests specify; any further label bits the model may define are not checked. */
    static final long CHECKED = P1 | P2 | NEW_INC | OLD | ACKED;

    static final int[] ALL_STATES = {
        CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT,
        CLOSE_WAIT, LAST_ACK
    };
    static final int[] SYNCHRONIZED = {
        SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT, CLOSE_WAIT, LAST_ACK
    };

    {
        use(CONFIG);
    }

    void use(String config) {
        use(TcpParameters.parseConfig(config));
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    /**
     * An endpoint in state st, in normal form (docs/r0-semantics.md §8.1): snd=2, rcv=3, a running
     * timer at 2; CLOSED and LISTEN all zero. E.g. {@code FIN_WAIT_1 snd=2 rcv=3 una=1 tmr=2 inc=1}.
     */
    static String normal(int st, int inc) {
        String name = TcpState.stateName(st);
        if (st == CLOSED || st == LISTEN) return name + " inc=" + inc;
        boolean una = st == SYN_SENT || st == SYN_RCVD || st == FIN_WAIT_1 || st == CLOSING || st == LAST_ACK;
        return name + " snd=2 rcv=3" + (una ? " una=1" : "") + (una || st == TIME_WAIT ? " tmr=2" : "") + " inc=" + inc;
    }

    /** The direction of a segment sent by e. */
    static String from(int e) {
        return e == A ? "A->B" : "B->A";
    }

    static String labelNames(long labels) {
        List<String> out = new ArrayList<>();
        for (TcpLabel label : TcpLabel.values()) {
            if ((labels & label.bit()) != 0) out.add(label.name());
        }
        return out.toString();
    }

    /** The successor equals want (network compared in canonical order) and carries exactly labels. */
    void assertSucc(TcpState want, long labels, Succ got) {
        assertSucc(want, labels, NONE, got);
    }

    /** As {@link #assertSucc(TcpState, long, Succ)}, but the labels in {@code unspecified} are not checked. */
    void assertSucc(TcpState want, long labels, long unspecified, Succ got) {
        assertSucc("", want, labels, unspecified, got);
    }

    void assertSucc(String rule, TcpState want, long labels, long unspecified, Succ got) {
        TcpState w = copy(want);
        Arrays.sort(w.net, 0, w.size);
        String name = rule + got.name();
        assertEquals(text(w), text(got.next()), name);
        assertArrayEquals(m.encode(w), got.packed(), name + ": packed form");
        long checked = CHECKED & ~unspecified;
        assertEquals(labelNames(labels & checked), labelNames(got.labels() & checked), name + ": labels");
    }

    /** From {@code before}, {@code action} gives {@code after}, with exactly {@code labels}. */
    void assertStep(String before, String action, String after, long labels) {
        assertSucc(state(after), labels, step(state(before), action));
    }

    boolean intendedEnd(String state) {
        return m.isIntendedEnd(m.encode(state(state)), 0);
    }

    /** The after column of an arrival that leaves the receiver as it was. */
    static final String UNCHANGED = null;
    /** The reply column of an arrival that sends nothing. */
    static final String NO_REPLY = null;

    /**
     * One rule of segment arrival (§6.5): from {@code before} with {@code segment} also in flight,
     * delivering it (or, when {@code isn} is set, SynAtListen with that isn) leaves the receiver
     * as {@code after} ({@link #UNCHANGED}: as before), removes the segment, sends {@code reply}
     * ({@link #NO_REPLY}: nothing) and changes nothing else; the transition carries exactly
     * {@code labels} of the checked ones, those in {@code unspecified} aside.
     */
    record Arrival(String rule, String before, String segment, Integer isn, String after, String reply, long labels,
            long unspecified) {
        @Override
        public String toString() {
            return rule;
        }

        Arrival leavingUnspecified(long label) {
            return new Arrival(rule, before, segment, isn, after, reply, labels, unspecified | label);
        }
    }

    static Arrival row(String rule, String before, String segment, String after, String reply, long labels) {
        return new Arrival(rule, before, segment, null, after, reply, labels, NONE);
    }

    static Arrival synAtListenRow(String rule, String before, String segment, int isn, String after, String reply,
            long labels) {
        return new Arrival(rule, before, segment, isn, after, reply, labels, NONE);
    }

    void assertArrival(Arrival r) {
        TcpState s = state(r.before());
        int x = seg(r.segment());
        with(s, x);
        TcpState want = copy(s);
        if (r.after() != null) {
            int e = TcpStates.setEndpoint(want, r.after(), params);
            assertEquals(TcpState.peer(sg.src(x)), e, r.rule() + ": the after column is the receiver's");
        }
        setNet(want, r.reply() == null ? netWithout(s, x) : netWithout(s, x, seg(r.reply())));
        String action = r.isn() == null ? deliver(x) : synAtListen(x, r.isn());
        assertSucc(r.rule() + ": ", want, r.labels(), r.unspecified(), step(s, action));
    }

    // ------------------------------------------------------------------------------------------
    // Sections 3-5: initial state, FINAL, segment codes, normal behaviour of the initial state
    // ------------------------------------------------------------------------------------------

    @Nested
    class InitialAndFinal {
        @Test
        void initialStateIsIncarnationZeroEstablishedOnBothSides() {
            TcpState want = state("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: ESTABLISHED snd=0 rcv=0 inc=0");
            assertEquals(show(want), show(m.initialState()));
        }

        @Test
        void initialStateEnablesOnlyTheTwoCloses() {
            // Nothing is timed (no Tick), nothing in flight (no Deliver/Lose), no CLOSE_WAIT, A not CLOSED.
            assertEquals(List.of("Close(A)", "Close(B)"), names(m.initialState()));
        }

        @Test
        void finalRequiresAClosedInLastIncarnationBListeningAndEmptyNetwork() {
            String last = "A: CLOSED inc=2 | B: LISTEN inc=1";
            assertTrue(intendedEnd(last));
            assertEquals(List.of(), names(state(last)), "FINAL state has no enabled action");
            assertFalse(intendedEnd("A: CLOSED inc=1 | B: LISTEN inc=1"), "A not in the last incarnation");
            assertFalse(intendedEnd("A: CLOSED inc=2 | B: LISTEN inc=1 | net: {ACK B->A seq=0 ack=0 inc=1}"),
                    "network not empty");
            assertFalse(intendedEnd("A: CLOSED inc=2 | B: LAST_ACK snd=2 rcv=3 una=1 tmr=2 inc=2"), "B not in LISTEN");
            assertFalse(intendedEnd("A: TIME_WAIT snd=2 rcv=3 tmr=2 inc=2 | B: LISTEN inc=1"), "A not CLOSED");
        }

        @Test
        void finWait2AfterThePeerResetIsADeadlock() {
            // §11 of docs/r0-semantics.md: A left in FIN_WAIT_2 after B reset/gave up; no FIN_WAIT_2 timer in R0.
            String s = "A: FIN_WAIT_2 snd=1 rcv=0 inc=0 | B: LISTEN inc=0";
            assertEquals(List.of(), names(state(s)));
            assertFalse(intendedEnd(s));
        }

        @Test
        void segmentCodeIsTheMixedRadixOfSection3() {
            int code = seg("FIN B->A seq=2 ack=3 inc=1 age=2");
            assertEquals(((((1 * 7 + FIN) * SEQ + 2) * SEQ + 3) * INC + 1) * (MSL + 1) + 2, code);
            assertEquals(B, sg.src(code));
            assertEquals(FIN, sg.kind(code));
            assertEquals(2, sg.seq(code));
            assertEquals(3, sg.ack(code));
            assertEquals(1, sg.tag(code));
            assertEquals(2, sg.age(code));
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.1 Close(E)
    // ------------------------------------------------------------------------------------------

    @Nested
    class Close {
        @Test
        void fromEstablishedSendsFinAndEntersFinWait1() {
            assertStep("A: ESTABLISHED snd=2 rcv=4 inc=1 | B: ESTABLISHED snd=4 rcv=2 inc=1",
                    close(A),
                    "A: FIN_WAIT_1 snd=3 rcv=4 una=1 tmr=3 inc=1 | B: ESTABLISHED snd=4 rcv=2 inc=1"
                            + " | net: {FIN A->B seq=2 ack=4 inc=1}",
                    NONE);
        }

        @Test
        void fromEstablishedWrapsSndModuloSeq() {
            assertStep("A: ESTABLISHED snd=0 rcv=4 inc=0 | B: ESTABLISHED snd=4 rcv=0 inc=0"
                            + " | net: {ACK A->B seq=0 ack=4 inc=0 age=1}",
                    close(B),
                    "A: ESTABLISHED snd=0 rcv=4 inc=0 | B: FIN_WAIT_1 snd=0 rcv=0 una=1 tmr=3 inc=0"
                            + " | net: {ACK A->B seq=0 ack=4 inc=0 age=1, FIN B->A seq=4 ack=0 inc=0}",
                    NONE);
        }

        @Test
        void fromCloseWaitWithUnaZeroStartsTheTimer() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=0 inc=0 | B: CLOSE_WAIT snd=0 rcv=1 inc=0",
                    close(B),
                    "A: FIN_WAIT_2 snd=1 rcv=0 inc=0 | B: LAST_ACK snd=1 rcv=1 una=1 tmr=3 inc=0"
                            + " | net: {FIN B->A seq=0 ack=1 inc=0}",
                    NONE);
        }

        @Test
        void fromCloseWaitAfterAcknowledgedDataClearsDat() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: CLOSE_WAIT snd=1 rcv=1 dat=1 inc=0",
                    close(B),
                    "A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: LAST_ACK snd=2 rcv=1 una=1 tmr=3 inc=0"
                            + " | net: {FIN B->A seq=1 ack=1 inc=0}",
                    NONE);
        }

        @Test
        void fromCloseWaitWithUnaOneKeepsTheRunningTimerOfTheData() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=0 inc=0 | B: CLOSE_WAIT snd=1 rcv=1 una=1 tmr=1 rtx=1 dat=1 inc=0"
                            + " | net: {DATA B->A seq=0 ack=1 inc=0 age=1}",
                    close(B),
                    "A: FIN_WAIT_2 snd=1 rcv=0 inc=0 | B: LAST_ACK snd=2 rcv=1 una=2 tmr=1 rtx=1 inc=0"
                            + " | net: {DATA B->A seq=0 ack=1 inc=0 age=1, FIN B->A seq=1 ack=1 inc=0}",
                    NONE);
        }

        @Test
        void enabledOnlyInEstablishedAndCloseWait() {
            for (int st : ALL_STATES) {
                boolean expected = st == ESTABLISHED || st == CLOSE_WAIT;
                TcpState s = state("A: " + normal(st, 0) + " | B: " + normal(LISTEN, 0));
                assertEquals(expected, names(s).contains(close(A)), "Close(A) in " + TcpState.stateName(st));
                TcpState t = state("A: " + normal(FIN_WAIT_2, 0) + " | B: " + normal(st, 0));
                assertEquals(expected, names(t).contains(close(B)), "Close(B) in " + TcpState.stateName(st));
            }
        }

        @Test
        void needsRoom() {
            TcpState s = state("A: ESTABLISHED snd=1 rcv=1 inc=0 | B: CLOSE_WAIT snd=1 rcv=1 inc=0"
                    + " | net: {ACK A->B seq=1 ack=1 inc=0, ACK B->A seq=1 ack=1 inc=0}");
            assertTrue(names(s).containsAll(List.of(close(A), close(B), sendData(B))));
            TcpState full = state("A: ESTABLISHED snd=1 rcv=1 inc=0 | B: CLOSE_WAIT snd=1 rcv=1 inc=0"
                    + " | net: {ACK A->B seq=1 ack=1 inc=0, ACK A->B seq=1 ack=1 inc=0 age=1,"
                    + " ACK B->A seq=1 ack=1 inc=0}"); // |net| = CAP
            List<String> n = names(full);
            assertFalse(n.contains(close(A)), "Close(A) with a full network");
            assertFalse(n.contains(close(B)), "Close(B) with a full network");
            assertFalse(n.contains(sendData(B)), "SendData(B) with a full network");
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.2 SendData(E)
    // ------------------------------------------------------------------------------------------

    @Nested
    class SendData {
        @Test
        void inCloseWaitSendsTheOneDataSegmentAndStartsTheTimer() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=3 inc=1 | B: CLOSE_WAIT snd=3 rcv=1 inc=1",
                    sendData(B),
                    "A: FIN_WAIT_2 snd=1 rcv=3 inc=1 | B: CLOSE_WAIT snd=4 rcv=1 una=1 tmr=3 dat=1 inc=1"
                            + " | net: {DATA B->A seq=3 ack=1 inc=1}",
                    NONE);
        }

        @Test
        void wrapsSndModuloSeq() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=4 inc=0 | B: CLOSE_WAIT snd=4 rcv=1 inc=0",
                    sendData(B),
                    "A: FIN_WAIT_2 snd=1 rcv=4 inc=0 | B: CLOSE_WAIT snd=0 rcv=1 una=1 tmr=3 dat=1 inc=0"
                            + " | net: {DATA B->A seq=4 ack=1 inc=0}",
                    NONE);
        }

        @Test
        void onlyOncePerCloseWait() {
            TcpState acked = state("A: FIN_WAIT_2 snd=1 rcv=4 inc=0 | B: CLOSE_WAIT snd=4 rcv=1 dat=1 inc=0");
            assertFalse(names(acked).contains(sendData(B)), "dat=1, data acknowledged");
            assertTrue(names(acked).contains(close(B)));

            TcpState outstanding = state("A: FIN_WAIT_2 snd=1 rcv=3 inc=0"
                    + " | B: CLOSE_WAIT snd=4 rcv=1 una=1 tmr=2 dat=1 inc=0");
            assertFalse(names(outstanding).contains(sendData(B)), "dat=1, data outstanding");
            assertTrue(names(outstanding).contains(close(B)));
        }

        @Test
        void onlyInCloseWait() {
            for (int st : ALL_STATES) {
                if (st == CLOSE_WAIT) continue;
                TcpState s = state("A: " + normal(st, 0) + " | B: " + normal(st == CLOSED ? LISTEN : st, 0));
                List<String> n = names(s);
                assertFalse(n.contains(sendData(A)) || n.contains(sendData(B)), TcpState.stateName(st));
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.3 Open(v)
    // ------------------------------------------------------------------------------------------

    @Nested
    class Open {
        @Test
        void oneActionPerIsnEachOpeningTheNextIncarnation() {
            TcpState s = state("A: CLOSED inc=0 | B: LISTEN inc=0");
            List<Succ> succs = successors(s);
            List<String> opens = names(succs).stream().filter(n -> n.startsWith("Open(")).collect(Collectors.toList());
            List<String> expected = new ArrayList<>();
            for (int v = 0; v < SEQ; v++) expected.add(open(v));
            assertEquals(expected, opens);
            for (int v = 0; v < SEQ; v++) {
                TcpState want = state("A: SYN_SENT snd=" + (v + 1) % SEQ + " rcv=0 una=1 tmr=3 inc=1 | B: LISTEN inc=0"
                        + " | net: {SYN A->B seq=" + v + " ack=0 inc=1}");
                assertSucc(want, NONE, pick(succs, open(v)));
            }
        }

        @Test
        void fromIncarnationOneOpensIncarnationTwoAndTagsTheSynWithIt() {
            assertStep("A: CLOSED inc=1 | B: LISTEN inc=1 | net: {ACK B->A seq=2 ack=2 inc=1 age=1}",
                    open(3),
                    "A: SYN_SENT snd=4 rcv=0 una=1 tmr=3 inc=2 | B: LISTEN inc=1"
                            + " | net: {SYN A->B seq=3 ack=0 inc=2, ACK B->A seq=2 ack=2 inc=1 age=1}",
                    NONE);
        }

        @Test
        void notFromTheLastIncarnation() {
            TcpState s = state("A: CLOSED inc=2 | B: LISTEN inc=0 | net: {ACK B->A seq=0 ack=0 inc=0}");
            assertTrue(names(s).stream().noneMatch(n -> n.startsWith("Open(")));
        }

        @Test
        void needsRoom() {
            TcpState s = state("A: CLOSED inc=0 | B: LISTEN inc=0"
                    + " | net: {ACK B->A seq=0 ack=0 inc=0, ACK B->A seq=1 ack=0 inc=0}");
            assertTrue(names(s).contains(open(0)));
            TcpState full = state("A: CLOSED inc=0 | B: LISTEN inc=0"
                    + " | net: {ACK B->A seq=0 ack=0 inc=0, ACK B->A seq=1 ack=0 inc=0, ACK B->A seq=2 ack=0 inc=0}");
            assertTrue(names(full).stream().noneMatch(n -> n.startsWith("Open(")), "full network");
        }

        @Test
        void onlyWhenAIsClosed() {
            for (int st : ALL_STATES) {
                if (st == CLOSED) continue;
                TcpState s = state("A: " + normal(st, 0) + " | B: " + normal(LISTEN, 0));
                assertTrue(names(s).stream().noneMatch(n -> n.startsWith("Open(")), TcpState.stateName(st));
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.4 Timeout(E)
    // ------------------------------------------------------------------------------------------

    @Nested
    class Timeout {
        @Test
        void synSentRetransmitsTheSyn() {
            assertStep("A: SYN_SENT snd=3 rcv=0 una=1 inc=1 | B: LISTEN inc=0",
                    timeout(A),
                    "A: SYN_SENT snd=3 rcv=0 una=1 tmr=3 rtx=1 inc=1 | B: LISTEN inc=0"
                            + " | net: {SYN A->B seq=2 ack=0 inc=1}",
                    NONE);
        }

        @Test
        void synRcvdRetransmitsTheSynAck() {
            assertStep("A: SYN_SENT snd=2 rcv=0 una=1 tmr=1 inc=1 | B: SYN_RCVD snd=1 rcv=2 una=1 rtx=1 inc=1",
                    timeout(B),
                    "A: SYN_SENT snd=2 rcv=0 una=1 tmr=1 inc=1 | B: SYN_RCVD snd=1 rcv=2 una=1 tmr=3 rtx=2 inc=1"
                            + " | net: {SYNACK B->A seq=0 ack=2 inc=1}",
                    NONE);
        }

        @Test
        void closeWaitRetransmitsTheData() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: CLOSE_WAIT snd=2 rcv=1 una=1 dat=1 inc=0",
                    timeout(B),
                    "A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: CLOSE_WAIT snd=2 rcv=1 una=1 tmr=3 rtx=1 dat=1 inc=0"
                            + " | net: {DATA B->A seq=1 ack=1 inc=0}",
                    NONE);
        }

        @Test
        void lastAckWithUnaTwoRetransmitsTheData() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: LAST_ACK snd=3 rcv=1 una=2 rtx=1 inc=0",
                    timeout(B),
                    "A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: LAST_ACK snd=3 rcv=1 una=2 tmr=3 rtx=2 inc=0"
                            + " | net: {DATA B->A seq=1 ack=1 inc=0}",
                    NONE);
        }

        @Test
        void lastAckWithUnaOneRetransmitsTheFin() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: LAST_ACK snd=3 rcv=1 una=1 inc=0",
                    timeout(B),
                    "A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: LAST_ACK snd=3 rcv=1 una=1 tmr=3 rtx=1 inc=0"
                            + " | net: {FIN B->A seq=2 ack=1 inc=0}",
                    NONE);
        }

        @Test
        void finWait1RetransmitsTheFinWithWrapAround() {
            assertStep("A: FIN_WAIT_1 snd=0 rcv=2 una=1 inc=0 | B: ESTABLISHED snd=2 rcv=0 inc=0",
                    timeout(A),
                    "A: FIN_WAIT_1 snd=0 rcv=2 una=1 tmr=3 rtx=1 inc=0 | B: ESTABLISHED snd=2 rcv=0 inc=0"
                            + " | net: {FIN A->B seq=4 ack=2 inc=0}",
                    NONE);
        }

        @Test
        void closingRetransmitsTheFin() {
            assertStep("A: CLOSING snd=2 rcv=3 una=1 rtx=1 inc=0 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=2 inc=0",
                    timeout(A),
                    "A: CLOSING snd=2 rcv=3 una=1 tmr=3 rtx=2 inc=0 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=2 inc=0"
                            + " | net: {FIN A->B seq=1 ack=3 inc=0}",
                    NONE);
        }

        @Test
        void notBeforeTheTimerIsDue() {
            TcpState s = state("A: FIN_WAIT_1 snd=1 rcv=0 una=1 tmr=1 inc=0 | B: TIME_WAIT snd=0 rcv=1 tmr=1 inc=0");
            List<String> n = names(s);
            assertFalse(n.contains(timeout(A)));
            assertFalse(n.contains(timeout(B)));
        }

        @Test
        void notWhenTheTimerIsNotArmed() {
            for (int st : new int[] {ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT}) {
                TcpState s = state("A: " + normal(st, 0) + " | B: " + normal(st, 0));
                List<String> n = names(s);
                assertFalse(n.contains(timeout(A)) || n.contains(timeout(B)), TcpState.stateName(st));
            }
        }

        @Test
        void retransmissionNeedsRoomButGivingUpAndTimeWaitExpiryDoNot() {
            String full = " | net: {ACK B->A seq=0 ack=0 inc=0, ACK B->A seq=0 ack=0 inc=0 age=1,"
                    + " ACK B->A seq=0 ack=0 inc=0 age=2}";
            TcpState s = state("A: FIN_WAIT_1 snd=1 rcv=0 una=1 inc=0 | B: FIN_WAIT_2 snd=0 rcv=0 inc=0" + full);
            assertFalse(names(s).contains(timeout(A)), "rtx < R and no room");

            assertStep("A: FIN_WAIT_1 snd=1 rcv=0 una=1 rtx=2 inc=0 | B: FIN_WAIT_2 snd=0 rcv=0 inc=0" + full,
                    timeout(A),
                    "A: CLOSED inc=0 | B: FIN_WAIT_2 snd=0 rcv=0 inc=0" + full,
                    NONE);

            assertStep("A: TIME_WAIT snd=1 rcv=0 inc=0 | B: LISTEN inc=0" + full,
                    timeout(A),
                    "A: CLOSED inc=0 | B: LISTEN inc=0" + full,
                    NONE);
        }

        @Test
        void giveUpInLastAckByBIsAP2EventAndSendsNothing() {
            assertStep("A: CLOSED inc=1 | B: LAST_ACK snd=2 rcv=3 una=1 rtx=2 inc=1 | net: {ACK A->B seq=3 ack=2 inc=1}",
                    timeout(B),
                    "A: CLOSED inc=1 | B: LISTEN inc=1 | net: {ACK A->B seq=3 ack=2 inc=1}",
                    P2);
        }

        @Test
        void giveUpInLastAckWithUnaTwoIsAP2Event() {
            assertStep("A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: LAST_ACK snd=3 rcv=1 una=2 rtx=2 inc=0",
                    timeout(B),
                    "A: FIN_WAIT_2 snd=1 rcv=1 inc=0 | B: LISTEN inc=0",
                    P2);
        }

        @Test
        void giveUpElsewhereIsNoP2Event() {
            // A in LAST_ACK (A closed passively): not B.
            assertStep("A: LAST_ACK snd=2 rcv=1 una=1 rtx=2 inc=1 | B: FIN_WAIT_2 snd=1 rcv=2 inc=1",
                    timeout(A),
                    "A: CLOSED inc=1 | B: FIN_WAIT_2 snd=1 rcv=2 inc=1",
                    NONE);

            // B in other armed states.
            for (String b : List.of("SYN_RCVD snd=2 rcv=3 una=1 rtx=2 inc=1", "FIN_WAIT_1 snd=2 rcv=3 una=1 rtx=2 inc=1",
                    "CLOSING snd=2 rcv=3 una=1 rtx=2 inc=1", "CLOSE_WAIT snd=2 rcv=3 una=1 rtx=2 dat=1 inc=1")) {
                assertStep("A: FIN_WAIT_2 snd=2 rcv=3 inc=1 | B: " + b,
                        timeout(B),
                        "A: FIN_WAIT_2 snd=2 rcv=3 inc=1 | B: LISTEN inc=1",
                        NONE);
            }

            // A in SYN_SENT keeps its incarnation.
            assertStep("A: SYN_SENT snd=3 rcv=0 una=1 rtx=2 inc=2 | B: LISTEN inc=1",
                    timeout(A),
                    "A: CLOSED inc=2 | B: LISTEN inc=1",
                    NONE);
        }

        @Test
        void timeWaitExpiryResetsKeepingTheIncarnation() {
            assertStep("A: TIME_WAIT snd=2 rcv=3 inc=1 | B: LISTEN inc=1",
                    timeout(A),
                    "A: CLOSED inc=1 | B: LISTEN inc=1",
                    NONE);
            assertStep("A: CLOSED inc=0 | B: TIME_WAIT snd=2 rcv=3 inc=0",
                    timeout(B),
                    "A: CLOSED inc=0 | B: LISTEN inc=0",
                    NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // §6.0: room; replies never need it
    // ------------------------------------------------------------------------------------------

    @Nested
    class Room {
        @Test
        void aReplyToADeliveredSegmentFitsInAFullNetwork() {
            String before = "A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0"
                    + " | net: {ACK A->B seq=0 ack=0 inc=0 age=1, DATA B->A seq=0 ack=0 inc=0, FIN B->A seq=1 ack=0 inc=0}";
            TcpState s = state(before);
            assertEquals(CAP, s.size);
            assertFalse(names(s).contains(close(A)), "Close needs room");
            assertStep(before,
                    deliver("DATA B->A seq=0 ack=0 inc=0"),
                    "A: ESTABLISHED snd=0 rcv=1 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0"
                            + " | net: {ACK A->B seq=0 ack=0 inc=0 age=1, ACK A->B seq=0 ack=1 inc=0,"
                            + " FIN B->A seq=1 ack=0 inc=0}",
                    NONE);
        }

        @Test
        void resetRepliesAndSynAtListenFitInAFullNetwork() {
            String before = "A: CLOSED inc=1 | B: LISTEN inc=0 | net: {ACK A->B seq=0 ack=0 inc=0,"
                    + " SYN A->B seq=1 ack=0 inc=1 age=1, FIN B->A seq=2 ack=3 inc=1}";
            assertEquals(CAP, state(before).size);
            assertStep(before,
                    deliver("FIN B->A seq=2 ack=3 inc=1"),
                    "A: CLOSED inc=1 | B: LISTEN inc=0 | net: {ACK A->B seq=0 ack=0 inc=0,"
                            + " SYN A->B seq=1 ack=0 inc=1 age=1, RST A->B seq=3 ack=0 inc=1}",
                    NONE);
            assertStep(before,
                    synAtListen("SYN A->B seq=1 ack=0 inc=1 age=1", 0),
                    "A: CLOSED inc=1 | B: SYN_RCVD snd=1 rcv=2 una=1 tmr=3 inc=1 | net: {ACK A->B seq=0 ack=0 inc=0,"
                            + " FIN B->A seq=2 ack=3 inc=1, SYNACK B->A seq=0 ack=2 inc=1}",
                    NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.5 receive in CLOSED (A) and LISTEN (B)
    // ------------------------------------------------------------------------------------------

    @Nested
    class ReceiveClosedAndListen {
        static final String CLOSED_A = "A: CLOSED inc=1 | B: ESTABLISHED snd=3 rcv=2 inc=1";
        static final String LISTENING_B = "A: FIN_WAIT_2 snd=2 rcv=3 inc=1 | B: LISTEN inc=1";

        static Stream<Arrival> rules() {
            return Stream.of(
                    row("closedDropsRstAndRstAck: RST", CLOSED_A,
                            "RST B->A seq=3 ack=0 inc=1 age=1", UNCHANGED, NO_REPLY, NONE),
                    row("closedDropsRstAndRstAck: RSTACK", CLOSED_A,
                            "RSTACK B->A seq=3 ack=2 inc=1 age=1", UNCHANGED, NO_REPLY, NONE),
                    row("closedAnswersSynWithRstAck", CLOSED_A,
                            "SYN B->A seq=3 ack=0 inc=1", UNCHANGED, "RSTACK A->B seq=0 ack=4 inc=1", NONE),
                    row("closedAnswersSynWithRstAck: ack wraps", CLOSED_A,
                            "SYN B->A seq=4 ack=0 inc=1", UNCHANGED, "RSTACK A->B seq=0 ack=0 inc=1", NONE),
                    row("closedAnswersEverythingElseWithRstAtItsAck: SYNACK", CLOSED_A,
                            "SYNACK B->A seq=3 ack=1 inc=1 age=2", UNCHANGED, "RST A->B seq=1 ack=0 inc=1", NONE),
                    row("closedAnswersEverythingElseWithRstAtItsAck: ACK", CLOSED_A,
                            "ACK B->A seq=3 ack=2 inc=1 age=2", UNCHANGED, "RST A->B seq=2 ack=0 inc=1", NONE),
                    row("closedAnswersEverythingElseWithRstAtItsAck: DATA", CLOSED_A,
                            "DATA B->A seq=3 ack=3 inc=1 age=2", UNCHANGED, "RST A->B seq=3 ack=0 inc=1", NONE),
                    row("closedAnswersEverythingElseWithRstAtItsAck: FIN", CLOSED_A,
                            "FIN B->A seq=3 ack=4 inc=1 age=2", UNCHANGED, "RST A->B seq=4 ack=0 inc=1", NONE),
                    row("listenDropsRstAndRstAck: RST", LISTENING_B,
                            "RST A->B seq=2 ack=0 inc=1", UNCHANGED, NO_REPLY, NONE),
                    row("listenDropsRstAndRstAck: RSTACK", LISTENING_B,
                            "RSTACK A->B seq=2 ack=3 inc=1", UNCHANGED, NO_REPLY, NONE),
                    row("listenAnswersNonSynWithRstAtItsAck: SYNACK", LISTENING_B,
                            "SYNACK A->B seq=2 ack=2 inc=1 age=1", UNCHANGED, "RST B->A seq=2 ack=0 inc=1", NONE),
                    row("listenAnswersNonSynWithRstAtItsAck: ACK", LISTENING_B,
                            "ACK A->B seq=2 ack=3 inc=1 age=1", UNCHANGED, "RST B->A seq=3 ack=0 inc=1", NONE),
                    row("listenAnswersNonSynWithRstAtItsAck: DATA", LISTENING_B,
                            "DATA A->B seq=2 ack=4 inc=1 age=1", UNCHANGED, "RST B->A seq=4 ack=0 inc=1", NONE),
                    row("listenAnswersNonSynWithRstAtItsAck: FIN, ack wrapped", LISTENING_B,
                            "FIN A->B seq=2 ack=0 inc=1 age=1", UNCHANGED, "RST B->A seq=0 ack=0 inc=1", NONE));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rules")
        void arrival(Arrival rule) {
            assertArrival(rule);
        }

        @Test
        void aSynAtListenIsNotDeliveredButGivesOneSynAtListenPerIsn() {
            String syn = "SYN A->B seq=2 ack=0 inc=1";
            TcpState s = state(LISTENING_B + " | net: {" + syn + "}");
            List<String> expected = new ArrayList<>();
            for (int v = 0; v < SEQ; v++) expected.add(synAtListen(syn, v));
            expected.add(lose(syn));
            expected.add("Tick");
            expected.sort(null);
            assertEquals(expected, names(s));
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.5 SynAtListen(s, v)
    // ------------------------------------------------------------------------------------------

    @Nested
    class SynAtListen {
        static final String SYN_SENT_A = "A: SYN_SENT snd=3 rcv=0 una=1 tmr=2 inc=1 | B: LISTEN inc=0";
        static final String SYN = "SYN A->B seq=2 ack=0 inc=1 age=1";

        static Stream<Arrival> rules() {
            return Stream.of(
                    // eachIsnGivesSynRcvdInTheSynsIncarnation: one SynAtListen per isn v; snd = v + 1 mod SEQ
                    synAtListenRow("eachIsnGivesSynRcvdInTheSynsIncarnation: isn=0", SYN_SENT_A, SYN, 0,
                            "B: SYN_RCVD snd=1 rcv=3 una=1 tmr=3 inc=1", "SYNACK B->A seq=0 ack=3 inc=1", NONE),
                    synAtListenRow("eachIsnGivesSynRcvdInTheSynsIncarnation: isn=1", SYN_SENT_A, SYN, 1,
                            "B: SYN_RCVD snd=2 rcv=3 una=1 tmr=3 inc=1", "SYNACK B->A seq=1 ack=3 inc=1", NONE),
                    synAtListenRow("eachIsnGivesSynRcvdInTheSynsIncarnation: isn=2", SYN_SENT_A, SYN, 2,
                            "B: SYN_RCVD snd=3 rcv=3 una=1 tmr=3 inc=1", "SYNACK B->A seq=2 ack=3 inc=1", NONE),
                    synAtListenRow("eachIsnGivesSynRcvdInTheSynsIncarnation: isn=3", SYN_SENT_A, SYN, 3,
                            "B: SYN_RCVD snd=4 rcv=3 una=1 tmr=3 inc=1", "SYNACK B->A seq=3 ack=3 inc=1", NONE),
                    synAtListenRow("eachIsnGivesSynRcvdInTheSynsIncarnation: isn=4", SYN_SENT_A, SYN, 4,
                            "B: SYN_RCVD snd=0 rcv=3 una=1 tmr=3 inc=1", "SYNACK B->A seq=4 ack=3 inc=1", NONE),
                    synAtListenRow("wrapsTheSynsSequenceNumber",
                            "A: SYN_SENT snd=0 rcv=0 una=1 tmr=2 inc=1 | B: LISTEN inc=0",
                            "SYN A->B seq=4 ack=0 inc=1", 4,
                            "B: SYN_RCVD snd=0 rcv=0 una=1 tmr=3 inc=1", "SYNACK B->A seq=4 ack=0 inc=1", NONE),
                    // Not a P1 check (§7); the old segment does arrive at a newer endpoint.
                    synAtListenRow("bAdoptsAnOlderTagTooWithoutAP1Check",
                            "A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=2 | B: LISTEN inc=1"
                                    + " | net: {SYN A->B seq=0 ack=0 inc=2}",
                            "SYN A->B seq=3 ack=0 inc=0 age=2", 1,
                            "B: SYN_RCVD snd=2 rcv=4 una=1 tmr=3 inc=0", "SYNACK B->A seq=1 ack=4 inc=0", OLD));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rules")
        void arrival(Arrival rule) {
            assertArrival(rule);
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.5 receive in SYN_SENT (A)
    // ------------------------------------------------------------------------------------------

    @Nested
    class ReceiveSynSent {
        /** A sent SYN seq=1 (snd=2) in incarnation 1; B answered from SYN_RCVD with isn 3. */
        static final String SYN_SENT_A = "A: SYN_SENT snd=2 rcv=0 una=1 tmr=2 inc=1"
                + " | B: SYN_RCVD snd=4 rcv=2 una=1 tmr=2 inc=1";

        static Stream<Arrival> rules() {
            return Stream.of(
                    row("row1DropsSynAndRst: SYN", SYN_SENT_A,
                            "SYN B->A seq=3 ack=0 inc=1", UNCHANGED, NO_REPLY, NONE),
                    row("row1DropsSynAndRst: RST", SYN_SENT_A,
                            "RST B->A seq=2 ack=0 inc=1", UNCHANGED, NO_REPLY, NONE),
                    row("row1DropsSynAndRst: RST seq=0", SYN_SENT_A,
                            "RST B->A seq=0 ack=0 inc=1 age=1", UNCHANGED, NO_REPLY, NONE),
                    row("row2UnacceptableRstAckIsDropped", SYN_SENT_A,
                            "RSTACK B->A seq=0 ack=3 inc=1", UNCHANGED, NO_REPLY, NONE),
                    row("row2UnacceptableAckIsAnsweredWithRst: SYNACK", SYN_SENT_A,
                            "SYNACK B->A seq=3 ack=3 inc=1 age=1", UNCHANGED, "RST A->B seq=3 ack=0 inc=1", NONE),
                    row("row2UnacceptableAckIsAnsweredWithRst: ACK", SYN_SENT_A,
                            "ACK B->A seq=3 ack=1 inc=1 age=1", UNCHANGED, "RST A->B seq=1 ack=0 inc=1", NONE),
                    row("row2UnacceptableAckIsAnsweredWithRst: DATA", SYN_SENT_A,
                            "DATA B->A seq=3 ack=0 inc=1 age=1", UNCHANGED, "RST A->B seq=0 ack=0 inc=1", NONE),
                    row("row2UnacceptableAckIsAnsweredWithRst: FIN", SYN_SENT_A,
                            "FIN B->A seq=3 ack=4 inc=1 age=1", UNCHANGED, "RST A->B seq=4 ack=0 inc=1", NONE),
                    row("row3AcceptableRstAckResets", SYN_SENT_A,
                            "RSTACK B->A seq=0 ack=2 inc=1", "A: CLOSED inc=1", NO_REPLY, NONE),
                    row("row4SynAckEstablishesAndAcknowledges", SYN_SENT_A,
                            "SYNACK B->A seq=3 ack=2 inc=1 age=1", "A: ESTABLISHED snd=2 rcv=4 inc=1",
                            "ACK A->B seq=2 ack=4 inc=1", NEW_INC),
                    row("row4WrapsRcv", SYN_SENT_A,
                            "SYNACK B->A seq=4 ack=2 inc=1", "A: ESTABLISHED snd=2 rcv=0 inc=1",
                            "ACK A->B seq=2 ack=0 inc=1", NEW_INC),
                    row("row4P1CheckFlagsAStaleSynAckButKeepsTheEffect: older tag", SYN_SENT_A,
                            "SYNACK B->A seq=3 ack=2 inc=0 age=2", "A: ESTABLISHED snd=2 rcv=4 inc=1",
                            "ACK A->B seq=2 ack=4 inc=1", P1 | NEW_INC | OLD),
                    row("row4P1CheckFlagsAStaleSynAckButKeepsTheEffect: newer tag", SYN_SENT_A,
                            "SYNACK B->A seq=3 ack=2 inc=2", "A: ESTABLISHED snd=2 rcv=4 inc=1",
                            "ACK A->B seq=2 ack=4 inc=1", P1 | NEW_INC),
                    row("row5AcceptableAckDataFinAreDropped: ACK", SYN_SENT_A,
                            "ACK B->A seq=4 ack=2 inc=1", UNCHANGED, NO_REPLY, NONE),
                    row("row5AcceptableAckDataFinAreDropped: DATA", SYN_SENT_A,
                            "DATA B->A seq=4 ack=2 inc=1", UNCHANGED, NO_REPLY, NONE),
                    row("row5AcceptableAckDataFinAreDropped: FIN", SYN_SENT_A,
                            "FIN B->A seq=4 ack=2 inc=1", UNCHANGED, NO_REPLY, NONE));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rules")
        void arrival(Arrival rule) {
            assertArrival(rule);
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.5 receive in a synchronized state
    // ------------------------------------------------------------------------------------------

    @Nested
    class ReceiveSynchronized {

        /**
         * E in state st (normal form: snd=2, rcv=3, inc=1), its peer in a neutral state: A's peer
         * B in ESTABLISHED, B's peer A in FIN_WAIT_2, both with snd=3, rcv=2.
         */
        static String at(int e, int st) {
            return e == A ? "A: " + normal(st, 1) + " | B: ESTABLISHED snd=3 rcv=2 inc=1"
                    : "A: FIN_WAIT_2 snd=3 rcv=2 inc=1 | B: " + normal(st, 1);
        }

        /** The rows of one rule for each endpoint in each of the given states, named after both. */
        interface RuleAt {
            Arrival at(String rule, int e, int peer, int st);
        }

        static Stream<Arrival> everywhere(String rule, int[] states, RuleAt row) {
            List<Arrival> out = new ArrayList<>();
            for (int e = A; e <= B; e++) {
                for (int st : states) out.add(row.at(rule + ": " + who(e) + " in " + TcpState.stateName(st), e,
                        TcpState.peer(e), st));
            }
            return out.stream();
        }

        static int[] synchronizedBut(int excluded) {
            return Arrays.stream(SYNCHRONIZED).filter(st -> st != excluded).toArray();
        }

        /** A in TIME_WAIT (one tick left), B in LAST_ACK with its FIN (seq 1) unacknowledged. */
        static final String TIME_WAIT_A = "A: TIME_WAIT snd=3 rcv=2 tmr=1 inc=1 | B: LAST_ACK snd=2 rcv=3 una=1 tmr=2 inc=1";

        /** B in SYN_RCVD (isn 3, snd=4), A established and about to acknowledge its SYNACK. */
        static String synRcvdB(int inc) {
            return "A: ESTABLISHED snd=2 rcv=4 inc=" + inc + " | B: SYN_RCVD snd=4 rcv=2 una=1 tmr=2 rtx=1 inc=" + inc;
        }

        /** A in FIN_WAIT_1, its FIN (seq 1) unacknowledged; B in CLOSE_WAIT. */
        static final String FIN_WAIT_1_A = "A: FIN_WAIT_1 snd=2 rcv=1 una=1 tmr=2 rtx=1 inc=0"
                + " | B: CLOSE_WAIT snd=1 rcv=2 inc=0";

        /** B in LAST_ACK with DATA (seq 2) and FIN (seq 3) unacknowledged. */
        static final String LAST_ACK_UNA_TWO_B = "B: LAST_ACK snd=4 rcv=1 una=2 tmr=1 rtx=1 inc=0";

        static Stream<Arrival> rules() {
            return Stream.of(
                    // --- row 1: RST
                    everywhere("row1RstAtRcvResetsWithP2OnlyForBInLastAck, RST", SYNCHRONIZED, (rule, e, peer, st) ->
                            row(rule, at(e, st), "RST " + from(peer) + " seq=3 ack=0 inc=1",
                                    who(e) + ": " + TcpState.stateName(TcpState.closedState(e)) + " inc=1", NO_REPLY,
                                    e == B && st == LAST_ACK ? P2 : NONE)),
                    everywhere("row1RstAtRcvResetsWithP2OnlyForBInLastAck, RSTACK", SYNCHRONIZED, (rule, e, peer, st) ->
                            row(rule, at(e, st), "RSTACK " + from(peer) + " seq=3 ack=2 inc=1",
                                    who(e) + ": " + TcpState.stateName(TcpState.closedState(e)) + " inc=1", NO_REPLY,
                                    e == B && st == LAST_ACK ? P2 : NONE)),
                    everywhere("row1RstElsewhereIsDropped, RST seq=2", SYNCHRONIZED, (rule, e, peer, st) ->
                            row(rule, at(e, st), "RST " + from(peer) + " seq=2 ack=2 inc=1", UNCHANGED, NO_REPLY, NONE)),
                    everywhere("row1RstElsewhereIsDropped, RSTACK seq=4", SYNCHRONIZED, (rule, e, peer, st) ->
                            row(rule, at(e, st), "RSTACK " + from(peer) + " seq=4 ack=2 inc=1", UNCHANGED, NO_REPLY,
                                    NONE)),
                    Stream.of(
                            row("row1LastAckOfBResetWithTheExactValues",
                                    "A: CLOSED inc=1 | B: LAST_ACK snd=2 rcv=3 una=1 tmr=2 rtx=1 inc=1",
                                    "RST A->B seq=3 ack=0 inc=1 age=1", "B: LISTEN inc=1", NO_REPLY, P2),
                            // --- row 2: SYN
                            row("row2SynInLastAckIsAnsweredWithRstAck",
                                    "A: SYN_SENT snd=0 rcv=0 una=1 tmr=2 inc=1 | B: LAST_ACK snd=2 rcv=3 una=1 tmr=2 rtx=1 inc=0",
                                    "SYN A->B seq=4 ack=0 inc=1", UNCHANGED, "RSTACK B->A seq=0 ack=0 inc=0", NONE),
                            // Also for A in LAST_ACK: the rule does not depend on the endpoint.
                            row("row2SynInLastAckIsAnsweredWithRstAck: A in LAST_ACK", at(A, LAST_ACK),
                                    "SYN B->A seq=1 ack=0 inc=1", UNCHANGED, "RSTACK A->B seq=0 ack=2 inc=1", NONE)),
                    everywhere("row2SynElsewhereDrawsAChallengeAck", synchronizedBut(LAST_ACK), (rule, e, peer, st) ->
                            row(rule, at(e, st), "SYN " + from(peer) + " seq=3 ack=0 inc=1 age=1", UNCHANGED,
                                    "ACK " + from(e) + " seq=2 ack=3 inc=1", NONE)),
                    // --- row 3: SYNACK. ack=2 would acknowledge the outstanding segment (snd - una = 1) and
                    // seq=3 = rcv: still row 3 applies first and the state does not change.
                    everywhere("row3SynAckDrawsAnAckInEverySynchronizedState", SYNCHRONIZED, (rule, e, peer, st) ->
                            row(rule, at(e, st), "SYNACK " + from(peer) + " seq=3 ack=2 inc=1", UNCHANGED,
                                    "ACK " + from(e) + " seq=2 ack=3 inc=1", NONE)),
                    // --- row 4: FIN in TIME_WAIT
                    Stream.of(
                            row("row4RetransmittedFinInTimeWaitRestartsTheTimer", TIME_WAIT_A,
                                    "FIN B->A seq=1 ack=3 inc=1", "A: TIME_WAIT snd=3 rcv=2 tmr=4 inc=1",
                                    "ACK A->B seq=3 ack=2 inc=1", NONE),
                            row("row4RestartWrapsModuloSeq",
                                    "A: TIME_WAIT snd=3 rcv=0 tmr=2 inc=1 | B: LAST_ACK snd=0 rcv=3 una=1 tmr=2 inc=1",
                                    "FIN B->A seq=4 ack=3 inc=1", "A: TIME_WAIT snd=3 rcv=0 tmr=4 inc=1",
                                    "ACK A->B seq=3 ack=0 inc=1", NONE)),
                    Stream.of(0, 2, 3, 4).map(seq ->
                            row("row4OtherFinsInTimeWaitAreAnsweredWithoutRestart: seq=" + seq, TIME_WAIT_A,
                                    "FIN B->A seq=" + seq + " ack=3 inc=1", UNCHANGED, "ACK A->B seq=3 ack=2 inc=1", NONE)),
                    // --- row 5: outside the window (seq 2 or 4 where rcv = 3)
                    Stream.of("DATA seq=2", "DATA seq=4", "FIN seq=2", "FIN seq=4").flatMap(kindSeq -> {
                        String kind = kindSeq.split(" ")[0], seq = kindSeq.split(" ")[1];
                        // FIN in TIME_WAIT is row 4
                        int[] states = kind.equals("FIN") ? synchronizedBut(TIME_WAIT) : SYNCHRONIZED;
                        return everywhere("row5OutOfWindowDataAndFinAreAnsweredInEverySynchronizedState, " + kindSeq,
                                states, (rule, e, peer, st) -> row(rule, at(e, st),
                                        kind + " " + from(peer) + " " + seq + " ack=2 inc=1", UNCHANGED,
                                        "ACK " + from(e) + " seq=2 ack=3 inc=1", NONE));
                    }),
                    // ack=2 would ack snd-una=1
                    everywhere("row5OutOfWindowAckIsDroppedEvenIfItWouldAcknowledge", SYNCHRONIZED, (rule, e, peer, st) ->
                            row(rule, at(e, st), "ACK " + from(peer) + " seq=4 ack=2 inc=1", UNCHANGED, NO_REPLY, NONE)),
                    // --- row 6: SYN_RCVD
                    Stream.of(
                            row("row6SynRcvdAckWithKOneEstablishes", synRcvdB(1),
                                    "ACK A->B seq=2 ack=4 inc=1", "B: ESTABLISHED snd=4 rcv=2 inc=1", NO_REPLY, NEW_INC),
                            row("row6SynRcvdAckWithKOneEstablishes: incarnation 0", synRcvdB(0),
                                    "ACK A->B seq=2 ack=4 inc=0", "B: ESTABLISHED snd=4 rcv=2 inc=0", NO_REPLY, NONE),
                            row("row6SynRcvdDataWithKOneEstablishesThenAcceptsTheText", synRcvdB(1),
                                    "DATA A->B seq=2 ack=4 inc=1", "B: ESTABLISHED snd=4 rcv=3 inc=1",
                                    "ACK B->A seq=4 ack=3 inc=1", NEW_INC),
                            // B passes through ESTABLISHED within the step; it does not end there (whether
                            // that counts as entering ESTABLISHED is left open).
                            row("row6SynRcvdFinWithKOneGoesOnToCloseWait", synRcvdB(1),
                                    "FIN A->B seq=2 ack=4 inc=1", "B: CLOSE_WAIT snd=4 rcv=3 inc=1",
                                    "ACK B->A seq=4 ack=3 inc=1", NONE).leavingUnspecified(NEW_INC)),
                    Stream.of("ACK", "DATA", "FIN").flatMap(kind -> Stream.of(3, 0, 1, 2).map(ack -> // k = 0, 2, 3, 4
                            row("row6SynRcvdWithKNotOneAnswersRstAndDrops: " + kind + " ack=" + ack, synRcvdB(1),
                                    kind + " A->B seq=2 ack=" + ack + " inc=1", UNCHANGED,
                                    "RST B->A seq=" + ack + " ack=0 inc=1", NONE))),
                    // --- row 6: acknowledgment in the other states
                    Stream.of(
                            row("row6FinWait1AckOfTheFinGoesToFinWait2", FIN_WAIT_1_A,
                                    "ACK B->A seq=1 ack=2 inc=0", "A: FIN_WAIT_2 snd=2 rcv=1 inc=0", NO_REPLY, NONE)),
                    Stream.of(1, 3, 4).map(ack -> // k = 0, 2, 3 with una = 1
                            row("row6AcknowledgmentOutsideOneToUnaIsIgnored: ack=" + ack, FIN_WAIT_1_A,
                                    "ACK B->A seq=1 ack=" + ack + " inc=0", UNCHANGED, NO_REPLY, NONE)),
                    Stream.of(
                            row("row6FinWait1FinWithoutAckOfOurFinGoesToClosing",
                                    "A: FIN_WAIT_1 snd=2 rcv=1 una=1 tmr=2 rtx=1 inc=0"
                                            + " | B: FIN_WAIT_1 snd=2 rcv=1 una=1 tmr=2 inc=0",
                                    "FIN B->A seq=1 ack=1 inc=0", "A: CLOSING snd=2 rcv=2 una=1 tmr=2 rtx=1 inc=0",
                                    "ACK A->B seq=2 ack=2 inc=0", NONE),
                            row("row6FinWait1FinWithAckOfOurFinGoesToTimeWait",
                                    "A: FIN_WAIT_1 snd=2 rcv=1 una=1 tmr=2 rtx=1 inc=0"
                                            + " | B: LAST_ACK snd=2 rcv=2 una=1 tmr=2 inc=0",
                                    "FIN B->A seq=1 ack=2 inc=0", "A: TIME_WAIT snd=2 rcv=2 tmr=4 inc=0",
                                    "ACK A->B seq=2 ack=2 inc=0", NONE),
                            row("row6FinWait1DataIsAcceptedWithOrWithoutTheAck: acknowledging our FIN",
                                    "A: FIN_WAIT_1 snd=2 rcv=1 una=1 tmr=2 rtx=1 inc=0"
                                            + " | B: CLOSE_WAIT snd=2 rcv=2 una=1 tmr=2 dat=1 inc=0"
                                            + " | net: {DATA B->A seq=1 ack=1 inc=0}",
                                    "DATA B->A seq=1 ack=2 inc=0", "A: FIN_WAIT_2 snd=2 rcv=2 inc=0",
                                    "ACK A->B seq=2 ack=2 inc=0", NONE),
                            row("row6FinWait1DataIsAcceptedWithOrWithoutTheAck: not acknowledging it",
                                    "A: FIN_WAIT_1 snd=2 rcv=1 una=1 tmr=2 rtx=1 inc=0"
                                            + " | B: CLOSE_WAIT snd=2 rcv=2 una=1 tmr=2 dat=1 inc=0"
                                            + " | net: {DATA B->A seq=1 ack=2 inc=0}",
                                    "DATA B->A seq=1 ack=1 inc=0", "A: FIN_WAIT_1 snd=2 rcv=2 una=1 tmr=2 rtx=1 inc=0",
                                    "ACK A->B seq=2 ack=2 inc=0", NONE),
                            row("row6FinWait2DataIsAcceptedAndFinGoesToTimeWait: DATA",
                                    "A: FIN_WAIT_2 snd=2 rcv=4 inc=0 | B: CLOSE_WAIT snd=0 rcv=2 inc=0",
                                    "DATA B->A seq=4 ack=2 inc=0", "A: FIN_WAIT_2 snd=2 rcv=0 inc=0",
                                    "ACK A->B seq=2 ack=0 inc=0", NONE),
                            row("row6FinWait2DataIsAcceptedAndFinGoesToTimeWait: FIN",
                                    "A: FIN_WAIT_2 snd=2 rcv=4 inc=0 | B: LAST_ACK snd=0 rcv=2 una=1 tmr=2 inc=0",
                                    "FIN B->A seq=4 ack=2 inc=0 age=1", "A: TIME_WAIT snd=2 rcv=0 tmr=4 inc=0",
                                    "ACK A->B seq=2 ack=0 inc=0", NONE),
                            row("row6ClosingAckOfTheFinGoesToTimeWait",
                                    "A: CLOSING snd=2 rcv=2 una=1 tmr=1 rtx=1 inc=0 | B: CLOSING snd=2 rcv=2 una=1 tmr=1 inc=0",
                                    "ACK B->A seq=2 ack=2 inc=0", "A: TIME_WAIT snd=2 rcv=2 tmr=4 inc=0", NO_REPLY, NONE),
                            row("row6EstablishedAcceptsDataAndFin: DATA",
                                    "A: ESTABLISHED snd=1 rcv=3 inc=0 | B: CLOSE_WAIT snd=4 rcv=1 una=1 tmr=2 dat=1 inc=0",
                                    "DATA B->A seq=3 ack=1 inc=0", "A: ESTABLISHED snd=1 rcv=4 inc=0",
                                    "ACK A->B seq=1 ack=4 inc=0", NONE),
                            row("row6EstablishedAcceptsDataAndFin: FIN",
                                    "A: ESTABLISHED snd=1 rcv=4 inc=0 | B: FIN_WAIT_1 snd=0 rcv=1 una=1 tmr=2 inc=0",
                                    "FIN B->A seq=4 ack=1 inc=0", "A: CLOSE_WAIT snd=1 rcv=0 inc=0",
                                    "ACK A->B seq=1 ack=0 inc=0", NONE),
                            row("row6InWindowAckWithNothingToAcknowledgeChangesNothing",
                                    "A: ESTABLISHED snd=1 rcv=3 inc=0 | B: ESTABLISHED snd=3 rcv=1 inc=0",
                                    "ACK B->A seq=3 ack=1 inc=0", UNCHANGED, NO_REPLY, NONE),
                            row("row6CloseWaitAckOfTheDataClearsTheTimerButKeepsDat",
                                    "A: FIN_WAIT_2 snd=1 rcv=3 inc=0 | B: CLOSE_WAIT snd=3 rcv=1 una=1 tmr=1 rtx=1 dat=1 inc=0",
                                    "ACK A->B seq=1 ack=3 inc=0", "B: CLOSE_WAIT snd=3 rcv=1 dat=1 inc=0", NO_REPLY, NONE)),
                    // Acknowledgment fields chosen so that nothing is newly acknowledged (k = 0: ack = snd - una);
                    // a stale tag, and still no P1 check.
                    Stream.of("DATA", "FIN").flatMap(kind -> everywhere(
                            "row6DataAndFinAtRcvAreIgnoredInCloseWaitClosingAndLastAck, " + kind,
                            new int[] {CLOSE_WAIT, CLOSING, LAST_ACK}, (rule, e, peer, st) ->
                                    row(rule, at(e, st), kind + " " + from(peer) + " seq=3 ack="
                                            + (st == CLOSE_WAIT ? 2 : 1) + " inc=0", UNCHANGED, NO_REPLY, OLD))),
                    Stream.of(
                            // a stray in-window FIN acknowledging B's DATA
                            row("row6TextInCloseWaitIsIgnoredAfterItsAcknowledgmentIsTaken",
                                    "A: FIN_WAIT_1 snd=3 rcv=1 una=1 tmr=2 inc=0"
                                            + " | B: CLOSE_WAIT snd=3 rcv=3 una=1 tmr=2 rtx=1 dat=1 inc=0",
                                    "FIN A->B seq=3 ack=3 inc=0", "B: CLOSE_WAIT snd=3 rcv=3 dat=1 inc=0", NO_REPLY, NONE),
                            row("row6LastAckFullAcknowledgmentIsTheCleanExit",
                                    "A: TIME_WAIT snd=3 rcv=2 tmr=3 inc=1 | B: LAST_ACK snd=2 rcv=3 una=1 tmr=2 rtx=1 inc=1",
                                    "ACK A->B seq=3 ack=2 inc=1", "B: LISTEN inc=1", NO_REPLY, ACKED),
                            row("row6LastAckFinAcknowledgingEverythingResetsWithoutReply",
                                    "A: LAST_ACK snd=3 rcv=2 una=1 tmr=2 inc=0 | B: LAST_ACK snd=2 rcv=3 una=1 tmr=2 inc=0",
                                    "FIN A->B seq=3 ack=2 inc=0", "B: LISTEN inc=0", NO_REPLY, ACKED),
                            // The three acknowledgments in flight together, each delivered in turn.
                            row("row6LastAckWithUnaTwoPartialAcknowledgment: k=1, the DATA",
                                    "A: FIN_WAIT_2 snd=1 rcv=3 inc=0 | " + LAST_ACK_UNA_TWO_B
                                            + " | net: {ACK A->B seq=1 ack=4 inc=0 age=1, ACK A->B seq=1 ack=2 inc=0 age=2}",
                                    "ACK A->B seq=1 ack=3 inc=0", "B: LAST_ACK snd=4 rcv=1 una=1 tmr=3 inc=0", NO_REPLY,
                                    NONE),
                            row("row6LastAckWithUnaTwoPartialAcknowledgment: k=2, DATA and FIN",
                                    "A: FIN_WAIT_2 snd=1 rcv=3 inc=0 | " + LAST_ACK_UNA_TWO_B
                                            + " | net: {ACK A->B seq=1 ack=3 inc=0, ACK A->B seq=1 ack=2 inc=0 age=2}",
                                    "ACK A->B seq=1 ack=4 inc=0 age=1", "B: LISTEN inc=0", NO_REPLY, ACKED),
                            row("row6LastAckWithUnaTwoPartialAcknowledgment: k=0",
                                    "A: FIN_WAIT_2 snd=1 rcv=3 inc=0 | " + LAST_ACK_UNA_TWO_B
                                            + " | net: {ACK A->B seq=1 ack=3 inc=0, ACK A->B seq=1 ack=4 inc=0 age=1}",
                                    "ACK A->B seq=1 ack=2 inc=0 age=2", UNCHANGED, NO_REPLY, NONE),
                            row("row6LastAckWithUnaTwoIgnoresTheTextAfterAPartialAcknowledgment",
                                    "A: FIN_WAIT_1 snd=2 rcv=3 una=1 tmr=2 inc=0 | " + LAST_ACK_UNA_TWO_B,
                                    "FIN A->B seq=1 ack=3 inc=0", "B: LAST_ACK snd=4 rcv=1 una=1 tmr=3 inc=0", NO_REPLY,
                                    NONE),
                            // Literal reading: rows 1-5 do not match, una = 0 so the ack part does nothing, and
                            // TIME_WAIT is not among the states that accept text: no reply, no change.
                            row("row6DataAtRcvInTimeWaitHasNoEffect",
                                    "A: TIME_WAIT snd=3 rcv=2 tmr=2 inc=0 | B: CLOSE_WAIT snd=2 rcv=3 inc=0",
                                    "DATA B->A seq=2 ack=3 inc=0", UNCHANGED, NO_REPLY, NONE)))
                    .flatMap(x -> x);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rules")
        void arrival(Arrival rule) {
            assertArrival(rule);
        }
    }

    // ------------------------------------------------------------------------------------------
    // §7: P1 (STALE_ACCEPT) and the other labels
    // ------------------------------------------------------------------------------------------

    @Nested
    class Labels {
        static String established(int inc) {
            return "A: ESTABLISHED snd=1 rcv=3 inc=" + inc + " | B: ESTABLISHED snd=3 rcv=1 inc=" + inc;
        }

        @Test
        void staleAcceptWhenTheAcceptedTagDiffersFromTheReceiversIncarnation() {
            long[] expected = {P1 | OLD, NONE, P1}; // tags 0, 1, 2 at an endpoint of incarnation 1
            for (int tag = 0; tag < INC; tag++) {
                assertArrival(row("tag " + tag, established(1), "DATA B->A seq=3 ack=1 inc=" + tag,
                        "A: ESTABLISHED snd=1 rcv=4 inc=1", "ACK A->B seq=1 ack=4 inc=1", expected[tag]));
            }
        }

        @Test
        void staleFinInFinWait2IsAP1Violation() {
            assertArrival(row("stale FIN", "A: FIN_WAIT_2 snd=2 rcv=0 inc=1 | B: LISTEN inc=1",
                    "FIN B->A seq=0 ack=2 inc=0 age=2", "A: TIME_WAIT snd=2 rcv=1 tmr=4 inc=1",
                    "ACK A->B seq=2 ack=1 inc=1", P1 | OLD));
        }

        @Test
        void noP1CheckOnSegmentsThatDoNotAdvanceRcv() {
            assertArrival(row("out-of-window DATA", established(1), "DATA B->A seq=0 ack=1 inc=0", UNCHANGED,
                    "ACK A->B seq=1 ack=3 inc=1", OLD));
            assertArrival(row("in-window pure ACK", established(1), "ACK B->A seq=3 ack=1 inc=2", UNCHANGED, NO_REPLY,
                    NONE));
            assertArrival(row("SYN_RCVD accepting the handshake ACK with a stale tag",
                    "A: ESTABLISHED snd=2 rcv=4 inc=0 | B: SYN_RCVD snd=4 rcv=2 una=1 tmr=2 inc=1",
                    "ACK A->B seq=2 ack=4 inc=0", "B: ESTABLISHED snd=4 rcv=2 inc=1", NO_REPLY, NEW_INC | OLD));
        }

        @Test
        void oldSegmentArrivesOnEveryDeliveryOfAnOlderTagButNotOnLoss() {
            String before = "A: CLOSED inc=1 | B: LISTEN inc=0 | net: {RST B->A seq=1 ack=0 inc=0}";
            assertStep(before, deliver("RST B->A seq=1 ack=0 inc=0"), "A: CLOSED inc=1 | B: LISTEN inc=0", OLD);
            assertStep(before, lose("RST B->A seq=1 ack=0 inc=0"), "A: CLOSED inc=1 | B: LISTEN inc=0 | net: {} lost=1",
                    NONE);
        }

        @Test
        void stayingEstablishedIsNotEnteringEstablished() {
            // SYN_SENT and SYN_RCVD cases are covered with their rules; here: an established
            // endpoint of incarnation 1 staying ESTABLISHED does not "enter" it again.
            TcpState s = state(established(1) + " | net: {DATA B->A seq=3 ack=1 inc=1}");
            assertEquals(NONE, step(s, deliver("DATA B->A seq=3 ack=1 inc=1")).labels() & NEW_INC);
        }

        @Test
        void ordinaryActionsCarryNoLabels() {
            TcpState s = state(established(0) + " | net: {ACK B->A seq=3 ack=1 inc=0}");
            for (Succ x : successors(s)) assertEquals(labelNames(NONE), labelNames(x.labels() & CHECKED), x.name());
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.6 Lose(s)
    // ------------------------------------------------------------------------------------------

    @Nested
    class Lose {
        static final String ENDPOINTS = "A: FIN_WAIT_1 snd=2 rcv=1 una=1 tmr=2 inc=0 | B: CLOSE_WAIT snd=1 rcv=2 inc=0";

        @Test
        void removesOneOccurrenceAndCountsIt() {
            TcpState s = state(ENDPOINTS + " | net: {FIN A->B seq=1 ack=1 inc=0 age=1, ACK B->A seq=1 ack=2 inc=0}");
            List<Succ> succs = successors(s);
            assertEquals(2, names(succs).stream().filter(n -> n.startsWith("Lose(")).count());
            assertSucc(state(ENDPOINTS + " | net: {ACK B->A seq=1 ack=2 inc=0} lost=1"), NONE,
                    pick(succs, lose("FIN A->B seq=1 ack=1 inc=0 age=1")));
            assertSucc(state(ENDPOINTS + " | net: {FIN A->B seq=1 ack=1 inc=0 age=1} lost=1"), NONE,
                    pick(succs, lose("ACK B->A seq=1 ack=2 inc=0")));
        }

        @Test
        void disabledOnceTheBudgetIsSpent() {
            TcpState s = state(ENDPOINTS + " | net: {FIN A->B seq=1 ack=1 inc=0 age=1} lost=1"); // LOSS = 1
            assertTrue(names(s).stream().noneMatch(n -> n.startsWith("Lose(")));
        }

        @Test
        void neverWithAZeroBudget() {
            use("5/3/3/0/2/3/2/4");
            TcpState s = state(ENDPOINTS + " | net: {FIN A->B seq=1 ack=1 inc=0 age=1}");
            assertTrue(names(s).stream().noneMatch(n -> n.startsWith("Lose(")));
        }

        @Test
        void oneActionPerOccurrenceOfEqualSegments() {
            String fin = "FIN A->B seq=1 ack=1 inc=0 age=1";
            TcpState s = state(ENDPOINTS + " | net: {" + fin + ", " + fin + "}");
            List<Succ> succs = successors(s);
            assertEquals(2, names(succs).stream().filter(n -> n.equals(lose(fin))).count());
            assertEquals(2, names(succs).stream().filter(n -> n.equals(deliver(fin))).count());
            assertSucc(state(ENDPOINTS + " | net: {" + fin + "} lost=1"), NONE, pick(succs, lose(fin)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.7 Tick
    // ------------------------------------------------------------------------------------------

    @Nested
    class Tick {
        @Test
        void notWhenNothingIsTimed() {
            assertFalse(names(state("A: CLOSED inc=0 | B: LISTEN inc=0")).contains("Tick"));
            assertFalse(names(m.initialState()).contains("Tick"));
        }

        @Test
        void agesSegmentsAndRunsArmedTimersOnly() {
            assertStep("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 rtx=1 inc=0"
                            + " | net: {DATA B->A seq=0 ack=0 inc=0, FIN B->A seq=1 ack=0 inc=0 age=1}",
                    "Tick",
                    "A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=1 rtx=1 inc=0"
                            + " | net: {DATA B->A seq=0 ack=0 inc=0 age=1, FIN B->A seq=1 ack=0 inc=0 age=2}",
                    NONE);
        }

        @Test
        void aSegmentAloneIsTimed() {
            assertStep("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: ESTABLISHED snd=0 rcv=0 inc=0"
                            + " | net: {ACK A->B seq=0 ack=0 inc=0}",
                    "Tick",
                    "A: ESTABLISHED snd=0 rcv=0 inc=0 | B: ESTABLISHED snd=0 rcv=0 inc=0"
                            + " | net: {ACK A->B seq=0 ack=0 inc=0 age=1}",
                    NONE);
        }

        @Test
        void anArmedTimerAloneIsTimed() {
            assertStep("A: TIME_WAIT snd=2 rcv=1 tmr=3 inc=0 | B: LISTEN inc=0", "Tick",
                    "A: TIME_WAIT snd=2 rcv=1 tmr=2 inc=0 | B: LISTEN inc=0", NONE);
            assertStep("A: CLOSE_WAIT snd=2 rcv=1 una=1 tmr=2 dat=1 inc=0 | B: LISTEN inc=0", "Tick",
                    "A: CLOSE_WAIT snd=2 rcv=1 una=1 tmr=1 dat=1 inc=0 | B: LISTEN inc=0", NONE);
            assertStep("A: LAST_ACK snd=2 rcv=1 una=2 tmr=1 inc=0 | B: LISTEN inc=0", "Tick",
                    "A: LAST_ACK snd=2 rcv=1 una=2 tmr=0 inc=0 | B: LISTEN inc=0", NONE);
        }

        @Test
        void aDueTimerIsUrgent() {
            TcpState s = state("A: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=0 inc=0 | B: ESTABLISHED snd=0 rcv=1 inc=0"
                    + " | net: {FIN A->B seq=1 ack=0 inc=0}");
            assertFalse(names(s).contains("Tick"), "A's retransmission timer is due");

            TcpState t = state("A: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0 | B: TIME_WAIT snd=0 rcv=1 tmr=0 inc=0");
            assertFalse(names(t).contains("Tick"), "B's TIME_WAIT timer is due");
            TcpState later = state("A: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0 | B: TIME_WAIT snd=0 rcv=1 tmr=1 inc=0");
            assertTrue(names(later).contains("Tick"));
        }

        @Test
        void aSegmentAtAgeMslBlocksTickWithoutExpire() {
            String old = "DATA B->A seq=0 ack=0 inc=0 age=2"; // age MSL
            TcpState s = state("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0"
                    + " | net: {" + old + ", FIN B->A seq=1 ack=0 inc=0}");
            List<String> n = names(s);
            assertFalse(n.contains("Tick"));
            assertTrue(n.contains(deliver(old)) && n.contains(lose(old)), "must be delivered or lost");
        }

        @Test
        void withMslZeroEverySegmentMustGoBeforeTheNextTick() {
            use("3/2/2/1/0/3/2/2");
            TcpState s = state("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0"
                    + " | net: {FIN B->A seq=1 ack=0 inc=0}");
            assertFalse(names(s).contains("Tick"));
        }

        @Test
        void withExpireTickRemovesSegmentsAtAgeMslWithoutCountingALoss() {
            use(CONFIG + "+e");
            assertStep("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0"
                            + " | net: {DATA B->A seq=0 ack=0 inc=0 age=2, FIN B->A seq=1 ack=0 inc=0}",
                    "Tick",
                    "A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=1 inc=0"
                            + " | net: {FIN B->A seq=1 ack=0 inc=0 age=1}",
                    NONE);
            assertStep("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: ESTABLISHED snd=0 rcv=0 inc=0"
                            + " | net: {ACK A->B seq=0 ack=0 inc=0 age=2}",
                    "Tick",
                    "A: ESTABLISHED snd=0 rcv=0 inc=0 | B: ESTABLISHED snd=0 rcv=0 inc=0",
                    NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // §4.2: the network is a multiset, stored sorted
    // ------------------------------------------------------------------------------------------

    @Nested
    class Canonical {
        @Test
        void closingInEitherOrderGivesTheSamePackedState() {
            TcpState s = m.initialState();
            Succ ab = step(step(s, close(A)).next(), close(B));
            Succ ba = step(step(s, close(B)).next(), close(A));
            assertArrayEquals(ab.packed(), ba.packed());
            assertSucc(state("A: FIN_WAIT_1 snd=1 rcv=0 una=1 tmr=3 inc=0 | B: FIN_WAIT_1 snd=1 rcv=0 una=1 tmr=3 inc=0"
                    + " | net: {FIN A->B seq=0 ack=0 inc=0, FIN B->A seq=0 ack=0 inc=0}"), NONE, ab);
        }

        @Test
        void aReplyIsSortedIntoPlace() {
            // A's reply (src A) sorts before B's segments (src B) although it is added last.
            TcpState s = state("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0"
                    + " | net: {DATA B->A seq=0 ack=0 inc=0, FIN B->A seq=1 ack=0 inc=0}");
            TcpState got = step(s, deliver("DATA B->A seq=0 ack=0 inc=0")).next();
            assertEquals(2, got.size);
            assertEquals(seg("ACK A->B seq=0 ack=1 inc=0"), got.net[0]);
            assertEquals(seg("FIN B->A seq=1 ack=0 inc=0"), got.net[1]);
        }

        @Test
        void successorsDoNotDependOnTheStoredOrderOfTheNetwork() {
            TcpState sorted = state("A: ESTABLISHED snd=0 rcv=0 inc=0 | B: FIN_WAIT_1 snd=2 rcv=0 una=1 tmr=2 inc=0"
                    + " | net: {ACK A->B seq=0 ack=0 inc=0 age=1, DATA B->A seq=0 ack=0 inc=0, FIN B->A seq=1 ack=0 inc=0}");
            TcpState shuffled = copy(sorted);
            shuffled.net[0] = seg("FIN B->A seq=1 ack=0 inc=0");
            shuffled.net[1] = seg("DATA B->A seq=0 ack=0 inc=0");
            shuffled.net[2] = seg("ACK A->B seq=0 ack=0 inc=0 age=1");
            List<Succ> a = successors(sorted);
            List<Succ> b = successors(shuffled);
            assertEquals(names(a), names(b));
            for (Succ x : a) assertArrayEquals(x.packed(), pick(b, x.name()).packed(), x.name());
        }

        @Test
        void encodeDecodeRoundTrip() {
            TcpState s = state("A: LAST_ACK snd=4 rcv=3 una=2 tmr=4 rtx=2 inc=2"
                    + " | B: CLOSE_WAIT snd=1 rcv=2 una=1 tmr=3 rtx=1 dat=1 inc=1"
                    + " | net: {SYN A->B seq=0 ack=0 inc=0, SYN A->B seq=0 ack=0 inc=0, RSTACK B->A seq=4 ack=4 inc=2 age=2}"
                    + " lost=1");
            assertEquals(show(s), show(m.decode(m.encode(s), 0)));
        }

        @Test
        void lostAndTagsArePartOfTheIdentity() {
            String endpoints = "A: ESTABLISHED snd=0 rcv=0 inc=0 | B: ESTABLISHED snd=0 rcv=0 inc=0";
            long[] s = m.encode(state(endpoints + " | net: {ACK A->B seq=0 ack=0 inc=0}"));
            long[] lost = m.encode(state(endpoints + " | net: {ACK A->B seq=0 ack=0 inc=0} lost=1"));
            long[] tagged = m.encode(state(endpoints + " | net: {ACK A->B seq=0 ack=0 inc=1}"));
            assertFalse(Arrays.equals(s, lost));
            assertFalse(Arrays.equals(s, tagged));
        }
    }
}
