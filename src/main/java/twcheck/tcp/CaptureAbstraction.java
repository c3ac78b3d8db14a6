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
     * One reading of an observed segment's numbers, in one incarnation's numbering: in units from
     * the sender's origin ({@code seq}) and from the receiver's ({@code ack}, 0 without ACK), each
     * a range [lo, hi] (see {@link Flow#count}), and the real numbers relative to the ISNs (as
     * tshark shows them).
     */
    record Reading(int inc, long[] seq, long[] ack, long relSeq, long relAck) {}

    /**
     * One observed segment: the model's view of (part of) a captured one.
     *
     * @param fromClient sent by the client (A)
     * @param kind R0's segment kind: SYN, SYNACK, ACK, DATA, FIN, RST, RSTACK
     * @param inc the incarnation it is read in for display (the latest whose numbers it fits)
     * @param readings its numbers in each incarnation whose numbers it fits, latest first
     */
    record Observed(CapturedSegment segment, boolean fromClient, String kind, int inc, List<Reading> readings,
            String note, String alsoKind) {

        Observed(CapturedSegment segment, boolean fromClient, String kind, int inc, List<Reading> readings, String note) {
            this(segment, fromClient, kind, inc, readings, note, null);
        }

        /** Whether a model segment of this kind can be this one. */
        boolean isKind(String k) {
            return kind.equals(k) || k.equals(alsoKind);
        }

        String describe() {
            CapturedSegment s = segment;
            Reading r = readings.get(0);
            return String.format(Locale.ROOT, "%s, %s %s seq=%d%s%s (model: %s)", s.where(),
                    fromClient ? "client->server" : "server->client", s.flags(), r.relSeq(),
                    s.ackFlag() ? " ack=" + r.relAck() : "", s.payload() > 0 ? " len=" + s.payload() : "",
                    kind + (inc > 0 ? ", incarnation " + inc : "") + (note == null ? "" : ", " + note));
        }
    }

    /**
     * The observed segments and what was absorbed; {@code problem}: why the capture cannot be read
     * this way from {@code problemAt} on (the observed segments are those before it).
     */
    /**
     * {@code originMicros}: when R0's initial state holds, the capture time of the last absorbed
     * segment (or of the first observed one), from which {@code --tick} counts the model's ticks.
     */
    record Abstraction(List<Observed> observed, List<String> absorbed, String problem, CapturedSegment problemAt,
            long originMicros) {
        static Abstraction refused(String problem, CapturedSegment at) {
            return new Abstraction(List.of(), List.of(), problem, at, 0);
        }
    }

    private CaptureAbstraction() {}

    /** A sequence-occupying unit, in real numbers relative to its direction's ISN. */
    private record Unit(long start, long end, int firstIndex) {}

    /** One direction of one incarnation: its ISN and units. */
    private static final class Flow {
        final long isn;
        final List<Unit> units = new ArrayList<>();
        /** The units counted from here: snd_nxt at teardown (incarnation 0) or the ISN (relative 0). */
        long origin;
        /** The highest end sent so far (relative), while the capture is read. */
        long sentEnd;
        /**
         * The highest end anywhere in the capture: what a segment may reach. Not what was seen so
         * far: segments arriving at the capture point may have been reordered on the way, so an
         * ACK can come before the FIN it follows.
         */
        long extent;

        Flow(long isn) {
            this.isn = isn;
        }

        /** The number relative to the ISN, signed: a number just below the ISN is negative. */
        long rel(long seq) {
            return (int) (seq - isn);
        }

        void note(long start, long end, int index) {
            if (end <= start) return;
            for (Unit u : units) if (u.start() == start) return; // a retransmission: the same unit
            units.add(new Unit(start, end, index));
        }

        /**
         * The capture index of the first segment of a unit that starts where no earlier unit
         * reaches (a hole in the sequence space), or -1 if the units tile it from the ISN.
         */
        int firstHole() {
            List<Unit> sorted = new ArrayList<>(units);
            sorted.sort(java.util.Comparator.comparingLong(Unit::start));
            long covered = sorted.isEmpty() ? 0 : Math.min(0, sorted.get(0).start());
            int hole = -1;
            for (Unit u : sorted) {
                if (u.start() > covered && (hole < 0 || u.firstIndex() < hole)) hole = u.firstIndex();
                covered = Math.max(covered, u.end());
            }
            return hole;
        }

        /**
         * The model number of real number {@code rel}, as the range [lo, hi] of the units that
         * end at or before it, counted from the origin. A stretch of sequence space the capture
         * never shows (segments lost before the capture point) holds at least one unit and at
         * most one per octet, hence the range. Below the ISN (a RST answering another
         * incarnation's segment) each octet counts as one unit.
         */
        long[] count(long rel) {
            long[] at = ended(rel);
            long[] from = ended(origin);
            long lo = at[0] - from[0];
            long hi = at[1] - from[1];
            return new long[] {Math.min(lo, hi), Math.max(lo, hi)};
        }

        /** Units ending at or before {@code p}, from the ISN: {fewest, most}. */
        private long[] ended(long p) {
            if (p < 0) return new long[] {p, p};
            List<Unit> sorted = new ArrayList<>(units);
            sorted.sort(java.util.Comparator.comparingLong(Unit::start));
            long lo = 0;
            long hi = 0;
            long covered = 0;
            boolean inside = false;
            for (Unit u : sorted) {
                if (u.start() >= p) break;
                if (u.start() > covered) { // a stretch no segment shows
                    lo += 1;
                    hi += u.start() - covered;
                    covered = u.start();
                }
                if (u.end() <= p) {
                    if (u.end() > covered) {
                        lo++;
                        hi++;
                        covered = u.end();
                    }
                } else {
                    inside = true; // p lies within this unit, which has not ended
                    break;
                }
            }
            if (!inside && p > covered) { // acknowledged, or sent, beyond anything shown
                lo += 1;
                hi += p - covered;
            }
            return new long[] {lo, hi};
        }
    }

    static Abstraction of(Connection c, boolean atClient) {
        List<CapturedSegment> segs = c.segments();
        // Incarnations: a client SYN with a new sequence number starts one, and the server's
        // numbers for it start with its SYN-ACK. Until then, a server segment can only be of an
        // earlier incarnation.
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
                return Abstraction.refused("a segment before the client's first SYN: the capture"
                        + " starts in the middle of a connection", s);
            }
            if (s.syn() && s.ackFlag() && !fromClient && (server.get(inc) == null || server.get(inc).isn != s.seq())) {
                server.set(inc, new Flow(s.seq()));
            }
            incOf[i] = inc;
        }
        if (server.get(0) == null) {
            // no SYN-ACK seen for the first connection: the server's first segment sets its ISN
            for (CapturedSegment s : segs) {
                if (!c.fromClient(s)) {
                    server.set(0, new Flow(s.seq() - (s.syn() ? 0 : 1)));
                    break;
                }
            }
            if (server.get(0) == null) server.set(0, new Flow(0));
        }
        for (int i = 0; i < segs.size(); i++) {
            CapturedSegment s = segs.get(i);
            Flow f = (c.fromClient(s) ? client : server).get(incOf[i]);
            if (f == null || s.rst()) continue;
            long start = f.rel(s.seq());
            if (start >= 0) f.extent = Math.max(f.extent, start + s.length());
        }
        // Units, and which incarnation each segment is read in: the latest one (up to its place in
        // the capture) in which it lies within what its sender has sent. A late segment of an
        // older incarnation is read in that one; the model's own incarnation tags decide in the end.
        int[] readIn = new int[segs.size()];
        int teardown = -1;
        // a segment no incarnation's numbers can hold ends what can be read: the segments before
        // it are still searched, so that an earlier one the model cannot explain is named first
        int end = segs.size();
        String hole = null;
        for (int i = 0; i < segs.size(); i++) {
            CapturedSegment s = segs.get(i);
            List<Flow> flows = c.fromClient(s) ? client : server;
            int j = incOf[i];
            while (j >= 0 && (flows.get(j) == null || !fits(s, flows.get(j), c.fromClient(s) == atClient))) j--;
            if (j < 0) {
                Flow f = flows.get(incOf[i]) != null ? flows.get(incOf[i]) : flows.get(0);
                hole = "its sequence number is beyond anything the capture shows its sender sending (up to relative "
                        + f.extent + "): the capture missed a segment, or the sender skipped sequence space; no run"
                        + " of R0 has a hole";
                end = i;
                break;
            }
            readIn[i] = j;
            Flow f = flows.get(j);
            long start = f.rel(s.seq());
            f.note(start, start + s.length(), i);
            boolean probe = isProbe(s, f, start);
            f.sentEnd = Math.max(f.sentEnd, start + s.length());
            if (teardown < 0 && j == 0 && (s.fin() || s.rst() || probe)) teardown = i;
        }
        // the captured side's own segments are all in the capture, so its numbers can have no
        // hole; the far side's can, where its segments were lost before reaching the capture point
        for (List<Flow> flows : List.of(atClient ? client : server)) {
            for (Flow f : flows) {
                int at = f == null ? -1 : f.firstHole();
                if (at >= 0 && at < end) {
                    end = at;
                    hole = "it starts beyond anything the capture shows its sender sending before it: the capture"
                            + " missed a segment, or the sender skipped sequence space; no run of R0 has a hole";
                }
            }
        }
        if (teardown > end) teardown = -1;
        // A capture that stops before any teardown is all opening: R0 starts after it, and its
        // initial state (a run of no step) shows nothing more.
        boolean noTeardown = teardown < 0;
        if (noTeardown) teardown = end;
        if (hole != null && teardown >= end) {
            return Abstraction.refused(hole, segs.get(end));
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
                return Abstraction.refused("when the teardown begins, " + (d == 0 ? "the client" : "the server")
                        + " has sent " + (sentEnd[d] - acked[d]) + " octets of sequence space not yet acknowledged;"
                        + " R0 starts its teardown with nothing unacknowledged and nothing in flight",
                        segs.get(Math.min(teardown, segs.size() - 1)));
            }
        }
        client.get(0).origin = sentEnd[0];
        server.get(0).origin = sentEnd[1];
        List<String> absorbed = new ArrayList<>();
        if (teardown > 0) {
            absorbed.add("frames " + segs.get(0).frame() + "-" + segs.get(teardown - 1).frame() + " (" + teardown
                    + " segments): the opening and data of incarnation 0, before its teardown; R0 starts there, both"
                    + " sides established with everything acknowledged"
                    + (noTeardown ? " (the capture ends before any FIN, RST or keepalive probe)" : ""));
        }
        // read the rest again, now that every unit is known: one reading per incarnation it fits
        for (Flow f : client) f.sentEnd = 0;
        for (Flow f : server) if (f != null) f.sentEnd = 0;
        List<Observed> observed = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            CapturedSegment s = segs.get(i);
            boolean fromClient = c.fromClient(s);
            List<Flow> flows = fromClient ? client : server;
            List<Flow> others = fromClient ? server : client;
            List<Reading> readings = new ArrayList<>();
            List<Reading> finReadings = new ArrayList<>();
            boolean probe = false;
            for (int j = incOf[i]; j >= 0; j--) {
                Flow f = flows.get(j);
                // the receiver's numbers of this incarnation, or, before its SYN-ACK, of the latest before it
                Flow other = null;
                for (int jj = j; jj >= 0 && other == null; jj--) other = others.get(jj);
                if (f == null || other == null || !fits(s, f, fromClient == atClient)) continue;
                long start = f.rel(s.seq());
                if (j == readIn[i]) probe = isProbe(s, f, start);
                long[] ack = s.ackFlag() ? other.count(other.rel(s.ack())) : new long[] {0, 0};
                readings.add(new Reading(j, f.count(start), ack, start, s.ackFlag() ? other.rel(s.ack()) : 0));
                finReadings.add(new Reading(j, f.count(start + s.payload()), ack, start + s.payload(),
                        s.ackFlag() ? other.rel(s.ack()) : 0));
            }
            Flow f = flows.get(readIn[i]);
            long start = f.rel(s.seq());
            f.sentEnd = Math.max(f.sentEnd, start + s.length());
            if (i < teardown) continue;
            int k = readIn[i];
            if (s.syn()) {
                observed.add(new Observed(s, fromClient, s.ackFlag() ? "SYNACK" : "SYN", k, readings,
                        s.payload() > 0 ? "data on a SYN is not modelled" : null));
            } else if (s.rst()) {
                observed.add(new Observed(s, fromClient, s.ackFlag() ? "RSTACK" : "RST", k, readings, null));
            } else {
                if (s.payload() > 0 || probe) {
                    // a zero-length probe looks like an ACK sent before the sender's last unit
                    // and overtaken by it: the model decides which it is
                    observed.add(new Observed(s, fromClient, "DATA", k, readings,
                            probe ? "a keepalive probe (R0's probe is DATA at snd_nxt - 1), or an ACK overtaken" : null,
                            probe && s.payload() == 0 ? "ACK" : null));
                }
                if (s.fin()) {
                    observed.add(new Observed(s, fromClient, "FIN", k, finReadings,
                            s.payload() > 0 ? "the FIN after the data it carries" : null));
                }
                if (s.payload() == 0 && !s.fin() && !probe) {
                    observed.add(new Observed(s, fromClient, "ACK", k, readings, null));
                }
            }
        }
        long origin = segs.isEmpty() ? 0 : segs.get(Math.max(0, teardown - 1)).micros();
        return new Abstraction(List.copyOf(observed), List.copyOf(absorbed), hole, hole == null ? null : segs.get(end),
                origin);
    }

    /**
     * Whether a segment can be of this flow: R0's numbers have no holes, so it starts at or below
     * what the flow has sent (a SYN starts the flow; a RST occupies nothing and is judged by the
     * model; a pure ACK may be one beyond, as a keepalive probe's reply is not).
     */
    private static boolean fits(CapturedSegment s, Flow f, boolean captured) {
        long start = f.rel(s.seq());
        if (s.syn()) return start == 0;
        if (s.rst()) return true; // a RST occupies nothing: its number is the model's to judge
        // the captured side sends nothing the capture misses; the far side's segments may come
        // after a stretch lost before the capture point (bounded, so that another incarnation's
        // numbers, far away, are not read as this one's)
        return start >= 0 && start <= f.extent + (captured ? 0 : FAR_SIDE_GAP);
    }

    /** How far beyond what the capture shows a far-side segment may start (lost segments before it). */
    private static final long FAR_SIDE_GAP = 1 << 20;

    /**
     * A keepalive probe: no flags, one below what its sender has sent, with no data (Linux) or one
     * garbage octet (RFC 9293 allows either; R0 sends one).
     */
    private static boolean isProbe(CapturedSegment s, Flow f, long start) {
        return s.payload() <= 1 && !s.syn() && !s.fin() && !s.rst() && f.sentEnd >= 1 && start == f.sentEnd - 1;
    }
}
