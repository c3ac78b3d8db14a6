package twcheck.properties;

import java.util.BitSet;
import java.util.List;
import twcheck.engine.Trace;
import twcheck.engine.GraphRuns;
import twcheck.engine.liveness.LongestDelay;
import twcheck.engine.StateGraph;
import twcheck.tcp.TcpModel;
import twcheck.tcp.TcpParameters;
import twcheck.tcp.TcpState;

/**
 * keepalive-bound and the worst-case detection time: after B fails, the most ticks that can pass
 * before A reaches CLOSED, measured from the failure and from the last segment A received (the
 * later of the two), over every run of the explored graph that gets there.
 */
final class KeepaliveDelays implements LivenessSetup.DelayJudge {
    private final GraphRuns explored;
    private final BitSet[] marks;
    private final TcpParameters.Keepalive keepalive;

    KeepaliveDelays(GraphRuns explored, BitSet[] marks, TcpParameters.Keepalive keepalive) {
        this.explored = explored;
        this.marks = marks;
        this.keepalive = keepalive;
    }

    @Override
    public PropertyResult judge(Property p, java.util.function.BooleanSupplier cancelled) {
        StateGraph g = explored.graph();
        int fail = TcpModel.actionClassOf("FAIL", TcpState.B);
        BitSet toA = new BitSet();
        for (int kind = 0; kind < twcheck.tcp.Segments.KINDS; kind++) toA.set(TcpModel.deliveryClass(kind, TcpState.A));
        BitSet failed = marks[TcpLiveness.PEER_FAILED];
        BitSet closed = marks[TcpLiveness.A_CLOSED_NOW];
        BitSet tick = new BitSet();
        tick.set(TcpModel.actionClassOf("TICK", TcpState.A));

        LongestDelay.Result fromFailure = LongestDelay.compute(g, e -> g.actionClass(e) == fail,
                closed::get, tick, new BitSet(), cancelled);
        LongestDelay.Result fromLast = LongestDelay.compute(g,
                e -> g.actionClass(e) == fail || (toA.get(g.actionClass(e)) && failed.get(g.source(e))),
                closed::get, tick, toA, cancelled);
        int bound = keepalive.effectiveBound();
        PropertyResult.Delay delay = new PropertyResult.Delay(fromLast.kind().name().toLowerCase().replace('_', '-'),
                bounded(fromLast), bounded(fromFailure), bound, keepalive.tickSeconds());

        Verdict verdict = switch (fromLast.kind()) {
            case BOUNDED -> fromLast.delay() <= bound ? Verdict.HOLDS : Verdict.VIOLATED;
            case NO_EVENT, NEVER -> Verdict.HOLDS; // nothing to bound (keepalive-detects says whether A gets out)
            case UNBOUNDED -> Verdict.VIOLATED;
            case ZERO_TIME_CYCLE -> Verdict.UNKNOWN;
        };
        // the run attaining the worst case since the failure, kept whatever the verdict
        LongestDelay.Result shown = verdict == Verdict.VIOLATED ? fromLast : fromFailure;
        Trace run = null;
        int loop = -1;
        if (shown.kind() == LongestDelay.Kind.BOUNDED || shown.kind() == LongestDelay.Kind.UNBOUNDED) {
            GraphRuns.LassoRun r = explored.run(shown.edges(), shown.loopAt());
            run = r.trace();
            loop = r.loopStart();
        }
        boolean vacuous = fromFailure.kind() == LongestDelay.Kind.NO_EVENT || fromFailure.kind() == LongestDelay.Kind.NEVER;
        return new PropertyResult(p, verdict, run, vacuous, 0, loop, List.of(), 0, delay);
    }

    private static Long bounded(LongestDelay.Result r) {
        return r.kind() == LongestDelay.Kind.BOUNDED ? r.delay() : null;
    }
}
