package twcheck.tcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import twcheck.capture.Connection;
import twcheck.engine.Successors;
import twcheck.engine.Trace;
import twcheck.model.Conformance;
import twcheck.model.Model;

/**
 * Searches R0 for a run whose observable segments are exactly a capture's, in order. A node is a
 * model state, how many observed segments are explained, and the ISNs bound for the latest
 * incarnation; a model step either shows nothing at the capture point (a tick, a loss, a segment
 * reaching the far side) or shows segments that must be the next ones of the capture. The search
 * is breadth-first over a finite graph, so it ends; the run it finds uses the fewest model steps.
 *
 * <p>What the capture point sees: at the client (A), A's segments when A sends them and B's when
 * they reach A; a segment lost in the network was seen if A sent it and never if B did (and so
 * is what A sends while the network is cut by a partition). At the server, the same with the
 * roles swapped.
 */
final class TcpConformance implements Conformance {
    /** The most alternatives listed at the first unexplained segment. */
    private static final int MAX_INSTEAD = 12;

    @Override
    public List<twcheck.capture.CapturedSegment> export(Model model, Trace run, CapturePoint at, long tickMicros) {
        return CaptureExport.of((TcpModel) model.system(), model.parameters().get("seqSpace"), run,
                at == CapturePoint.CLIENT, tickMicros);
    }

