package twcheck.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
        assertEquals(text(w), text(got.next()), got.name());
        assertArrayEquals(m.encode(w), got.packed(), got.name() + ": packed form");
        assertEquals(labelNames(labels), labelNames(got.labels() & CHECKED), got.name() + ": labels");
    }

    /** From {@code before}, {@code action} gives {@code after}, with exactly {@code labels}. */
    void assertStep(String before, String action, String after, long labels) {
        assertSucc(state(after), labels, step(state(before), action));
    }

    /** The after column of a delivery that leaves the receiver as it was. */
    static final String UNCHANGED = null;
    /** The reply column of a delivery that sends nothing. */
    static final String NO_REPLY = null;

    /**
     * From {@code before} with {@code segment} also in flight (behind the others of its sender),
     * delivering it leaves the receiver as {@code after} ({@link #UNCHANGED}: as it was), removes
     * the segment, sends {@code reply} ({@link #NO_REPLY}: nothing) and changes nothing else.
     */
    void assertDelivery(String before, String segment, String after, String reply, long labels) {
        TcpState s = state(before);
        int x = seg(segment);
        with(s, x);
        TcpState want = copy(s);
        if (after != null) {
            assertEquals(TcpState.peer(sg.src(x)), TcpStates.setEndpoint(want, after, params), "after is the receiver");
        }
        setNet(want, reply == null ? netWithout(s, x) : netWithout(s, x, seg(reply)));
        assertSucc(want, labels, step(s, deliver(x)));
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
        static final String TW_A = "A: TIME_WAIT snd=2 rcv=3 tmr=2 inc=0 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=1 rtx=1 inc=0";
        /** A's timer restarted. */
        static final String RESTARTED = "A: TIME_WAIT snd=2 rcv=3 tmr=4 inc=0";
        static final String ACK_A = "ACK A->B seq=2 ack=3 inc=0";

        @Test
        void finDefaultRestartsOnlyOnTheRetransmittedFin() {
            set("timeWaitRestart", 0);
            assertDelivery(TW_A, "FIN B->A seq=2 ack=2 inc=0 age=1", RESTARTED, ACK_A, NONE);
            assertDelivery(TW_A, "FIN B->A seq=4 ack=2 inc=0 age=1", UNCHANGED, ACK_A, NONE);
            assertDelivery(TW_A, "ACK B->A seq=3 ack=2 inc=0 age=1", UNCHANGED, NO_REPLY, NONE);
            assertDelivery(TW_A, "DATA B->A seq=1 ack=2 inc=0 age=1", UNCHANGED, ACK_A, NONE);
        }

        @Test
        void noneNeverRestartsButStillAcknowledgesTheRetransmittedFin() {
            set("timeWaitRestart", 1);
            assertDelivery(TW_A, "FIN B->A seq=2 ack=2 inc=0 age=1", UNCHANGED, ACK_A, NONE);
            assertDelivery(TW_A, "FIN B->A seq=4 ack=2 inc=0", UNCHANGED, ACK_A, NONE);
            assertDelivery(TW_A, "SYNACK B->A seq=1 ack=2 inc=0", UNCHANGED, ACK_A, NONE);
            assertDelivery(TW_A, "ACK B->A seq=3 ack=2 inc=0", UNCHANGED, NO_REPLY, NONE);
        }

        @Test
        void noneTimeWaitLastsExactlyTimeWaitTicks() {
            set("timeWaitRestart", 1);
            String due = "A: TIME_WAIT snd=2 rcv=3 tmr=0 inc=0 | B: LISTEN inc=0";
            assertStep("A: TIME_WAIT snd=2 rcv=3 tmr=1 inc=0 | B: LISTEN inc=0", "Tick", due, NONE);
            assertFalse(names(state(due)).contains("Tick"));
            assertStep(due, timeout(A), "A: CLOSED inc=0 | B: LISTEN inc=0", NONE);
        }

        @Test
        void anyRestartsOnEverySegmentCarryingAck() {
            set("timeWaitRestart", 2);
            assertDelivery(TW_A, "FIN B->A seq=2 ack=2 inc=0 age=1", RESTARTED, ACK_A, NONE);
            assertDelivery(TW_A, "FIN B->A seq=4 ack=2 inc=0 age=1", RESTARTED, ACK_A, NONE);
            assertDelivery(TW_A, "ACK B->A seq=3 ack=2 inc=0 age=1", RESTARTED, NO_REPLY, NONE); // in window
            assertDelivery(TW_A, "ACK B->A seq=1 ack=2 inc=0 age=2", RESTARTED, NO_REPLY, NONE); // outside
            assertDelivery(TW_A, "DATA B->A seq=1 ack=2 inc=0", RESTARTED, ACK_A, NONE); // outside
            assertDelivery(TW_A, "DATA B->A seq=3 ack=2 inc=0", RESTARTED, NO_REPLY, NONE); // in window
            assertDelivery(TW_A, "SYNACK B->A seq=0 ack=4 inc=0 age=1", RESTARTED, ACK_A, NONE);
        }

        @Test
        void anyDoesNotRestartOnRstRstackOrSyn() {
            set("timeWaitRestart", 2);
            assertDelivery(TW_A, "RST B->A seq=1 ack=0 inc=0 age=1", UNCHANGED, NO_REPLY, NONE);
            assertDelivery(TW_A, "RSTACK B->A seq=4 ack=2 inc=0", UNCHANGED, NO_REPLY, NONE);

            // A SYN of A's next incarnation reaching B in TIME_WAIT: challenge ACK, no restart.
            assertDelivery("A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1 | B: TIME_WAIT snd=2 rcv=3 tmr=2 inc=0",
                    "SYN A->B seq=0 ack=0 inc=1 age=1", UNCHANGED, "ACK B->A seq=2 ack=3 inc=0", NONE);

            // An acceptable RST still resets (rstInTimeWait = close).
            assertDelivery(TW_A, "RST B->A seq=3 ack=0 inc=0", "A: CLOSED inc=0", NO_REPLY, NONE);
        }

        @Test
        void anyDoesNotRestartOnSegmentsDroppedByPaws() {
            set("timeWaitRestart", 2);
            set("timestamps", 1);
            assertDelivery("A: TIME_WAIT snd=2 rcv=3 tmr=2 inc=0 tsAge=0 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=1 rtx=1 inc=0"
                    + " tsAge=1", "ACK B->A seq=3 ack=2 inc=0 age=1", UNCHANGED, ACK_A, NONE);
            String tsOne = "A: TIME_WAIT snd=2 rcv=3 tmr=2 inc=0 tsAge=1 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=1 rtx=1 inc=0"
                    + " tsAge=1";
            assertDelivery(tsOne, "FIN B->A seq=4 ack=2 inc=0 age=2", UNCHANGED, ACK_A, NONE);
            // Equal TSval passes PAWS and restarts.
            assertDelivery(tsOne, "DATA B->A seq=1 ack=2 inc=0 age=1", "A: TIME_WAIT snd=2 rcv=3 tmr=4 inc=0 tsAge=1",
                    ACK_A, NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // rstInTimeWait
    // ------------------------------------------------------------------------------------------

    @Nested
    class RstInTimeWait {
        static final String TW_A = "A: TIME_WAIT snd=2 rcv=3 tmr=2 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0";
        /** At A's rcv_nxt (3). */
        static final List<String> RESETS = List.of("RST B->A seq=3 ack=0 inc=0 age=1", "RSTACK B->A seq=3 ack=2 inc=0 age=1");

        @Test
        void closeDefaultAcceptsAnRstAtRcvNxtInTimeWait() {
            set("rstInTimeWait", 0);
            for (String rst : RESETS) assertDelivery(TW_A, rst, "A: CLOSED inc=0", NO_REPLY, NONE);
        }

        @Test
        void ignoreDropsRstAndRstackAtRcvNxtInTimeWait() {
            set("rstInTimeWait", 1);
            for (String rst : RESETS) assertDelivery(TW_A, rst, UNCHANGED, NO_REPLY, NONE);
        }

        @Test
        void ignoreDropsAnRstInTimeWaitOfB() {
            set("rstInTimeWait", 1);
            assertDelivery("A: LAST_ACK snd=3 rcv=3 una=1 tmr=2 inc=0 | B: TIME_WAIT snd=3 rcv=3 tmr=1 inc=0",
                    "RSTACK A->B seq=3 ack=3 inc=0", UNCHANGED, NO_REPLY, NONE);
        }

        @Test
        void ignoreStillAcceptsRstInOtherSynchronizedStates() {
            set("rstInTimeWait", 1);
            assertDelivery("A: ESTABLISHED snd=2 rcv=3 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0",
                    "RST B->A seq=3 ack=0 inc=0 age=1", "A: CLOSED inc=0", NO_REPLY, NONE);

            // B in LAST_ACK accepting an RST-ACK: reset, P2 event.
            assertDelivery("A: CLOSED inc=0 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=2 inc=0",
                    "RSTACK A->B seq=2 ack=3 inc=0", "B: LISTEN inc=0", NO_REPLY, P2);
        }

        @Test
        void ignoreLeavesOutOfWindowRstDropped() {
            set("rstInTimeWait", 1);
            assertDelivery(TW_A, "RST B->A seq=1 ack=0 inc=0 age=1", UNCHANGED, NO_REPLY, NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // synInLastAck
    // ------------------------------------------------------------------------------------------

    @Nested
    class SynInLastAck {
        /** B in LAST_ACK (snd=3, rcv=2); A's next incarnation's SYN (seq 0, inc 1) arrives. */
        static final String LAST_ACK_B = "A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1"
                + " | B: LAST_ACK snd=3 rcv=2 una=1 tmr=2 rtx=1 inc=0";
        static final String SYN = "SYN A->B seq=0 ack=0 inc=1 age=1";

        @Test
        void rstDefaultAnswersWithRstack() {
            set("synInLastAck", 0);
            assertDelivery(LAST_ACK_B, SYN, UNCHANGED, "RSTACK B->A seq=0 ack=1 inc=0", NONE);
        }

        @Test
        void challengeAnswersWithAckAndKeepsTheState() {
            set("synInLastAck", 1);
            assertDelivery(LAST_ACK_B, SYN, UNCHANGED, "ACK B->A seq=3 ack=2 inc=0", NONE);
        }

        @Test
        void challengeLeavesOtherSynchronizedStatesAsInR0() {
            set("synInLastAck", 1);
            for (String b : List.of("ESTABLISHED snd=3 rcv=2 inc=0", "CLOSE_WAIT snd=3 rcv=2 inc=0",
                    "TIME_WAIT snd=3 rcv=2 tmr=2 inc=0", "FIN_WAIT_2 snd=3 rcv=2 inc=0")) {
                assertDelivery("A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1 | B: " + b,
                        "SYN A->B seq=0 ack=0 inc=1", UNCHANGED, "ACK B->A seq=3 ack=2 inc=0", NONE);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // timestamps (PAWS)
    // ------------------------------------------------------------------------------------------

    @Nested
    class Timestamps {
        /** Both established; tsAge = ticks since the peer's TSval in ts_recent was stamped (3 = none). */
        static String established(int tsA, int tsB) {
            return "A: ESTABLISHED snd=2 rcv=3 inc=0 tsAge=" + tsA + " | B: ESTABLISHED snd=3 rcv=2 inc=0 tsAge=" + tsB;
        }

        @Test
        void offDefaultAcceptsAnOlderSegmentAndTickLeavesTsAge() {
            set("timestamps", 0);
            assertDelivery(established(0, 0), "DATA B->A seq=3 ack=2 inc=0 age=2", "A: ESTABLISHED snd=2 rcv=4 inc=0",
                    "ACK A->B seq=2 ack=4 inc=0", NONE);
            assertStep(established(0, 0) + " | net: {ACK A->B seq=2 ack=3 inc=0}", "Tick",
                    established(0, 0) + " | net: {ACK A->B seq=2 ack=3 inc=0 age=1}", NONE);
        }

        @Test
        void tickAgesTsRecentUpToMslPlusOne() {
            set("timestamps", 1);
            assertStep(established(0, MSL) + " | net: {ACK A->B seq=2 ack=3 inc=0 age=1}", "Tick",
                    established(1, MSL + 1) + " | net: {ACK A->B seq=2 ack=3 inc=0 age=2}", NONE);
            assertStep("A: FIN_WAIT_1 snd=3 rcv=3 una=1 tmr=2 inc=0 tsAge=3 | B: ESTABLISHED snd=3 rcv=2 inc=0 tsAge=1",
                    "Tick",
                    "A: FIN_WAIT_1 snd=3 rcv=3 una=1 tmr=1 inc=0 tsAge=3 | B: ESTABLISHED snd=3 rcv=2 inc=0 tsAge=2",
                    NONE);
        }

        @Test
        void pawsDropsAnOlderSegmentAndAnswersWithAck() {
            set("timestamps", 1);
            // DATA in window but older than ts_recent: ACK, no acceptance.
            assertDelivery(established(0, 0), "DATA B->A seq=3 ack=2 inc=0 age=1", UNCHANGED,
                    "ACK A->B seq=2 ack=3 inc=0", NONE);

            // FIN in window, older: A stays ESTABLISHED.
            assertDelivery(established(1, 0), "FIN B->A seq=3 ack=2 inc=0 age=2", UNCHANGED,
                    "ACK A->B seq=2 ack=3 inc=0", NONE);

            // A pure ACK, older: answered with an ACK (R0 would drop it silently), acknowledgment ignored.
            assertDelivery("A: FIN_WAIT_1 snd=3 rcv=3 una=1 tmr=2 inc=0 tsAge=0 | B: ESTABLISHED snd=3 rcv=2 inc=0 tsAge=0",
                    "ACK B->A seq=3 ack=3 inc=0 age=1", UNCHANGED, "ACK A->B seq=3 ack=3 inc=0", NONE);
        }

        @Test
        void pawsAppliesInEverySynchronizedState() {
            set("timestamps", 1);
            // SYN_RCVD: an older ACK that would complete the handshake is answered and dropped.
            assertDelivery("A: ESTABLISHED snd=2 rcv=3 inc=1 tsAge=0 | B: SYN_RCVD snd=3 rcv=2 una=1 tmr=2 inc=1 tsAge=0",
                    "ACK A->B seq=2 ack=3 inc=1 age=1", UNCHANGED, "ACK B->A seq=3 ack=2 inc=1", NONE);

            // LAST_ACK: an older SYN is answered with an ACK (PAWS before the SYN rule), not a RST-ACK.
            assertDelivery("A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1 tsAge=3 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=2 inc=0"
                    + " tsAge=0", "SYN A->B seq=0 ack=0 inc=1 age=1", UNCHANGED, "ACK B->A seq=3 ack=2 inc=0", NONE);

            // TIME_WAIT: an older retransmitted FIN is answered but does not restart the timer.
            assertDelivery("A: TIME_WAIT snd=2 rcv=3 tmr=2 inc=0 tsAge=1 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=1 rtx=1 inc=0"
                    + " tsAge=3", "FIN B->A seq=2 ack=2 inc=0 age=2", UNCHANGED, "ACK A->B seq=2 ack=3 inc=0", NONE);
        }

        @Test
        void equalTsvalPassesAndAnAcceptableSegmentSetsTsRecent() {
            set("timestamps", 1);
            assertDelivery(established(1, 0), "DATA B->A seq=3 ack=2 inc=0 age=1",
                    "A: ESTABLISHED snd=2 rcv=4 inc=0 tsAge=1", "ACK A->B seq=2 ack=4 inc=0", NONE);

            // A newer segment: ts_recent takes its age.
            assertDelivery(established(TS_NONE, 0), "FIN B->A seq=3 ack=2 inc=0 age=1",
                    "A: CLOSE_WAIT snd=2 rcv=4 inc=0 tsAge=1", "ACK A->B seq=2 ack=4 inc=0", NONE);

            // An acceptable pure ACK acknowledging A's FIN: FIN_WAIT_2, ts_recent updated.
            assertDelivery("A: FIN_WAIT_1 snd=3 rcv=3 una=1 tmr=2 rtx=1 inc=0 tsAge=2"
                            + " | B: ESTABLISHED snd=3 rcv=2 inc=0 tsAge=0",
                    "ACK B->A seq=3 ack=3 inc=0", "A: FIN_WAIT_2 snd=3 rcv=3 inc=0 tsAge=0", NO_REPLY, NONE);
        }

        @Test
        void anOutOfWindowSegmentDoesNotSetTsRecent() {
            set("timestamps", 1);
            assertDelivery(established(2, 0), "DATA B->A seq=1 ack=2 inc=0", UNCHANGED, "ACK A->B seq=2 ack=3 inc=0", NONE);
            assertDelivery(established(2, 0), "ACK B->A seq=4 ack=2 inc=0 age=1", UNCHANGED, NO_REPLY, NONE);
        }

        @Test
        void rstIsNotPawsChecked() {
            set("timestamps", 1);
            assertDelivery(established(0, 0), "RST B->A seq=3 ack=0 inc=0 age=2", "A: CLOSED inc=0 tsAge=3", NO_REPLY,
                    NONE);

            // Out of window: still dropped silently (no ACK), even when older.
            assertDelivery(established(0, 0), "RSTACK B->A seq=1 ack=2 inc=0 age=2", UNCHANGED, NO_REPLY, NONE);
        }

        @Test
        void synAckAcceptedInSynSentSetsTsRecentWithoutPaws() {
            set("timestamps", 1);
            // A's tsAge=0, e.g. kept by tw_reuse: SYN_SENT is not synchronized, no PAWS
            assertDelivery("A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1 tsAge=0 | B: SYN_RCVD snd=3 rcv=1 una=1 tmr=2 inc=1"
                            + " tsAge=1",
                    "SYNACK B->A seq=2 ack=1 inc=1 age=2", "A: ESTABLISHED snd=1 rcv=3 inc=1 tsAge=2",
                    "ACK A->B seq=1 ack=3 inc=1", NONE);
        }

        @Test
        void synAcceptedAtListenSetsTsRecent() {
            set("timestamps", 1);
            assertStep("A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1 tsAge=3 | B: LISTEN inc=0 tsAge=3"
                            + " | net: {SYN A->B seq=0 ack=0 inc=1 age=1}",
                    synAtListen("SYN A->B seq=0 ack=0 inc=1 age=1", 2),
                    "A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1 tsAge=3 | B: SYN_RCVD snd=3 rcv=1 una=1 tmr=3 inc=1 tsAge=1"
                            + " | net: {SYNACK B->A seq=2 ack=1 inc=1}",
                    NONE);
        }

        @Test
        void resetSetsTsRecentToNone() {
            set("timestamps", 1);
            // LAST_ACK's clean exit (the acceptable ACK sets ts_recent, then the reset clears it).
            assertDelivery("A: TIME_WAIT snd=2 rcv=3 tmr=3 inc=0 tsAge=0 | B: LAST_ACK snd=3 rcv=2 una=1 tmr=2 inc=0 tsAge=1",
                    "ACK A->B seq=2 ack=3 inc=0", "B: LISTEN inc=0 tsAge=3", NO_REPLY, NONE);

            // TIME_WAIT expiry.
            assertStep("A: TIME_WAIT snd=2 rcv=3 inc=0 tsAge=1 | B: LISTEN inc=0 tsAge=3", timeout(A),
                    "A: CLOSED inc=0 tsAge=3 | B: LISTEN inc=0 tsAge=3", NONE);

            // Giving up.
            assertStep("A: FIN_WAIT_1 snd=3 rcv=3 una=1 rtx=2 inc=0 tsAge=0 | B: LISTEN inc=0 tsAge=3", timeout(A),
                    "A: CLOSED inc=0 tsAge=3 | B: LISTEN inc=0 tsAge=3", NONE);
        }

        @Test
        void noPawsOutsideSynchronizedStates() {
            set("timestamps", 1);
            assertDelivery("A: CLOSED inc=0 tsAge=0 | B: LISTEN inc=0 tsAge=0", "ACK B->A seq=1 ack=4 inc=0 age=2",
                    UNCHANGED, "RST A->B seq=4 ack=0 inc=0", NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // twReuse
    // ------------------------------------------------------------------------------------------

    @Nested
    class TwReuse {
        /** A in TIME_WAIT with tmr left (spent TW - tmr ticks), ts_recent age 1; B in LISTEN. */
        static String tw(int tmr, int inc) {
            return "A: TIME_WAIT snd=2 rcv=3 tmr=" + tmr + " inc=" + inc + " tsAge=1 | B: LISTEN inc=" + inc + " tsAge=3";
        }

        List<String> reuses(String s) {
            return names(state(s)).stream().filter(n -> n.startsWith("Open(")).collect(Collectors.toList());
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
            assertEquals(List.of(), reuses("A: TIME_WAIT snd=2 rcv=3 tmr=0 inc=0 tsAge=0 | B: LISTEN inc=0 tsAge=0"));
        }

        @Test
        void reusesAfterTwReuseTicksWithOneOpenPerIsnKeepingTsRecent() {
            set("timestamps", 1);
            set("twReuse", 2);
            TcpState s = state(tw(TW - 2, 0) + " | net: {ACK B->A seq=0 ack=0 inc=0 age=1}");
            List<Succ> succs = successors(s);
            List<String> expected = new ArrayList<>();
            for (int v = 0; v < SEQ; v++) expected.add(reuse(v));
            assertEquals(expected, names(succs).stream().filter(n -> n.startsWith("Open(")).collect(Collectors.toList()));
            for (int v = 0; v < SEQ; v++) {
                TcpState want = state("A: SYN_SENT snd=" + (v + 1) % SEQ + " rcv=0 una=1 tmr=3 inc=1 tsAge=1"
                        + " | B: LISTEN inc=0 tsAge=3 | net: {SYN A->B seq=" + v + " ack=0 inc=1, ACK B->A seq=0 ack=0 inc=0 age=1}");
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
            assertEquals(SEQ, reuses(tw(1, 0) + " | net: {ACK B->A seq=0 ack=0 inc=0, ACK B->A seq=1 ack=0 inc=0}").size());
            assertEquals(List.of(), reuses(tw(1, 0) + " | net: {ACK B->A seq=0 ack=0 inc=0, ACK B->A seq=1 ack=0 inc=0,"
                    + " ACK B->A seq=2 ack=0 inc=0}"), "full network");
        }

        @Test
        void reusedOpenFollowsClockIsn() {
            set("timestamps", 1);
            set("twReuse", 1);
            set("isn", 1);
            TcpState s = state(tw(1, 0));
            // The previous incarnation ends with snd_nxt = 2: the next one starts there.
            assertEquals(List.of(reuse(2)), reuses(tw(1, 0)));
            Succ got = step(s, reuse(2));
            TcpState n = got.next();
            assertEquals(SYN_SENT, n.st[A]);
            assertEquals(3, n.snd[A]);
            assertEquals(1, n.inc[A]);
            assertEquals(1, n.tsAge[A]);
            assertEquals(1, n.size);
            assertEquals(seg("SYN A->B seq=2 ack=0 inc=1"), n.net[0]);
        }
    }

    // ------------------------------------------------------------------------------------------
    // twOverflow
    // ------------------------------------------------------------------------------------------

    @Nested
    class TwOverflow {
        /** A in FIN_WAIT_2 (its FIN seq 2 acknowledged), B in LAST_ACK, B's FIN (seq 2) in flight. */
        static final String B_LAST_ACK = "B: LAST_ACK snd=3 rcv=3 una=1 tmr=2 inc=0";
        static final String FIN_WAIT_2_A = "A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | " + B_LAST_ACK;
        static final String FIN = "FIN B->A seq=2 ack=3 inc=0 age=1";

        @Test
        void offByDefault() {
            TcpState s = state(FIN_WAIT_2_A + " | net: {" + FIN + "}");
            assertEquals(List.of(deliver(FIN)), outcomesOf(s, deliver(FIN)));
            assertTrue(names(s).stream().noneMatch(n -> n.endsWith(OVERFLOW)));
        }

        @Test
        void finInFinWait2HasTheResetAlternative() {
            set("twOverflow", 1);
            TcpState s = state(FIN_WAIT_2_A + " | net: {" + FIN + "}");
            List<Succ> succs = successors(s);
            assertEquals(List.of(deliver(FIN), deliver(FIN) + OVERFLOW), outcomesOf(s, deliver(FIN)));
            assertSucc(state("A: TIME_WAIT snd=3 rcv=3 tmr=4 inc=0 | " + B_LAST_ACK + " | net: {ACK A->B seq=3 ack=3 inc=0}"),
                    NONE, pick(succs, deliver(FIN)));
            assertSucc(state("A: CLOSED inc=0 | " + B_LAST_ACK + " | net: {ACK A->B seq=3 ack=3 inc=0}"),
                    NONE, pick(succs, deliver(FIN) + OVERFLOW));
        }

        @Test
        void finAcknowledgingOurFinInFinWait1HasTheResetAlternative() {
            set("twOverflow", 1);
            String fin = "FIN B->A seq=2 ack=3 inc=0";
            TcpState s = state("A: FIN_WAIT_1 snd=3 rcv=2 una=1 tmr=2 rtx=1 inc=0 | " + B_LAST_ACK + " | net: {" + fin + "}");
            List<Succ> succs = successors(s);
            assertSucc(state("A: TIME_WAIT snd=3 rcv=3 tmr=4 inc=0 | " + B_LAST_ACK + " | net: {ACK A->B seq=3 ack=3 inc=0}"),
                    NONE, pick(succs, deliver(fin)));
            assertSucc(state("A: CLOSED inc=0 | " + B_LAST_ACK + " | net: {ACK A->B seq=3 ack=3 inc=0}"),
                    NONE, pick(succs, deliver(fin) + OVERFLOW));
        }

        @Test
        void ackInClosingHasTheResetAlternative() {
            set("twOverflow", 1);
            String ack = "ACK A->B seq=3 ack=3 inc=0 age=1";
            String a = "A: CLOSING snd=3 rcv=3 una=1 tmr=1 inc=0";
            TcpState s = state(a + " | B: CLOSING snd=3 rcv=3 una=1 tmr=2 inc=0 | net: {" + ack + "}");
            List<Succ> succs = successors(s);
            assertEquals(List.of(deliver(ack), deliver(ack) + OVERFLOW), outcomesOf(s, deliver(ack)));
            assertSucc(state(a + " | B: TIME_WAIT snd=3 rcv=3 tmr=4 inc=0"), NONE, pick(succs, deliver(ack)));
            assertSucc(state(a + " | B: LISTEN inc=0"), NONE, pick(succs, deliver(ack) + OVERFLOW));
        }

        @Test
        void bEnteringTimeWaitHasTheAlternativeToo() {
            set("twOverflow", 1);
            String fin = "FIN A->B seq=2 ack=3 inc=1 age=2";
            assertStep("A: LAST_ACK snd=3 rcv=3 una=1 tmr=2 inc=1 | B: FIN_WAIT_2 snd=3 rcv=2 inc=1 | net: {" + fin + "}",
                    deliver(fin) + OVERFLOW,
                    "A: LAST_ACK snd=3 rcv=3 una=1 tmr=2 inc=1 | B: LISTEN inc=1 | net: {ACK B->A seq=3 ack=3 inc=1}",
                    NONE);
        }

        @Test
        void actionsNotEnteringTimeWaitHaveNoAlternative() {
            set("twOverflow", 1);
            // FIN in FIN_WAIT_1 without acknowledging A's FIN: CLOSING.
            String fin = "FIN B->A seq=2 ack=2 inc=0";
            TcpState s = state("A: FIN_WAIT_1 snd=3 rcv=2 una=1 tmr=2 inc=0 | B: FIN_WAIT_1 snd=3 rcv=2 una=1 tmr=2 inc=0"
                    + " | net: {" + fin + "}");
            assertEquals(List.of(deliver(fin)), outcomesOf(s, deliver(fin)));
            // The ACK of A's FIN in FIN_WAIT_1: FIN_WAIT_2.
            String ack = "ACK B->A seq=2 ack=3 inc=0";
            TcpState t = state("A: FIN_WAIT_1 snd=3 rcv=2 una=1 tmr=2 inc=0 | B: CLOSE_WAIT snd=2 rcv=3 inc=0"
                    + " | net: {" + ack + "}");
            assertEquals(List.of(deliver(ack)), outcomesOf(t, deliver(ack)));
            // A retransmitted FIN in TIME_WAIT (restart, not entry), and TIME_WAIT's own Tick.
            String again = "FIN B->A seq=2 ack=3 inc=0 age=1";
            TcpState u = state("A: TIME_WAIT snd=3 rcv=3 tmr=2 inc=0 | B: LAST_ACK snd=3 rcv=3 una=1 tmr=1 rtx=1 inc=0"
                    + " | net: {" + again + "}");
            assertEquals(List.of(deliver(again)), outcomesOf(u, deliver(again)));
            assertTrue(names(u).stream().noneMatch(n -> n.endsWith(OVERFLOW)), names(u).toString());
        }

        @Test
        void theOverflowResetIsAFullReset() {
            set("twOverflow", 1);
            set("timestamps", 1);
            set("isn", 1);
            // The FIN (age 1) passes PAWS with an equal TSval.
            assertStep("A: FIN_WAIT_2 snd=3 rcv=2 inc=0 tsAge=1 | " + B_LAST_ACK + " tsAge=0 | net: {" + FIN + "}",
                    deliver(FIN) + OVERFLOW,
                    "A: CLOSED inc=0 isnBase=3 tsAge=3 | " + B_LAST_ACK + " tsAge=0 | net: {ACK A->B seq=3 ack=3 inc=0}",
                    NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // abort
    // ------------------------------------------------------------------------------------------

    @Nested
    class Abort {
        /** A in stA (snd=2, rcv=3), B in stB (snd=3, rcv=2), both in incarnation 1. */
        static String both(int stA, int stB) {
            return "A: " + TcpState.stateName(stA) + " snd=2 rcv=3 inc=1 | B: " + TcpState.stateName(stB)
                    + " snd=3 rcv=2 inc=1";
        }

        @Test
        void noneByDefault() {
            set("abort", 0);
            assertEquals(List.of(), namesStarting(state(both(ESTABLISHED, ESTABLISHED)), "Abort("));
            assertEquals(List.of(), namesStarting(state(both(CLOSE_WAIT, CLOSE_WAIT)), "Abort("));
            assertEquals(List.of(close(A), close(B)), names(m.initialState()));
        }

        @Test
        void aAbortsFromEstablishedWithRstackAndIsReset() {
            set("abort", 1);
            assertEquals(List.of(abort(A)), namesStarting(state(both(ESTABLISHED, ESTABLISHED)), "Abort("));
            assertStep(both(ESTABLISHED, ESTABLISHED), abort(A),
                    "A: CLOSED inc=1 | B: ESTABLISHED snd=3 rcv=2 inc=1 | net: {RSTACK A->B seq=2 ack=3 inc=1}", NONE);
        }

        @Test
        void bAbortsFromCloseWaitDiscardingUnacknowledgedData() {
            set("abort", 2);
            String s = "A: FIN_WAIT_2 snd=3 rcv=3 inc=0 | B: CLOSE_WAIT snd=4 rcv=3 una=1 tmr=2 rtx=1 dat=1 inc=0"
                    + " | net: {DATA B->A seq=3 ack=3 inc=0 age=1}";
            assertEquals(List.of(abort(B)), namesStarting(state(s), "Abort("));
            assertStep(s, abort(B), "A: FIN_WAIT_2 snd=3 rcv=3 inc=0 | B: LISTEN inc=0"
                    + " | net: {DATA B->A seq=3 ack=3 inc=0 age=1, RSTACK B->A seq=4 ack=3 inc=0}", NONE);
            // A in ESTABLISHED may not abort with abort=B.
            assertEquals(List.of(abort(B)), namesStarting(state(both(ESTABLISHED, ESTABLISHED)), "Abort("));
        }

        @Test
        void bothAbortOnlyWhereTheApplicationCouldClose() {
            set("abort", 3);
            for (int st : ALL_STATES) {
                String name = TcpState.stateName(st);
                String numbers = st == CLOSED || st == LISTEN ? "" : " snd=2 rcv=3";
                TcpState s = state("A: " + name + numbers + " inc=0 | B: FIN_WAIT_2 snd=3 rcv=2 inc=0");
                boolean can = st == ESTABLISHED || st == CLOSE_WAIT;
                assertEquals(can, names(s).contains(abort(A)), "Abort(A) in " + name);
                assertEquals(names(s).contains(close(A)), names(s).contains(abort(A)), name);
                String peerNumbers = st == CLOSED || st == LISTEN ? "" : " snd=3 rcv=2";
                TcpState t = state("A: FIN_WAIT_2 snd=2 rcv=3 inc=0 | B: " + name + peerNumbers + " inc=0");
                assertEquals(can, names(t).contains(abort(B)), "Abort(B) in " + name);
            }
        }

        @Test
        void abortFromCloseWaitOfA() {
            set("abort", 3);
            assertStep(both(CLOSE_WAIT, FIN_WAIT_2), abort(A),
                    "A: CLOSED inc=1 | B: FIN_WAIT_2 snd=3 rcv=2 inc=1 | net: {RSTACK A->B seq=2 ack=3 inc=1}", NONE);
        }

        @Test
        void abortNeedsRoom() {
            set("abort", 3);
            TcpState s = state(both(ESTABLISHED, ESTABLISHED)
                    + " | net: {ACK A->B seq=2 ack=3 inc=1, ACK B->A seq=3 ack=2 inc=1}");
            assertEquals(List.of(abort(A), abort(B)), namesStarting(s, "Abort("));
            TcpState full = state(both(ESTABLISHED, ESTABLISHED)
                    + " | net: {ACK A->B seq=2 ack=3 inc=1, ACK A->B seq=2 ack=3 inc=1 age=1, ACK B->A seq=3 ack=2 inc=1}");
            assertEquals(List.of(), namesStarting(full, "Abort("), "full network");
        }

        @Test
        void abortResetIsAFullReset() {
            set("abort", 3);
            set("timestamps", 1);
            set("isn", 1);
            assertStep("A: ESTABLISHED snd=2 rcv=3 inc=1 tsAge=1 | B: CLOSE_WAIT snd=3 rcv=2 inc=1 tsAge=0",
                    abort(B),
                    "A: ESTABLISHED snd=2 rcv=3 inc=1 tsAge=1 | B: LISTEN inc=1 isnBase=3 tsAge=3"
                            + " | net: {RSTACK B->A seq=3 ack=2 inc=1}",
                    NONE);
        }

        @Test
        void closerRestrictsAbortFromEstablishedOnly() {
            set("abort", 3);
            set("closer", 1);
            assertEquals(List.of(abort(A)), namesStarting(state(both(ESTABLISHED, ESTABLISHED)), "Abort("));
            assertEquals(List.of(abort(B)), namesStarting(state(both(FIN_WAIT_2, CLOSE_WAIT)), "Abort("));
            set("closer", 2);
            assertEquals(List.of(abort(B)), namesStarting(state(both(ESTABLISHED, ESTABLISHED)), "Abort("));
            assertEquals(List.of(abort(A)), namesStarting(state(both(CLOSE_WAIT, FIN_WAIT_2)), "Abort("));
        }
    }

    // ------------------------------------------------------------------------------------------
    // finTimeout
    // ------------------------------------------------------------------------------------------

    @Nested
    class FinTimeout {
        static final int FT = 5;
        /** A in FIN_WAIT_1, its FIN (seq 2) unacknowledged; B in CLOSE_WAIT. */
        static final String FIN_WAIT_1_A = "A: FIN_WAIT_1 snd=3 rcv=2 una=1 tmr=2 rtx=1 inc=0 | B: CLOSE_WAIT snd=2 rcv=3 inc=0";

        @Test
        void offByDefaultFinWait2HasNoTimer() {
            assertDelivery(FIN_WAIT_1_A, "ACK B->A seq=2 ack=3 inc=0", "A: FIN_WAIT_2 snd=3 rcv=2 inc=0", NO_REPLY, NONE);
            assertEquals(List.of(), names(state("A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: LISTEN inc=0")), "deadlock in R0");
        }

        @Test
        void enteringFinWait2ArmsTheTimer() {
            set("finTimeout", FT);
            assertDelivery(FIN_WAIT_1_A, "ACK B->A seq=2 ack=3 inc=0", "A: FIN_WAIT_2 snd=3 rcv=2 tmr=5 inc=0", NO_REPLY,
                    NONE);
        }

        @Test
        void tickCountsItDownAndTimeoutResetsWithoutSending() {
            set("finTimeout", FT);
            TcpState s = state("A: FIN_WAIT_2 snd=3 rcv=2 tmr=1 inc=0 | B: LISTEN inc=0");
            assertEquals(List.of("Tick"), names(s));
            Succ t = step(s, "Tick");
            assertSucc(state("A: FIN_WAIT_2 snd=3 rcv=2 tmr=0 inc=0 | B: LISTEN inc=0"), NONE, t);

            TcpState due = t.next();
            assertEquals(List.of(timeout(A)), names(due), "urgent timer");
            assertSucc(state("A: CLOSED inc=0 | B: LISTEN inc=0"), NONE, step(due, timeout(A)));
        }

        @Test
        void bOrphanedInFinWait2IsResetToListen() {
            set("finTimeout", FT);
            assertStep("A: CLOSED inc=0 | B: FIN_WAIT_2 snd=3 rcv=2 inc=0", timeout(B), "A: CLOSED inc=0 | B: LISTEN inc=0",
                    NONE);
        }

        @Test
        void finArrivingInTimeStillLeadsToTimeWait() {
            set("finTimeout", FT);
            assertDelivery("A: FIN_WAIT_2 snd=3 rcv=2 tmr=1 inc=0 | B: LAST_ACK snd=3 rcv=3 una=1 tmr=2 inc=0",
                    "FIN B->A seq=2 ack=3 inc=0 age=2", "A: TIME_WAIT snd=3 rcv=3 tmr=4 inc=0", "ACK A->B seq=3 ack=3 inc=0",
                    NONE);
        }

        @Test
        void finAcknowledgingOurFinGoesStraightToTimeWait() {
            set("finTimeout", FT);
            assertDelivery("A: FIN_WAIT_1 snd=3 rcv=2 una=1 tmr=2 rtx=1 inc=0 | B: LAST_ACK snd=3 rcv=3 una=1 tmr=2 inc=0",
                    "FIN B->A seq=2 ack=3 inc=0", "A: TIME_WAIT snd=3 rcv=3 tmr=4 inc=0", "ACK A->B seq=3 ack=3 inc=0", NONE);
        }

        @Test
        void dataInFinWait2DoesNotRearmTheTimer() {
            set("finTimeout", FT);
            assertDelivery("A: FIN_WAIT_2 snd=3 rcv=2 tmr=2 inc=0 | B: CLOSE_WAIT snd=3 rcv=3 una=1 tmr=2 dat=1 inc=0",
                    "DATA B->A seq=2 ack=3 inc=0 age=1", "A: FIN_WAIT_2 snd=3 rcv=3 tmr=2 inc=0",
                    "ACK A->B seq=3 ack=3 inc=0", NONE);
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
            assertEquals(SEQ, namesStarting(state("A: CLOSED inc=0 | B: LISTEN inc=0"), "Open(").size());
            assertStep("A: TIME_WAIT snd=2 rcv=3 inc=0 | B: LISTEN inc=0", timeout(A), "A: CLOSED inc=0 | B: LISTEN inc=0",
                    NONE);
        }

        @Test
        void clockOpenHasTheOneIsnIsnBase() {
            set("isn", 1);
            String s = "A: CLOSED inc=0 isnBase=3 | B: LISTEN inc=0 isnBase=1";
            assertEquals(List.of(open(3)), namesStarting(state(s), "Open("));
            // isnBase is read only in CLOSED: cleared on leaving it
            assertStep(s, open(3), "A: SYN_SENT snd=4 rcv=0 una=1 tmr=3 inc=1 isnBase=0 | B: LISTEN inc=0 isnBase=1"
                    + " | net: {SYN A->B seq=3 ack=0 inc=1}", NONE);
        }

        @Test
        void clockSynAtListenHasTheOneIsnIsnBase() {
            set("isn", 1);
            String syn = "SYN A->B seq=1 ack=0 inc=1 age=1";
            String s = "A: SYN_SENT snd=2 rcv=0 una=1 tmr=2 inc=1 isnBase=1 | B: LISTEN inc=0 isnBase=4 | net: {" + syn + "}";
            assertEquals(List.of(synAtListen(syn, 4)), namesStarting(state(s), "SynAtListen("));
            // isnBase is read only in LISTEN: cleared on leaving it
            assertStep(s, synAtListen(syn, 4), "A: SYN_SENT snd=2 rcv=0 una=1 tmr=2 inc=1 isnBase=1"
                    + " | B: SYN_RCVD snd=0 rcv=2 una=1 tmr=3 inc=1 isnBase=0 | net: {SYNACK B->A seq=4 ack=2 inc=1}", NONE);
        }

        @Test
        void clockResetStoresSndNxtInIsnBase() {
            set("isn", 1);
            // TIME_WAIT expiry.
            assertStep("A: TIME_WAIT snd=2 rcv=3 inc=0 | B: LISTEN inc=0", timeout(A),
                    "A: CLOSED inc=0 isnBase=2 | B: LISTEN inc=0", NONE);

            // LAST_ACK's clean exit.
            assertDelivery("A: TIME_WAIT snd=2 rcv=4 tmr=3 inc=0 | B: LAST_ACK snd=4 rcv=2 una=1 tmr=2 inc=0",
                    "ACK A->B seq=2 ack=4 inc=0", "B: LISTEN inc=0 isnBase=4", NO_REPLY, NONE);

            // Giving up (snd wraps: 0).
            assertStep("A: FIN_WAIT_1 snd=0 rcv=3 una=1 rtx=2 inc=0 isnBase=3 | B: LISTEN inc=0", timeout(A),
                    "A: CLOSED inc=0 isnBase=0 | B: LISTEN inc=0", NONE);

            // An RST accepted in a synchronized state.
            assertDelivery("A: ESTABLISHED snd=1 rcv=3 inc=0 | B: LISTEN inc=0", "RST B->A seq=3 ack=0 inc=0",
                    "A: CLOSED inc=0 isnBase=1", NO_REPLY, NONE);
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

        static final String ENDPOINTS = "A: ESTABLISHED snd=2 rcv=3 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0";
        static final String A1 = "ACK A->B seq=4 ack=3 inc=0 age=2";
        static final String A2 = "ACK A->B seq=1 ack=3 inc=0";
        static final String B1 = "DATA B->A seq=4 ack=2 inc=0 age=1";
        static final String B2 = "ACK B->A seq=3 ack=2 inc=0";
        /** A's two segments (sending order unlike code order), then B's two. */
        static final String FOUR_IN_FLIGHT = ENDPOINTS + " | net: {" + A1 + ", " + A2 + ", " + B1 + ", " + B2 + "}";

        @Test
        void reorderDefaultDeliversAnySegment() {
            set("reorder", 1);
            TcpState s = state(FOUR_IN_FLIGHT);
            for (String x : List.of(A1, A2, B1, B2)) assertTrue(names(s).contains(deliver(x)), x);
        }

        @Test
        void fifoDeliversOnlyTheOldestOfEachDirectionButLosesAny() {
            set("reorder", 0);
            TcpState s = state(FOUR_IN_FLIGHT);
            List<String> n = names(s);
            assertEquals(List.of(deliver(A1), deliver(B1)), namesStarting(s, "Deliver("));
            List<String> loses = new ArrayList<>();
            for (String x : List.of(A1, A2, B1, B2)) loses.add(lose(x));
            loses.sort(null);
            assertEquals(loses, namesStarting(s, "Lose("), n.toString());
        }

        @Test
        void fifoKeepsSendingOrderAcrossDeliverReplyLoseAndTick() {
            set("reorder", 0);
            // Deliver B's oldest (out of window DATA): A's ACK goes after A's segments.
            assertStep(FOUR_IN_FLIGHT, deliver(B1),
                    ENDPOINTS + " | net: {" + A1 + ", " + A2 + ", ACK A->B seq=2 ack=3 inc=0, " + B2 + "}", NONE);

            // Lose a segment in the middle: the order of the others stays.
            assertStep(FOUR_IN_FLIGHT, lose(A2), ENDPOINTS + " | net: {" + A1 + ", " + B1 + ", " + B2 + "} lost=1", NONE);

            // Tick ages in place.
            assertStep(ENDPOINTS + " | net: {ACK A->B seq=4 ack=3 inc=0 age=1, ACK A->B seq=1 ack=3 inc=0,"
                            + " ACK B->A seq=4 ack=2 inc=0 age=1, ACK B->A seq=3 ack=2 inc=0}",
                    "Tick",
                    ENDPOINTS + " | net: {ACK A->B seq=4 ack=3 inc=0 age=2, ACK A->B seq=1 ack=3 inc=0 age=1,"
                            + " ACK B->A seq=4 ack=2 inc=0 age=2, ACK B->A seq=3 ack=2 inc=0 age=1}",
                    NONE);

            // Close appends the FIN behind A's earlier segments.
            assertStep(ENDPOINTS + " | net: {FIN A->B seq=4 ack=3 inc=0 age=1, ACK B->A seq=3 ack=2 inc=0}",
                    close(A),
                    "A: FIN_WAIT_1 snd=3 rcv=3 una=1 tmr=3 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0"
                            + " | net: {FIN A->B seq=4 ack=3 inc=0 age=1, FIN A->B seq=2 ack=3 inc=0, ACK B->A seq=3 ack=2 inc=0}",
                    NONE);
        }

        @Test
        void fifoSynBehindAnOlderSegmentWaits() {
            set("reorder", 0);
            String old = "ACK A->B seq=2 ack=3 inc=0 age=2";
            String syn = "SYN A->B seq=0 ack=0 inc=1";
            String s = "A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1 | B: LISTEN inc=0 | net: {" + old + ", " + syn + "}";
            assertEquals(List.of(), namesStarting(state(s), "SynAtListen("));
            assertEquals(List.of(deliver(old)), namesStarting(state(s), "Deliver("));
            assertStep(s, deliver(old), "A: SYN_SENT snd=1 rcv=0 una=1 tmr=2 inc=1 | B: LISTEN inc=0"
                    + " | net: {" + syn + ", RST B->A seq=3 ack=0 inc=0}", NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // duplicates
    // ------------------------------------------------------------------------------------------

    @Nested
    class Duplicates {
        static final String ENDPOINTS = "A: ESTABLISHED snd=2 rcv=3 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0";
        static final String DATA = "DATA B->A seq=3 ack=2 inc=0 age=1";
        static final String ONE_IN_FLIGHT = ENDPOINTS + " | net: {" + DATA + "}";

        @Test
        void offByDefault() {
            set("duplicates", 0);
            assertEquals(List.of(), namesStarting(state(ONE_IN_FLIGHT), "Duplicate("));
        }

        @Test
        void duplicateAddsACopyWithTheSameAgeAndCountsIt() {
            set("duplicates", 2);
            TcpState s = state(ONE_IN_FLIGHT);
            assertEquals(List.of(duplicate(DATA)), namesStarting(s, "Duplicate("));
            Succ got = step(s, duplicate(DATA));
            assertSucc(state(ENDPOINTS + " | net: {" + DATA + ", " + DATA + "} dups=1"), NONE, got);

            assertSucc(state(ENDPOINTS + " | net: {" + DATA + ", " + DATA + ", " + DATA + "} dups=2"), NONE,
                    step(got.next(), duplicate(DATA)));
        }

        @Test
        void guardedByTheBudgetAndRoom() {
            set("duplicates", 2);
            assertEquals(List.of(), namesStarting(state(ONE_IN_FLIGHT + " dups=2"), "Duplicate("), "budget spent");
            TcpState t = state(ENDPOINTS + " | net: {ACK A->B seq=2 ack=3 inc=0, " + DATA + "} dups=1");
            assertEquals(2, namesStarting(t, "Duplicate(").size());
            TcpState full = state(ENDPOINTS + " | net: {ACK A->B seq=2 ack=3 inc=0, ACK A->B seq=2 ack=3 inc=0 age=1, "
                    + DATA + "} dups=1");
            assertEquals(List.of(), namesStarting(full, "Duplicate("), "full network");
        }

        @Test
        void lossAndDuplicationAreSeparateBudgets() {
            set("duplicates", 1);
            TcpState s = state(ONE_IN_FLIGHT + " lost=1");
            assertFalse(names(s).contains(lose(DATA)));
            assertStep(ONE_IN_FLIGHT + " lost=1", duplicate(DATA),
                    ENDPOINTS + " | net: {" + DATA + ", " + DATA + "} lost=1 dups=1", NONE);
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
            assertSucc(state("A: FIN_WAIT_1 snd=1 rcv=0 una=1 tmr=3 inc=0 | B: ESTABLISHED snd=0 rcv=0 inc=0"
                    + " | net: {FIN A->B seq=0 ack=0 inc=0}"), NONE, step(m.initialState(), close(A)));
        }

        @Test
        void closeFromCloseWaitIsAlwaysAllowed() {
            for (int closer : new int[] {1, 2}) {
                set("closer", closer);
                String s = "A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: CLOSE_WAIT snd=2 rcv=3 inc=0";
                assertTrue(names(state(s)).contains(close(B)), "closer=" + closer);
                assertStep(s, close(B), "A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: LAST_ACK snd=3 rcv=3 una=1 tmr=3 inc=0"
                        + " | net: {FIN B->A seq=2 ack=3 inc=0}", NONE);

                TcpState t = state("A: CLOSE_WAIT snd=2 rcv=3 inc=0 | B: FIN_WAIT_2 snd=3 rcv=2 inc=0");
                assertTrue(names(t).contains(close(A)), "closer=" + closer);
            }
        }

        @Test
        void theOtherSideCannotCloseFromEstablishedInAnyIncarnation() {
            set("closer", 1);
            TcpState s = state("A: ESTABLISHED snd=2 rcv=3 inc=1 | B: ESTABLISHED snd=3 rcv=2 inc=1"
                    + " | net: {ACK A->B seq=2 ack=3 inc=1}");
            assertTrue(names(s).contains(close(A)));
            assertFalse(names(s).contains(close(B)));
        }
    }

    // ------------------------------------------------------------------------------------------
    // keepaliveGiveUp
    // ------------------------------------------------------------------------------------------

    @Nested
    class KeepaliveGiveUp {
        /** A idle in ESTABLISHED with its last probe unanswered and its timer due; B crashed. */
        static final String LAST_PROBE_DUE = "A: ESTABLISHED snd=3 rcv=2 tmr=0 rtx=2 inc=0 | B: LISTEN inc=0 | net: {} B-failed";

        {
            set("keepalive", 1);
            set("keepaliveProbes", 2);
            set("peerFailure", TcpParameters.FAILURE_CRASH);
        }

        @Test
        void silentByDefaultTheGiveUpSendsNothing() {
            assertStep(LAST_PROBE_DUE, timeout(A), "A: CLOSED inc=0 | B: LISTEN inc=0 | net: {} B-failed", NONE);
        }

        @Test
        void withRstTheGiveUpSendsRstackAtSndAndRcvAsLinuxDoes() {
            set("keepaliveGiveUp", TcpParameters.GIVE_UP_RST);
            assertStep(LAST_PROBE_DUE, timeout(A),
                    "A: CLOSED inc=0 | B: LISTEN inc=0 | net: {RSTACK A->B seq=3 ack=2 inc=0} B-failed", NONE);
        }

        @Test
        void withRstTheGiveUpWaitsForRoomInTheNetwork() {
            set("keepaliveGiveUp", TcpParameters.GIVE_UP_RST);
            String full = "A: ESTABLISHED snd=3 rcv=2 tmr=0 rtx=2 inc=0 | B: LISTEN inc=0"
                    + " | net: {ACK B->A seq=0 ack=0 inc=0, ACK B->A seq=1 ack=0 inc=0, ACK B->A seq=2 ack=0 inc=0} B-failed";
            assertFalse(names(state(full)).contains(timeout(A)), names(state(full)).toString());
            set("keepaliveGiveUp", TcpParameters.GIVE_UP_SILENT);
            assertTrue(names(state(full)).contains(timeout(A)), names(state(full)).toString());
        }
    }

    // ------------------------------------------------------------------------------------------
    // finWait2
    // ------------------------------------------------------------------------------------------

    @Nested
    class FinWait2 {
        /** A in FIN_WAIT_1, its FIN (seq 2) unacknowledged; B in CLOSE_WAIT. */
        static final String FIN_WAIT_1_A = "A: FIN_WAIT_1 snd=3 rcv=2 una=1 tmr=2 rtx=1 inc=0 | B: CLOSE_WAIT snd=2 rcv=3 inc=0";

        @Test
        void lingerByDefaultTheAckOfTheFinLeadsToFinWait2() {
            assertDelivery(FIN_WAIT_1_A, "ACK B->A seq=2 ack=3 inc=0", "A: FIN_WAIT_2 snd=3 rcv=2 inc=0", NO_REPLY, NONE);
        }

        @Test
        void withRstTheAckOfTheFinDestroysTheEndpointAndDrawsARst() {
            set("finWait2", TcpParameters.FIN_WAIT_2_RST);
            assertDelivery(FIN_WAIT_1_A, "ACK B->A seq=2 ack=3 inc=0", "A: CLOSED inc=0", "RST A->B seq=3 ack=0 inc=0", NONE);
        }

        @Test
        void withRstAFinThatAcknowledgesOurFinIsNotTakenIn() {
            set("finWait2", TcpParameters.FIN_WAIT_2_RST);
            assertDelivery("A: FIN_WAIT_1 snd=3 rcv=2 una=1 tmr=2 rtx=1 inc=0 | B: LAST_ACK snd=3 rcv=3 una=1 tmr=2 inc=0",
                    "FIN B->A seq=2 ack=3 inc=0", "A: CLOSED inc=0", "RST A->B seq=3 ack=0 inc=0", NONE);
        }

        @Test
        void withRstAnAckThatLeavesTheFinUnacknowledgedChangesNothing() {
            set("finWait2", TcpParameters.FIN_WAIT_2_RST);
            // an old ACK (ack = 2, below the FIN's end) acknowledges nothing: A stays in FIN_WAIT_1
            assertDelivery(FIN_WAIT_1_A, "ACK B->A seq=2 ack=2 inc=0", UNCHANGED, NO_REPLY, NONE);
        }
    }

    // ------------------------------------------------------------------------------------------
    // closeWaitData
    // ------------------------------------------------------------------------------------------

    @Nested
    class CloseWaitData {
        /** B in CLOSE_WAIT (A's FIN taken in), having sent one data segment, unacknowledged, timer running. */
        static final String ONE_SENT = "A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: CLOSE_WAIT snd=3 rcv=3 una=1 tmr=2 rtx=1 dat=1 inc=0"
                + " | net: {DATA B->A seq=2 ack=3 inc=0 age=1}";

        @Test
        void oneDataSegmentByDefault() {
            assertFalse(names(state(ONE_SENT)).contains(sendData(B)), names(state(ONE_SENT)).toString());
        }

        @Test
        void aSecondDataSegmentKeepsTheTimerOfTheFirst() {
            set("closeWaitData", 2);
            assertStep(ONE_SENT, sendData(B), "A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: CLOSE_WAIT snd=4 rcv=3 una=2 tmr=2 rtx=1"
                    + " dat=2 inc=0 | net: {DATA B->A seq=2 ack=3 inc=0 age=1, DATA B->A seq=3 ack=3 inc=0}", NONE);
            String two = "A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: CLOSE_WAIT snd=4 rcv=3 una=2 tmr=2 dat=2 inc=0";
            assertFalse(names(state(two)).contains(sendData(B)), "no third: " + names(state(two)));
        }

        @Test
        void aTimeoutResendsTheOldestUnacknowledgedData() {
            set("closeWaitData", 2);
            assertStep("A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: CLOSE_WAIT snd=4 rcv=3 una=2 tmr=0 dat=2 inc=0", timeout(B),
                    "A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: CLOSE_WAIT snd=4 rcv=3 una=2 tmr=3 rtx=1 dat=2 inc=0"
                            + " | net: {DATA B->A seq=2 ack=3 inc=0}", NONE);
            // in LAST_ACK with both data segments and the FIN outstanding, the oldest is data too
            assertStep("A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: LAST_ACK snd=0 rcv=3 una=3 tmr=0 inc=0", timeout(B),
                    "A: FIN_WAIT_2 snd=3 rcv=2 inc=0 | B: LAST_ACK snd=0 rcv=3 una=3 tmr=3 rtx=1 inc=0"
                            + " | net: {DATA B->A seq=2 ack=3 inc=0}", NONE);
        }

        @Test
        void anAckOfBothDataSegmentsLeavesTheFinOutstanding() {
            set("closeWaitData", 2);
            assertDelivery("A: FIN_WAIT_2 snd=3 rcv=4 inc=0 | B: LAST_ACK snd=0 rcv=3 una=3 tmr=2 rtx=1 inc=0",
                    "ACK A->B seq=3 ack=4 inc=0", "B: LAST_ACK snd=0 rcv=3 una=1 tmr=3 inc=0", NO_REPLY, NONE);
        }

        @Test
        void tooFewSequenceNumbersForTheDataAndTheFinIsRefused() {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> params.with("closeWaitData", 3).with("seqSpace", 4));
            assertTrue(e.getMessage().contains("closeWaitData = 3 needs seqSpace > 4"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------
    // establishedData
    // ------------------------------------------------------------------------------------------

    @Nested
    class EstablishedData {
        static final String BOTH_ESTABLISHED = "A: ESTABLISHED snd=2 rcv=3 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0";

        @Test
        void noDataInEstablishedByDefault() {
            assertEquals(List.of(), namesStarting(state(BOTH_ESTABLISHED), "SendData("));
        }

        @Test
        void eachSideMaySendItsDataAndThenNoMore() {
            set("establishedData", 1);
            assertEquals(List.of(sendData(A), sendData(B)), namesStarting(state(BOTH_ESTABLISHED), "SendData("));
            assertStep(BOTH_ESTABLISHED, sendData(A), "A: ESTABLISHED snd=3 rcv=3 una=1 tmr=3 dat=1 inc=0"
                    + " | B: ESTABLISHED snd=3 rcv=2 inc=0 | net: {DATA A->B seq=2 ack=3 inc=0}", NONE);
            String sent = "A: ESTABLISHED snd=3 rcv=3 una=1 tmr=3 dat=1 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0";
            assertEquals(List.of(sendData(B)), namesStarting(state(sent), "SendData("));
        }

        @Test
        void aTimeoutInEstablishedResendsTheData() {
            set("establishedData", 1);
            assertStep("A: ESTABLISHED snd=3 rcv=3 una=1 tmr=0 dat=1 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0", timeout(A),
                    "A: ESTABLISHED snd=3 rcv=3 una=1 tmr=3 rtx=1 dat=1 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0"
                            + " | net: {DATA A->B seq=2 ack=3 inc=0}", NONE);
        }

        @Test
        void closingWithDataOutstandingKeepsItsTimerAndResendsTheDataFirst() {
            set("establishedData", 1);
            String before = "A: ESTABLISHED snd=3 rcv=3 una=1 tmr=2 rtx=1 dat=1 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0";
            assertStep(before, close(A), "A: FIN_WAIT_1 snd=4 rcv=3 una=2 tmr=2 rtx=1 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0"
                    + " | net: {FIN A->B seq=3 ack=3 inc=0}", NONE);
            assertStep("A: FIN_WAIT_1 snd=4 rcv=3 una=2 tmr=0 rtx=1 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0", timeout(A),
                    "A: FIN_WAIT_1 snd=4 rcv=3 una=2 tmr=3 rtx=2 inc=0 | B: ESTABLISHED snd=3 rcv=2 inc=0"
                            + " | net: {DATA A->B seq=2 ack=3 inc=0}", NONE);
        }

        @Test
        void theFinOfThePeerStartsTheCloseWaitAllowanceAfresh() {
            set("establishedData", 1);
            assertDelivery("A: ESTABLISHED snd=3 rcv=3 una=1 tmr=2 dat=1 inc=0 | B: FIN_WAIT_1 snd=4 rcv=2 una=1 tmr=2 inc=0",
                    "FIN B->A seq=3 ack=2 inc=0", "A: CLOSE_WAIT snd=3 rcv=4 una=1 tmr=2 inc=0", "ACK A->B seq=3 ack=4 inc=0",
                    NONE);
        }
    }
}
