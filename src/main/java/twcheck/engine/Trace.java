package twcheck.engine;

import java.util.List;

/**
 * A run of the system from an initial state: the first step has action {@code null} and holds
 * the initial state; every later step holds the action taken and the state it led to.
 */
public record Trace(List<Step> steps) {

    public record Step(String action, long[] state) {}

    /** Number of actions (the initial state is not an action). */
    public int length() {
        return steps.size() - 1;
    }
}
