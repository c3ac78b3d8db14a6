package twcheck.model;

import java.util.List;
import twcheck.capture.Connection;
import twcheck.engine.Trace;

/**
 * How a model kind is held against a real capture: whether some run of the model shows exactly
 * the capture's segments, in order, as seen at the capture point. A kind that cannot be held
 * against captures has none ({@link ModelKind#conformance()}).
 */
public interface Conformance {

    /** Where the capture was taken, in the model's terms. */
    enum CapturePoint {
        /** At the client's interface: its own segments as sent, the server's as they arrive. */
        CLIENT,
        /** At the server's interface. */
        SERVER
    }

    enum Outcome {
        CONFORMS, DOES_NOT_CONFORM, UNKNOWN
    }

    /**
     * @param explained how many observed segments (after the absorbed opening) a run explains
     * @param observed how many observed segments there are to explain
     * @param absorbed what the abstraction took in without a model step, one line each (never dropped silently)
     * @param unexplained for DOES_NOT_CONFORM: the first segment no run explains, described
     * @param reason for DOES_NOT_CONFORM: why (a segment the abstraction cannot map, or none of the
     *     model's moves matching); for UNKNOWN: which limit stopped the search
     * @param instead for DOES_NOT_CONFORM: what the model could have shown there instead
     * @param run for CONFORMS: the model run, step by step
     * @param losses for CONFORMS: how many segments the run loses that the capture did not show
     * @param searched the number of (model state, capture position) pairs searched
     * @param shownBy for CONFORMS: per step of {@code run}, the capture's segments that step shows
     *     (frame and time), empty for a step the capture point does not see
     */
    record Result(Outcome outcome, int explained, int observed, List<String> absorbed, String unexplained,
            String reason, List<String> instead, Trace run, int losses, long searched, List<String> shownBy) {

        /** An outcome without a run. */
        public Result(Outcome outcome, int explained, int observed, List<String> absorbed, String unexplained,
                String reason, List<String> instead, long searched) {
            this(outcome, explained, observed, absorbed, unexplained, reason, instead, null, 0, searched, List.of());
        }
    }

    /**
     * Matches one connection of a capture; {@code maxNodes} bounds the search, and
     * {@code cancelled} stops it (UNKNOWN either way, as when memory runs out). With
     * {@code tickMicros} &gt; 0 the run must also keep time: each segment must be shown within one
     * tick of its capture time, a tick being {@code tickMicros}; with 0 only the order counts.
     */
    Result conform(Model model, Connection connection, CapturePoint at, long tickMicros, long maxNodes,
            java.util.function.BooleanSupplier cancelled);

    /**
     * A run of the model as a capture would show it at {@code at}: concrete segments, one per
     * segment the capture point sees, timed {@code tickMicros} per tick, preceded by an opening
     * for what the model starts with (which {@link #conform} absorbs again).
     */
    java.util.List<twcheck.capture.CapturedSegment> export(Model model, Trace run, CapturePoint at, long tickMicros);
}
