package twcheck.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import twcheck.capture.CapturedSegment;
import twcheck.capture.Connection;

/**
 * The capture seen through R0's eyes: each real segment becomes one or two observed segments with
 * the model's kind, incarnation and sequence numbers counted the model's way. The rules are in
 * {@code docs/conformance.md}:
 *
 * <ul>
 *   <li>A connection's numbers are counted per direction and incarnation in <em>units</em>: the
 *       SYN, each data segment (whatever its length) and the FIN are one unit each, as R0's SYN,
 *       DATA and FIN occupy one sequence number each. A real sequence or acknowledgment number
 *       becomes the number of units that end at or before it, counted from an origin; a number
 *       inside a unit (a keepalive probe's snd_nxt - 1) counts that unit as not yet ended.</li>
 *   <li>Incarnation 0 is absorbed up to its teardown (its first FIN, RST or keepalive probe): R0
 *       starts there with both sides established, nothing unacknowledged and nothing in flight,
 *       so the origin is each side's snd_nxt at that moment. Later incarnations are observed
 *       from their SYN; their origin is the ISN, which the model chooses (bound when the SYN or
 *       SYN-ACK is matched).</li>
 *   <li>A segment carrying data and FIN is observed as its DATA, then its FIN. A zero-length
 *       segment one below the sender's snd_nxt is a keepalive probe: R0's probe is a DATA segment
 *       at snd_nxt - 1 (one garbage octet), so it is observed as DATA.</li>
 * </ul>
 */
final class CaptureAbstraction {

    /**
     * One observed segment: the model's view of (part of) a captured one.
     *
     * @param fromClient sent by the client (A)
     * @param kind R0's segment kind: SYN, SYNACK, ACK, DATA, FIN, RST, RSTACK
     * @param inc the incarnation it belongs to (by its place in the capture)
     * @param seq its sequence number in units from the sender's origin for {@code inc}
     * @param ack its acknowledgment number in units from the receiver's origin (0 without ACK)
     * @param relSeq the real sequence number relative to the sender's ISN (as tshark shows it)
     * @param relAck the real acknowledgment number relative to the receiver's ISN
     */
    record Observed(CapturedSegment segment, boolean fromClient, String kind, int inc, long seq, long ack,
            long relSeq, long relAck, String note) {

        String describe() {
            CapturedSegment s = segment;
            return String.format(Locale.ROOT, "frame %d at %.6f s, %s %s seq=%d%s%s (model: %s)", s.frame(),
                    s.micros() / 1e6, fromClient ? "client->server" : "server->client", s.flags(), relSeq,
                    s.ackFlag() ? " ack=" + relAck : "", s.payload() > 0 ? " len=" + s.payload() : "",
                    kind + (note == null ? "" : ", " + note));
        }
    }

    /** The observed segments, what was absorbed, or why the capture cannot be read this way. */
    record Abstraction(List<Observed> observed, List<String> absorbed, String problem, CapturedSegment problemAt) {}

    private CaptureAbstraction() {}

    /** A sequence-occupying unit, in real numbers relative to its direction's ISN. */
    private record Unit(long start, long end) {}

    /** One direction of one incarnation: its ISN and units. */
    private static final class Flow {
        final long isn;
        final List<Unit> units = new ArrayList<>();
        /** The units counted from here: snd_nxt at teardown (incarnation 0) or the ISN (relative 0). */
        long origin;
        /** The highest end sent so far (relative), while the capture is read. */
        long sentEnd;

        Flow(long isn) {
            this.isn = isn;
        }

        long rel(long seq) {
            return (seq - isn) & 0xffffffffL;
        }

        void note(long start, long end) {
            if (end <= start) return;
            for (Unit u : units) if (u.start() == start) return; // a retransmission: the same unit
            units.add(new Unit(start, end));
        }

        /** Units ending in (origin, rel] minus those ending in (rel, origin]. */
        long count(long rel) {
            long n = 0;
            for (Unit u : units) {
                if (u.end() > origin && u.end() <= rel) n++;
                else if (u.end() > rel && u.end() <= origin) n--;
            }
            return n;
        }
    }

