package twcheck.tcp;

import java.util.List;
import twcheck.model.Property;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

/**
 * The first sentence of a TCP trace, one explainer per property: why its last step violates (or
 * reaches) the property, told in terms of segments, incarnations and TIME_WAIT.
 */
final class Explanations {
    private Explanations() {}

    /** A segment of another incarnation accepted (or arriving). */
    static String staleAccept(TraceFile file, Property property) {
        TcpTrace trace = TcpTrace.of(file);
        return staleAccept(trace, trace.states().size() - 1);
    }

    /** B leaving LAST_ACK other than by the acknowledgment of its FIN. */
    static String uncleanExit(TraceFile file, Property property) {
        TcpTrace trace = TcpTrace.of(file);
        return uncleanExit(trace, trace.states().size() - 1);
    }

    /** A's new connection attempt reset. */
    static String refused(TraceFile file, Property property) {
        TcpTrace trace = TcpTrace.of(file);
        return refused(trace, trace.states().size() - 1);
    }

    static String deadlock(TraceFile file, Property property) {
        TcpTrace trace = TcpTrace.of(file);
        TcpTrace.State end = trace.states().get(trace.states().size() - 1);
        return "Nothing can happen any more: A is " + end.a().state() + " (incarnation "
                + end.a().inc() + "), B is " + end.b().state() + ", " + (end.net().isEmpty()
                        ? "nothing is in flight" : end.net().size() + " segment(s) are stuck in flight")
                + " — not the intended end (A CLOSED in its last incarnation, B LISTEN, nothing in flight).";
    }

    static String liveness(TraceFile file, Property property) {
        return liveness(TcpTrace.of(file), property);
    }

    static String worstCase(TraceFile file, Property property) {
        return worstCase(TcpTrace.of(file), file.meta().kind());
    }

    private static String staleAccept(TcpTrace trace, int last) {
        Flights flights = Flights.of(trace);
        Flights.Flight f = flights.endedAt(last);
        TcpTrace.State end = trace.states().get(last);
        if (f == null) return "The last step accepts a segment of another incarnation.";
        TcpView.EndpointView receiver = f.to().equals("A") ? end.a() : end.b();
        TcpView.SegmentView s = f.segment;
        return s.kind() + " seq=" + s.seq() + " sent by " + s.from() + " of incarnation " + s.inc()
                + " at tick " + f.sentTick + " (step " + f.sentStep + ") is accepted at tick " + f.endTick
                + " (step " + last + ") by " + f.to() + " of incarnation " + receiver.inc() + "; "
                + timeWaitStory(trace, last) + ".";
    }

    /** When each endpoint's last TIME_WAIT before {@code last} ended, or that it had none. */
    private static String timeWaitStory(TcpTrace trace, int last) {
        StringBuilder story = new StringBuilder();
        for (String e : List.of("A", "B")) {
            int endedAt = -1;
            int enteredAt = -1;
            for (int i = 1; i <= last; i++) {
                String before = stateOf(trace.states().get(i - 1), e);
                String after = stateOf(trace.states().get(i), e);
                if (!before.equals("TIME_WAIT") && after.equals("TIME_WAIT")) enteredAt = i;
                if (before.equals("TIME_WAIT") && !after.equals("TIME_WAIT")) endedAt = i;
            }
            if (story.length() > 0) story.append(", ");
            boolean reused = endedAt > 0 && trace.states().get(endedAt).meta().event() != null
                    && trace.states().get(endedAt).meta().event().kind() == TcpActionKind.OPEN;
            if (reused) {
                story.append(e).append(" reused the address pair from TIME_WAIT at tick ")
                        .append(trace.states().get(endedAt).meta().tick()).append(" (step ").append(endedAt).append(")");
            } else if (endedAt > 0) {
                story.append(e).append("'s TIME_WAIT had ended at tick ")
                        .append(trace.states().get(endedAt).meta().tick()).append(" (step ").append(endedAt).append(")");
            } else if (enteredAt > 0) {
                story.append(e).append(" was still in TIME_WAIT");
            } else {
                story.append(e).append(" never was in TIME_WAIT");
            }
        }
        return story.toString();
    }

