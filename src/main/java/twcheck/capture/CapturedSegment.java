package twcheck.capture;

/**
 * One TCP segment of a capture, as the wire showed it.
 *
 * @param frame the frame's number in the capture, from 1 (as Wireshark and tshark count)
 * @param micros the time since the capture's first frame, in microseconds
 * @param from the sender's address and port
 * @param to the receiver's address and port
 * @param seq the 32-bit sequence number
 * @param ack the 32-bit acknowledgment number (meaningful only with the ACK flag)
 * @param payload the number of data octets
 */
public record CapturedSegment(int frame, long micros, Address from, Address to, boolean syn, boolean ackFlag,
        boolean fin, boolean rst, long seq, long ack, int payload) {

    /** An address and port: {@code 192.0.2.1:40000} or {@code [2001:db8::1]:40000}. */
    public record Address(String ip, int port) {
        @Override
        public String toString() {
            return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
        }
    }

    /** Where it is in the capture: {@code frame 8 at 0.000743 s}. */
    public String where() {
        return String.format(java.util.Locale.ROOT, "frame %d at %.6f s", frame, micros / 1e6);
    }

    /** The flags as tcpdump writes them: S, F, R, P (data) and '.' for ACK. */
    public String flags() {
        StringBuilder b = new StringBuilder();
        if (syn) b.append('S');
        if (fin) b.append('F');
        if (rst) b.append('R');
        if (payload > 0) b.append('P');
        if (ackFlag) b.append('.');
        return b.toString();
    }

    /** The sequence space this segment occupies: SYN and FIN one each, plus its data. */
    public long length() {
        return payload + (syn ? 1 : 0) + (fin ? 1 : 0);
    }
}