    static Abstraction of(Connection c) {
        List<CapturedSegment> segs = c.segments();
        // incarnations: a client SYN with a new sequence number starts one
        int[] incOf = new int[segs.size()];
        List<Flow> client = new ArrayList<>();
        List<Flow> server = new ArrayList<>();
        int inc = -1;
        for (int i = 0; i < segs.size(); i++) {
            CapturedSegment s = segs.get(i);
            boolean fromClient = c.fromClient(s);
            if (s.syn() && !s.ackFlag() && fromClient && (inc < 0 || client.get(inc).isn != s.seq())) {
                inc++;
                client.add(new Flow(s.seq()));
                server.add(null);
            }
            if (inc < 0) {
                return new Abstraction(List.of(), List.of(), "a segment before the client's first SYN: the capture"
                        + " starts in the middle of a connection", s);
            }
            if (s.syn() && s.ackFlag() && !fromClient && (server.get(inc) == null || server.get(inc).isn != s.seq())) {
                server.set(inc, new Flow(s.seq()));
            }
            incOf[i] = inc;
        }
        for (int k = 0; k < client.size(); k++) {
            if (server.get(k) == null) {
                // no SYN-ACK seen (lost before the capture point, or never sent): the server's first segment sets its ISN
                for (int i = 0; i < segs.size(); i++) {
                    if (incOf[i] == k && !c.fromClient(segs.get(i))) {
                        server.set(k, new Flow(segs.get(i).seq() - (segs.get(i).syn() ? 0 : 1)));
                        break;
                    }
                }
                if (server.get(k) == null) server.set(k, new Flow(0));
            }
        }
        // units, the teardown of incarnation 0, and the observed segments
        List<Observed> observed = new ArrayList<>();
        List<String> absorbed = new ArrayList<>();
        int teardown = -1;
        for (int i = 0; i < segs.size(); i++) {
            CapturedSegment s = segs.get(i);
            boolean fromClient = c.fromClient(s);
            Flow f = (fromClient ? client : server).get(incOf[i]);
            long start = f.rel(s.seq());
            // R0's numbers have no holes: a segment may start at or below what its sender sent
            // before, never beyond it (except a RST, which occupies nothing and is judged by the model)
            if (start > f.sentEnd && !s.syn() && !s.rst() && (s.length() > 0 || start > f.sentEnd + 1)) {
                return new Abstraction(List.of(), List.of(), "its sequence number is " + (start - f.sentEnd)
                        + " beyond what the capture shows its sender sending (up to relative " + f.sentEnd + "): the"
                        + " capture missed a segment, or the sender skipped sequence space; no run of R0 has a hole", s);
            }
            f.note(start, start + s.length());
            boolean probe = isProbe(s, f, start);
            f.sentEnd = Math.max(f.sentEnd, start + s.length());
            if (teardown < 0 && incOf[i] == 0 && (s.fin() || s.rst() || probe)) teardown = i;
        }
        if (teardown < 0) {
            return new Abstraction(List.of(), List.of(), "no teardown: incarnation 0 has no FIN, RST or keepalive probe",
                    segs.get(segs.size() - 1));
        }
        // R0 starts with nothing unacknowledged: every octet sent before the teardown must be acknowledged before it
        long[] sentEnd = new long[2];
        long[] acked = new long[2];
        for (int i = 0; i < teardown; i++) {
            CapturedSegment s = segs.get(i);
            int d = c.fromClient(s) ? 0 : 1;
            Flow f = (d == 0 ? client : server).get(0);
            Flow other = (d == 0 ? server : client).get(0);
            sentEnd[d] = Math.max(sentEnd[d], f.rel(s.seq()) + s.length());
            if (s.ackFlag()) acked[1 - d] = Math.max(acked[1 - d], other.rel(s.ack()));
        }
        for (int d = 0; d < 2; d++) {
            if (acked[d] < sentEnd[d]) {
                return new Abstraction(List.of(), List.of(), "when the teardown begins, " + (d == 0 ? "the client" : "the server")
                        + " has sent " + (sentEnd[d] - acked[d]) + " octets of sequence space not yet acknowledged;"
                        + " R0 starts its teardown with nothing unacknowledged and nothing in flight", segs.get(teardown));
            }
        }
        client.get(0).origin = sentEnd[0];
        server.get(0).origin = sentEnd[1];
        if (teardown > 0) {
            absorbed.add("frames " + segs.get(0).frame() + "-" + segs.get(teardown - 1).frame() + " (" + teardown
                    + " segments): the opening and data of incarnation 0, before its teardown; R0 starts there, both"
                    + " sides established with everything acknowledged");
        }
        // read the rest again, now that every unit is known
        for (Flow f : client) f.sentEnd = 0;
        for (Flow f : server) f.sentEnd = 0;
        for (int i = 0; i < segs.size(); i++) {
            CapturedSegment s = segs.get(i);
            boolean fromClient = c.fromClient(s);
            Flow f = (fromClient ? client : server).get(incOf[i]);
            Flow other = (fromClient ? server : client).get(incOf[i]);
            long start = f.rel(s.seq());
            boolean probe = isProbe(s, f, start);
            f.sentEnd = Math.max(f.sentEnd, start + s.length());
            if (i < teardown) continue;
            long relAck = s.ackFlag() ? other.rel(s.ack()) : 0;
            long ack = s.ackFlag() ? other.count(relAck) : 0;
            long seq = f.count(start);
            int k = incOf[i];
            if (s.syn()) {
                observed.add(new Observed(s, fromClient, s.ackFlag() ? "SYNACK" : "SYN", k, seq, ack, start, relAck,
                        s.payload() > 0 ? "data on a SYN is not modelled" : null));
            } else if (s.rst()) {
                observed.add(new Observed(s, fromClient, s.ackFlag() ? "RSTACK" : "RST", k, seq, s.ackFlag() ? ack : 0,
                        start, relAck, null));
            } else {
                if (s.payload() > 0 || probe) {
                    observed.add(new Observed(s, fromClient, "DATA", k, seq, ack, start, relAck,
                            probe ? "a keepalive probe (R0's probe is DATA at snd_nxt - 1)" : null));
                }
                if (s.fin()) {
                    observed.add(new Observed(s, fromClient, "FIN", k, f.count(start + s.payload()), ack, start + s.payload(),
                            relAck, s.payload() > 0 ? "the FIN after the data it carries" : null));
                }
                if (s.payload() == 0 && !s.fin() && !probe) {
                    observed.add(new Observed(s, fromClient, "ACK", k, seq, ack, start, relAck, null));
                }
            }
        }
        return new Abstraction(List.copyOf(observed), List.copyOf(absorbed), null, null);
    }

    /** A zero-length, flag-less segment one below what its sender has sent: a keepalive probe. */
    private static boolean isProbe(CapturedSegment s, Flow f, long start) {
        return s.payload() == 0 && !s.syn() && !s.fin() && !s.rst() && f.sentEnd > 1 && start == f.sentEnd - 1;
    }
}
