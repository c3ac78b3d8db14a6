package twcheck.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Why a search stops before its frontier is empty, shared by the search, its workers and their
 * threads: whoever sees a reason first says so, and every worker looks between states. A failure
 * keeps the first throwable, for the search to report or rethrow on its own thread.
 */
final class StopSignal {
    static final int RUNNING = 0;
    static final int CANCELLED = 1;
    /** The state limit of {@link SearchOptions#maxStates} was reached. */
    static final int LIMIT = 2;
    static final int FAILED = 3;

    private volatile int reason = RUNNING;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    boolean running() {
        return reason == RUNNING;
    }

    int reason() {
        return reason;
    }

    /** Stops for {@code why} ({@link #CANCELLED} or {@link #LIMIT}). */
    void stop(int why) {
        reason = why;
    }

    /** Stops because {@code e} was thrown; the first failure is the one kept. */
    void fail(Throwable e) {
        failure.compareAndSet(null, e);
        reason = FAILED;
    }

    /** The first failure, or null. */
    Throwable failure() {
        return failure.get();
    }

    /** The first failure, or null, forgetting it. */
    Throwable takeFailure() {
        return failure.getAndSet(null);
    }
}
