package twcheck.tcp;

import java.util.ArrayList;
import java.util.List;
import twcheck.trace.TraceFile;

/** A trace as numbered steps showing only what each step changed. */
final class TraceDiff {
    private TraceDiff() {}

    static String render(TraceFile file) {
        TcpTrace trace = TcpTrace.of(file);
        StringBuilder out = new StringBuilder();
        List<TcpTrace.State> states = trace.states();
        TcpTrace.State first = states.get(0);
        out.append(String.format("%4d  %s%n      %s%n", 0, "initial state", first.view()));
        for (int i = 1; i < states.size(); i++) {
            TcpView before = states.get(i - 1).view();
            TcpView after = states.get(i).view();
            out.append(String.format("%4d  %s%s%n", i, states.get(i).meta().action(),
                    Integer.valueOf(i).equals(trace.meta().violationIndex()) ? "   <== " + trace.meta().property() : ""));
            List<String> changes = new ArrayList<>();
            endpoint(changes, "A", before.A(), after.A());
            endpoint(changes, "B", before.B(), after.B());
            network(changes, before.net(), after.net());
            if (before.lost() != after.lost()) changes.add("lost " + before.lost() + "->" + after.lost());
            out.append("      ").append(changes.isEmpty() ? "(no change)" : String.join("; ", changes)).append('\n');
        }
        return out.toString();
    }

    private static void endpoint(List<String> changes, String name, TcpView.EndpointView x, TcpView.EndpointView y) {
        List<String> fields = new ArrayList<>();
        if (!x.state().equals(y.state())) fields.add(x.state() + "->" + y.state());
        field(fields, "snd", x.snd(), y.snd());
        field(fields, "rcv", x.rcv(), y.rcv());
        field(fields, "una", x.una(), y.una());
        field(fields, "tmr", x.tmr(), y.tmr());
        field(fields, "rtx", x.rtx(), y.rtx());
        field(fields, "dat", x.dat(), y.dat());
        field(fields, "inc", x.inc(), y.inc());
        if (!fields.isEmpty()) changes.add(name + ": " + String.join(" ", fields));
    }

    private static void field(List<String> fields, String name, int x, int y) {
        if (x != y) fields.add(name + " " + x + "->" + y);
    }

    /** Segments that left and arrived; a tick that only ages segments is said once. */
    private static void network(List<String> changes, List<TcpView.SegmentView> x, List<TcpView.SegmentView> y) {
        List<String> before = new ArrayList<>(x.stream().map(TraceDiff::withoutAge).toList());
        List<String> after = new ArrayList<>(y.stream().map(TraceDiff::withoutAge).toList());
        List<String> gone = new ArrayList<>(before);
        after.forEach(gone::remove);
        List<String> added = new ArrayList<>(after);
        before.forEach(added::remove);
        for (String s : gone) changes.add("-" + s);
        for (String s : added) changes.add("+" + s);
        int agedBefore = x.stream().mapToInt(TcpView.SegmentView::age).sum();
        int agedAfter = y.stream().mapToInt(TcpView.SegmentView::age).sum();
        if (gone.isEmpty() && added.isEmpty() && agedAfter > agedBefore) changes.add("segments in flight aged by one tick");
    }

    private static String withoutAge(TcpView.SegmentView s) {
        return s.kind() + " " + s.from() + "->" + ("A".equals(s.from()) ? "B" : "A") + " seq=" + s.seq()
                + " ack=" + s.ack() + " inc=" + s.inc();
    }
}
