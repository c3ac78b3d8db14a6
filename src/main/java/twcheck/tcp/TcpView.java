package twcheck.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A readable, JSON-friendly picture of an R0 state: both endpoints, the network, the losses. */
public record TcpView(EndpointView A, EndpointView B, List<SegmentView> net, int lost) {

    public record EndpointView(String state, int snd, int rcv, int una, int tmr, int rtx, int dat, int inc) {
        @Override
        public String toString() {
            return state + " snd=" + snd + " rcv=" + rcv + " una=" + una + " tmr=" + tmr + " rtx=" + rtx
                    + (dat == 1 ? " dat=1" : "") + " inc=" + inc;
        }
    }

    public record SegmentView(String from, String kind, int seq, int ack, int inc, int age) {
        @Override
        public String toString() {
            return kind + " " + from + "->" + ("A".equals(from) ? "B" : "A") + " seq=" + seq + " ack=" + ack
                    + " inc=" + inc + " age=" + age;
        }
    }

    static TcpView of(TcpState s, Segments segments) {
        List<SegmentView> net = new ArrayList<>();
        for (int i = 0; i < s.size; i++) {
            int x = s.net[i];
            net.add(new SegmentView(segments.src(x) == TcpState.A ? "A" : "B",
                    Segments.kindName(segments.kind(x)), segments.seq(x), segments.ack(x),
                    segments.tag(x), segments.age(x)));
        }
        return new TcpView(endpoint(s, TcpState.A), endpoint(s, TcpState.B), List.copyOf(net), s.lost);
    }

    private static EndpointView endpoint(TcpState s, int e) {
        return new EndpointView(TcpState.stateName(s.st[e]), s.snd[e], s.rcv[e], s.una[e], s.tmr[e],
                s.rtx[e], s.dat[e], s.inc[e]);
    }

    @Override
    public String toString() {
        String segments = net.stream().map(SegmentView::toString).collect(Collectors.joining(", "));
        return "A: " + A + " | B: " + B + " | net: {" + segments + "}" + (lost > 0 ? " lost=" + lost : "");
    }
}
