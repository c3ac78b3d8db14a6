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
 * The design-variant switches of {@code models/README.md} ("The variant switches"), transition by
 * transition, in the style of {@link TcpRulesTest}: a hand-made state, its successors, one picked
 * by action name, and the whole successor compared with what the documentation prescribes (both
 * endpoints including {@code isnBase} and {@code tsAge}, the network, {@code lost}, {@code dups}
 * and the P1/P2 labels). For every switch one or two tests check that its default value is R0
 * ({@code docs/r0-semantics.md}); the rest check the switched-on behaviour.
 */
class TcpVariantsTest extends TcpModelFixture {

    /** SEQ=5, INC=3, CAP=3, LOSS=1, MSL=2, RTO=3, R=2, TW=4: every constant distinct. */
    static final String CONFIG = "5/3/3/1/2/3/2/4";
    static final int SEQ = 5, INC = 3, CAP = 3, MSL = 2, RTO = 3, R = 2, TW = 4;
    /** ts_recent's "none / older than any segment in flight". */
    static final int TS_NONE = MSL + 1;

    static final long NONE = 0;
    static final long P1 = TcpLabel.STALE_ACCEPT.bit();
    static final long P2 = TcpLabel.LAST_ACK_UNCLEAN_EXIT.bit();
    /** Only the labels of the documented properties are checked. */
    static final long CHECKED = P1 | P2;
    static final String OVERFLOW = " [no TIME_WAIT: bucket overflow]";
    static final String REUSING = ", reusing TIME_WAIT";

    static final int[] ALL_STATES = {
        CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT,
        CLOSE_WAIT, LAST_ACK
    };

    {
        use(TcpParameters.parseConfig(CONFIG));
    }

