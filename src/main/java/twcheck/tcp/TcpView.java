package twcheck.tcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A readable, JSON-friendly picture of an R0 state: both endpoints, the network, the losses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TcpView(EndpointView A, EndpointView B, List<SegmentView> net, int lost, Integer dups, Integer failed,
        Integer cut, Integer passive) {

    /** The R0 fields only (the variants' fields absent). */
    public TcpView(EndpointView a, EndpointView b, List<SegmentView> net, int lost) {
        this(a, b, net, lost, null, null, null, null);
    }

    /**
     * An endpoint; {@code isnBase} and {@code tsAge} are present only when their variant (isn =
     * clock, timestamps) is on.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointView(String state, int snd, int rcv, int una, int tmr, int rtx, int dat, int inc,
            Integer isnBase, Integer tsAge) {
        public EndpointView(String state, int snd, int rcv, int una, int tmr, int rtx, int dat, int inc) {
            this(state, snd, rcv, una, tmr, rtx, dat, inc, null, null);
        }

        @Override
        public String toString() {
            return state + " snd=" + snd + " rcv=" + rcv + " una=" + una + " tmr=" + tmr + " rtx=" + rtx
                    + (dat == 1 ? " dat=1" : "") + " inc=" + inc + (isnBase != null ? " isnBase=" + isnBase : "")
                    + (tsAge != null ? " tsAge=" + tsAge : "");
        }
    }

    public record SegmentView(String from, String kind, int seq, int ack, int inc, int age) {
        @Override
        public String toString() {
            return kind + " " + from + "->" + ("A".equals(from) ? "B" : "A") + " seq=" + seq + " ack=" + ack
                    + " inc=" + inc + " age=" + age;
        }
    }

    /**
     * The state this view pictures, for replaying traces written by twcheck or by another tool.
     *
     * @throws IllegalArgumentException naming the first field that is not valid under {@code p}
     */
    public TcpState toState(TcpParameters p) {
        if (A == null || B == null || net == null) throw new IllegalArgumentException("a state needs A, B and net");
        TcpState s = new TcpState(p.capacity());
        fill(s, TcpState.A, A, "A", p);
        fill(s, TcpState.B, B, "B", p);
        if (net.size() > p.capacity()) {
            throw new IllegalArgumentException("net holds " + net.size() + " segments; capacity is " + p.capacity());
        }
        Segments segments = new Segments(p);
        for (SegmentView x : net) {
            int src = "A".equals(x.from()) ? TcpState.A : "B".equals(x.from()) ? TcpState.B : -1;
            if (src < 0) throw new IllegalArgumentException("segment sender must be A or B, got " + x.from());
            int kind = Segments.kindNamed(x.kind());
            if (kind < 0) throw new IllegalArgumentException("unknown segment kind " + x.kind());
            check("segment seq", x.seq(), p.seqSpace() - 1);
            check("segment ack", x.ack(), p.seqSpace() - 1);
            check("segment inc", x.inc(), p.incarnations() - 1);
            check("segment age", x.age(), p.msl());
            s.addSegment(segments.code(src, kind, x.seq(), x.ack(), x.inc(), x.age()));
        }
        check("lost", lost, p.lossBudget());
        s.lost = lost;
        s.dups = optional("dups", dups, p.variants().duplicates());
        s.failed = optional("failed", failed, p.variants().keepalive().peerFailure() != 0 ? 1 : 0);
        s.cut = optional("cut", cut, Math.max(1, p.variants().keepalive().partitionTicks()));
        s.passive = optional("passive", passive, p.variants().passiveReopen() == 0 ? 1 : 0);
        if (p.variants().reorder() == 1) {
            s.canonicalize();
        } else {
            s.canonicalizeFifo(segments.code(TcpState.B, 0, 0, 0, 0, 0));
        }
        return s;
    }

    private static void fill(TcpState s, int e, EndpointView v, String name, TcpParameters p) {
        int st = TcpState.stateNamed(v.state());
        if (st < 0) throw new IllegalArgumentException(name + ": unknown TCP state " + v.state());
        check(name + ".snd", v.snd(), p.seqSpace() - 1);
        check(name + ".rcv", v.rcv(), p.seqSpace() - 1);
        check(name + ".una", v.una(), 2);
        check(name + ".tmr", v.tmr(), p.maxTimer());
        check(name + ".rtx", v.rtx(), p.maxCounter());
        check(name + ".dat", v.dat(), 1);
        check(name + ".inc", v.inc(), p.incarnations() - 1);
        s.st[e] = st;
        s.snd[e] = v.snd();
        s.rcv[e] = v.rcv();
        s.una[e] = v.una();
        s.tmr[e] = v.tmr();
        s.rtx[e] = v.rtx();
        s.dat[e] = v.dat();
        s.inc[e] = v.inc();
        s.isnBase[e] = optional(name + ".isnBase", v.isnBase(), p.variants().isn() == 1 ? p.seqSpace() - 1 : 0);
        s.tsAge[e] = optional(name + ".tsAge", v.tsAge(), p.variants().timestamps() == 1 ? p.msl() + 1 : 0);
    }

    /** A variant's field: absent means 0 (its value when the variant is off). */
    private static int optional(String field, Integer value, int max) {
        if (value == null) return 0;
        check(field, value, max);
        return value;
    }

    private static void check(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " = " + value + " is outside 0.." + max);
        }
    }

    static TcpView of(TcpState s, Segments segments, TcpParameters p) {
        List<SegmentView> net = new ArrayList<>();
        for (int i = 0; i < s.size; i++) {
            int x = s.net[i];
            net.add(new SegmentView(segments.src(x) == TcpState.A ? "A" : "B",
                    Segments.kindName(segments.kind(x)), segments.seq(x), segments.ack(x),
                    segments.tag(x), segments.age(x)));
        }
        TcpParameters.Variants v = p.variants();
        return new TcpView(endpoint(s, TcpState.A, v), endpoint(s, TcpState.B, v), List.copyOf(net), s.lost,
                v.duplicates() > 0 ? s.dups : null, v.keepalive().peerFailure() != 0 ? s.failed : null,
                v.keepalive().peerFailure() == TcpParameters.FAILURE_PARTITION ? s.cut : null,
                v.passiveReopen() == 0 ? s.passive : null);
    }

    private static EndpointView endpoint(TcpState s, int e, TcpParameters.Variants v) {
        return new EndpointView(TcpState.stateName(s.st[e]), s.snd[e], s.rcv[e], s.una[e], s.tmr[e],
                s.rtx[e], s.dat[e], s.inc[e], v.isn() == 1 ? s.isnBase[e] : null, v.timestamps() == 1 ? s.tsAge[e] : null);
    }

    @Override
    public String toString() {
        String segments = net.stream().map(SegmentView::toString).collect(Collectors.joining(", "));
        return "A: " + A + " | B: " + B + " | net: {" + segments + "}" + (lost > 0 ? " lost=" + lost : "")
                + (dups != null && dups > 0 ? " dups=" + dups : "") + (failed != null && failed > 0 ? " B-failed" : "")
                + (cut != null && cut > 0 ? " partitioned" : "");
    }
}
