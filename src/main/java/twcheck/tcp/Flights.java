package twcheck.tcp;

import java.util.ArrayList;
import java.util.List;

/**
 * The life of every segment in a trace: the step and tick it was sent at, and the step and tick
 * it was delivered, lost or expired at (or still in flight at the end). Segments are matched from
 * state to state by their fields; two equal segments in flight are interchangeable, and the one
 * sent first is taken first.
 */
final class Flights {

    public enum End { DELIVERED, LOST, EXPIRED, IN_FLIGHT }

    /** One segment's flight; {@code segment} is as sent (age 0). */
    public static final class Flight {
        public final int id;
        public final TcpView.SegmentView segment;
        public final int sentStep;
        public final int sentTick;
        int age;
        public End end = End.IN_FLIGHT;
        public int endStep = -1;
        public int endTick = -1;

        Flight(int id, TcpView.SegmentView segment, int sentStep, int sentTick) {
            this.id = id;
            this.segment = segment;
            this.sentStep = sentStep;
            this.sentTick = sentTick;
            this.age = segment.age();
        }

        boolean matches(TcpView.SegmentView s, int atAge) {
            TcpView.SegmentView x = segment;
            return x.from().equals(s.from()) && x.kind().equals(s.kind()) && x.seq() == s.seq()
                    && x.ack() == s.ack() && x.inc() == s.inc() && atAge == s.age();
        }

        /** The receiving endpoint, "A" or "B". */
        public String to() {
            return "A".equals(segment.from()) ? "B" : "A";
        }
    }

    private final List<Flight> flights = new ArrayList<>();

    static Flights of(TcpTrace trace) {
        Flights result = new Flights();
        List<Flight> live = new ArrayList<>();
        List<TcpTrace.State> states = trace.states();
        for (TcpView.SegmentView s : states.get(0).net()) {
            Flight f = new Flight(result.flights.size() + 1, s, 0, 0);
            result.flights.add(f);
            live.add(f);
        }
        for (int i = 1; i < states.size(); i++) {
            TcpTrace.State state = states.get(i);
            TcpAction event = state.meta().event();
            int tick = state.meta().tick();
            if (event != null && event.segment() != null) {
                Flight used = first(live, event.segment(), event.segment().age());
                if (used != null) {
                    used.end = event.kind() == TcpActionKind.LOSE ? End.LOST : End.DELIVERED;
                    used.endStep = i;
                    used.endTick = tick;
                    live.remove(used);
                }
            }
            boolean ticked = event != null && event.kind() == TcpActionKind.TICK;
            List<TcpView.SegmentView> remaining = new ArrayList<>(state.net());
            for (Flight f : new ArrayList<>(live)) {
                int age = ticked ? f.age + 1 : f.age;
                TcpView.SegmentView match = null;
                for (TcpView.SegmentView s : remaining) {
                    if (f.matches(s, age)) {
                        match = s;
                        break;
                    }
                }
                if (match != null) {
                    remaining.remove(match);
                    f.age = age;
                } else {
                    f.end = End.EXPIRED;
                    f.endStep = i;
                    f.endTick = tick;
                    live.remove(f);
                }
            }
            for (TcpView.SegmentView s : remaining) {
                Flight f = new Flight(result.flights.size() + 1, s, i, tick);
                result.flights.add(f);
                live.add(f);
            }
        }
        return result;
    }

    private static Flight first(List<Flight> live, TcpView.SegmentView s, int age) {
        for (Flight f : live) {
            if (f.matches(s, age)) return f;
        }
        return null;
    }

    public List<Flight> all() {
        return flights;
    }

    /** The flight that ended (delivered or lost) at {@code step}, or null. */
    public Flight endedAt(int step) {
        for (Flight f : flights) {
            if (f.endStep == step && f.end != End.EXPIRED) return f;
        }
        return null;
    }

    /** The flights sent at {@code step}. */
    public List<Flight> sentAt(int step) {
        List<Flight> sent = new ArrayList<>();
        for (Flight f : flights) {
            if (f.sentStep == step) sent.add(f);
        }
        return sent;
    }
}