    /** Switches one variant on (on top of the switches already set). */
    void set(String name, int value) {
        use(params.with(name, value));
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    /** reset(E) of docs/r0-semantics.md §6.0 (variant fields left alone: the caller sets what the variant says). */
    static void closed(TcpState s, int e, int inc) {
        ep(s, e, e == A ? CLOSED : LISTEN, 0, 0, 0, 0, 0, 0, inc);
    }

    static String reuse(int v) {
        return "Open(A, isn=" + v + REUSING + ")";
    }

    static String labelNames(long labels) {
        List<String> out = new ArrayList<>();
        if ((labels & P1) != 0) out.add("P1/STALE_ACCEPT");
        if ((labels & P2) != 0) out.add("P2/LAST_ACK_UNCLEAN_EXIT");
        return out.toString();
    }

    /** The successor equals want, field by field, and carries exactly the given P1/P2 labels. */
    void assertSucc(TcpState want, long labels, Succ got) {
        TcpState w = copy(want);
        if (!fifo) Arrays.sort(w.net, 0, w.size);
        assertEquals(show(w), show(got.next()), got.name());
        assertArrayEquals(m.encode(w), got.packed(), got.name() + ": packed form");
        assertEquals(labelNames(labels), labelNames(got.labels() & CHECKED), got.name() + ": labels");
    }

    void assertDropped(TcpState s, int x) {
        TcpState want = copy(s);
        setNet(want, netWithout(s, x));
        assertSucc(want, NONE, step(s, deliver(x)));
    }

    void assertReply(TcpState s, int x, int reply) {
        TcpState want = copy(s);
        setNet(want, netWithout(s, x, reply));
        assertSucc(want, NONE, step(s, deliver(x)));
    }

    /** All successors whose name starts with the given action name (overflow alternatives included). */
    List<String> outcomesOf(TcpState s, String action) {
        return names(s).stream().filter(n -> n.equals(action) || n.startsWith(action + " ["))
                .collect(Collectors.toList());
    }

    // ------------------------------------------------------------------------------------------
    // Every switch is off by default
    // ------------------------------------------------------------------------------------------

    @Nested
    class Defaults {
        @Test
        void parseConfigGivesEverySwitchItsFirstValue() {
            TcpParameters p = TcpParameters.parseConfig(CONFIG);
            for (twcheck.model.Parameter d : TcpParameters.DEFINITIONS) {
                if (!d.required()) assertEquals(d.defaultValue(), p.asMap().get(d.name()), d.name());
            }
            assertEquals(0, p.variants().timeWaitRestart());
            assertEquals(1, p.variants().reorder());
            assertEquals(List.of(), p.variantWords());
        }

        @Test
        void namedValuesMapToTheirPositionInTheTable() {
            Object[][] table = {
                {"timeWaitRestart", List.of("fin", "none", "any")},
                {"rstInTimeWait", List.of("close", "ignore")},
                {"synInLastAck", List.of("rst", "challenge")},
                {"abort", List.of("none", "A", "B", "both")},
                {"isn", List.of("any", "clock")},
                {"closer", List.of("either", "A", "B")},
            };
            for (Object[] row : table) {
                twcheck.model.Parameter d = TcpParameters.definition((String) row[0]);
                @SuppressWarnings("unchecked")
                List<String> values = (List<String>) row[1];
                for (int i = 0; i < values.size(); i++) {
                    assertEquals(Integer.valueOf(i), d.valueOf(values.get(i)), row[0] + "=" + values.get(i));
                }
                assertEquals(0, d.defaultValue(), row[0] + " default");
            }
            assertEquals(1, TcpParameters.definition("reorder").defaultValue());
            for (String n : List.of("timestamps", "twReuse", "twOverflow", "finTimeout", "duplicates")) {
                assertEquals(0, TcpParameters.definition(n).defaultValue(), n + " default");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // timeWaitRestart
    // ------------------------------------------------------------------------------------------

    @Nested
    class TimeWaitRestart {
        /** A in TIME_WAIT (snd=2, rcv=3, two ticks left); B in LAST_ACK, its FIN (seq 2) unacknowledged. */
        TcpState tw() {
            TcpState s = state();
            ep(s, A, TIME_WAIT, 2, 3, 0, 2, 0, 0, 0);
            ep(s, B, LAST_ACK, 3, 2, 1, 1, 1, 0, 0);
            return s;
        }

        int ackA() {
            return seg(A, ACK, 2, 3, 0, 0);
        }

        /** x delivered to A in TIME_WAIT: removed, the optional reply sent, A's timer at tmr. */
        void assertTw(TcpState s, int x, int tmr, int... reply) {
            TcpState want = copy(s);
            want.tmr[A] = tmr;
            setNet(want, netWithout(s, x, reply));
            assertSucc(want, NONE, step(s, deliver(x)));
        }

        @Test
        void finDefaultRestartsOnlyOnTheRetransmittedFin() {
            set("timeWaitRestart", 0);
            int fin = seg(B, FIN, 2, 2, 0, 1);
            assertTw(with(tw(), fin), fin, TW, ackA());
            int otherFin = seg(B, FIN, 4, 2, 0, 1);
            assertTw(with(tw(), otherFin), otherFin, 2, ackA());
            int ack = seg(B, ACK, 3, 2, 0, 1);
            assertTw(with(tw(), ack), ack, 2);
            int data = seg(B, DATA, 1, 2, 0, 1);
            assertTw(with(tw(), data), data, 2, ackA());
        }

        @Test
        void noneNeverRestartsButStillAcknowledgesTheRetransmittedFin() {
            set("timeWaitRestart", 1);
            int fin = seg(B, FIN, 2, 2, 0, 1);
            assertTw(with(tw(), fin), fin, 2, ackA());
            int otherFin = seg(B, FIN, 4, 2, 0, 0);
            assertTw(with(tw(), otherFin), otherFin, 2, ackA());
            int synack = seg(B, SYNACK, 1, 2, 0, 0);
            assertTw(with(tw(), synack), synack, 2, ackA());
            int ack = seg(B, ACK, 3, 2, 0, 0);
            assertTw(with(tw(), ack), ack, 2);
        }

        @Test
        void noneTimeWaitLastsExactlyTimeWaitTicks() {
            set("timeWaitRestart", 1);
            TcpState s = state();
            ep(s, A, TIME_WAIT, 2, 3, 0, 1, 0, 0, 0);
            closed(s, B, 0);
            TcpState want = copy(s);
            want.tmr[A] = 0;
            assertSucc(want, NONE, step(s, "Tick"));
            TcpState due = copy(want);
            assertFalse(names(due).contains("Tick"));
            TcpState gone = copy(due);
            closed(gone, A, 0);
            assertSucc(gone, NONE, step(due, timeout(A)));
        }

        @Test
        void anyRestartsOnEverySegmentCarryingAck() {
            set("timeWaitRestart", 2);
            int fin = seg(B, FIN, 2, 2, 0, 1);
            assertTw(with(tw(), fin), fin, TW, ackA());
            int otherFin = seg(B, FIN, 4, 2, 0, 1);
            assertTw(with(tw(), otherFin), otherFin, TW, ackA());
            int ackInWindow = seg(B, ACK, 3, 2, 0, 1);
            assertTw(with(tw(), ackInWindow), ackInWindow, TW);
            int ackOutside = seg(B, ACK, 1, 2, 0, 2);
            assertTw(with(tw(), ackOutside), ackOutside, TW);
            int dataOutside = seg(B, DATA, 1, 2, 0, 0);
            assertTw(with(tw(), dataOutside), dataOutside, TW, ackA());
            int dataInWindow = seg(B, DATA, 3, 2, 0, 0);
            assertTw(with(tw(), dataInWindow), dataInWindow, TW);
            int synack = seg(B, SYNACK, 0, 4, 0, 1);
            assertTw(with(tw(), synack), synack, TW, ackA());
        }

        @Test
        void anyDoesNotRestartOnRstRstackOrSyn() {
            set("timeWaitRestart", 2);
            int rst = seg(B, RST, 1, 0, 0, 1);
            assertTw(with(tw(), rst), rst, 2);
            int rstack = seg(B, RSTACK, 4, 2, 0, 0);
            assertTw(with(tw(), rstack), rstack, 2);

            // A SYN of A's next incarnation reaching B in TIME_WAIT: challenge ACK, no restart.
            TcpState s = state();
            ep(s, A, SYN_SENT, 1, 0, 1, 2, 0, 0, 1);
            ep(s, B, TIME_WAIT, 2, 3, 0, 2, 0, 0, 0);
            int syn = seg(A, SYN, 0, 0, 1, 1);
            with(s, syn);
            assertReply(s, syn, seg(B, ACK, 2, 3, 0, 0));

            // An acceptable RST still resets (rstInTimeWait = close).
            TcpState t = tw();
            int ok = seg(B, RST, 3, 0, 0, 0);
            with(t, ok);
            TcpState want = copy(t);
            closed(want, A, 0);
            setNet(want);
            assertSucc(want, NONE, step(t, deliver(ok)));
        }

        @Test
        void anyDoesNotRestartOnSegmentsDroppedByPaws() {
            set("timeWaitRestart", 2);
            set("timestamps", 1);
            TcpState s = tw();
            s.tsAge[A] = 0;
            s.tsAge[B] = 1;
            int ack = seg(B, ACK, 3, 2, 0, 1);
            with(s, ack);
            assertTw(s, ack, 2, ackA());
            TcpState t = tw();
            t.tsAge[A] = 1;
            t.tsAge[B] = 1;
            int fin = seg(B, FIN, 4, 2, 0, 2);
            with(t, fin);
            assertTw(t, fin, 2, ackA());
            // Equal TSval passes PAWS and restarts.
            TcpState u = tw();
            u.tsAge[A] = 1;
            u.tsAge[B] = 1;
            int data = seg(B, DATA, 1, 2, 0, 1);
            with(u, data);
            assertTw(u, data, TW, ackA());
        }
    }

    // ------------------------------------------------------------------------------------------
    // rstInTimeWait
    // ------------------------------------------------------------------------------------------

    @Nested
    class RstInTimeWait {
        TcpState tw(int kind) {
            TcpState s = state();
            ep(s, A, TIME_WAIT, 2, 3, 0, 2, 0, 0, 0);
            ep(s, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
            return with(s, seg(B, kind, 3, kind == RST ? 0 : 2, 0, 1));
        }

        @Test
        void closeDefaultAcceptsAnRstAtRcvNxtInTimeWait() {
            set("rstInTimeWait", 0);
            for (int kind : new int[] {RST, RSTACK}) {
                TcpState s = tw(kind);
                int x = s.net[0];
                TcpState want = copy(s);
                closed(want, A, 0);
                setNet(want);
                assertSucc(want, NONE, step(s, deliver(x)));
            }
        }

        @Test
        void ignoreDropsRstAndRstackAtRcvNxtInTimeWait() {
            set("rstInTimeWait", 1);
            for (int kind : new int[] {RST, RSTACK}) {
                TcpState s = tw(kind);
                assertDropped(s, s.net[0]);
            }
        }

        @Test
        void ignoreDropsAnRstInTimeWaitOfB() {
            set("rstInTimeWait", 1);
            TcpState s = state();
            ep(s, A, LAST_ACK, 3, 3, 1, 2, 0, 0, 0);
            ep(s, B, TIME_WAIT, 3, 3, 0, 1, 0, 0, 0);
            int x = seg(A, RSTACK, 3, 3, 0, 0);
            with(s, x);
            assertDropped(s, x);
        }

        @Test
        void ignoreStillAcceptsRstInOtherSynchronizedStates() {
            set("rstInTimeWait", 1);
            TcpState s = state();
            ep(s, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
            int x = seg(B, RST, 3, 0, 0, 1);
            with(s, x);
            TcpState want = copy(s);
            closed(want, A, 0);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(x)));

            // B in LAST_ACK accepting an RST-ACK: reset, P2 event.
            TcpState t = state();
            ep(t, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
            ep(t, B, LAST_ACK, 3, 2, 1, 2, 0, 0, 0);
            int y = seg(A, RSTACK, 2, 3, 0, 0);
            with(t, y);
            TcpState w = copy(t);
            closed(w, B, 0);
            setNet(w);
            assertSucc(w, P2, step(t, deliver(y)));
        }

        @Test
        void ignoreLeavesOutOfWindowRstDropped() {
            set("rstInTimeWait", 1);
            TcpState s = state();
            ep(s, A, TIME_WAIT, 2, 3, 0, 2, 0, 0, 0);
            ep(s, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
            int x = seg(B, RST, 1, 0, 0, 1);
            with(s, x);
            assertDropped(s, x);
        }
    }

    // ------------------------------------------------------------------------------------------
    // synInLastAck
    // ------------------------------------------------------------------------------------------

    @Nested
    class SynInLastAck {
        /** B in LAST_ACK (snd=3, rcv=2); A's next incarnation's SYN (seq 0, inc 1) arrives. */
        TcpState lastAck() {
            TcpState s = state();
            ep(s, A, SYN_SENT, 1, 0, 1, 2, 0, 0, 1);
            ep(s, B, LAST_ACK, 3, 2, 1, 2, 1, 0, 0);
            return with(s, seg(A, SYN, 0, 0, 1, 1));
        }

        @Test
        void rstDefaultAnswersWithRstack() {
            set("synInLastAck", 0);
            TcpState s = lastAck();
            int syn = s.net[0];
            assertReply(s, syn, seg(B, RSTACK, 0, 1, 0, 0));
        }

        @Test
        void challengeAnswersWithAckAndKeepsTheState() {
            set("synInLastAck", 1);
            TcpState s = lastAck();
            int syn = s.net[0];
            assertReply(s, syn, seg(B, ACK, 3, 2, 0, 0));
        }

        @Test
        void challengeLeavesOtherSynchronizedStatesAsInR0() {
            set("synInLastAck", 1);
            for (int st : new int[] {ESTABLISHED, CLOSE_WAIT, TIME_WAIT, FIN_WAIT_2}) {
                TcpState s = state();
                ep(s, A, SYN_SENT, 1, 0, 1, 2, 0, 0, 1);
                ep(s, B, st, 3, 2, 0, st == TIME_WAIT ? 2 : 0, 0, 0, 0);
                int syn = seg(A, SYN, 0, 0, 1, 0);
                with(s, syn);
                assertReply(s, syn, seg(B, ACK, 3, 2, 0, 0));
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // timestamps (PAWS)
    // ------------------------------------------------------------------------------------------

    @Nested
    class Timestamps {
        TcpState established(int tsA, int tsB) {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
            s.tsAge[A] = tsA;
            s.tsAge[B] = tsB;
            return s;
        }

        @Test
        void offDefaultAcceptsAnOlderSegmentAndTickLeavesTsAge() {
            set("timestamps", 0);
            TcpState s = established(0, 0);
            int data = seg(B, DATA, 3, 2, 0, 2);
            with(s, data);
            TcpState want = copy(s);
            want.rcv[A] = 4;
            setNet(want, seg(A, ACK, 2, 4, 0, 0));
            assertSucc(want, NONE, step(s, deliver(data)));

            TcpState t = established(0, 0);
            with(t, seg(A, ACK, 2, 3, 0, 0));
            TcpState w = copy(t);
            setNet(w, seg(A, ACK, 2, 3, 0, 1));
            assertSucc(w, NONE, step(t, "Tick"));
        }

        @Test
        void tickAgesTsRecentUpToMslPlusOne() {
            set("timestamps", 1);
            TcpState s = established(0, MSL);
            with(s, seg(A, ACK, 2, 3, 0, 1));
            TcpState want = copy(s);
            want.tsAge[A] = 1;
            want.tsAge[B] = MSL + 1;
            setNet(want, seg(A, ACK, 2, 3, 0, 2));
            assertSucc(want, NONE, step(s, "Tick"));

            TcpState t = established(TS_NONE, 1);
            ep(t, A, FIN_WAIT_1, 3, 3, 1, 2, 0, 0, 0);
            TcpState w = copy(t);
            w.tmr[A] = 1;
            w.tsAge[A] = TS_NONE;
            w.tsAge[B] = 2;
            assertSucc(w, NONE, step(t, "Tick"));
        }

        @Test
        void pawsDropsAnOlderSegmentAndAnswersWithAck() {
            set("timestamps", 1);
            // DATA in window but older than ts_recent: ACK, no acceptance.
            TcpState s = established(0, 0);
            int data = seg(B, DATA, 3, 2, 0, 1);
            with(s, data);
            assertReply(s, data, seg(A, ACK, 2, 3, 0, 0));

            // FIN in window, older: A stays ESTABLISHED.
            TcpState t = established(1, 0);
            int fin = seg(B, FIN, 3, 2, 0, 2);
            with(t, fin);
            assertReply(t, fin, seg(A, ACK, 2, 3, 0, 0));

            // A pure ACK, older: answered with an ACK (R0 would drop it silently), acknowledgment ignored.
            TcpState u = established(0, 0);
            ep(u, A, FIN_WAIT_1, 3, 3, 1, 2, 0, 0, 0);
            int ack = seg(B, ACK, 3, 3, 0, 1);
            with(u, ack);
            assertReply(u, ack, seg(A, ACK, 3, 3, 0, 0));
        }

        @Test
        void pawsAppliesInEverySynchronizedState() {
            set("timestamps", 1);
            // SYN_RCVD: an older ACK that would complete the handshake is answered and dropped.
            TcpState s = state();
            ep(s, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 1);
            ep(s, B, SYN_RCVD, 3, 2, 1, 2, 0, 0, 1);
            s.tsAge[B] = 0;
            s.tsAge[A] = 0;
            int ack = seg(A, ACK, 2, 3, 1, 1);
            with(s, ack);
            assertReply(s, ack, seg(B, ACK, 3, 2, 1, 0));

            // LAST_ACK: an older SYN is answered with an ACK (PAWS before the SYN rule), not a RST-ACK.
            TcpState t = state();
            ep(t, A, SYN_SENT, 1, 0, 1, 2, 0, 0, 1);
            ep(t, B, LAST_ACK, 3, 2, 1, 2, 0, 0, 0);
            t.tsAge[A] = TS_NONE;
            t.tsAge[B] = 0;
            int syn = seg(A, SYN, 0, 0, 1, 1);
            with(t, syn);
            assertReply(t, syn, seg(B, ACK, 3, 2, 0, 0));

            // TIME_WAIT: an older retransmitted FIN is answered but does not restart the timer.
            TcpState u = state();
            ep(u, A, TIME_WAIT, 2, 3, 0, 2, 0, 0, 0);
            ep(u, B, LAST_ACK, 3, 2, 1, 1, 1, 0, 0);
            u.tsAge[A] = 1;
            u.tsAge[B] = TS_NONE;
            int fin = seg(B, FIN, 2, 2, 0, 2);
            with(u, fin);
            assertReply(u, fin, seg(A, ACK, 2, 3, 0, 0));
        }

        @Test
        void equalTsvalPassesAndAnAcceptableSegmentSetsTsRecent() {
            set("timestamps", 1);
            TcpState s = established(1, 0);
            int data = seg(B, DATA, 3, 2, 0, 1);
            with(s, data);
            TcpState want = copy(s);
            want.rcv[A] = 4;
            want.tsAge[A] = 1;
            setNet(want, seg(A, ACK, 2, 4, 0, 0));
            assertSucc(want, NONE, step(s, deliver(data)));

            // A newer segment: ts_recent takes its age.
            TcpState t = established(TS_NONE, 0);
            int fin = seg(B, FIN, 3, 2, 0, 1);
            with(t, fin);
            TcpState w = copy(t);
            ep(w, A, CLOSE_WAIT, 2, 4, 0, 0, 0, 0, 0);
            w.tsAge[A] = 1;
            setNet(w, seg(A, ACK, 2, 4, 0, 0));
            assertSucc(w, NONE, step(t, deliver(fin)));

            // An acceptable pure ACK acknowledging A's FIN: FIN_WAIT_2, ts_recent updated.
            TcpState u = established(2, 0);
            ep(u, A, FIN_WAIT_1, 3, 3, 1, 2, 1, 0, 0);
            int ack = seg(B, ACK, 3, 3, 0, 0);
            with(u, ack);
            TcpState v = copy(u);
            ep(v, A, FIN_WAIT_2, 3, 3, 0, 0, 0, 0, 0);
            v.tsAge[A] = 0;
            setNet(v);
            assertSucc(v, NONE, step(u, deliver(ack)));
        }

        @Test
        void anOutOfWindowSegmentDoesNotSetTsRecent() {
            set("timestamps", 1);
            TcpState s = established(2, 0);
            int data = seg(B, DATA, 1, 2, 0, 0);
            with(s, data);
            assertReply(s, data, seg(A, ACK, 2, 3, 0, 0));
            TcpState t = established(2, 0);
            int ack = seg(B, ACK, 4, 2, 0, 1);
            with(t, ack);
            assertDropped(t, ack);
        }

        @Test
        void rstIsNotPawsChecked() {
            set("timestamps", 1);
            TcpState s = established(0, 0);
            int rst = seg(B, RST, 3, 0, 0, 2);
            with(s, rst);
            TcpState want = copy(s);
            closed(want, A, 0);
            want.tsAge[A] = TS_NONE;
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(rst)));

            // Out of window: still dropped silently (no ACK), even when older.
            TcpState t = established(0, 0);
            int rstack = seg(B, RSTACK, 1, 2, 0, 2);
            with(t, rstack);
            assertDropped(t, rstack);
        }

        @Test
        void synAckAcceptedInSynSentSetsTsRecentWithoutPaws() {
            set("timestamps", 1);
            TcpState s = state();
            ep(s, A, SYN_SENT, 1, 0, 1, 2, 0, 0, 1);
            ep(s, B, SYN_RCVD, 3, 1, 1, 2, 0, 0, 1);
            s.tsAge[A] = 0; // e.g. kept by tw_reuse: SYN_SENT is not synchronized, no PAWS
            s.tsAge[B] = 1;
            int synack = seg(B, SYNACK, 2, 1, 1, 2);
            with(s, synack);
            TcpState want = copy(s);
            ep(want, A, ESTABLISHED, 1, 3, 0, 0, 0, 0, 1);
            want.tsAge[A] = 2;
            setNet(want, seg(A, ACK, 1, 3, 1, 0));
            assertSucc(want, NONE, step(s, deliver(synack)));
        }

        @Test
        void synAcceptedAtListenSetsTsRecent() {
            set("timestamps", 1);
            TcpState s = state();
            ep(s, A, SYN_SENT, 1, 0, 1, 2, 0, 0, 1);
            closed(s, B, 0);
            s.tsAge[A] = TS_NONE;
            s.tsAge[B] = TS_NONE;
            int syn = seg(A, SYN, 0, 0, 1, 1);
            with(s, syn);
            TcpState want = copy(s);
            ep(want, B, SYN_RCVD, 3, 1, 1, RTO, 0, 0, 1);
            want.tsAge[B] = 1;
            setNet(want, seg(B, SYNACK, 2, 1, 1, 0));
            assertSucc(want, NONE, step(s, synAtListen(syn, 2)));
        }

        @Test
        void resetSetsTsRecentToNone() {
            set("timestamps", 1);
            // LAST_ACK's clean exit (the acceptable ACK sets ts_recent, then the reset clears it).
            TcpState s = state();
            ep(s, A, TIME_WAIT, 2, 3, 0, 3, 0, 0, 0);
            ep(s, B, LAST_ACK, 3, 2, 1, 2, 0, 0, 0);
            s.tsAge[A] = 0;
            s.tsAge[B] = 1;
            int ack = seg(A, ACK, 2, 3, 0, 0);
            with(s, ack);
            TcpState want = copy(s);
            closed(want, B, 0);
            want.tsAge[B] = TS_NONE;
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(ack)));

            // TIME_WAIT expiry.
            TcpState t = state();
            ep(t, A, TIME_WAIT, 2, 3, 0, 0, 0, 0, 0);
            closed(t, B, 0);
            t.tsAge[A] = 1;
            t.tsAge[B] = TS_NONE;
            TcpState w = copy(t);
            closed(w, A, 0);
            w.tsAge[A] = TS_NONE;
            assertSucc(w, NONE, step(t, timeout(A)));

            // Giving up.
            TcpState u = state();
            ep(u, A, FIN_WAIT_1, 3, 3, 1, 0, R, 0, 0);
            closed(u, B, 0);
            u.tsAge[A] = 0;
            u.tsAge[B] = TS_NONE;
            TcpState v = copy(u);
            closed(v, A, 0);
            v.tsAge[A] = TS_NONE;
            assertSucc(v, NONE, step(u, timeout(A)));
        }

        @Test
        void noPawsOutsideSynchronizedStates() {
            set("timestamps", 1);
            TcpState s = state();
            closed(s, A, 0);
            closed(s, B, 0);
            s.tsAge[A] = 0;
            s.tsAge[B] = 0;
            int ack = seg(B, ACK, 1, 4, 0, 2);
            with(s, ack);
            assertReply(s, ack, seg(A, RST, 4, 0, 0, 0));
        }
    }

    // ------------------------------------------------------------------------------------------
    // twReuse
    // ------------------------------------------------------------------------------------------

    @Nested
    class TwReuse {
        /** A in TIME_WAIT with tmr left (spent TW - tmr ticks), ts_recent age 1; B in LISTEN. */
        TcpState tw(int tmr, int inc) {
            TcpState s = state();
            ep(s, A, TIME_WAIT, 2, 3, 0, tmr, 0, 0, inc);
            closed(s, B, inc);
            s.tsAge[A] = 1;
            s.tsAge[B] = TS_NONE;
            return s;
        }

        List<String> reuses(TcpState s) {
            return names(s).stream().filter(n -> n.startsWith("Open(")).collect(Collectors.toList());
        }

        @Test
        void offByDefaultEvenWithTimestamps() {
            set("timestamps", 1);
            assertEquals(List.of(), reuses(tw(0, 0)));
        }

        @Test
        void noEffectWithoutTimestamps() {
            set("twReuse", 1);
            set("timestamps", 0);
            TcpState s = tw(0, 0);
            s.tsAge[A] = 0;
            s.tsAge[B] = 0;
            assertEquals(List.of(), reuses(s));
        }

        @Test
        void reusesAfterTwReuseTicksWithOneOpenPerIsnKeepingTsRecent() {
            set("timestamps", 1);
            set("twReuse", 2);
            TcpState s = tw(TW - 2, 0);
            with(s, seg(B, ACK, 0, 0, 0, 1));
            List<Succ> succs = successors(s);
            List<String> expected = new ArrayList<>();
            for (int v = 0; v < SEQ; v++) expected.add(reuse(v));
            assertEquals(expected, names(succs).stream().filter(n -> n.startsWith("Open(")).collect(Collectors.toList()));
            for (int v = 0; v < SEQ; v++) {
                TcpState want = copy(s);
                ep(want, A, SYN_SENT, (v + 1) % SEQ, 0, 1, RTO, 0, 0, 1);
                want.tsAge[A] = 1;
                with(want, seg(A, SYN, v, 0, 1, 0));
                assertSucc(want, NONE, pick(succs, reuse(v)));
            }
        }

        @Test
        void guardCountsTicksSinceTimeWaitStarted() {
            set("timestamps", 1);
            set("twReuse", 2);
            assertEquals(List.of(), reuses(tw(TW, 0)), "0 ticks");
            assertEquals(List.of(), reuses(tw(TW - 1, 0)), "1 tick");
            assertEquals(SEQ, reuses(tw(TW - 2, 0)).size(), "2 ticks");
            assertEquals(SEQ, reuses(tw(0, 0)).size(), "TW ticks, timer due");
            set("twReuse", 1);
            assertEquals(SEQ, reuses(tw(TW - 1, 0)).size(), "twReuse=1, 1 tick");
        }

        @Test
        void guardNeedsANextIncarnationAndRoom() {
            set("timestamps", 1);
            set("twReuse", 1);
            assertEquals(List.of(), reuses(tw(1, INC - 1)), "last incarnation");
            assertEquals(SEQ, reuses(tw(1, INC - 2)).size());
            TcpState full = tw(1, 0);
            with(full, seg(B, ACK, 0, 0, 0, 0), seg(B, ACK, 1, 0, 0, 0));
            assertEquals(SEQ, reuses(full).size());
            with(full, seg(B, ACK, 2, 0, 0, 0));
            assertEquals(List.of(), reuses(full), "full network");
        }

        @Test
        void reusedOpenFollowsClockIsn() {
            set("timestamps", 1);
            set("twReuse", 1);
            set("isn", 1);
            TcpState s = tw(1, 0);
            // The previous incarnation ends with snd_nxt = 2: the next one starts there.
            assertEquals(List.of(reuse(2)), reuses(s));
            Succ got = step(s, reuse(2));
            TcpState n = got.next();
            assertEquals(SYN_SENT, n.st[A]);
            assertEquals(3, n.snd[A]);
            assertEquals(1, n.inc[A]);
            assertEquals(1, n.tsAge[A]);
            assertEquals(1, n.size);
            assertEquals(seg(A, SYN, 2, 0, 1, 0), n.net[0]);
        }
    }

    // ------------------------------------------------------------------------------------------
    // twOverflow
    // ------------------------------------------------------------------------------------------

    @Nested
    class TwOverflow {
        /** A in FIN_WAIT_2 (its FIN seq 2 acknowledged), B in LAST_ACK, B's FIN (seq 2) in flight. */
        TcpState finWait2() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 0);
            ep(s, B, LAST_ACK, 3, 3, 1, 2, 0, 0, 0);
            return with(s, seg(B, FIN, 2, 3, 0, 1));
        }

        @Test
        void offByDefault() {
            TcpState s = finWait2();
            int fin = s.net[0];
            assertEquals(List.of(deliver(fin)), outcomesOf(s, deliver(fin)));
            assertTrue(names(s).stream().noneMatch(n -> n.endsWith(OVERFLOW)));
        }

        @Test
        void finInFinWait2HasTheResetAlternative() {
            set("twOverflow", 1);
            TcpState s = finWait2();
            int fin = s.net[0];
            List<Succ> succs = successors(s);
            assertEquals(List.of(deliver(fin), deliver(fin) + OVERFLOW), outcomesOf(s, deliver(fin)));

            TcpState tw = copy(s);
            ep(tw, A, TIME_WAIT, 3, 3, 0, TW, 0, 0, 0);
            setNet(tw, seg(A, ACK, 3, 3, 0, 0));
            assertSucc(tw, NONE, pick(succs, deliver(fin)));

            TcpState gone = copy(s);
            closed(gone, A, 0);
            setNet(gone, seg(A, ACK, 3, 3, 0, 0));
            assertSucc(gone, NONE, pick(succs, deliver(fin) + OVERFLOW));
        }

        @Test
        void finAcknowledgingOurFinInFinWait1HasTheResetAlternative() {
            set("twOverflow", 1);
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 3, 2, 1, 2, 1, 0, 0);
            ep(s, B, LAST_ACK, 3, 3, 1, 2, 0, 0, 0);
            int fin = seg(B, FIN, 2, 3, 0, 0);
            with(s, fin);
            List<Succ> succs = successors(s);
            TcpState tw = copy(s);
            ep(tw, A, TIME_WAIT, 3, 3, 0, TW, 0, 0, 0);
            setNet(tw, seg(A, ACK, 3, 3, 0, 0));
            assertSucc(tw, NONE, pick(succs, deliver(fin)));
            TcpState gone = copy(s);
            closed(gone, A, 0);
            setNet(gone, seg(A, ACK, 3, 3, 0, 0));
            assertSucc(gone, NONE, pick(succs, deliver(fin) + OVERFLOW));
        }

        @Test
        void ackInClosingHasTheResetAlternative() {
            set("twOverflow", 1);
            TcpState s = state();
            ep(s, B, CLOSING, 3, 3, 1, 2, 0, 0, 0);
            ep(s, A, CLOSING, 3, 3, 1, 1, 0, 0, 0);
            int ack = seg(A, ACK, 3, 3, 0, 1);
            with(s, ack);
            List<Succ> succs = successors(s);
            assertEquals(List.of(deliver(ack), deliver(ack) + OVERFLOW), outcomesOf(s, deliver(ack)));
            TcpState tw = copy(s);
            ep(tw, B, TIME_WAIT, 3, 3, 0, TW, 0, 0, 0);
            setNet(tw);
            assertSucc(tw, NONE, pick(succs, deliver(ack)));
            TcpState gone = copy(s);
            closed(gone, B, 0);
            setNet(gone);
            assertSucc(gone, NONE, pick(succs, deliver(ack) + OVERFLOW));
        }

        @Test
        void bEnteringTimeWaitHasTheAlternativeToo() {
            set("twOverflow", 1);
            TcpState s = state();
            ep(s, A, LAST_ACK, 3, 3, 1, 2, 0, 0, 1);
            ep(s, B, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 1);
            int fin = seg(A, FIN, 2, 3, 1, 2);
            with(s, fin);
            List<Succ> succs = successors(s);
            TcpState gone = copy(s);
            closed(gone, B, 1);
            setNet(gone, seg(B, ACK, 3, 3, 1, 0));
            assertSucc(gone, NONE, pick(succs, deliver(fin) + OVERFLOW));
        }

        @Test
        void actionsNotEnteringTimeWaitHaveNoAlternative() {
            set("twOverflow", 1);
            // FIN in FIN_WAIT_1 without acknowledging A's FIN: CLOSING.
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 3, 2, 1, 2, 0, 0, 0);
            ep(s, B, FIN_WAIT_1, 3, 2, 1, 2, 0, 0, 0);
            int fin = seg(B, FIN, 2, 2, 0, 0);
            with(s, fin);
            assertEquals(List.of(deliver(fin)), outcomesOf(s, deliver(fin)));
            // The ACK of A's FIN in FIN_WAIT_1: FIN_WAIT_2.
            TcpState t = state();
            ep(t, A, FIN_WAIT_1, 3, 2, 1, 2, 0, 0, 0);
            ep(t, B, CLOSE_WAIT, 2, 3, 0, 0, 0, 0, 0);
            int ack = seg(B, ACK, 2, 3, 0, 0);
            with(t, ack);
            assertEquals(List.of(deliver(ack)), outcomesOf(t, deliver(ack)));
            // A retransmitted FIN in TIME_WAIT (restart, not entry), and TIME_WAIT's own Tick.
            TcpState u = state();
            ep(u, A, TIME_WAIT, 3, 3, 0, 2, 0, 0, 0);
            ep(u, B, LAST_ACK, 3, 3, 1, 1, 1, 0, 0);
            int again = seg(B, FIN, 2, 3, 0, 1);
            with(u, again);
            assertEquals(List.of(deliver(again)), outcomesOf(u, deliver(again)));
            assertTrue(names(u).stream().noneMatch(n -> n.endsWith(OVERFLOW)), names(u).toString());
        }

        @Test
        void theOverflowResetIsAFullReset() {
            set("twOverflow", 1);
            set("timestamps", 1);
            set("isn", 1);
            TcpState s = finWait2();
            s.tsAge[A] = 1; // the FIN (age 1) passes PAWS with an equal TSval
            s.tsAge[B] = 0;
            int fin = s.net[0];
            TcpState gone = copy(s);
            closed(gone, A, 0);
            gone.isnBase[A] = 3;
            gone.tsAge[A] = TS_NONE;
            setNet(gone, seg(A, ACK, 3, 3, 0, 0));
            assertSucc(gone, NONE, step(s, deliver(fin) + OVERFLOW));
        }
    }

    // ------------------------------------------------------------------------------------------
    // abort
    // ------------------------------------------------------------------------------------------

    @Nested
    class Abort {
        TcpState both(int stA, int stB) {
            TcpState s = state();
            ep(s, A, stA, 2, 3, 0, 0, 0, 0, 1);
            ep(s, B, stB, 3, 2, 0, 0, 0, 0, 1);
            return s;
        }

        @Test
        void noneByDefault() {
            set("abort", 0);
            assertEquals(List.of(), namesStarting(both(ESTABLISHED, ESTABLISHED), "Abort("));
            assertEquals(List.of(), namesStarting(both(CLOSE_WAIT, CLOSE_WAIT), "Abort("));
            assertEquals(List.of(close(A), close(B)), names(m.initialState()));
        }

        @Test
        void aAbortsFromEstablishedWithRstackAndIsReset() {
            set("abort", 1);
            TcpState s = both(ESTABLISHED, ESTABLISHED);
            assertEquals(List.of(abort(A)), namesStarting(s, "Abort("));
            TcpState want = copy(s);
            closed(want, A, 1);
            setNet(want, seg(A, RSTACK, 2, 3, 1, 0));
            assertSucc(want, NONE, step(s, abort(A)));
        }

        @Test
        void bAbortsFromCloseWaitDiscardingUnacknowledgedData() {
            set("abort", 2);
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 3, 3, 0, 0, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 4, 3, 1, 2, 1, 1, 0);
            int data = seg(B, DATA, 3, 3, 0, 1);
            with(s, data);
            assertEquals(List.of(abort(B)), namesStarting(s, "Abort("));
            TcpState want = copy(s);
            closed(want, B, 0);
            with(want, seg(B, RSTACK, 4, 3, 0, 0));
            assertSucc(want, NONE, step(s, abort(B)));
            // A in ESTABLISHED may not abort with abort=B.
            assertEquals(List.of(abort(B)), namesStarting(both(ESTABLISHED, ESTABLISHED), "Abort("));
        }

        @Test
        void bothAbortOnlyWhereTheApplicationCouldClose() {
            set("abort", 3);
            for (int st : ALL_STATES) {
                TcpState s = state();
                ep(s, A, st, 0, 0, 0, 0, 0, 0, 0);
                if (st != CLOSED && st != LISTEN) ep(s, A, st, 2, 3, 0, 0, 0, 0, 0);
                ep(s, B, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 0);
                boolean can = st == ESTABLISHED || st == CLOSE_WAIT;
                assertEquals(can, names(s).contains(abort(A)), "Abort(A) in " + TcpState.stateName(st));
                assertEquals(names(s).contains(close(A)), names(s).contains(abort(A)), TcpState.stateName(st));
                TcpState t = state();
                ep(t, A, FIN_WAIT_2, 2, 3, 0, 0, 0, 0, 0);
                ep(t, B, st, 0, 0, 0, 0, 0, 0, 0);
                if (st != CLOSED && st != LISTEN) ep(t, B, st, 3, 2, 0, 0, 0, 0, 0);
                assertEquals(can, names(t).contains(abort(B)), "Abort(B) in " + TcpState.stateName(st));
            }
        }

        @Test
        void abortFromCloseWaitOfA() {
            set("abort", 3);
            TcpState s = both(CLOSE_WAIT, FIN_WAIT_2);
            TcpState want = copy(s);
            closed(want, A, 1);
            setNet(want, seg(A, RSTACK, 2, 3, 1, 0));
            assertSucc(want, NONE, step(s, abort(A)));
        }

        @Test
        void abortNeedsRoom() {
            set("abort", 3);
            TcpState s = both(ESTABLISHED, ESTABLISHED);
            with(s, seg(A, ACK, 2, 3, 1, 0), seg(B, ACK, 3, 2, 1, 0));
            assertEquals(List.of(abort(A), abort(B)), namesStarting(s, "Abort("));
            with(s, seg(A, ACK, 2, 3, 1, 1));
            assertEquals(List.of(), namesStarting(s, "Abort("), "full network");
        }

        @Test
        void abortResetIsAFullReset() {
            set("abort", 3);
            set("timestamps", 1);
            set("isn", 1);
            TcpState s = both(ESTABLISHED, CLOSE_WAIT);
            s.tsAge[A] = 1;
            s.tsAge[B] = 0;
            TcpState want = copy(s);
            closed(want, B, 1);
            want.isnBase[B] = 3;
            want.tsAge[B] = TS_NONE;
            setNet(want, seg(B, RSTACK, 3, 2, 1, 0));
            assertSucc(want, NONE, step(s, abort(B)));
        }

        @Test
        void closerRestrictsAbortFromEstablishedOnly() {
            set("abort", 3);
            set("closer", 1);
            assertEquals(List.of(abort(A)), namesStarting(both(ESTABLISHED, ESTABLISHED), "Abort("));
            assertEquals(List.of(abort(B)), namesStarting(both(FIN_WAIT_2, CLOSE_WAIT), "Abort("));
            set("closer", 2);
            assertEquals(List.of(abort(B)), namesStarting(both(ESTABLISHED, ESTABLISHED), "Abort("));
            assertEquals(List.of(abort(A)), namesStarting(both(CLOSE_WAIT, FIN_WAIT_2), "Abort("));
        }
    }

