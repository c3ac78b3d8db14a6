package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of R0 ({@code docs/r0-semantics.md}; § numbers below are its sections), transition by transition: each test builds
 * a hand-made state, generates its successors, picks one by its action name and compares the whole
 * successor (both endpoints, the network, the loss counter and the labels) with what the document
 * prescribes. Section numbers refer to that document.
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

    /** Endpoint e in state st, in normal form (docs/r0-semantics.md §8.1): snd=2, rcv=3, a running timer at 2. */
    static void normal(TcpState s, int e, int st, int inc) {
        if (st == CLOSED || st == LISTEN) {
            ep(s, e, st, 0, 0, 0, 0, 0, 0, inc);
            return;
        }
        int una = (st == SYN_SENT || st == SYN_RCVD || st == FIN_WAIT_1 || st == CLOSING || st == LAST_ACK) ? 1 : 0;
        int tmr = (una > 0 || st == TIME_WAIT) ? 2 : 0;
        ep(s, e, st, 2, 3, una, tmr, 0, 0, inc);
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
        TcpState w = copy(want);
        Arrays.sort(w.net, 0, w.size);
        assertEquals(show(w), show(got.next()), got.name());
        assertArrayEquals(m.encode(w), got.packed(), got.name() + ": packed form");
        assertEquals(labelNames(labels), labelNames(got.labels() & CHECKED), got.name() + ": labels");
    }

    /** Deliver(x) removes x and changes nothing else. */
    void assertDropped(TcpState s, int x, long labels) {
        TcpState want = copy(s);
        setNet(want, netWithout(s, x));
        assertSucc(want, labels, step(s, deliver(x)));
    }

    /** Deliver(x) removes x, sends exactly reply, and changes nothing else. */
    void assertReply(TcpState s, int x, int reply, long labels) {
        TcpState want = copy(s);
        setNet(want, netWithout(s, x, reply));
        assertSucc(want, labels, step(s, deliver(x)));
    }

    // ------------------------------------------------------------------------------------------
    // Sections 3-5: initial state, FINAL, segment codes, normal behaviour of the initial state
    // ------------------------------------------------------------------------------------------

    @Nested
    class InitialAndFinal {
        @Test
        void initialStateIsIncarnationZeroEstablishedOnBothSides() {
            TcpState s = m.initialState();
            TcpState want = state();
            ep(want, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(want, B, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            assertEquals(show(want), show(s));
        }

        @Test
        void initialStateEnablesOnlyTheTwoCloses() {
            // Nothing is timed (no Tick), nothing in flight (no Deliver/Lose), no CLOSE_WAIT, A not CLOSED.
            assertEquals(List.of("Close(A)", "Close(B)"), names(m.initialState()));
        }

        @Test
        void finalRequiresAClosedInLastIncarnationBListeningAndEmptyNetwork() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, INC - 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            assertTrue(m.isIntendedEnd(m.encode(s), 0));
            assertEquals(List.of(), names(s), "FINAL state has no enabled action");

            TcpState earlier = copy(s);
            earlier.inc[A] = INC - 2;
            assertFalse(m.isIntendedEnd(m.encode(earlier), 0), "A not in the last incarnation");

            TcpState inFlight = with(copy(s), seg(B, ACK, 0, 0, 1, 0));
            assertFalse(m.isIntendedEnd(m.encode(inFlight), 0), "network not empty");

            TcpState bBusy = copy(s);
            normal(bBusy, B, LAST_ACK, INC - 1);
            assertFalse(m.isIntendedEnd(m.encode(bBusy), 0), "B not in LISTEN");

            TcpState aBusy = copy(s);
            normal(aBusy, A, TIME_WAIT, INC - 1);
            assertFalse(m.isIntendedEnd(m.encode(aBusy), 0), "A not CLOSED");
        }

        @Test
        void finWait2AfterThePeerResetIsADeadlock() {
            // §11 of docs/r0-semantics.md: A left in FIN_WAIT_2 after B reset/gave up; no FIN_WAIT_2 timer in R0.
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 0, 0, 0, 0, 0, 0);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            assertEquals(List.of(), names(s));
            assertFalse(m.isIntendedEnd(m.encode(s), 0));
        }

        @Test
        void segmentCodeIsTheMixedRadixOfSection3() {
            int code = seg(B, FIN, 2, 3, 1, 2);
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
            TcpState s = state();
            ep(s, A, ESTABLISHED, 2, 4, 0, 0, 0, 0, 1);
            ep(s, B, ESTABLISHED, 4, 2, 0, 0, 0, 0, 1);
            TcpState want = copy(s);
            ep(want, A, FIN_WAIT_1, 3, 4, 1, RTO, 0, 0, 1);
            setNet(want, seg(A, FIN, 2, 4, 1, 0));
            assertSucc(want, NONE, step(s, close(A)));
        }

        @Test
        void fromEstablishedWrapsSndModuloSeq() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 0, 4, 0, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 4, 0, 0, 0, 0, 0, 0);
            with(s, seg(A, ACK, 0, 4, 0, 1));
            TcpState want = copy(s);
            ep(want, B, FIN_WAIT_1, 0, 0, 1, RTO, 0, 0, 0);
            with(want, seg(B, FIN, 4, 0, 0, 0));
            assertSucc(want, NONE, step(s, close(B)));
        }

        @Test
        void fromCloseWaitWithUnaZeroStartsTheTimer() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 0, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 0, 1, 0, 0, 0, 0, 0);
            TcpState want = copy(s);
            ep(want, B, LAST_ACK, 1, 1, 1, RTO, 0, 0, 0);
            setNet(want, seg(B, FIN, 0, 1, 0, 0));
            assertSucc(want, NONE, step(s, close(B)));
        }

        @Test
        void fromCloseWaitAfterAcknowledgedDataClearsDat() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 1, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 1, 1, 0, 0, 0, 1, 0);
            TcpState want = copy(s);
            ep(want, B, LAST_ACK, 2, 1, 1, RTO, 0, 0, 0);
            setNet(want, seg(B, FIN, 1, 1, 0, 0));
            assertSucc(want, NONE, step(s, close(B)));
        }

        @Test
        void fromCloseWaitWithUnaOneKeepsTheRunningTimerOfTheData() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 0, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 1, 1, 1, 1, 1, 1, 0);
            with(s, seg(B, DATA, 0, 1, 0, 1));
            TcpState want = copy(s);
            ep(want, B, LAST_ACK, 2, 1, 2, 1, 1, 0, 0);
            with(want, seg(B, FIN, 1, 1, 0, 0));
            assertSucc(want, NONE, step(s, close(B)));
        }

        @Test
        void enabledOnlyInEstablishedAndCloseWait() {
            for (int st : ALL_STATES) {
                TcpState s = state();
                normal(s, A, st, 0);
                normal(s, B, LISTEN, 0);
                boolean expected = st == ESTABLISHED || st == CLOSE_WAIT;
                assertEquals(expected, names(s).contains(close(A)), "Close(A) in " + TcpState.stateName(st));
                TcpState t = state();
                normal(t, A, FIN_WAIT_2, 0);
                normal(t, B, st, 0);
                assertEquals(expected, names(t).contains(close(B)), "Close(B) in " + TcpState.stateName(st));
            }
        }

        @Test
        void needsRoom() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 1, 1, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 1, 1, 0, 0, 0, 0, 0);
            with(s, seg(A, ACK, 1, 1, 0, 0), seg(B, ACK, 1, 1, 0, 0));
            assertTrue(names(s).containsAll(List.of(close(A), close(B), sendData(B))));
            with(s, seg(A, ACK, 1, 1, 0, 1)); // now |net| = CAP
            List<String> full = names(s);
            assertFalse(full.contains(close(A)), "Close(A) with a full network");
            assertFalse(full.contains(close(B)), "Close(B) with a full network");
            assertFalse(full.contains(sendData(B)), "SendData(B) with a full network");
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.2 SendData(E)
    // ------------------------------------------------------------------------------------------

    @Nested
    class SendData {
        @Test
        void inCloseWaitSendsTheOneDataSegmentAndStartsTheTimer() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 3, 0, 0, 0, 0, 1);
            ep(s, B, CLOSE_WAIT, 3, 1, 0, 0, 0, 0, 1);
            TcpState want = copy(s);
            ep(want, B, CLOSE_WAIT, 4, 1, 1, RTO, 0, 1, 1);
            setNet(want, seg(B, DATA, 3, 1, 1, 0));
            assertSucc(want, NONE, step(s, sendData(B)));
        }

        @Test
        void wrapsSndModuloSeq() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 4, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 4, 1, 0, 0, 0, 0, 0);
            TcpState want = copy(s);
            ep(want, B, CLOSE_WAIT, 0, 1, 1, RTO, 0, 1, 0);
            setNet(want, seg(B, DATA, 4, 1, 0, 0));
            assertSucc(want, NONE, step(s, sendData(B)));
        }

        @Test
        void onlyOncePerCloseWait() {
            TcpState acked = state();
            ep(acked, A, FIN_WAIT_2, 1, 4, 0, 0, 0, 0, 0);
            ep(acked, B, CLOSE_WAIT, 4, 1, 0, 0, 0, 1, 0);
            assertFalse(names(acked).contains(sendData(B)), "dat=1, data acknowledged");
            assertTrue(names(acked).contains(close(B)));

            TcpState outstanding = state();
            ep(outstanding, A, FIN_WAIT_2, 1, 3, 0, 0, 0, 0, 0);
            ep(outstanding, B, CLOSE_WAIT, 4, 1, 1, 2, 0, 1, 0);
            assertFalse(names(outstanding).contains(sendData(B)), "dat=1, data outstanding");
            assertTrue(names(outstanding).contains(close(B)));
        }

        @Test
        void onlyInCloseWait() {
            for (int st : ALL_STATES) {
                if (st == CLOSE_WAIT) continue;
                TcpState s = state();
                normal(s, A, st, 0);
                normal(s, B, st == CLOSED ? LISTEN : st, 0);
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
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            List<Succ> succs = successors(s);
            List<String> opens = names(succs).stream().filter(n -> n.startsWith("Open(")).collect(Collectors.toList());
            List<String> expected = new ArrayList<>();
            for (int v = 0; v < SEQ; v++) expected.add(open(v));
            assertEquals(expected, opens);
            for (int v = 0; v < SEQ; v++) {
                TcpState want = copy(s);
                ep(want, A, SYN_SENT, (v + 1) % SEQ, 0, 1, RTO, 0, 0, 1);
                setNet(want, seg(A, SYN, v, 0, 1, 0));
                assertSucc(want, NONE, pick(succs, open(v)));
            }
        }

        @Test
        void fromIncarnationOneOpensIncarnationTwoAndTagsTheSynWithIt() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            with(s, seg(B, ACK, 2, 2, 1, 1));
            TcpState want = copy(s);
            ep(want, A, SYN_SENT, 4, 0, 1, RTO, 0, 0, 2);
            with(want, seg(A, SYN, 3, 0, 2, 0));
            assertSucc(want, NONE, step(s, open(3)));
        }

        @Test
        void notFromTheLastIncarnation() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, INC - 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            with(s, seg(B, ACK, 0, 0, 0, 0));
            assertTrue(names(s).stream().noneMatch(n -> n.startsWith("Open(")));
        }

        @Test
        void needsRoom() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            with(s, seg(B, ACK, 0, 0, 0, 0), seg(B, ACK, 1, 0, 0, 0));
            assertTrue(names(s).contains(open(0)));
            with(s, seg(B, ACK, 2, 0, 0, 0));
            assertTrue(names(s).stream().noneMatch(n -> n.startsWith("Open(")), "full network");
        }

        @Test
        void onlyWhenAIsClosed() {
            for (int st : ALL_STATES) {
                if (st == CLOSED) continue;
                TcpState s = state();
                normal(s, A, st, 0);
                normal(s, B, LISTEN, 0);
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
            TcpState s = state();
            ep(s, A, SYN_SENT, 3, 0, 1, 0, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            TcpState want = copy(s);
            ep(want, A, SYN_SENT, 3, 0, 1, RTO, 1, 0, 1);
            setNet(want, seg(A, SYN, 2, 0, 1, 0));
            assertSucc(want, NONE, step(s, timeout(A)));
        }

        @Test
        void synRcvdRetransmitsTheSynAck() {
            TcpState s = state();
            ep(s, A, SYN_SENT, 2, 0, 1, 1, 0, 0, 1);
            ep(s, B, SYN_RCVD, 1, 2, 1, 0, 1, 0, 1);
            TcpState want = copy(s);
            ep(want, B, SYN_RCVD, 1, 2, 1, RTO, 2, 0, 1);
            setNet(want, seg(B, SYNACK, 0, 2, 1, 0));
            assertSucc(want, NONE, step(s, timeout(B)));
        }

        @Test
        void closeWaitRetransmitsTheData() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 1, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 2, 1, 1, 0, 0, 1, 0);
            TcpState want = copy(s);
            ep(want, B, CLOSE_WAIT, 2, 1, 1, RTO, 1, 1, 0);
            setNet(want, seg(B, DATA, 1, 1, 0, 0));
            assertSucc(want, NONE, step(s, timeout(B)));
        }

        @Test
        void lastAckWithUnaTwoRetransmitsTheData() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 1, 0, 0, 0, 0, 0);
            ep(s, B, LAST_ACK, 3, 1, 2, 0, 1, 0, 0);
            TcpState want = copy(s);
            ep(want, B, LAST_ACK, 3, 1, 2, RTO, 2, 0, 0);
            setNet(want, seg(B, DATA, 1, 1, 0, 0));
            assertSucc(want, NONE, step(s, timeout(B)));
        }

        @Test
        void lastAckWithUnaOneRetransmitsTheFin() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 1, 0, 0, 0, 0, 0);
            ep(s, B, LAST_ACK, 3, 1, 1, 0, 0, 0, 0);
            TcpState want = copy(s);
            ep(want, B, LAST_ACK, 3, 1, 1, RTO, 1, 0, 0);
            setNet(want, seg(B, FIN, 2, 1, 0, 0));
            assertSucc(want, NONE, step(s, timeout(B)));
        }

        @Test
        void finWait1RetransmitsTheFinWithWrapAround() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 0, 2, 1, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 2, 0, 0, 0, 0, 0, 0);
            TcpState want = copy(s);
            ep(want, A, FIN_WAIT_1, 0, 2, 1, RTO, 1, 0, 0);
            setNet(want, seg(A, FIN, 4, 2, 0, 0));
            assertSucc(want, NONE, step(s, timeout(A)));
        }

        @Test
        void closingRetransmitsTheFin() {
            TcpState s = state();
            ep(s, A, CLOSING, 2, 3, 1, 0, 1, 0, 0);
            ep(s, B, LAST_ACK, 3, 2, 1, 2, 0, 0, 0);
            TcpState want = copy(s);
            ep(want, A, CLOSING, 2, 3, 1, RTO, 2, 0, 0);
            setNet(want, seg(A, FIN, 1, 3, 0, 0));
            assertSucc(want, NONE, step(s, timeout(A)));
        }

        @Test
        void notBeforeTheTimerIsDue() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 1, 0, 1, 1, 0, 0, 0);
            ep(s, B, TIME_WAIT, 0, 1, 0, 1, 0, 0, 0);
            List<String> n = names(s);
            assertFalse(n.contains(timeout(A)));
            assertFalse(n.contains(timeout(B)));
        }

        @Test
        void notWhenTheTimerIsNotArmed() {
            for (int st : new int[] {ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT}) {
                TcpState s = state();
                normal(s, A, st, 0);
                normal(s, B, st, 0);
                List<String> n = names(s);
                assertFalse(n.contains(timeout(A)) || n.contains(timeout(B)), TcpState.stateName(st));
            }
        }

        @Test
        void retransmissionNeedsRoomButGivingUpAndTimeWaitExpiryDoNot() {
            int[] full = {seg(B, ACK, 0, 0, 0, 0), seg(B, ACK, 0, 0, 0, 1), seg(B, ACK, 0, 0, 0, 2)};
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 1, 0, 1, 0, 0, 0, 0);
            ep(s, B, FIN_WAIT_2, 0, 0, 0, 0, 0, 0, 0);
            setNet(s, full);
            assertFalse(names(s).contains(timeout(A)), "rtx < R and no room");

            s.rtx[A] = R;
            TcpState want = copy(s);
            ep(want, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
            assertSucc(want, NONE, step(s, timeout(A)));

            TcpState tw = state();
            ep(tw, A, TIME_WAIT, 1, 0, 0, 0, 0, 0, 0);
            ep(tw, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            setNet(tw, full);
            TcpState twWant = copy(tw);
            ep(twWant, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
            assertSucc(twWant, NONE, step(tw, timeout(A)));
        }

        @Test
        void giveUpInLastAckByBIsAP2EventAndSendsNothing() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            ep(s, B, LAST_ACK, 2, 3, 1, 0, R, 0, 1);
            with(s, seg(A, ACK, 3, 2, 1, 0));
            TcpState want = copy(s);
            ep(want, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            assertSucc(want, P2, step(s, timeout(B)));
        }

        @Test
        void giveUpInLastAckWithUnaTwoIsAP2Event() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 1, 0, 0, 0, 0, 0);
            ep(s, B, LAST_ACK, 3, 1, 2, 0, R, 0, 0);
            TcpState want = copy(s);
            ep(want, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            assertSucc(want, P2, step(s, timeout(B)));
        }

        @Test
        void giveUpElsewhereIsNoP2Event() {
            // A in LAST_ACK (A closed passively): not B.
            TcpState a = state();
            ep(a, A, LAST_ACK, 2, 1, 1, 0, R, 0, 1);
            ep(a, B, FIN_WAIT_2, 1, 2, 0, 0, 0, 0, 1);
            TcpState aWant = copy(a);
            ep(aWant, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            assertSucc(aWant, NONE, step(a, timeout(A)));

            // B in other armed states.
            for (int st : new int[] {SYN_RCVD, FIN_WAIT_1, CLOSING, CLOSE_WAIT}) {
                TcpState s = state();
                normal(s, A, FIN_WAIT_2, 1);
                ep(s, B, st, 2, 3, 1, 0, R, st == CLOSE_WAIT ? 1 : 0, 1);
                TcpState want = copy(s);
                ep(want, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
                assertSucc(want, NONE, step(s, timeout(B)));
            }

            // A in SYN_SENT keeps its incarnation.
            TcpState syn = state();
            ep(syn, A, SYN_SENT, 3, 0, 1, 0, R, 0, 2);
            ep(syn, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            TcpState synWant = copy(syn);
            ep(synWant, A, CLOSED, 0, 0, 0, 0, 0, 0, 2);
            assertSucc(synWant, NONE, step(syn, timeout(A)));
        }

        @Test
        void timeWaitExpiryResetsKeepingTheIncarnation() {
            TcpState s = state();
            ep(s, A, TIME_WAIT, 2, 3, 0, 0, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            TcpState want = copy(s);
            ep(want, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            assertSucc(want, NONE, step(s, timeout(A)));

            TcpState b = state();
            ep(b, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
            ep(b, B, TIME_WAIT, 2, 3, 0, 0, 0, 0, 0);
            TcpState bWant = copy(b);
            ep(bWant, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            assertSucc(bWant, NONE, step(b, timeout(B)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // §6.0: room; replies never need it
    // ------------------------------------------------------------------------------------------

    @Nested
    class Room {
        @Test
        void aReplyToADeliveredSegmentFitsInAFullNetwork() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, FIN_WAIT_1, 2, 0, 1, 2, 0, 0, 0);
            int data = seg(B, DATA, 0, 0, 0, 0);
            int fin = seg(B, FIN, 1, 0, 0, 0);
            int ack = seg(A, ACK, 0, 0, 0, 1);
            with(s, data, fin, ack);
            assertEquals(CAP, s.size);
            assertFalse(names(s).contains(close(A)), "Close needs room");
            TcpState want = copy(s);
            ep(want, A, ESTABLISHED, 0, 1, 0, 0, 0, 0, 0);
            setNet(want, netWithout(s, data, seg(A, ACK, 0, 1, 0, 0)));
            assertSucc(want, NONE, step(s, deliver(data)));
        }

        @Test
        void resetRepliesAndSynAtListenFitInAFullNetwork() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            int fin = seg(B, FIN, 2, 3, 1, 0);
            int syn = seg(A, SYN, 1, 0, 1, 1);
            with(s, fin, syn, seg(A, ACK, 0, 0, 0, 0));
            assertEquals(CAP, s.size);
            assertReply(s, fin, seg(A, RST, 3, 0, 1, 0), NONE);
            TcpState want = copy(s);
            ep(want, B, SYN_RCVD, 1, 2, 1, RTO, 0, 0, 1);
            setNet(want, netWithout(s, syn, seg(B, SYNACK, 0, 2, 1, 0)));
            assertSucc(want, NONE, step(s, synAtListen(syn, 0)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.5 receive in CLOSED (A) and LISTEN (B)
    // ------------------------------------------------------------------------------------------

    @Nested
    class ReceiveClosedAndListen {
        TcpState closedA() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            ep(s, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 1);
            return s;
        }

        @Test
        void closedDropsRstAndRstAck() {
            for (int kind : new int[] {RST, RSTACK}) {
                TcpState s = closedA();
                int x = seg(B, kind, 3, kind == RST ? 0 : 2, 1, 1);
                with(s, x);
                assertDropped(s, x, NONE);
            }
        }

        @Test
        void closedAnswersSynWithRstAck() {
            TcpState s = closedA();
            int x = seg(B, SYN, 3, 0, 1, 0);
            with(s, x);
            assertReply(s, x, seg(A, RSTACK, 0, 4, 1, 0), NONE);

            TcpState wrap = closedA();
            int y = seg(B, SYN, 4, 0, 1, 0);
            with(wrap, y);
            assertReply(wrap, y, seg(A, RSTACK, 0, 0, 1, 0), NONE);
        }

        @Test
        void closedAnswersEverythingElseWithRstAtItsAck() {
            int[] kinds = {SYNACK, ACK, DATA, FIN};
            for (int i = 0; i < kinds.length; i++) {
                TcpState s = closedA();
                int x = seg(B, kinds[i], 3, i + 1, 1, 2);
                with(s, x);
                assertReply(s, x, seg(A, RST, i + 1, 0, 1, 0), NONE);
            }
        }

        TcpState listeningB() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 2, 3, 0, 0, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            return s;
        }

        @Test
        void listenDropsRstAndRstAck() {
            for (int kind : new int[] {RST, RSTACK}) {
                TcpState s = listeningB();
                int x = seg(A, kind, 2, kind == RST ? 0 : 3, 1, 0);
                with(s, x);
                assertDropped(s, x, NONE);
            }
        }

        @Test
        void listenAnswersNonSynWithRstAtItsAck() {
            int[] kinds = {SYNACK, ACK, DATA, FIN};
            for (int i = 0; i < kinds.length; i++) {
                TcpState s = listeningB();
                int x = seg(A, kinds[i], 2, (i + 2) % SEQ, 1, 1);
                with(s, x);
                assertReply(s, x, seg(B, RST, (i + 2) % SEQ, 0, 1, 0), NONE);
            }
        }

        @Test
        void aSynAtListenIsNotDeliveredButGivesOneSynAtListenPerIsn() {
            TcpState s = listeningB();
            int x = seg(A, SYN, 2, 0, 1, 0);
            with(s, x);
            List<String> expected = new ArrayList<>();
            for (int v = 0; v < SEQ; v++) expected.add(synAtListen(x, v));
            expected.add(lose(x));
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
        @Test
        void eachIsnGivesSynRcvdInTheSynsIncarnation() {
            TcpState s = state();
            ep(s, A, SYN_SENT, 3, 0, 1, 2, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            int x = seg(A, SYN, 2, 0, 1, 1);
            with(s, x);
            List<Succ> succs = successors(s);
            for (int v = 0; v < SEQ; v++) {
                TcpState want = copy(s);
                ep(want, B, SYN_RCVD, (v + 1) % SEQ, 3, 1, RTO, 0, 0, 1);
                setNet(want, seg(B, SYNACK, v, 3, 1, 0));
                assertSucc(want, NONE, pick(succs, synAtListen(x, v)));
            }
        }

        @Test
        void wrapsTheSynsSequenceNumber() {
            TcpState s = state();
            ep(s, A, SYN_SENT, 0, 0, 1, 2, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            int x = seg(A, SYN, 4, 0, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, SYN_RCVD, 0, 0, 1, RTO, 0, 0, 1);
            setNet(want, seg(B, SYNACK, 4, 0, 1, 0));
            assertSucc(want, NONE, step(s, synAtListen(x, 4)));
        }

        @Test
        void bAdoptsAnOlderTagTooWithoutAP1Check() {
            TcpState s = state();
            ep(s, A, SYN_SENT, 1, 0, 1, 2, 0, 0, 2);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            int old = seg(A, SYN, 3, 0, 0, 2);
            with(s, old, seg(A, SYN, 0, 0, 2, 0));
            TcpState want = copy(s);
            ep(want, B, SYN_RCVD, 2, 4, 1, RTO, 0, 0, 0);
            setNet(want, netWithout(s, old, seg(B, SYNACK, 1, 4, 0, 0)));
            // Not a P1 check (§7); the old segment does arrive at a newer endpoint.
            assertSucc(want, OLD, step(s, synAtListen(old, 1)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.5 receive in SYN_SENT (A)
    // ------------------------------------------------------------------------------------------

    @Nested
    class ReceiveSynSent {
        /** A sent SYN seq=1 (snd=2) in incarnation 1; B answered from SYN_RCVD with isn 3. */
        TcpState synSent() {
            TcpState s = state();
            ep(s, A, SYN_SENT, 2, 0, 1, 2, 0, 0, 1);
            ep(s, B, SYN_RCVD, 4, 2, 1, 2, 0, 0, 1);
            return s;
        }

        @Test
        void row1DropsSynAndRst() {
            int[] xs = {seg(B, SYN, 3, 0, 1, 0), seg(B, RST, 2, 0, 1, 0), seg(B, RST, 0, 0, 1, 1)};
            for (int x : xs) {
                TcpState s = with(synSent(), x);
                assertDropped(s, x, NONE);
            }
        }

        @Test
        void row2UnacceptableRstAckIsDropped() {
            TcpState s = synSent();
            int x = seg(B, RSTACK, 0, 3, 1, 0);
            with(s, x);
            assertDropped(s, x, NONE);
        }

        @Test
        void row2UnacceptableAckIsAnsweredWithRst() {
            int[] kinds = {SYNACK, ACK, DATA, FIN};
            int[] acks = {3, 1, 0, 4};
            for (int i = 0; i < kinds.length; i++) {
                TcpState s = synSent();
                int x = seg(B, kinds[i], 3, acks[i], 1, 1);
                with(s, x);
                assertReply(s, x, seg(A, RST, acks[i], 0, 1, 0), NONE);
            }
        }

        @Test
        void row3AcceptableRstAckResets() {
            TcpState s = synSent();
            int x = seg(B, RSTACK, 0, 2, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row4SynAckEstablishesAndAcknowledges() {
            TcpState s = synSent();
            int x = seg(B, SYNACK, 3, 2, 1, 1);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, ESTABLISHED, 2, 4, 0, 0, 0, 0, 1);
            setNet(want, seg(A, ACK, 2, 4, 1, 0));
            assertSucc(want, NEW_INC, step(s, deliver(x)));
        }

        @Test
        void row4WrapsRcv() {
            TcpState s = synSent();
            int x = seg(B, SYNACK, 4, 2, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, ESTABLISHED, 2, 0, 0, 0, 0, 0, 1);
            setNet(want, seg(A, ACK, 2, 0, 1, 0));
            assertSucc(want, NEW_INC, step(s, deliver(x)));
        }

        @Test
        void row4P1CheckFlagsAStaleSynAckButKeepsTheEffect() {
            TcpState s = synSent();
            int x = seg(B, SYNACK, 3, 2, 0, 2);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, ESTABLISHED, 2, 4, 0, 0, 0, 0, 1);
            setNet(want, seg(A, ACK, 2, 4, 1, 0));
            assertSucc(want, P1 | NEW_INC | OLD, step(s, deliver(x)));

            TcpState newer = synSent();
            int y = seg(B, SYNACK, 3, 2, 2, 0);
            with(newer, y);
            assertSucc(want, P1 | NEW_INC, step(newer, deliver(y)));
        }

        @Test
        void row5AcceptableAckDataFinAreDropped() {
            for (int kind : new int[] {ACK, DATA, FIN}) {
                TcpState s = synSent();
                int x = seg(B, kind, 4, 2, 1, 0);
                with(s, x);
                assertDropped(s, x, NONE);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.5 receive in a synchronized state
    // ------------------------------------------------------------------------------------------

    @Nested
    class ReceiveSynchronized {

        /** E in state st (normal form: snd=2, rcv=3), its peer in a neutral state. */
        TcpState at(int e, int st) {
            TcpState s = state();
            normal(s, e, st, 1);
            int peer = TcpState.peer(e);
            ep(s, peer, peer == A ? FIN_WAIT_2 : ESTABLISHED, 3, 2, 0, 0, 0, 0, 1);
            return s;
        }

        @Test
        void row1RstAtRcvResetsWithP2OnlyForBInLastAck() {
            for (int e = A; e <= B; e++) {
                for (int st : SYNCHRONIZED) {
                    for (int kind : new int[] {RST, RSTACK}) {
                        TcpState s = at(e, st);
                        int x = seg(TcpState.peer(e), kind, 3, kind == RST ? 0 : 2, 1, 0);
                        with(s, x);
                        TcpState want = copy(s);
                        ep(want, e, TcpState.closedState(e), 0, 0, 0, 0, 0, 0, 1);
                        setNet(want);
                        long labels = (e == B && st == LAST_ACK) ? P2 : NONE;
                        assertSucc(want, labels, step(s, deliver(x)));
                    }
                }
            }
        }

        @Test
        void row1RstElsewhereIsDropped() {
            for (int e = A; e <= B; e++) {
                for (int st : SYNCHRONIZED) {
                    for (int seq : new int[] {2, 4}) {
                        TcpState s = at(e, st);
                        int x = seg(TcpState.peer(e), seq == 2 ? RST : RSTACK, seq, 2, 1, 0);
                        with(s, x);
                        assertDropped(s, x, NONE);
                    }
                }
            }
        }

        @Test
        void row1LastAckOfBResetWithTheExactValues() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            ep(s, B, LAST_ACK, 2, 3, 1, 2, 1, 0, 1);
            int x = seg(A, RST, 3, 0, 1, 1);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            setNet(want);
            assertSucc(want, P2, step(s, deliver(x)));
        }

        @Test
        void row2SynInLastAckIsAnsweredWithRstAck() {
            TcpState s = state();
            ep(s, A, SYN_SENT, 0, 0, 1, 2, 0, 0, 1);
            ep(s, B, LAST_ACK, 2, 3, 1, 2, 1, 0, 0);
            int x = seg(A, SYN, 4, 0, 1, 0);
            with(s, x);
            assertReply(s, x, seg(B, RSTACK, 0, 0, 0, 0), NONE);

            // Also for A in LAST_ACK: the rule does not depend on the endpoint.
            TcpState a = at(A, LAST_ACK);
            int y = seg(B, SYN, 1, 0, 1, 0);
            with(a, y);
            assertReply(a, y, seg(A, RSTACK, 0, 2, 1, 0), NONE);
        }

        @Test
        void row2SynElsewhereDrawsAChallengeAck() {
            for (int e = A; e <= B; e++) {
                for (int st : SYNCHRONIZED) {
                    if (st == LAST_ACK) continue;
                    TcpState s = at(e, st);
                    int x = seg(TcpState.peer(e), SYN, 3, 0, 1, 1);
                    with(s, x);
                    assertReply(s, x, seg(e, ACK, 2, 3, 1, 0), NONE);
                }
            }
        }

        @Test
        void row3SynAckDrawsAnAckInEverySynchronizedState() {
            // ack=2 would acknowledge the outstanding segment (snd - una = 1) and seq=3 = rcv: still
            // row 3 applies first and the state does not change.
            for (int e = A; e <= B; e++) {
                for (int st : SYNCHRONIZED) {
                    TcpState s = at(e, st);
                    int x = seg(TcpState.peer(e), SYNACK, 3, 2, 1, 0);
                    with(s, x);
                    assertReply(s, x, seg(e, ACK, 2, 3, 1, 0), NONE);
                }
            }
        }

        TcpState timeWait() {
            TcpState s = state();
            ep(s, A, TIME_WAIT, 3, 2, 0, 1, 0, 0, 1);
            ep(s, B, LAST_ACK, 2, 3, 1, 2, 0, 0, 1);
            return s;
        }

        @Test
        void row4RetransmittedFinInTimeWaitRestartsTheTimer() {
            TcpState s = timeWait();
            int x = seg(B, FIN, 1, 3, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, TIME_WAIT, 3, 2, 0, TW, 0, 0, 1);
            setNet(want, seg(A, ACK, 3, 2, 1, 0));
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row4RestartWrapsModuloSeq() {
            TcpState s = state();
            ep(s, A, TIME_WAIT, 3, 0, 0, 2, 0, 0, 1);
            ep(s, B, LAST_ACK, 0, 3, 1, 2, 0, 0, 1);
            int x = seg(B, FIN, 4, 3, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, TIME_WAIT, 3, 0, 0, TW, 0, 0, 1);
            setNet(want, seg(A, ACK, 3, 0, 1, 0));
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row4OtherFinsInTimeWaitAreAnsweredWithoutRestart() {
            for (int seq : new int[] {0, 2, 3, 4}) {
                TcpState s = timeWait();
                int x = seg(B, FIN, seq, 3, 1, 0);
                with(s, x);
                assertReply(s, x, seg(A, ACK, 3, 2, 1, 0), NONE);
            }
        }

        @Test
        void row5OutOfWindowDataAndFinAreAnsweredInEverySynchronizedState() {
            for (int e = A; e <= B; e++) {
                for (int st : SYNCHRONIZED) {
                    for (int kind : new int[] {DATA, FIN}) {
                        if (st == TIME_WAIT && kind == FIN) continue; // row 4
                        for (int seq : new int[] {2, 4}) {
                            TcpState s = at(e, st);
                            int x = seg(TcpState.peer(e), kind, seq, 2, 1, 0);
                            with(s, x);
                            assertReply(s, x, seg(e, ACK, 2, 3, 1, 0), NONE);
                        }
                    }
                }
            }
        }

        @Test
        void row5OutOfWindowAckIsDroppedEvenIfItWouldAcknowledge() {
            for (int e = A; e <= B; e++) {
                for (int st : SYNCHRONIZED) {
                    TcpState s = at(e, st);
                    int x = seg(TcpState.peer(e), ACK, 4, 2, 1, 0); // ack=2 would ack snd-una=1
                    with(s, x);
                    assertDropped(s, x, NONE);
                }
            }
        }

        // --- row 6: SYN_RCVD

        TcpState synRcvd(int inc) {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 2, 4, 0, 0, 0, 0, inc);
            ep(s, B, SYN_RCVD, 4, 2, 1, 2, 1, 0, inc);
            return s;
        }

        @Test
        void row6SynRcvdAckWithKOneEstablishes() {
            TcpState s = synRcvd(1);
            int x = seg(A, ACK, 2, 4, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, ESTABLISHED, 4, 2, 0, 0, 0, 0, 1);
            setNet(want);
            assertSucc(want, NEW_INC, step(s, deliver(x)));

            TcpState zero = synRcvd(0);
            int y = seg(A, ACK, 2, 4, 0, 0);
            with(zero, y);
            TcpState wantZero = copy(zero);
            ep(wantZero, B, ESTABLISHED, 4, 2, 0, 0, 0, 0, 0);
            setNet(wantZero);
            assertSucc(wantZero, NONE, step(zero, deliver(y)));
        }

        @Test
        void row6SynRcvdDataWithKOneEstablishesThenAcceptsTheText() {
            TcpState s = synRcvd(1);
            int x = seg(A, DATA, 2, 4, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, ESTABLISHED, 4, 3, 0, 0, 0, 0, 1);
            setNet(want, seg(B, ACK, 4, 3, 1, 0));
            assertSucc(want, NEW_INC, step(s, deliver(x)));
        }

        @Test
        void row6SynRcvdFinWithKOneGoesOnToCloseWait() {
            TcpState s = synRcvd(1);
            int x = seg(A, FIN, 2, 4, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, CLOSE_WAIT, 4, 3, 0, 0, 0, 0, 1);
            setNet(want, seg(B, ACK, 4, 3, 1, 0));
            // B passes through ESTABLISHED within the step; it does not end there.
            Succ got = step(s, deliver(x));
            assertEquals(show(sortedCopy(want)), show(got.next()));
            assertEquals(0, got.labels() & (P1 | P2 | OLD | ACKED), "no P1/P2/old/acked label");
        }

        @Test
        void row6SynRcvdWithKNotOneAnswersRstAndDrops() {
            for (int kind : new int[] {ACK, DATA, FIN}) {
                for (int ack : new int[] {3, 0, 1, 2}) { // k = 0, 2, 3, 4
                    TcpState s = synRcvd(1);
                    int x = seg(A, kind, 2, ack, 1, 0);
                    with(s, x);
                    assertReply(s, x, seg(B, RST, ack, 0, 1, 0), NONE);
                }
            }
        }

        // --- row 6: acknowledgment in the other states

        @Test
        void row6FinWait1AckOfTheFinGoesToFinWait2() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 1, 0, 0);
            ep(s, B, CLOSE_WAIT, 1, 2, 0, 0, 0, 0, 0);
            int x = seg(B, ACK, 1, 2, 0, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, FIN_WAIT_2, 2, 1, 0, 0, 0, 0, 0);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row6AcknowledgmentOutsideOneToUnaIsIgnored() {
            for (int ack : new int[] {1, 3, 4}) { // k = 0, 2, 3 with una = 1
                TcpState s = state();
                ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 1, 0, 0);
                ep(s, B, CLOSE_WAIT, 1, 2, 0, 0, 0, 0, 0);
                int x = seg(B, ACK, 1, ack, 0, 0);
                with(s, x);
                assertDropped(s, x, NONE);
            }
        }

        @Test
        void row6FinWait1FinWithoutAckOfOurFinGoesToClosing() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 1, 0, 0);
            ep(s, B, FIN_WAIT_1, 2, 1, 1, 2, 0, 0, 0);
            int x = seg(B, FIN, 1, 1, 0, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, CLOSING, 2, 2, 1, 2, 1, 0, 0);
            setNet(want, seg(A, ACK, 2, 2, 0, 0));
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row6FinWait1FinWithAckOfOurFinGoesToTimeWait() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 1, 0, 0);
            ep(s, B, LAST_ACK, 2, 2, 1, 2, 0, 0, 0);
            int x = seg(B, FIN, 1, 2, 0, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, TIME_WAIT, 2, 2, 0, TW, 0, 0, 0);
            setNet(want, seg(A, ACK, 2, 2, 0, 0));
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row6FinWait1DataIsAcceptedWithOrWithoutTheAck() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 1, 0, 0);
            ep(s, B, CLOSE_WAIT, 2, 2, 1, 2, 0, 1, 0);
            int acking = seg(B, DATA, 1, 2, 0, 0);
            int notAcking = seg(B, DATA, 1, 1, 0, 0);
            with(s, acking, notAcking);

            TcpState w1 = copy(s);
            ep(w1, A, FIN_WAIT_2, 2, 2, 0, 0, 0, 0, 0);
            setNet(w1, netWithout(s, acking, seg(A, ACK, 2, 2, 0, 0)));
            assertSucc(w1, NONE, step(s, deliver(acking)));

            TcpState w2 = copy(s);
            ep(w2, A, FIN_WAIT_1, 2, 2, 1, 2, 1, 0, 0);
            setNet(w2, netWithout(s, notAcking, seg(A, ACK, 2, 2, 0, 0)));
            assertSucc(w2, NONE, step(s, deliver(notAcking)));
        }

        @Test
        void row6FinWait2DataIsAcceptedAndFinGoesToTimeWait() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 2, 4, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 0, 2, 0, 0, 0, 0, 0);
            int data = seg(B, DATA, 4, 2, 0, 0);
            with(s, data);
            TcpState w = copy(s);
            ep(w, A, FIN_WAIT_2, 2, 0, 0, 0, 0, 0, 0);
            setNet(w, seg(A, ACK, 2, 0, 0, 0));
            assertSucc(w, NONE, step(s, deliver(data)));

            TcpState f = state();
            ep(f, A, FIN_WAIT_2, 2, 4, 0, 0, 0, 0, 0);
            ep(f, B, LAST_ACK, 0, 2, 1, 2, 0, 0, 0);
            int fin = seg(B, FIN, 4, 2, 0, 1);
            with(f, fin);
            TcpState fw = copy(f);
            ep(fw, A, TIME_WAIT, 2, 0, 0, TW, 0, 0, 0);
            setNet(fw, seg(A, ACK, 2, 0, 0, 0));
            assertSucc(fw, NONE, step(f, deliver(fin)));
        }

        @Test
        void row6ClosingAckOfTheFinGoesToTimeWait() {
            TcpState s = state();
            ep(s, A, CLOSING, 2, 2, 1, 1, 1, 0, 0);
            ep(s, B, CLOSING, 2, 2, 1, 1, 0, 0, 0);
            int x = seg(B, ACK, 2, 2, 0, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, TIME_WAIT, 2, 2, 0, TW, 0, 0, 0);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row6EstablishedAcceptsDataAndFin() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 1, 3, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 4, 1, 1, 2, 0, 1, 0);
            int data = seg(B, DATA, 3, 1, 0, 0);
            with(s, data);
            TcpState w = copy(s);
            ep(w, A, ESTABLISHED, 1, 4, 0, 0, 0, 0, 0);
            setNet(w, seg(A, ACK, 1, 4, 0, 0));
            assertSucc(w, NONE, step(s, deliver(data)));

            TcpState f = state();
            ep(f, A, ESTABLISHED, 1, 4, 0, 0, 0, 0, 0);
            ep(f, B, FIN_WAIT_1, 0, 1, 1, 2, 0, 0, 0);
            int fin = seg(B, FIN, 4, 1, 0, 0);
            with(f, fin);
            TcpState fw = copy(f);
            ep(fw, A, CLOSE_WAIT, 1, 0, 0, 0, 0, 0, 0);
            setNet(fw, seg(A, ACK, 1, 0, 0, 0));
            assertSucc(fw, NONE, step(f, deliver(fin)));
        }

        @Test
        void row6InWindowAckWithNothingToAcknowledgeChangesNothing() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 1, 3, 0, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 3, 1, 0, 0, 0, 0, 0);
            int x = seg(B, ACK, 3, 1, 0, 0);
            with(s, x);
            assertDropped(s, x, NONE);
        }

        @Test
        void row6CloseWaitAckOfTheDataClearsTheTimerButKeepsDat() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 3, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 3, 1, 1, 1, 1, 1, 0);
            int x = seg(A, ACK, 1, 3, 0, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, CLOSE_WAIT, 3, 1, 0, 0, 0, 1, 0);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row6DataAndFinAtRcvAreIgnoredInCloseWaitClosingAndLastAck() {
            // Acknowledgment fields chosen so that nothing is newly acknowledged (k = 0).
            for (int e = A; e <= B; e++) {
                for (int st : new int[] {CLOSE_WAIT, CLOSING, LAST_ACK}) {
                    for (int kind : new int[] {DATA, FIN}) {
                        TcpState s = at(e, st);
                        int ack = s.una[e] == 1 ? 1 : 2; // snd - una
                        int x = seg(TcpState.peer(e), kind, 3, ack, 0, 0); // stale tag: still no P1 check
                        with(s, x);
                        assertDropped(s, x, OLD);
                    }
                }
            }
        }

        @Test
        void row6TextInCloseWaitIsIgnoredAfterItsAcknowledgmentIsTaken() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 3, 1, 1, 2, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 3, 3, 1, 2, 1, 1, 0);
            int x = seg(A, FIN, 3, 3, 0, 0); // a stray in-window FIN acknowledging B's DATA
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, CLOSE_WAIT, 3, 3, 0, 0, 0, 1, 0);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row6LastAckFullAcknowledgmentIsTheCleanExit() {
            TcpState s = state();
            ep(s, A, TIME_WAIT, 3, 2, 0, 3, 0, 0, 1);
            ep(s, B, LAST_ACK, 2, 3, 1, 2, 1, 0, 1);
            int x = seg(A, ACK, 3, 2, 1, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            setNet(want);
            assertSucc(want, ACKED, step(s, deliver(x)));
        }

        @Test
        void row6LastAckFinAcknowledgingEverythingResetsWithoutReply() {
            TcpState s = state();
            ep(s, A, LAST_ACK, 3, 2, 1, 2, 0, 0, 0);
            ep(s, B, LAST_ACK, 2, 3, 1, 2, 0, 0, 0);
            int x = seg(A, FIN, 3, 2, 0, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            setNet(want);
            assertSucc(want, ACKED, step(s, deliver(x)));
        }

        @Test
        void row6LastAckWithUnaTwoPartialAcknowledgment() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 1, 3, 0, 0, 0, 0, 0);
            ep(s, B, LAST_ACK, 4, 1, 2, 1, 1, 0, 0);
            int partial = seg(A, ACK, 1, 3, 0, 0); // k = 1: the DATA
            int both = seg(A, ACK, 1, 4, 0, 1); // k = 2: DATA and FIN
            int none = seg(A, ACK, 1, 2, 0, 2); // k = 0
            with(s, partial, both, none);

            TcpState wp = copy(s);
            ep(wp, B, LAST_ACK, 4, 1, 1, RTO, 0, 0, 0);
            setNet(wp, netWithout(s, partial));
            assertSucc(wp, NONE, step(s, deliver(partial)));

            TcpState wb = copy(s);
            ep(wb, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            setNet(wb, netWithout(s, both));
            assertSucc(wb, ACKED, step(s, deliver(both)));

            assertDropped(s, none, NONE);
        }

        @Test
        void row6LastAckWithUnaTwoIgnoresTheTextAfterAPartialAcknowledgment() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 3, 1, 2, 0, 0, 0);
            ep(s, B, LAST_ACK, 4, 1, 2, 1, 1, 0, 0);
            int x = seg(A, FIN, 1, 3, 0, 0);
            with(s, x);
            TcpState want = copy(s);
            ep(want, B, LAST_ACK, 4, 1, 1, RTO, 0, 0, 0);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void row6DataAtRcvInTimeWaitHasNoEffect() {
            // Literal reading: rows 1-5 do not match, una = 0 so the ack part does nothing, and
            // TIME_WAIT is not among the states that accept text: no reply, no change.
            TcpState s = state();
            ep(s, A, TIME_WAIT, 3, 2, 0, 2, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 2, 3, 0, 0, 0, 0, 0);
            int x = seg(B, DATA, 2, 3, 0, 0);
            with(s, x);
            assertDropped(s, x, NONE);
        }
    }

    TcpState sortedCopy(TcpState s) {
        TcpState c = copy(s);
        Arrays.sort(c.net, 0, c.size);
        return c;
    }

    // ------------------------------------------------------------------------------------------
    // §7: P1 (STALE_ACCEPT) and the other labels
    // ------------------------------------------------------------------------------------------

    @Nested
    class Labels {
        TcpState established(int inc) {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 1, 3, 0, 0, 0, 0, inc);
            ep(s, B, ESTABLISHED, 3, 1, 0, 0, 0, 0, inc);
            return s;
        }

        @Test
        void staleAcceptWhenTheAcceptedTagDiffersFromTheReceiversIncarnation() {
            long[] expected = {P1 | OLD, NONE, P1}; // tags 0, 1, 2 at an endpoint of incarnation 1
            for (int tag = 0; tag < INC; tag++) {
                TcpState s = established(1);
                int x = seg(B, DATA, 3, 1, tag, 0);
                with(s, x);
                TcpState want = copy(s);
                ep(want, A, ESTABLISHED, 1, 4, 0, 0, 0, 0, 1);
                setNet(want, seg(A, ACK, 1, 4, 1, 0));
                assertSucc(want, expected[tag], step(s, deliver(x)));
            }
        }

        @Test
        void staleFinInFinWait2IsAP1Violation() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 2, 0, 0, 0, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 1);
            int x = seg(B, FIN, 0, 2, 0, 2);
            with(s, x);
            TcpState want = copy(s);
            ep(want, A, TIME_WAIT, 2, 1, 0, TW, 0, 0, 1);
            setNet(want, seg(A, ACK, 2, 1, 1, 0));
            assertSucc(want, P1 | OLD, step(s, deliver(x)));
        }

        @Test
        void noP1CheckOnSegmentsThatDoNotAdvanceRcv() {
            // out-of-window DATA
            TcpState s = established(1);
            int ow = seg(B, DATA, 0, 1, 0, 0);
            with(s, ow);
            assertReply(s, ow, seg(A, ACK, 1, 3, 1, 0), OLD);
            // in-window pure ACK
            TcpState t = established(1);
            int ack = seg(B, ACK, 3, 1, 2, 0);
            with(t, ack);
            assertDropped(t, ack, NONE);
            // SYN_RCVD accepting the handshake ACK with a stale tag
            TcpState r = state();
            ep(r, A, ESTABLISHED, 2, 4, 0, 0, 0, 0, 0);
            ep(r, B, SYN_RCVD, 4, 2, 1, 2, 0, 0, 1);
            int hs = seg(A, ACK, 2, 4, 0, 0);
            with(r, hs);
            TcpState want = copy(r);
            ep(want, B, ESTABLISHED, 4, 2, 0, 0, 0, 0, 1);
            setNet(want);
            assertSucc(want, NEW_INC | OLD, step(r, deliver(hs)));
        }

        @Test
        void oldSegmentArrivesOnEveryDeliveryOfAnOlderTagButNotOnLoss() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 1);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            int x = seg(B, RST, 1, 0, 0, 0);
            with(s, x);
            assertDropped(s, x, OLD);

            TcpState want = copy(s);
            setNet(want);
            want.lost = 1;
            assertSucc(want, NONE, step(s, lose(x)));
        }

        @Test
        void stayingEstablishedIsNotEnteringEstablished() {
            // SYN_SENT and SYN_RCVD cases are covered with their rules; here: an established
            // endpoint of incarnation 1 staying ESTABLISHED does not "enter" it again.
            TcpState s = established(1);
            int x = seg(B, DATA, 3, 1, 1, 0);
            with(s, x);
            assertEquals(NONE, step(s, deliver(x)).labels() & NEW_INC);
        }

        @Test
        void ordinaryActionsCarryNoLabels() {
            TcpState s = established(0);
            with(s, seg(B, ACK, 3, 1, 0, 0));
            for (Succ x : successors(s)) assertEquals(labelNames(NONE), labelNames(x.labels() & CHECKED), x.name());
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.6 Lose(s)
    // ------------------------------------------------------------------------------------------

    @Nested
    class Lose {
        @Test
        void removesOneOccurrenceAndCountsIt() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 1, 2, 0, 0, 0, 0, 0);
            int fin = seg(A, FIN, 1, 1, 0, 1);
            int ack = seg(B, ACK, 1, 2, 0, 0);
            with(s, fin, ack);
            List<Succ> succs = successors(s);
            assertEquals(2, names(succs).stream().filter(n -> n.startsWith("Lose(")).count());
            for (int x : new int[] {fin, ack}) {
                TcpState want = copy(s);
                setNet(want, netWithout(s, x));
                want.lost = 1;
                assertSucc(want, NONE, pick(succs, lose(x)));
            }
        }

        @Test
        void disabledOnceTheBudgetIsSpent() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 1, 2, 0, 0, 0, 0, 0);
            with(s, seg(A, FIN, 1, 1, 0, 1));
            s.lost = 1; // LOSS = 1
            assertTrue(names(s).stream().noneMatch(n -> n.startsWith("Lose(")));
        }

        @Test
        void neverWithAZeroBudget() {
            use("5/3/3/0/2/3/2/4");
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 1, 2, 0, 0, 0, 0, 0);
            with(s, seg(A, FIN, 1, 1, 0, 1));
            assertTrue(names(s).stream().noneMatch(n -> n.startsWith("Lose(")));
        }

        @Test
        void oneActionPerOccurrenceOfEqualSegments() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 1, 1, 2, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 1, 2, 0, 0, 0, 0, 0);
            int fin = seg(A, FIN, 1, 1, 0, 1);
            with(s, fin, fin);
            List<Succ> succs = successors(s);
            assertEquals(2, names(succs).stream().filter(n -> n.equals(lose(fin))).count());
            assertEquals(2, names(succs).stream().filter(n -> n.equals(deliver(fin))).count());
            TcpState want = copy(s);
            setNet(want, fin);
            want.lost = 1;
            assertSucc(want, NONE, pick(succs, lose(fin)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // 6.7 Tick
    // ------------------------------------------------------------------------------------------

    @Nested
    class Tick {
        @Test
        void notWhenNothingIsTimed() {
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
            assertFalse(names(s).contains("Tick"));
            assertFalse(names(m.initialState()).contains("Tick"));
        }

        @Test
        void agesSegmentsAndRunsArmedTimersOnly() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, FIN_WAIT_1, 2, 0, 1, 2, 1, 0, 0);
            with(s, seg(B, DATA, 0, 0, 0, 0), seg(B, FIN, 1, 0, 0, 1));
            TcpState want = copy(s);
            ep(want, B, FIN_WAIT_1, 2, 0, 1, 1, 1, 0, 0);
            setNet(want, seg(B, DATA, 0, 0, 0, 1), seg(B, FIN, 1, 0, 0, 2));
            assertSucc(want, NONE, step(s, "Tick"));
        }

        @Test
        void aSegmentAloneIsTimed() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            with(s, seg(A, ACK, 0, 0, 0, 0));
            TcpState want = copy(s);
            setNet(want, seg(A, ACK, 0, 0, 0, 1));
            assertSucc(want, NONE, step(s, "Tick"));
        }

        @Test
        void anArmedTimerAloneIsTimed() {
            for (int[] c : new int[][] {{TIME_WAIT, 0, 3}, {CLOSE_WAIT, 1, 2}, {LAST_ACK, 2, 1}}) {
                TcpState s = state();
                ep(s, A, c[0], 2, 1, c[1], c[2], 0, c[0] == CLOSE_WAIT ? 1 : 0, 0);
                ep(s, B, LISTEN, 0, 0, 0, 0, 0, 0, 0);
                TcpState want = copy(s);
                want.tmr[A] = c[2] - 1;
                assertSucc(want, NONE, step(s, "Tick"));
            }
        }

        @Test
        void aDueTimerIsUrgent() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 2, 0, 1, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 0, 1, 0, 0, 0, 0, 0);
            with(s, seg(A, FIN, 1, 0, 0, 0));
            assertFalse(names(s).contains("Tick"), "A's retransmission timer is due");

            TcpState t = state();
            ep(t, A, FIN_WAIT_1, 2, 0, 1, 2, 0, 0, 0);
            ep(t, B, TIME_WAIT, 0, 1, 0, 0, 0, 0, 0);
            assertFalse(names(t).contains("Tick"), "B's TIME_WAIT timer is due");
            t.tmr[B] = 1;
            assertTrue(names(t).contains("Tick"));
        }

        @Test
        void aSegmentAtAgeMslBlocksTickWithoutExpire() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, FIN_WAIT_1, 2, 0, 1, 2, 0, 0, 0);
            int old = seg(B, DATA, 0, 0, 0, MSL);
            with(s, old, seg(B, FIN, 1, 0, 0, 0));
            List<String> n = names(s);
            assertFalse(n.contains("Tick"));
            assertTrue(n.contains(deliver(old)) && n.contains(lose(old)), "must be delivered or lost");
        }

        @Test
        void withMslZeroEverySegmentMustGoBeforeTheNextTick() {
            use("3/2/2/1/0/3/2/2");
            TcpState s = state();
            ep(s, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, FIN_WAIT_1, 2, 0, 1, 2, 0, 0, 0);
            with(s, seg(B, FIN, 1, 0, 0, 0));
            assertFalse(names(s).contains("Tick"));
        }

        @Test
        void withExpireTickRemovesSegmentsAtAgeMslWithoutCountingALoss() {
            use(CONFIG + "+e");
            TcpState s = state();
            ep(s, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, FIN_WAIT_1, 2, 0, 1, 2, 0, 0, 0);
            with(s, seg(B, DATA, 0, 0, 0, MSL), seg(B, FIN, 1, 0, 0, 0));
            TcpState want = copy(s);
            ep(want, B, FIN_WAIT_1, 2, 0, 1, 1, 0, 0, 0);
            setNet(want, seg(B, FIN, 1, 0, 0, 1));
            assertSucc(want, NONE, step(s, "Tick"));

            TcpState alone = state();
            ep(alone, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(alone, B, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            with(alone, seg(A, ACK, 0, 0, 0, MSL));
            TcpState aloneWant = copy(alone);
            setNet(aloneWant);
            assertSucc(aloneWant, NONE, step(alone, "Tick"));
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
            TcpState want = state();
            ep(want, A, FIN_WAIT_1, 1, 0, 1, RTO, 0, 0, 0);
            ep(want, B, FIN_WAIT_1, 1, 0, 1, RTO, 0, 0, 0);
            setNet(want, seg(A, FIN, 0, 0, 0, 0), seg(B, FIN, 0, 0, 0, 0));
            assertSucc(want, NONE, ab);
        }

        @Test
        void aReplyIsSortedIntoPlace() {
            // A's reply (src A) sorts before B's segments (src B) although it is added last.
            TcpState s = state();
            ep(s, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, FIN_WAIT_1, 2, 0, 1, 2, 0, 0, 0);
            int data = seg(B, DATA, 0, 0, 0, 0);
            int fin = seg(B, FIN, 1, 0, 0, 0);
            with(s, data, fin);
            Succ x = step(s, deliver(data));
            TcpState got = x.next();
            assertEquals(2, got.size);
            assertEquals(seg(A, ACK, 0, 1, 0, 0), got.net[0]);
            assertEquals(fin, got.net[1]);
        }

        @Test
        void successorsDoNotDependOnTheStoredOrderOfTheNetwork() {
            TcpState sorted = state();
            ep(sorted, A, ESTABLISHED, 0, 0, 0, 0, 0, 0, 0);
            ep(sorted, B, FIN_WAIT_1, 2, 0, 1, 2, 0, 0, 0);
            int ack = seg(A, ACK, 0, 0, 0, 1);
            int fin = seg(B, FIN, 1, 0, 0, 0);
            int data = seg(B, DATA, 0, 0, 0, 0);
            with(sorted, ack, fin, data);
            TcpState shuffled = copy(sorted);
            shuffled.net[0] = fin;
            shuffled.net[1] = data;
            shuffled.net[2] = ack;
            List<Succ> a = successors(sorted);
            List<Succ> b = successors(shuffled);
            assertEquals(names(a), names(b));
            for (Succ x : a) assertArrayEquals(x.packed(), pick(b, x.name()).packed(), x.name());
        }

        @Test
        void encodeDecodeRoundTrip() {
            TcpState s = state();
            ep(s, A, LAST_ACK, 4, 3, 2, 4, 2, 0, 2);
            ep(s, B, CLOSE_WAIT, 1, 2, 1, 3, 1, 1, 1);
            with(s, seg(B, RSTACK, 4, 4, 2, 2), seg(A, SYN, 0, 0, 0, 0), seg(A, SYN, 0, 0, 0, 0));
            s.lost = 1;
            assertEquals(show(s), show(m.decode(m.encode(s), 0)));
        }

        @Test
        void lostAndTagsArePartOfTheIdentity() {
            TcpState s = m.initialState();
            with(s, seg(A, ACK, 0, 0, 0, 0));
            TcpState lost = copy(s);
            lost.lost = 1;
            TcpState tagged = copy(s);
            setNet(tagged, seg(A, ACK, 0, 0, 1, 0));
            assertFalse(Arrays.equals(m.encode(s), m.encode(lost)));
            assertFalse(Arrays.equals(m.encode(s), m.encode(tagged)));
        }
    }
}
