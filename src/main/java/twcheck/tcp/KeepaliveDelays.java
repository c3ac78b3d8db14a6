package twcheck.tcp;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import twcheck.engine.GraphRuns;
import twcheck.engine.StateGraph;
import twcheck.engine.Trace;
import twcheck.engine.liveness.LongestDelay;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.TimeBound;
import twcheck.model.Verdict;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

/**
 * keepalive-bound and the worst-case detection time: after B fails, the most ticks that can pass
 * before A reaches CLOSED, measured from the failure and from the last segment A received (the
 * later of the two), over every run of the explored graph that gets there.
 */
final class KeepaliveDelays implements TimeBound {

    @Override
    public PropertyResult judge(Property p, Model model, GraphRuns explored, BitSet[] marks, BooleanSupplier cancelled) {
        TcpParameters.Keepalive keepalive = keepalive(model);
        StateGraph g = explored.graph();
        int fail = TcpModel.actionClassOf(TcpActionKind.FAIL, TcpState.B);
        BitSet toA = new BitSet();
        for (int kind = 0; kind < Segments.KINDS; kind++) toA.set(TcpModel.deliveryClass(kind, TcpState.A));
        BitSet failed = marks[TcpLiveness.PEER_FAILED.bit()];
        BitSet closed = marks[TcpLiveness.A_CLOSED_NOW.bit()];
        BitSet tick = new BitSet();
        tick.set(TcpModel.actionClassOf(TcpActionKind.TICK, TcpState.A));

        LongestDelay.Result fromFailure = LongestDelay.compute(g, e -> g.actionClass(e) == fail,
                closed::get, tick, new BitSet(), cancelled);
        LongestDelay.Result fromLast = LongestDelay.compute(g,
                e -> g.actionClass(e) == fail || (toA.get(g.actionClass(e)) && failed.get(g.source(e))),
                closed::get, tick, toA, cancelled);
        int bound = keepalive.effectiveBound();
        Map<String, Long> measures = new LinkedHashMap<>();
        measures.put("sinceLastSegment", bounded(fromLast));
        measures.put("sinceFailure", bounded(fromFailure));
        PropertyResult.Delay delay = new PropertyResult.Delay(fromLast.kind().name().toLowerCase().replace('_', '-'),
                measures, bound, keepalive.tickSeconds());

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

    /** The model's keepalive settings, read from its parameters (any R0 model: no cast to ours). */
    private static TcpParameters.Keepalive keepalive(Model model) {
        return TcpParameters.of(model.parameters()).variants().keepalive();
    }

    private static Long bounded(LongestDelay.Result r) {
        return r.kind() == LongestDelay.Kind.BOUNDED ? r.delay() : null;
    }

    @Override
    public String describe(PropertyResult.Delay d) {
        return switch (d.kind()) {
            case "no-event" -> "(B never fails: nothing to bound; vacuous)";
            case "never" -> "(vacuous: A never reaches CLOSED after the failure, so there is no time to bound; see keepalive-detects)";
            case "unbounded" -> "(unbounded: a run can delay A's detection as long as it likes)";
            case "zero-time-cycle" -> "(undefined: a cycle that takes no time)";
            default -> "(worst case " + ticks(d.measures().get("sinceLastSegment"), d.tickSeconds())
                    + " after the last segment A received, bound " + ticks((long) d.bound(), d.tickSeconds())
                    + "; worst detection time " + ticks(d.measures().get("sinceFailure"), d.tickSeconds())
                    + " after the failure)";
        };
    }

    private static String ticks(Long ticks, int tickSeconds) {
        if (ticks == null) return "-";
        return ticks + " ticks" + (tickSeconds > 0 ? String.format(java.util.Locale.ROOT, " = %,d s", ticks * tickSeconds) : "");
    }

    /**
     * A keepalive-bound run: B fails, then A reaches CLOSED (or the run loops); for a
     * counterexample, later than the bound after the failure or the last segment A received
     * before; for the worst case, not later. {@code file} is the trace rebuilt by replay, so its
     * ticks and events are the model's, not a file's.
     */
    @Override
    public String replayProblem(TraceFile file, Model model) {
        TcpTrace trace = TcpTrace.of(file);
        List<TcpTrace.State> states = trace.states();
        int from = -1;
        for (int i = 1; i < states.size(); i++) {
            TcpAction e = states.get(i).meta().event();
            if (e == null) continue;
            boolean isLast = i == states.size() - 1;
            if (e.kind() == TcpActionKind.FAIL
                    || (from >= 0 && !isLast && e.kind() == TcpActionKind.DELIVER && "A".equals(e.endpoint()))) {
                from = i;
            }
        }
        if (from < 0) return "B never fails in this run, so it shows nothing about detection";
        if (file.loop() != null) return null;
        if (!states.get(states.size() - 1).a().state().equals("CLOSED")) return "the run does not end with A CLOSED";
        int ticks = states.get(states.size() - 1).meta().tick() - states.get(from).meta().tick();
        int bound = keepalive(model).effectiveBound();
        if (file.meta().kind() == TraceKind.COUNTEREXAMPLE) {
            return ticks > bound ? null : "A is CLOSED " + ticks + " ticks after the last sign of life, within the bound " + bound;
        }
        // the worst case is written when the bound holds, so no run, this one included, exceeds it
        // (that no other run takes longer is the checker's finding, which a single run cannot show)
        return ticks <= bound ? null : "A is CLOSED " + ticks + " ticks after the last sign of life, past the bound "
                + bound + ": a counterexample, not the worst case of a bound that holds";
    }
}
