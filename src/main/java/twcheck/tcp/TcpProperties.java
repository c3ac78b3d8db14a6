package twcheck.tcp;

import static twcheck.tcp.TcpLiveness.A_CLOSED;
import static twcheck.tcp.TcpLiveness.A_CLOSED_NOW;
import static twcheck.tcp.TcpLiveness.A_CLOSING_ACTIVELY;
import static twcheck.tcp.TcpLiveness.BOTH_CLOSED;
import static twcheck.tcp.TcpLiveness.B_CLOSED;
import static twcheck.tcp.TcpLiveness.B_CLOSING_PASSIVELY;
import static twcheck.tcp.TcpLiveness.FAILED_A_OPEN;

import java.util.List;
import twcheck.model.Property;

/**
 * The catalogue of the TCP teardown model: every property and witness with what it is made of
 * (a transition label, premise and goal conditions, a time bound) and how its traces are
 * explained. Adding a property is adding an entry here.
 */
public final class TcpProperties {
    private TcpProperties() {}

    public static final Property NO_STALE_ACCEPT = Property.never("no-stale-accept",
            TcpLabel.STALE_ACCEPT.label(),
            "No endpoint ever accepts a segment (a SYN-ACK in SYN_SENT, or DATA/FIN that advances"
                    + " rcv_nxt) sent by a different incarnation of the connection than its own.",
            "old-segment-arrives").explainedBy(Explanations::staleAccept);

    public static final Property PASSIVE_CLOSE_CLEAN = Property.never("passive-close-clean",
            TcpLabel.LAST_ACK_UNCLEAN_EXIT.label(),
            "B never leaves LAST_ACK by accepting a RST or by giving up after its retransmissions;"
                    + " its only exit is the acknowledgment of its FIN.",
            "last-ack-acked").explainedBy(Explanations::uncleanExit);

    public static final Property NO_DEADLOCK = Property.noDeadlock("no-deadlock",
            "Every state in which nothing can happen is the intended end: A closed in its last"
                    + " incarnation, B listening, the network empty.").explainedBy(Explanations::deadlock);

    public static final Property PASSIVE_REACHES_CLOSED = Property.leadsTo("passive-reaches-closed",
            B_CLOSING_PASSIVELY, B_CLOSED,
            "Whenever B is in CLOSE_WAIT or LAST_ACK, it eventually reaches LISTEN (its closed state).")
            .explainedBy(Explanations::liveness);

    public static final Property ACTIVE_REACHES_CLOSED = Property.leadsTo("active-reaches-closed",
            A_CLOSING_ACTIVELY, A_CLOSED,
            "Whenever A is in FIN_WAIT_1, FIN_WAIT_2, CLOSING or TIME_WAIT, it eventually reaches CLOSED"
                    + " (or reuses the address pair).").explainedBy(Explanations::liveness);

    public static final Property BOTH_EVENTUALLY_CLOSED = Property.eventually("both-eventually-closed",
            BOTH_CLOSED, "Every run eventually reaches a state with A CLOSED and B LISTEN.")
            .explainedBy(Explanations::liveness);

    public static final Property KEEPALIVE_DETECTS = Property.leadsTo("keepalive-detects",
            FAILED_A_OPEN, A_CLOSED_NOW,
            "Once B has failed (crashed, rebooted or been cut off), A eventually reaches CLOSED"
                    + " (its keepalive declares B dead, or a reset).").explainedBy(Explanations::liveness);

    public static final Property KEEPALIVE_BOUND = Property.within("keepalive-bound", new KeepaliveDelays(),
            "After B has failed, A reaches CLOSED within keepaliveBound ticks (default keepaliveTime +"
                    + " keepaliveProbes x keepaliveInterval) of the last segment it received, on every run where it does.")
            .explainedBy(Explanations::worstCase);

    public static final Property KEEPALIVE_NO_FALSE_ALARM = Property.never("keepalive-no-false-alarm",
            TcpLabel.FALSE_ALARM.label(),
            "A's keepalive never declares B dead while B is alive (RFC 9293 MUST-29: one lost probe is not a"
                    + " dead peer).");

    /** The teardown properties: what a model file checks when it names none, and compare's columns. */
    public static final List<Property> TEARDOWN = List.of(NO_STALE_ACCEPT, PASSIVE_CLOSE_CLEAN, NO_DEADLOCK,
            PASSIVE_REACHES_CLOSED, ACTIVE_REACHES_CLOSED, BOTH_EVENTUALLY_CLOSED);

    /** Every property a model file may name. */
    public static final List<Property> CHECKS = List.of(NO_STALE_ACCEPT, PASSIVE_CLOSE_CLEAN, NO_DEADLOCK,
            PASSIVE_REACHES_CLOSED, ACTIVE_REACHES_CLOSED, BOTH_EVENTUALLY_CLOSED, KEEPALIVE_DETECTS, KEEPALIVE_BOUND,
            KEEPALIVE_NO_FALSE_ALARM);

    public static final List<Property> WITNESSES = List.of(
            Property.reachable("new-incarnation-established", TcpLabel.NEW_INCARNATION_ESTABLISHED.label(),
                    "Some endpoint of a new incarnation (1 or later) reaches ESTABLISHED."),
            Property.reachable("old-segment-arrives", TcpLabel.OLD_SEGMENT_ARRIVES.label(),
                    "A segment of an older incarnation arrives at an endpoint of a newer one.")
                    .explainedBy(Explanations::staleAccept),
            Property.reachable("last-ack-acked", TcpLabel.LAST_ACK_ACKED.label(),
                    "B, in LAST_ACK, receives the acknowledgment of its FIN."),
            Property.reachable("old-server-data-accepted", TcpLabel.OLD_SERVER_DATA_ACCEPTED.label(),
                    "A, in a newer incarnation, accepts DATA that B sent in an older one"
                            + " (the seed note's first figure).").explainedBy(Explanations::staleAccept),
            Property.reachable("new-connection-refused", TcpLabel.NEW_CONNECTION_REFUSED.label(),
                    "A's new connection attempt (SYN_SENT) is aborted by a RST"
                            + " (the seed note's second figure).").explainedBy(Explanations::refused));
}
