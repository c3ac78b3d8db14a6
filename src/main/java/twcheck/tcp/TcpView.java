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
     * Every field is checked against the range the codec gives it ({@link TcpCodec#fields}), so
     * the ranges are stated once.
     *
     * @throws IllegalArgumentException naming the first field that is not valid under {@code p}
     */
    public TcpState toState(TcpParameters p) {
        if (A == null || B == null || net == null) throw new IllegalArgumentException("a state needs A, B and net");
        TcpState s = new TcpState(p.capacity());
        fill(s, TcpState.A, A, "A");
        fill(s, TcpState.B, B, "B");
        if (net.size() > p.capacity()) {
            throw new IllegalArgumentException("net holds " + net.size() + " segments; capacity is " + p.capacity());
        }
        Segments segments = new Segments(p);
        for (SegmentView x : net) {
            if (x == null) throw new IllegalArgumentException("net holds a null segment");
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
        s.lost = lost;
        s.dups = dups == null ? 0 : dups;
        s.failed = failed == null ? 0 : failed;
        s.cut = cut == null ? 0 : cut;
        s.passive = passive == null ? 0 : passive;
        for (TcpCodec.Field f : TcpCodec.fields(p)) {
            if (f.perEndpoint() != null) {
                check("A." + f.name(), f.perEndpoint().apply(s)[TcpState.A], f.range() - 1);
                check("B." + f.name(), f.perEndpoint().apply(s)[TcpState.B], f.range() - 1);
            } else {
                check(f.name(), f.getter().applyAsInt(s), f.range() - 1);
            }
        }
        if (p.variants().reorder() == 1) {
            s.canonicalize();
        } else {
            s.canonicalizeFifo(segments.code(TcpState.B, 0, 0, 0, 0, 0));
        }
        return s;
    }

    /** Endpoint e's fields as the view gives them (ranges are checked by the caller). */
    private static void fill(TcpState s, int e, EndpointView v, String name) {
        int st = TcpState.stateNamed(v.state());
        if (st < 0) throw new IllegalArgumentException(name + ": unknown TCP state " + v.state());
        s.st[e] = st;
        s.snd[e] = v.snd();
        s.rcv[e] = v.rcv();
        s.una[e] = v.una();
        s.tmr[e] = v.tmr();
        s.rtx[e] = v.rtx();
        s.dat[e] = v.dat();
        s.inc[e] = v.inc();
        s.isnBase[e] = v.isnBase() == null ? 0 : v.isnBase(); // a variant's field: absent means 0
        s.tsAge[e] = v.tsAge() == null ? 0 : v.tsAge();
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