    // ------------------------------------------------------------------------------------------
    // finTimeout
    // ------------------------------------------------------------------------------------------

    @Nested
    class FinTimeout {
        static final int FT = 5;

        TcpState finWait1() {
            TcpState s = state();
            ep(s, A, FIN_WAIT_1, 3, 2, 1, 2, 1, 0, 0);
            ep(s, B, CLOSE_WAIT, 2, 3, 0, 0, 0, 0, 0);
            return s;
        }

        @Test
        void offByDefaultFinWait2HasNoTimer() {
            TcpState s = finWait1();
            int ack = seg(B, ACK, 2, 3, 0, 0);
            with(s, ack);
            TcpState want = copy(s);
            ep(want, A, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 0);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(ack)));

            TcpState orphan = state();
            ep(orphan, A, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 0);
            closed(orphan, B, 0);
            assertEquals(List.of(), names(orphan), "deadlock in R0");
        }

        @Test
        void enteringFinWait2ArmsTheTimer() {
            set("finTimeout", FT);
            TcpState s = finWait1();
            int ack = seg(B, ACK, 2, 3, 0, 0);
            with(s, ack);
            TcpState want = copy(s);
            ep(want, A, FIN_WAIT_2, 3, 2, 0, FT, 0, 0, 0);
            setNet(want);
            assertSucc(want, NONE, step(s, deliver(ack)));
        }

        @Test
        void tickCountsItDownAndTimeoutResetsWithoutSending() {
            set("finTimeout", FT);
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 3, 2, 0, 1, 0, 0, 0);
            closed(s, B, 0);
            assertEquals(List.of("Tick"), names(s));
            TcpState want = copy(s);
            want.tmr[A] = 0;
            Succ t = step(s, "Tick");
            assertSucc(want, NONE, t);

            TcpState due = t.next();
            assertEquals(List.of(timeout(A)), names(due), "urgent timer");
            TcpState gone = copy(due);
            closed(gone, A, 0);
            assertSucc(gone, NONE, step(due, timeout(A)));
        }

        @Test
        void bOrphanedInFinWait2IsResetToListen() {
            set("finTimeout", FT);
            TcpState s = state();
            ep(s, A, CLOSED, 0, 0, 0, 0, 0, 0, 0);
            ep(s, B, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 0);
            TcpState gone = copy(s);
            closed(gone, B, 0);
            assertSucc(gone, NONE, step(s, timeout(B)));
        }

        @Test
        void finArrivingInTimeStillLeadsToTimeWait() {
            set("finTimeout", FT);
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 3, 2, 0, 1, 0, 0, 0);
            ep(s, B, LAST_ACK, 3, 3, 1, 2, 0, 0, 0);
            int fin = seg(B, FIN, 2, 3, 0, 2);
            with(s, fin);
            TcpState want = copy(s);
            ep(want, A, TIME_WAIT, 3, 3, 0, TW, 0, 0, 0);
            setNet(want, seg(A, ACK, 3, 3, 0, 0));
            assertSucc(want, NONE, step(s, deliver(fin)));
        }

        @Test
        void finAcknowledgingOurFinGoesStraightToTimeWait() {
            set("finTimeout", FT);
            TcpState s = finWait1();
            ep(s, B, LAST_ACK, 3, 3, 1, 2, 0, 0, 0);
            int fin = seg(B, FIN, 2, 3, 0, 0);
            with(s, fin);
            TcpState want = copy(s);
            ep(want, A, TIME_WAIT, 3, 3, 0, TW, 0, 0, 0);
            setNet(want, seg(A, ACK, 3, 3, 0, 0));
            assertSucc(want, NONE, step(s, deliver(fin)));
        }

        @Test
        void dataInFinWait2DoesNotRearmTheTimer() {
            set("finTimeout", FT);
            TcpState s = state();
            ep(s, A, FIN_WAIT_2, 3, 2, 0, 2, 0, 0, 0);
            ep(s, B, CLOSE_WAIT, 3, 3, 1, 2, 0, 1, 0);
            int data = seg(B, DATA, 2, 3, 0, 1);
            with(s, data);
            TcpState want = copy(s);
            ep(want, A, FIN_WAIT_2, 3, 3, 0, 2, 0, 0, 0);
            setNet(want, seg(A, ACK, 3, 3, 0, 0));
            assertSucc(want, NONE, step(s, deliver(data)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // isn
    // ------------------------------------------------------------------------------------------

    @Nested
    class Isn {
        @Test
        void anyDefaultOffersEveryIsnAndResetKeepsIsnBaseZero() {
            set("isn", 0);
            TcpState s = state();
            closed(s, A, 0);
            closed(s, B, 0);
            assertEquals(SEQ, namesStarting(s, "Open(").size());

            TcpState t = state();
            ep(t, A, TIME_WAIT, 2, 3, 0, 0, 0, 0, 0);
            closed(t, B, 0);
            TcpState w = copy(t);
            closed(w, A, 0);
            assertSucc(w, NONE, step(t, timeout(A)));
        }

        @Test
        void clockOpenHasTheOneIsnIsnBase() {
            set("isn", 1);
            TcpState s = state();
            closed(s, A, 0);
            closed(s, B, 0);
            s.isnBase[A] = 3;
            s.isnBase[B] = 1;
            assertEquals(List.of(open(3)), namesStarting(s, "Open("));
            TcpState want = copy(s);
            ep(want, A, SYN_SENT, 4, 0, 1, RTO, 0, 0, 1);
            want.isnBase[A] = 0; // read only in CLOSED: cleared on leaving it
            setNet(want, seg(A, SYN, 3, 0, 1, 0));
            assertSucc(want, NONE, step(s, open(3)));
        }

        @Test
        void clockSynAtListenHasTheOneIsnIsnBase() {
            set("isn", 1);
            TcpState s = state();
            ep(s, A, SYN_SENT, 2, 0, 1, 2, 0, 0, 1);
            closed(s, B, 0);
            s.isnBase[A] = 1;
            s.isnBase[B] = 4;
            int syn = seg(A, SYN, 1, 0, 1, 1);
            with(s, syn);
            assertEquals(List.of(synAtListen(syn, 4)), namesStarting(s, "SynAtListen("));
            TcpState want = copy(s);
            ep(want, B, SYN_RCVD, 0, 2, 1, RTO, 0, 0, 1);
            want.isnBase[B] = 0; // read only in LISTEN: cleared on leaving it
            setNet(want, seg(B, SYNACK, 4, 2, 1, 0));
            assertSucc(want, NONE, step(s, synAtListen(syn, 4)));
        }

        @Test
        void clockResetStoresSndNxtInIsnBase() {
            set("isn", 1);
            // TIME_WAIT expiry.
            TcpState s = state();
            ep(s, A, TIME_WAIT, 2, 3, 0, 0, 0, 0, 0);
            closed(s, B, 0);
            TcpState want = copy(s);
            closed(want, A, 0);
            want.isnBase[A] = 2;
            assertSucc(want, NONE, step(s, timeout(A)));

            // LAST_ACK's clean exit.
            TcpState t = state();
            ep(t, A, TIME_WAIT, 2, 4, 0, 3, 0, 0, 0);
            ep(t, B, LAST_ACK, 4, 2, 1, 2, 0, 0, 0);
            int ack = seg(A, ACK, 2, 4, 0, 0);
            with(t, ack);
            TcpState w = copy(t);
            closed(w, B, 0);
            w.isnBase[B] = 4;
            setNet(w);
            assertSucc(w, NONE, step(t, deliver(ack)));

            // Giving up (snd wraps: 0).
            TcpState u = state();
            ep(u, A, FIN_WAIT_1, 0, 3, 1, 0, R, 0, 0);
            closed(u, B, 0);
            TcpState v = copy(u);
            closed(v, A, 0);
            v.isnBase[A] = 0;
            u.isnBase[A] = 3;
            assertSucc(v, NONE, step(u, timeout(A)));

            // An RST accepted in a synchronized state.
            TcpState x = state();
            ep(x, A, ESTABLISHED, 1, 3, 0, 0, 0, 0, 0);
            closed(x, B, 0);
            int rst = seg(B, RST, 3, 0, 0, 0);
            with(x, rst);
            TcpState y = copy(x);
            closed(y, A, 0);
            y.isnBase[A] = 1;
            setNet(y);
            assertSucc(y, NONE, step(x, deliver(rst)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // reorder
    // ------------------------------------------------------------------------------------------

    @Nested
    class Reorder {
        {
            use(TcpParameters.parseConfig("5/3/5/1/2/3/2/4"));
        }

        /** A's two segments (sending order unlike code order), then B's two. */
        TcpState fourInFlight() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
            return setNet(s, a1(), a2(), b1(), b2());
        }

        int a1() {
            return seg(A, ACK, 4, 3, 0, 2);
        }

        int a2() {
            return seg(A, ACK, 1, 3, 0, 0);
        }

        int b1() {
            return seg(B, DATA, 4, 2, 0, 1);
        }

        int b2() {
            return seg(B, ACK, 3, 2, 0, 0);
        }

        @Test
        void reorderDefaultDeliversAnySegment() {
            set("reorder", 1);
            TcpState s = fourInFlight();
            for (int x : new int[] {a1(), a2(), b1(), b2()}) {
                assertTrue(names(s).contains(deliver(x)), sg.describe(x));
            }
        }

        @Test
        void fifoDeliversOnlyTheOldestOfEachDirectionButLosesAny() {
            set("reorder", 0);
            TcpState s = fourInFlight();
            List<String> n = names(s);
            assertEquals(List.of(deliver(a1()), deliver(b1())), namesStarting(s, "Deliver("));
            List<String> loses = new ArrayList<>();
            for (int x : new int[] {a1(), a2(), b1(), b2()}) loses.add(lose(x));
            loses.sort(null);
            assertEquals(loses, namesStarting(s, "Lose("), n.toString());
        }

        @Test
        void fifoKeepsSendingOrderAcrossDeliverReplyLoseAndTick() {
            set("reorder", 0);
            // Deliver B's oldest (out of window DATA): A's ACK goes after A's segments.
            TcpState s = fourInFlight();
            TcpState want = copy(s);
            setNet(want, a1(), a2(), seg(A, ACK, 2, 3, 0, 0), b2());
            assertSucc(want, NONE, step(s, deliver(b1())));

            // Lose a segment in the middle: the order of the others stays.
            TcpState t = fourInFlight();
            TcpState w = copy(t);
            setNet(w, a1(), b1(), b2());
            w.lost = 1;
            assertSucc(w, NONE, step(t, lose(a2())));

            // Tick ages in place.
            TcpState u = state();
            ep(u, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 0);
            ep(u, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
            setNet(u, seg(A, ACK, 4, 3, 0, 1), seg(A, ACK, 1, 3, 0, 0), seg(B, ACK, 4, 2, 0, 1), seg(B, ACK, 3, 2, 0, 0));
            TcpState v = copy(u);
            setNet(v, seg(A, ACK, 4, 3, 0, 2), seg(A, ACK, 1, 3, 0, 1), seg(B, ACK, 4, 2, 0, 2), seg(B, ACK, 3, 2, 0, 1));
            assertSucc(v, NONE, step(u, "Tick"));

            // Close appends the FIN behind A's earlier segments.
            TcpState c = state();
            ep(c, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 0);
            ep(c, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
            setNet(c, seg(A, FIN, 4, 3, 0, 1), seg(B, ACK, 3, 2, 0, 0));
            TcpState d = copy(c);
            ep(d, A, FIN_WAIT_1, 3, 3, 1, RTO, 0, 0, 0);
            setNet(d, seg(A, FIN, 4, 3, 0, 1), seg(A, FIN, 2, 3, 0, 0), seg(B, ACK, 3, 2, 0, 0));
            assertSucc(d, NONE, step(c, close(A)));
        }

        @Test
        void fifoSynBehindAnOlderSegmentWaits() {
            set("reorder", 0);
            TcpState s = state();
            ep(s, A, SYN_SENT, 1, 0, 1, 2, 0, 0, 1);
            closed(s, B, 0);
            int old = seg(A, ACK, 2, 3, 0, 2);
            int syn = seg(A, SYN, 0, 0, 1, 0);
            setNet(s, old, syn);
            assertEquals(List.of(), namesStarting(s, "SynAtListen("));
            assertEquals(List.of(deliver(old)), namesStarting(s, "Deliver("));
            TcpState want = copy(s);
            setNet(want, syn, seg(B, RST, 3, 0, 0, 0));
            assertSucc(want, NONE, step(s, deliver(old)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // duplicates
    // ------------------------------------------------------------------------------------------

    @Nested
    class Duplicates {
        TcpState oneInFlight() {
            TcpState s = state();
            ep(s, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 0);
            ep(s, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 0);
            return with(s, seg(B, DATA, 3, 2, 0, 1));
        }

        @Test
        void offByDefault() {
            set("duplicates", 0);
            assertEquals(List.of(), namesStarting(oneInFlight(), "Duplicate("));
        }

        @Test
        void duplicateAddsACopyWithTheSameAgeAndCountsIt() {
            set("duplicates", 2);
            TcpState s = oneInFlight();
            int x = s.net[0];
            assertEquals(List.of(duplicate(x)), namesStarting(s, "Duplicate("));
            TcpState want = copy(s);
            with(want, x);
            want.dups = 1;
            Succ got = step(s, duplicate(x));
            assertSucc(want, NONE, got);

            TcpState again = got.next();
            TcpState want2 = copy(again);
            with(want2, x);
            want2.dups = 2;
            assertSucc(want2, NONE, step(again, duplicate(x)));
        }

        @Test
        void guardedByTheBudgetAndRoom() {
            set("duplicates", 2);
            TcpState s = oneInFlight();
            s.dups = 2;
            assertEquals(List.of(), namesStarting(s, "Duplicate("), "budget spent");
            TcpState t = oneInFlight();
            t.dups = 1;
            with(t, seg(A, ACK, 2, 3, 0, 0));
            assertEquals(2, namesStarting(t, "Duplicate(").size());
            with(t, seg(A, ACK, 2, 3, 0, 1));
            assertEquals(List.of(), namesStarting(t, "Duplicate("), "full network");
        }

        @Test
        void lossAndDuplicationAreSeparateBudgets() {
            set("duplicates", 1);
            TcpState s = oneInFlight();
            s.lost = 1;
            int x = s.net[0];
            assertFalse(names(s).contains(lose(x)));
            TcpState want = copy(s);
            with(want, x);
            want.dups = 1;
            assertSucc(want, NONE, step(s, duplicate(x)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // closer
    // ------------------------------------------------------------------------------------------

    @Nested
    class Closer {
        @Test
        void eitherDefault() {
            set("closer", 0);
            assertEquals(List.of(close(A), close(B)), names(m.initialState()));
        }

        @Test
        void onlyTheNamedSideClosesFromEstablished() {
            set("closer", 1);
            assertEquals(List.of(close(A)), names(m.initialState()));
            set("closer", 2);
            assertEquals(List.of(close(B)), names(m.initialState()));
        }

        @Test
        void closeFromEstablishedIsR0sClose() {
            set("closer", 1);
            TcpState s = m.initialState();
            TcpState want = copy(s);
            ep(want, A, FIN_WAIT_1, 1, 0, 1, RTO, 0, 0, 0);
            setNet(want, seg(A, FIN, 0, 0, 0, 0));
            assertSucc(want, NONE, step(s, close(A)));
        }

        @Test
        void closeFromCloseWaitIsAlwaysAllowed() {
            for (int closer : new int[] {1, 2}) {
                set("closer", closer);
                TcpState s = state();
                ep(s, A, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 0);
                ep(s, B, CLOSE_WAIT, 2, 3, 0, 0, 0, 0, 0);
                assertTrue(names(s).contains(close(B)), "closer=" + closer);
                TcpState want = copy(s);
                ep(want, B, LAST_ACK, 3, 3, 1, RTO, 0, 0, 0);
                setNet(want, seg(B, FIN, 2, 3, 0, 0));
                assertSucc(want, NONE, step(s, close(B)));

                TcpState t = state();
                ep(t, A, CLOSE_WAIT, 2, 3, 0, 0, 0, 0, 0);
                ep(t, B, FIN_WAIT_2, 3, 2, 0, 0, 0, 0, 0);
                assertTrue(names(t).contains(close(A)), "closer=" + closer);
            }
        }

        @Test
        void theOtherSideCannotCloseFromEstablishedInAnyIncarnation() {
            set("closer", 1);
            TcpState s = state();
            ep(s, A, ESTABLISHED, 2, 3, 0, 0, 0, 0, 1);
            ep(s, B, ESTABLISHED, 3, 2, 0, 0, 0, 0, 1);
            with(s, seg(A, ACK, 2, 3, 1, 0));
            assertTrue(names(s).contains(close(A)));
            assertFalse(names(s).contains(close(B)));
        }
    }
}
