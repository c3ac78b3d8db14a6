package twcheck.properties;

import java.util.List;
import java.util.Optional;

/** The properties and witnesses twcheck knows for the TCP teardown model, by name. */
public final class TcpProperties {
    private TcpProperties() {}

    public static final Property NO_STALE_ACCEPT = new Property("no-stale-accept",
            Property.Kind.ALWAYS_NOT, "stale-accept",
            "No endpoint ever accepts a segment (a SYN-ACK in SYN_SENT, or DATA/FIN that advances"
                    + " rcv_nxt) sent by a different incarnation of the connection than its own.",
            List.of("old-segment-arrives"));

    public static final Property PASSIVE_CLOSE_CLEAN = new Property("passive-close-clean",
            Property.Kind.ALWAYS_NOT, "last-ack-unclean-exit",
            "B never leaves LAST_ACK by accepting a RST or by giving up after its retransmissions;"
                    + " its only exit is the acknowledgment of its FIN.",
            List.of("last-ack-acked"));

    public static final Property NO_DEADLOCK = new Property("no-deadlock",
            Property.Kind.NO_DEADLOCK, null,
            "Every state in which nothing can happen is the intended end: A closed in its last"
                    + " incarnation, B listening, the network empty.",
            List.of());

    public static final Property PASSIVE_REACHES_CLOSED = new Property("passive-reaches-closed",
            Property.Kind.LEADS_TO, null,
            "Whenever B is in CLOSE_WAIT or LAST_ACK, it eventually reaches LISTEN (its closed state).",
            List.of());

    public static final Property ACTIVE_REACHES_CLOSED = new Property("active-reaches-closed",
            Property.Kind.LEADS_TO, null,
            "Whenever A is in FIN_WAIT_1, FIN_WAIT_2, CLOSING or TIME_WAIT, it eventually reaches CLOSED"
                    + " (or reuses the address pair).",
            List.of());

    public static final Property BOTH_EVENTUALLY_CLOSED = new Property("both-eventually-closed",
            Property.Kind.EVENTUALLY, null,
            "Every run eventually reaches a state with A CLOSED and B LISTEN.",
            List.of());

    public static final Property KEEPALIVE_DETECTS = new Property("keepalive-detects",
            Property.Kind.LEADS_TO, null,
            "Once B has failed (crashed, rebooted or been cut off), A eventually reaches CLOSED"
                    + " (its keepalive declares B dead, or a reset).",
            List.of());

    public static final Property KEEPALIVE_BOUND = new Property("keepalive-bound",
            Property.Kind.WITHIN, null,
            "After B has failed, A reaches CLOSED within keepaliveBound ticks (default keepaliveTime +"
                    + " keepaliveProbes x keepaliveInterval) of the last segment it received, on every run where it does.",
            List.of());

    public static final Property KEEPALIVE_NO_FALSE_ALARM = new Property("keepalive-no-false-alarm",
            Property.Kind.ALWAYS_NOT, "false-alarm",
            "A's keepalive never declares B dead while B is alive (RFC 9293 MUST-29: one lost probe is not a"
                    + " dead peer).",
            List.of());

    /** The teardown properties: what a model file checks when it names none, and compare's columns. */
    public static final List<Property> TEARDOWN = List.of(NO_STALE_ACCEPT, PASSIVE_CLOSE_CLEAN, NO_DEADLOCK,
            PASSIVE_REACHES_CLOSED, ACTIVE_REACHES_CLOSED, BOTH_EVENTUALLY_CLOSED);

    /** Every property a model file may name. */
    public static final List<Property> CHECKS = List.of(NO_STALE_ACCEPT, PASSIVE_CLOSE_CLEAN, NO_DEADLOCK,
            PASSIVE_REACHES_CLOSED, ACTIVE_REACHES_CLOSED, BOTH_EVENTUALLY_CLOSED, KEEPALIVE_DETECTS, KEEPALIVE_BOUND,
            KEEPALIVE_NO_FALSE_ALARM);

    public static final List<Property> WITNESSES = List.of(
            new Property("new-incarnation-established", Property.Kind.SOMETIMES,
                    "new-incarnation-established",
                    "Some endpoint of a new incarnation (1 or later) reaches ESTABLISHED.", List.of()),
            new Property("old-segment-arrives", Property.Kind.SOMETIMES, "old-segment-arrives",
                    "A segment of an older incarnation arrives at an endpoint of a newer one.", List.of()),
            new Property("last-ack-acked", Property.Kind.SOMETIMES, "last-ack-acked",
                    "B, in LAST_ACK, receives the acknowledgment of its FIN.", List.of()),
            new Property("old-server-data-accepted", Property.Kind.SOMETIMES, "old-server-data-accepted",
                    "A, in a newer incarnation, accepts DATA that B sent in an older one"
                            + " (the seed note's first figure).", List.of()),
            new Property("new-connection-refused", Property.Kind.SOMETIMES, "new-connection-refused",
                    "A's new connection attempt (SYN_SENT) is aborted by a RST"
                            + " (the seed note's second figure).", List.of()));

    public static Optional<Property> check(String name) {
        return CHECKS.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A property or witness by name. */
    public static Optional<Property> byName(String name) {
        return java.util.stream.Stream.concat(CHECKS.stream(), WITNESSES.stream())
                .filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> checkNames() {
        return CHECKS.stream().map(Property::name).toList();
    }
}