    private static String worstCase(TcpTrace trace, TraceKind kind) {
        List<TcpTrace.State> states = trace.states();
        int failedAt = -1;
        int lastToA = -1;
        for (int i = 1; i < states.size(); i++) {
            twcheck.tcp.TcpAction e = states.get(i).meta().event();
            if (e == null) continue;
            if (e.kind() == TcpActionKind.FAIL) failedAt = i;
            boolean detecting = i == states.size() - 1; // the segment that resets A is no sign of life
            if (failedAt > 0 && !detecting && e.kind() == TcpActionKind.DELIVER && "A".equals(e.endpoint())) lastToA = i;
        }
        TcpTrace.State end = states.get(states.size() - 1);
        if (failedAt < 0 || trace.loop() != null) {
            return "After B fails, A's detection can be put off for ever: the steps from " + trace.loop()
                    + " on repeat, and time passes in them.";
        }
        int failTick = states.get(failedAt).meta().tick();
        int from = lastToA > 0 ? lastToA : failedAt;
        return (kind == TraceKind.WORST_CASE ? "The worst case: " : "Too slow: ") + "B fails at tick " + failTick + " (step "
                + failedAt + ")" + (lastToA > 0 ? ", A last receives a segment at tick " + states.get(lastToA).meta().tick()
                        + " (step " + lastToA + ")" : "") + ", and A is CLOSED at tick " + end.meta().tick() + " (step "
                + (states.size() - 1) + "): " + (end.meta().tick() - failTick) + " ticks after the failure, "
                + (end.meta().tick() - states.get(from).meta().tick()) + " after the last sign of life.";
    }

    private static String liveness(TcpTrace trace, Property property) {
        Integer loop = trace.loop();
        List<TcpTrace.State> states = trace.states();
        TcpTrace.State end = states.get(states.size() - 1);
        String fairness = trace.meta().fairness() == null || trace.meta().fairness().isEmpty()
                ? "with no fairness assumed" : "fairly (" + String.join(", ", trace.meta().fairness()) + ")";
        if (loop == null) {
            return "The run stops at step " + (states.size() - 1) + " (A " + end.a().state() + ", B " + end.b().state()
                    + ", nothing can happen) without the goal of " + property.name() + ": " + property.definition();
        }
        return "From step " + loop + " the run repeats steps " + (loop + 1) + ".." + (states.size() - 1) + " forever, "
                + fairness + ", and never reaches the goal of " + property.name() + ": " + property.definition();
    }

    private static String refused(TcpTrace trace, int last) {
        Flights flights = Flights.of(trace);
        Flights.Flight rst = flights.endedAt(last);
        TcpTrace.State end = trace.states().get(last);
        if (rst == null) return "A's new connection attempt is aborted by a RST at step " + last + ".";
        TcpTrace.State before = trace.states().get(Math.max(0, rst.sentStep - 1));
        String sender = rst.segment.from();
        String senderState = sender.equals("A") ? before.a().state() : before.b().state();
        int senderInc = sender.equals("A") ? before.a().inc() : before.b().inc();
        return "A's connection attempt of incarnation " + end.a().inc() + " is aborted at tick " + end.meta().tick()
                + " (step " + last + ") by " + rst.segment.kind() + " that " + sender + ", still in " + senderState
                + " of incarnation " + senderInc + ", sent at tick " + rst.sentTick + " (step " + rst.sentStep
                + ") in answer to the new SYN; " + timeWaitStory(trace, last) + ".";
    }

    private static String uncleanExit(TcpTrace trace, int last) {
        TcpTrace.State end = trace.states().get(last);
        int tick = end.meta().tick();
        Flights.Flight f = Flights.of(trace).endedAt(last);
        if (f != null && f.segment.kind().startsWith("RST")) {
            TcpTrace.State sent = trace.states().get(f.sentStep);
            String senderState = f.sentStep == 0 ? "?" : stateOf(sent, f.segment.from());
            return "B leaves LAST_ACK at tick " + tick + " (step " + last + ") by accepting " + f.segment.kind()
                    + " seq=" + f.segment.seq() + ", sent by " + f.segment.from() + " in " + senderState
                    + " at tick " + f.sentTick + " (step " + f.sentStep + "), instead of by the acknowledgment of its FIN.";
        }
        return "B leaves LAST_ACK at tick " + tick + " (step " + last + ") by giving up after its last"
                + " retransmission of its FIN, never having received its acknowledgment.";
    }

    private static String stateOf(TcpTrace.State s, String endpoint) {
        return endpoint.equals("A") ? s.a().state() : s.b().state();
    }

}
