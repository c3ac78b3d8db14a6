package twcheck.model;

import java.util.BitSet;
import java.util.function.BooleanSupplier;
import twcheck.engine.GraphRuns;
import twcheck.trace.TraceFile;

/**
 * How a time-bound property ({@link Property.Kind#WITHIN}) is measured on the explored graph,
 * described in a report, and re-checked on a trace: what "within" means (from which event to
 * which goal, counting which steps as time) belongs to the model, not to the checker.
 */
public interface TimeBound {

    /**
     * The verdict on {@code p} over every run of the recorded graph.
     *
     * @param marks the model's predicates on the graph's states, by predicate bit
     * @param cancelled polled now and then; when it turns true, stop by throwing the engine's
     *     cancellation exception
     */
    PropertyResult judge(Property p, Model model, GraphRuns runs, BitSet[] marks, BooleanSupplier cancelled);

    /** The measured worst cases, in a few words for the text report. */
    String describe(PropertyResult.Delay delay);

    /**
     * Null if {@code trace} shows what it claims about this property; otherwise why it does not.
     * Replay passes the trace it rebuilt from the replayed states (ticks and events are the
     * model's), with the file's kind and loop.
     */
    String replayProblem(TraceFile trace, Model model);
}
