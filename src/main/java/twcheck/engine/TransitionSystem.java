package twcheck.engine;

import java.util.List;

/**
 * What the engine needs from a model, in the spirit of LTSmin's next-state interface: packed
 * states of a fixed number of {@code long} words, successors with an action code and a set of
 * transition labels (atomic propositions, one bit each), and names for traces. The engine knows
 * nothing else about the model.
 */
public interface TransitionSystem {

    /** Words per packed state; every state of this system has exactly this many. */
    int stateWords();

    /**
     * How many high-order bits of the last word of every packed state are always zero. The engine
     * may keep its own data there (for example a state's parent link in the visited set), which
     * saves memory. Default: none.
     */
    default int freeHighBits() {
        return 0;
    }

    /** Names of the label bits that {@link Successors} attach to transitions (bit i = name i). */
    List<String> labelNames();

    /** A fresh successor generator. Generators keep scratch space: use one per thread. */
    Successors newSuccessors();

    /** True if a state without successors is an intended end, not a deadlock. */
    boolean isIntendedEnd(long[] state, int offset);

    /** A human-readable name of the action {@code action} taken in {@code state}. */
    String describeAction(long[] state, int action);

    /** A structured, JSON-serialisable view of a packed state (for traces and reports). */
    Object view(long[] state);
}
