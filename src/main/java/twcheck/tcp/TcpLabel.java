package twcheck.tcp;

/**
 * What the TCP model reports on a transition, one label bit each (bit = ordinal): the
 * observations its properties and witnesses are made of.
 */
public enum TcpLabel {
    /** A segment is accepted (P1 check) whose incarnation differs from the receiver's. */
    STALE_ACCEPT("stale-accept"),
    /** B leaves LAST_ACK by an accepted RST/RSTACK or by giving up (P2 event). */
    LAST_ACK_UNCLEAN_EXIT("last-ack-unclean-exit"),
    /** An endpoint of incarnation 1 or later enters ESTABLISHED. */
    NEW_INCARNATION_ESTABLISHED("new-incarnation-established"),
    /** A segment arrives at an endpoint whose incarnation is newer than the segment's. */
    OLD_SEGMENT_ARRIVES("old-segment-arrives"),
    /** B in LAST_ACK receives the acknowledgment of its FIN (its clean exit). */
    LAST_ACK_ACKED("last-ack-acked"),
    /** A accepts DATA that B sent in an older incarnation (a special case of STALE_ACCEPT). */
    OLD_SERVER_DATA_ACCEPTED("old-server-data-accepted"),
    /** A in SYN_SENT is reset by a RST: its new connection attempt is aborted. */
    NEW_CONNECTION_REFUSED("new-connection-refused"),
    /** A's keepalive declares the connection dead after its last unanswered probe. */
    KEEPALIVE_TIMEOUT("keepalive-timeout"),
    /** B fails (crash, reboot or partition; variant peerFailure). */
    PEER_FAILED("peer-failed"),
    /** A's keepalive declares B dead although B has not failed. */
    FALSE_ALARM("false-alarm");

    static final java.util.List<String> NAMES = java.util.Arrays.stream(values()).map(TcpLabel::label).toList();

    private final String label;

    TcpLabel(String label) {
        this.label = label;
    }

    /** The label's name, as properties and replay messages use it. */
    public String label() {
        return label;
    }

    /** The label's bit in a transition's label set. */
    public long bit() {
        return 1L << ordinal();
    }
}
