package twcheck.tcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import twcheck.trace.JsonPath;
import twcheck.trace.TraceFormatException;

/** A readable, JSON-friendly picture of an R0 state: both endpoints, the network, the losses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// the order traces have always been written in (annotated components would otherwise move)
@JsonPropertyOrder({"A", "B", "net", "lost", "dups", "failed", "cut", "passive"})
public record TcpView(@JsonProperty(value = "A", required = true) EndpointView A,
        @JsonProperty(value = "B", required = true) EndpointView B,
        @JsonProperty(value = "net", required = true) List<SegmentView> net,
        @JsonProperty(value = "lost", required = true) int lost, Integer dups, Integer failed, Integer cut, Integer passive) {

    /** The R0 fields only (the variants' fields absent). */
    public TcpView(EndpointView a, EndpointView b, List<SegmentView> net, int lost) {
        this(a, b, net, lost, null, null, null, null);
    }

    /**
     * An endpoint; {@code isnBase} and {@code tsAge} are present only when their variant (isn =
     * clock, timestamps) is on. (Required: what a trace must give; the variants' fields are 0 when absent.)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"state", "snd", "rcv", "una", "tmr", "rtx", "dat", "inc", "isnBase", "tsAge"})
    public record EndpointView(@JsonProperty(value = "state", required = true) String state,
            @JsonProperty(value = "snd", required = true) int snd, @JsonProperty(value = "rcv", required = true) int rcv,
            @JsonProperty(value = "una", required = true) int una, @JsonProperty(value = "tmr", required = true) int tmr,
            @JsonProperty(value = "rtx", required = true) int rtx, @JsonProperty(value = "dat", required = true) int dat,
            @JsonProperty(value = "inc", required = true) int inc, Integer isnBase, Integer tsAge) {
        public EndpointView(String state, int snd, int rcv, int una, int tmr, int rtx, int dat, int inc) {
            this(state, snd, rcv, una, tmr, rtx, dat, inc, null, null);
        }

        @Override
        public String toString() {
            return state + " snd=" + snd + " rcv=" + rcv + " una=" + una + " tmr=" + tmr + " rtx=" + rtx
                    + (dat > 0 ? " dat=" + dat : "") + " inc=" + inc + (isnBase != null ? " isnBase=" + isnBase : "")
                    + (tsAge != null ? " tsAge=" + tsAge : "");
        }
    }

    @JsonPropertyOrder({"from", "kind", "seq", "ack", "inc", "age"})
    public record SegmentView(@JsonProperty(value = "from", required = true) String from,
            @JsonProperty(value = "kind", required = true) String kind, @JsonProperty(value = "seq", required = true) int seq,
            @JsonProperty(value = "ack", required = true) int ack, @JsonProperty(value = "inc", required = true) int inc,
            @JsonProperty(value = "age", required = true) int age) {
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
     * @throws TraceFormatException naming the first field (its path in the state) that is not
     *     valid under {@code p}
     */
    public TcpState toState(TcpParameters p) {
        if (A == null || B == null || net == null) throw new TraceFormatException(JsonPath.ROOT, "a state needs A, B and net");
        TcpState s = new TcpState(p.capacity());
        fill(s, TcpState.A, A, "A");
        fill(s, TcpState.B, B, "B");
        if (net.size() > p.capacity()) {
            throw new TraceFormatException(JsonPath.of("net"), net.size() + " segments in flight; capacity is " + p.capacity());
        }
        Segments segments = new Segments(p);
        for (int i = 0; i < net.size(); i++) {
            SegmentView x = net.get(i);
            JsonPath at = JsonPath.of("net").index(i);
            if (x == null) throw new TraceFormatException(at, "not a segment");
            int src = "A".equals(x.from()) ? TcpState.A : "B".equals(x.from()) ? TcpState.B : -1;
            if (src < 0) throw new TraceFormatException(at.field("from"), "must be A or B, found \"" + x.from() + "\"");
            int kind = Segments.kindNamed(x.kind());
            if (kind < 0) throw new TraceFormatException(at.field("kind"), "not a segment kind: \"" + x.kind() + "\"");
            check(at.field("seq"), x.seq(), p.seqSpace() - 1);
            check(at.field("ack"), x.ack(), p.seqSpace() - 1);
            check(at.field("inc"), x.inc(), p.incarnations() - 1);
            check(at.field("age"), x.age(), p.msl());
            s.addSegment(segments.code(src, kind, x.seq(), x.ack(), x.inc(), x.age()));
        }
        s.lost = lost;
        s.dups = dups == null ? 0 : dups;
        s.failed = failed == null ? 0 : failed;
        s.cut = cut == null ? 0 : cut;
        s.passive = passive == null ? 0 : passive;
        for (TcpCodec.Field f : TcpCodec.fields(p)) {
            // the codec calls an endpoint's state "st"; the view calls it "state"
            String name = f.name().equals("st") ? "state" : f.name();
            if (f.perEndpoint() != null) {
                check(JsonPath.of("A").field(name), f.perEndpoint().apply(s)[TcpState.A], f.range() - 1);
                check(JsonPath.of("B").field(name), f.perEndpoint().apply(s)[TcpState.B], f.range() - 1);
            } else {
                check(JsonPath.of(name), f.getter().applyAsInt(s), f.range() - 1);
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
        if (st < 0) throw new TraceFormatException(JsonPath.of(name).field("state"), "not a TCP state: \"" + v.state() + "\"");
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

    private static void check(JsonPath field, int value, int max) {
        if (value < 0 || value > max) throw new TraceFormatException(field, value + " is outside 0.." + max);
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