    /**
     * A node of the search; {@code isnA}, {@code isnB}: the model ISNs of the latest incarnation
     * (-1: not bound); {@code deferred}: what the captured side sent in answer to the last
     * arrival that the capture has not shown yet (see {@link #candidates}).
     */
    private record Node(long[] state, int pos, int isnA, int isnB, List<TcpView.SegmentView> deferred, int ticks) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Node n && n.pos == pos && n.isnA == isnA && n.isnB == isnB && n.ticks == ticks
                    && Arrays.equals(n.state, state) && n.deferred.equals(deferred);
        }

        @Override
        public int hashCode() {
            return (((Arrays.hashCode(state) * 31 + pos) * 31 + isnA * 17 + isnB) * 31 + deferred.hashCode()) * 31 + ticks;
        }
    }

    /**
     * With {@code --tick}: the model's clock against the capture's. {@code ticks} (in a node) counts
     * the model's ticks since its initial state, which holds at {@code origin} (the last absorbed
     * segment); a segment captured at t may be shown at model tick floor((t - origin) / tick)
     * give or take {@link #SLACK}, for timers and delays are only whole ticks in the model.
     */
    private record Clock(long tickMicros, long origin) {
        static final int SLACK = 1;

        boolean on() {
            return tickMicros > 0;
        }

        long tickOf(CaptureAbstraction.Observed o) {
            return Math.floorDiv(o.segment().micros() - origin, tickMicros);
        }

        /**
         * The model times node {@code n}'s next step may start from: its own, and where nothing is
         * in flight and no timer runs (R0 has no Tick there, time passing changes nothing) also the
         * capture's time of the next segment, give or take the slack: the real clock ran on.
         */
        List<Integer> startsOf(Node n, List<CaptureAbstraction.Observed> obs, TcpModel tcp) {
            if (!on() || n.pos >= obs.size() || !tcp.timeStandsStill(n.state)) return List.of(n.ticks);
            List<Integer> starts = new ArrayList<>(List.of(n.ticks));
            long target = tickOf(obs.get(n.pos));
            for (long t = target - SLACK; t <= target + SLACK; t++) {
                if (t > n.ticks) starts.add((int) t);
            }
            return starts;
        }
    }

    /** What one model step shows at the capture point: a segment arriving there (or null), then what it sends. */
    record Shown(TcpView.SegmentView arrival, List<TcpView.SegmentView> sends) {
        List<TcpView.SegmentView> all() {
            List<TcpView.SegmentView> all = new ArrayList<>();
            if (arrival != null) all.add(arrival);
            all.addAll(sends);
            return all;
        }
    }

    /** A way to hold a step against the capture: the segments in order (the arrival first), and what stays deferred. */
    private record Candidate(List<TcpView.SegmentView> segments, boolean arrivalFirst, List<TcpView.SegmentView> deferred) {}

    /**
     * The ways a step may appear in the capture. The capture point is not where the captured
     * side's TCP works: an arriving segment is captured a little before that TCP processes it,
     * and what it sends a little after it decided to. So a segment arriving within those
     * microseconds may be captured before what the captured side sent just before it (the lab's
     * simultaneous close shows both orders). What a step sends may therefore be deferred past
     * the next arrival (and what that step sends past the one after it), but never past two.
     */
    private static List<Candidate> candidates(Node n, Shown st) {
        List<TcpView.SegmentView> none = List.of();
        if (n.deferred.isEmpty()) {
            Candidate now = new Candidate(st.all(), st.arrival() != null, none);
            if (st.sends().isEmpty()) return List.of(now);
            List<TcpView.SegmentView> first = st.arrival() == null ? none : List.of(st.arrival());
            return List.of(now, new Candidate(first, st.arrival() != null, st.sends()));
        }
        if (st.arrival() == null && st.sends().isEmpty()) return List.of(new Candidate(none, false, n.deferred));
        List<TcpView.SegmentView> seq = new ArrayList<>();
        if (st.arrival() != null) seq.add(st.arrival());
        seq.addAll(n.deferred);
        List<TcpView.SegmentView> flushed = List.copyOf(seq);
        seq.addAll(st.sends());
        Candidate now = new Candidate(seq, st.arrival() != null, none);
        if (st.arrival() == null || st.sends().isEmpty()) return List.of(now);
        // what was deferred goes out after this arrival; this step's own sends may wait for the next
        return List.of(now, new Candidate(flushed, true, st.sends()));
    }

    /** How a node was reached: the one before and the action (for the run). */
    private record Link(Node from, int action) {}

    @Override
    public Result conform(Model model, Connection connection, CapturePoint at, long tickMicros, long maxNodes,
            java.util.function.BooleanSupplier cancelled) {
        try {
            return search(model, connection, at, tickMicros, maxNodes, cancelled);
        } catch (OutOfMemoryError e) {
            // the search's map is garbage once this returns: say so instead of a verdict
            // the abstraction is small and computed again, so the report still says what was absorbed
            List<String> absorbed = CaptureAbstraction.of(connection, at == CapturePoint.CLIENT).absorbed();
            return new Result(Outcome.UNKNOWN, 0, 0, absorbed, null, "out of memory: the search's (model state,"
                    + " capture position) pairs did not fit; give the JVM more (-Xmx) or lower --max-nodes", List.of(), 0);
        }
    }

    private Result search(Model model, Connection connection, CapturePoint at, long tickMicros, long maxNodes,
            java.util.function.BooleanSupplier cancelled) {
        CaptureAbstraction.Abstraction abs = CaptureAbstraction.of(connection, at == CapturePoint.CLIENT);
        if (abs.problem() != null && abs.observed().isEmpty()) {
            return new Result(Outcome.DOES_NOT_CONFORM, 0, abs.observed().size(), abs.absorbed(),
                    describe(abs.problemAt()), abs.problem(), List.of(), 0);
        }
        TcpModel tcp = (TcpModel) model.system();
        int seqSpace = model.parameters().get("seqSpace");
        List<CaptureAbstraction.Observed> obs = abs.observed();
        boolean atClient = at == CapturePoint.CLIENT;
        Clock clock = new Clock(tickMicros, abs.originMicros());

        Map<Node, Link> seen = new HashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        Successors gen = tcp.newSuccessors();
        gen.initialStates((a, s, l) -> {
            Node n = new Node(s.clone(), 0, -1, -1, List.of(), 0);
            if (seen.putIfAbsent(n, new Link(null, -1)) == null) queue.add(n);
        });
        // best: the furthest capture position a step reached, fully or in part; instead: the steps
        // that failed exactly there, with the segment they would have shown
        int best = 0;
        Set<String> instead = new LinkedHashSet<>();
        // nothing to explain after the opening: the initial state is the run
        Node done = obs.isEmpty() ? queue.peek() : null;
        while (!queue.isEmpty() && done == null) {
            if (seen.size() > maxNodes || cancelled.getAsBoolean()) {
                return new Result(Outcome.UNKNOWN, best, obs.size(), abs.absorbed(), null, seen.size() > maxNodes
                        ? "the search passed its limit of " + maxNodes + " (model state, capture position) pairs"
                        : "interrupted after " + seen.size() + " (model state, capture position) pairs", List.of(),
                        seen.size());
            }
            Node n = queue.poll();
            List<Integer> actions = new ArrayList<>();
            List<long[]> nexts = new ArrayList<>();
            gen.successors(n.state, 0, (a, s, l) -> {
                actions.add(a);
                nexts.add(s.clone());
            });
            for (int i = 0; i < actions.size() && done == null; i++) {
              int action = actions.get(i);
              long[] next = nexts.get(i);
              for (int ticks : clock.startsOf(n, obs, tcp)) {
              if (clock.on() && model.advancesTime(action)) {
                  // the model's clock may not run past the next segment to show
                  if (n.pos >= obs.size() || ticks + 1 > clock.tickOf(obs.get(n.pos)) + Clock.SLACK) continue;
                  ticks++;
              }
              for (Shown st : seenAs(tcp, n.state, action, next, atClient)) {
               for (Candidate cand : candidates(n, st)) {
                Match m = match(n, next, cand, obs, seqSpace, ticks);
                if (clock.on() && m.node() != null && m.matched() > 0
                        && ticks < clock.tickOf(obs.get(n.pos + m.matched() - 1)) - Clock.SLACK) {
                    continue; // shown too early: the capture has it later than the model's clock allows
                }
                int reach = n.pos + m.matched();
                if (m.node() == null && reach < obs.size()) {
                    if (reach > best) {
                        best = reach;
                        instead.clear();
                    }
                    if (reach == best && instead.size() < MAX_INSTEAD) {
                        // ages are not observed: alternatives that differ only in them are one
                        instead.add((tcp.describeAction(n.state, action) + " would show " + m.unmatched())
                                .replaceAll(" age=\\d+", ""));
                    }
                    continue;
                }
                if (m.node() == null) continue;
                if (reach > best) {
                    best = reach;
                    instead.clear();
                }
                if (seen.putIfAbsent(m.node(), new Link(n, action)) != null) continue;
                if (m.node().pos == obs.size() && m.node().deferred.isEmpty()) done = m.node();
                else queue.add(m.node());
               }
              }
              }
            }
        }
        if (done != null && abs.problem() != null) {
            // every segment before the unreadable one is explained: the unreadable one is the first that is not
            return new Result(Outcome.DOES_NOT_CONFORM, obs.size(), obs.size(), abs.absorbed(), describe(abs.problemAt()),
                    abs.problem(), List.of(), seen.size());
        }
        if (done != null) {
            List<Trace.Step> steps = new ArrayList<>();
            List<String> shownBy = new ArrayList<>();
            for (Node n = done; n != null; n = seen.get(n).from()) {
                Link link = seen.get(n);
                steps.add(0, link.from() == null ? Trace.Step.initial(n.state)
                        : new Trace.Step(link.action(), tcp.describeAction(link.from().state, link.action()), n.state));
                List<String> frames = new ArrayList<>();
                if (link.from() != null) {
                    for (int k = link.from().pos; k < n.pos; k++) {
                        twcheck.capture.CapturedSegment c = obs.get(k).segment();
                        frames.add(c.where());
                    }
                }
                shownBy.add(0, String.join(", ", frames));
            }
            int losses = tcp.view(done.state).lost();
            return new Result(Outcome.CONFORMS, obs.size(), obs.size(), abs.absorbed(), null, null, List.of(),
                    new Trace(List.copyOf(steps)), losses, seen.size(), List.copyOf(shownBy));
        }
        if (best == obs.size()) {
            // every segment shown by some run, but each such run still owes the capture what the
            // captured side sent just before it ended
            return new Result(Outcome.DOES_NOT_CONFORM, best, obs.size(), abs.absorbed(), "the end of the capture",
                    "every run that shows all its segments has the captured side send more just before, which the"
                            + " capture does not show", List.copyOf(instead), seen.size());
        }
        CaptureAbstraction.Observed first = obs.get(best);
        return new Result(Outcome.DOES_NOT_CONFORM, best, obs.size(), abs.absorbed(), first.describe(),
                (instead.isEmpty() ? "no run of the model shows anything here after the " + best + " segments before it"
                        : "no run of the model shows this segment after the " + best + " before it")
                        + (clock.on() ? " within a tick of their times (--tick)" : ""),
                List.copyOf(instead), seen.size());
    }

    private static String describe(twcheck.capture.CapturedSegment s) {
        return s == null ? null : s.where() + " (" + s.from() + " -> " + s.to() + " " + s.flags() + ")";
    }

    /**
     * The ways the capture point may see this step: as {@link #shown}, and for a segment lost on
     * its way to the captured side also as that segment itself, since the capture may have been
     * taken before the loss (a drop in the receiving host's own input, after its interface).
     */
    private static List<Shown> seenAs(TcpModel tcp, long[] from, int action, long[] to, boolean atClient) {
        Shown shown = seen(tcp, from, action, to, atClient);
        TcpAction act = tcp.actionView(from, action);
        if (act.kind() == TcpActionKind.LOSE && !act.segment().from().equals(atClient ? "A" : "B")) {
            return List.of(shown, new Shown(act.segment(), List.of()));
        }
        return List.of(shown);
    }

    /**
     * The segments the capture point sees in this step: a segment that reaches the observed side,
     * then the segments the observed side sends (new in the network; a duplicate made by the
     * network is not a send).
     */
    static List<TcpView.SegmentView> shown(TcpModel tcp, long[] from, int action, long[] to, boolean atClient) {
        return seen(tcp, from, action, to, atClient).all();
    }

    /** The successor of {@code state} by {@code action}, or null if that action is not enabled there. */
    private static long[] stepOf(TcpModel tcp, long[] state, int action) {
        long[][] found = {null};
        tcp.newSuccessors().successors(state, 0, (a, next, labels) -> {
            if (a == action && found[0] == null) found[0] = next.clone();
        });
        return found[0];
    }

    /** As {@link #shown}, the arrival apart from the sends. */
    static Shown seen(TcpModel tcp, long[] from, int action, long[] to, boolean atClient) {
        String side = atClient ? "A" : "B";
        TcpAction act = tcp.actionView(from, action);
        if (act.kind() == TcpActionKind.TICK || act.kind() == TcpActionKind.LOSE || act.kind() == TcpActionKind.DUPLICATE) {
            return new Shown(null, List.of());
        }
        List<TcpView.SegmentView> shown = new ArrayList<>();
        boolean arrives = (act.kind() == TcpActionKind.DELIVER || act.kind() == TcpActionKind.SYN_AT_LISTEN)
                && side.equals(act.endpoint());
        TcpView.SegmentView arrival = arrives ? act.segment() : null;
        long[] sentInto = to;
        TcpState cut = tcp.decode(from, 0);
        if (cut.cut > 0) {
            // partitioned: the model loses a segment as it is sent, but the link is cut beyond the
            // capture point, so the captured side's segment is seen there first; the same step
            // from the state without the cut sends it (a partition changes nothing else of a step)
            cut.cut = 0;
            sentInto = stepOf(tcp, tcp.encode(cut), action);
            if (sentInto == null) sentInto = to;
        }
        Map<String, Integer> count = new HashMap<>();
        for (TcpView.SegmentView x : tcp.view(from).net()) count.merge(key(x), -1, Integer::sum);
        if (act.segment() != null && (act.kind() == TcpActionKind.DELIVER || act.kind() == TcpActionKind.SYN_AT_LISTEN)) {
            count.merge(key(act.segment()), 1, Integer::sum); // it left the network
        }
        for (TcpView.SegmentView x : tcp.view(sentInto).net()) {
            if (!x.from().equals(side)) continue;
            int c = count.merge(key(x), 1, Integer::sum);
            if (c > 0) shown.add(x);
        }
        return new Shown(arrival, List.copyOf(shown));
    }

    private static String key(TcpView.SegmentView x) {
        return x.from() + x.kind() + "/" + x.seq() + "/" + x.ack() + "/" + x.inc();
    }

    /**
     * A step held against the capture: the node after it if everything it shows is next in the
     * capture (else null), how many of its segments matched, and the first that did not.
     */
    private record Match(Node node, int matched, TcpView.SegmentView unmatched) {}

    private static Match match(Node n, long[] next, Candidate cand, List<CaptureAbstraction.Observed> obs,
            int seqSpace, int ticks) {
        List<TcpView.SegmentView> shown = cand.segments();
        if (shown.isEmpty()) return new Match(new Node(next, n.pos, n.isnA, n.isnB, cand.deferred(), ticks), 0, null);
        int isnA = n.isnA;
        int isnB = n.isnB;
        boolean[] used = new boolean[shown.size()];
        // the segments of one step may be captured in either order
        for (int k = 0; k < shown.size(); k++) {
            if (n.pos + k >= obs.size()) return new Match(null, k, firstUnused(shown, used));
            CaptureAbstraction.Observed o = obs.get(n.pos + k);
            boolean found = false;
            // the arrival comes first; what is sent after it may be captured in either order
            for (int j = cand.arrivalFirst() && k == 0 ? 0 : cand.arrivalFirst() ? 1 : 0;
                    j < (cand.arrivalFirst() && k == 0 ? 1 : shown.size()) && !found; j++) {
                if (used[j]) continue;
                TcpView.SegmentView x = shown.get(j);
                int[] bound = fits(x, o, isnA, isnB, seqSpace);
                if (bound != null) {
                    used[j] = true;
                    found = true;
                    isnA = bound[0];
                    isnB = bound[1];
                }
            }
            if (!found) return new Match(null, k, firstUnused(shown, used));
        }
        return new Match(new Node(next, n.pos + shown.size(), isnA, isnB, cand.deferred(), ticks), shown.size(), null);
    }

    /** Whether model number {@code n} is base + c modulo the sequence space for some c in range. */
    private static boolean within(int n, int base, long[] range, int seqSpace) {
        if (range[1] - range[0] + 1 >= seqSpace) return true;
        for (long c = range[0]; c <= range[1]; c++) {
            if (Math.floorMod(base + c, seqSpace) == n) return true;
        }
        return false;
    }

    private static TcpView.SegmentView firstUnused(List<TcpView.SegmentView> shown, boolean[] used) {
        for (int j = 0; j < shown.size(); j++) if (!used[j]) return shown.get(j);
        return null;
    }

    /**
     * The ISNs after matching model segment {@code x} to observed {@code o}, or null if they
     * differ: some reading of the observed numbers (in one incarnation's numbering) must give the
     * model's. The model's incarnation tag does not choose the reading: a segment answering
     * another incarnation's (a RST, an ACK from TIME_WAIT) carries that one's numbers.
     */
    private static int[] fits(TcpView.SegmentView x, CaptureAbstraction.Observed o, int isnA, int isnB, int seqSpace) {
        if (!o.isKind(x.kind()) || x.from().equals("A") != o.fromClient()) return null;
        for (CaptureAbstraction.Reading r : o.readings()) {
            int a = isnA;
            int b = isnB;
            boolean fromA = o.fromClient();
            boolean opens = r.inc() > 0 && (x.kind().equals("SYN") || x.kind().equals("SYNACK"));
            if (opens && (r.seq()[0] != 0 || r.seq()[1] != 0)) continue;
            if (r.inc() > 0 && x.kind().equals("SYN")) a = x.seq(); // the model chose this ISN; the capture counts from it
            if (r.inc() > 0 && x.kind().equals("SYNACK")) b = x.seq();
            int senderBase = r.inc() == 0 ? 0 : fromA ? a : b;
            int receiverBase = r.inc() == 0 ? 0 : fromA ? b : a;
            if (r.inc() > 0 && senderBase < 0) continue;
            if (!within(x.seq(), senderBase, r.seq(), seqSpace)) continue;
            boolean carriesAck = !x.kind().equals("SYN") && !x.kind().equals("RST");
            if (carriesAck && r.inc() > 0 && receiverBase < 0) continue;
            if (carriesAck && !within(x.ack(), receiverBase, r.ack(), seqSpace)) continue;
            return new int[] {a, b};
        }
        return null;
    }
}
