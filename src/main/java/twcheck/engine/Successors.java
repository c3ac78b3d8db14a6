package twcheck.engine;

/** Generates initial states and successors of packed states. Not thread-safe; one per worker. */
public interface Successors {

    /** Emits every initial state (action code and labels are ignored for initial states). */
    void initialStates(Sink sink);

    /** Emits one successor per enabled action of the state at {@code state[offset...]}. */
    void successors(long[] state, int offset, Sink sink);

    /** Receives generated states. The array is reused by the generator: copy what you keep. */
    @FunctionalInterface
    interface Sink {
        void accept(int action, long[] next, long labels);
    }
}
