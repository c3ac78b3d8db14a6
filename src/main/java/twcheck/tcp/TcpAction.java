package twcheck.tcp;

/**
 * A structured picture of one action, for traces and charts.
 *
 * @param kind what the action does
 * @param endpoint the endpoint that acts (for Deliver and SynAtListen, the receiver); null for
 *     Tick and Lose
 * @param segment the segment delivered or lost; null for the other kinds
 * @param isn the initial sequence number chosen by Open or SynAtListen; null otherwise
 */
public record TcpAction(TcpActionKind kind, String endpoint, TcpView.SegmentView segment, Integer isn) {}
