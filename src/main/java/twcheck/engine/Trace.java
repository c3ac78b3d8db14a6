package twcheck.engine;

import java.util.List;

/**
 * A run of the system from an initial state: the first step has no action and holds the initial
 * state; every later step holds the action taken (its code, as the model's successor generator
 * emitted it, and its name) and the state it led to.
 */
public record Trace(List<Step> steps) {

    /**
     * @param code the action's code, or {@link #NO_ACTION} for the initial state
     * @param action the action's name ({@link TransitionSystem#describeAction}); null for the initial state
     */
    public record Step(int code, String action, long[] state) {
        public static final int NO_ACTION = -1;

        public static Step initial(long[] state) {
            return new Step(NO_ACTION, null, state);
        }
    }

    /** Number of actions (the initial state is not an action). */
    public int length() {
        return steps.size() - 1;
    }
}
