package twcheck.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Why a search stops before its frontier is empty, shared by the search, its workers and their
 * threads: whoever sees a reason first says so, and every worker looks between states. A failure
 * keeps the first throwable, for the search to report or rethrow on its own thread.
 */
final class StopSignal {
    enum Reason {
        RUNNING,
        CANCELLED,
        /** The state limit of {@link SearchOptions#maxStates} was reached. */
        LIMIT,
        FAILED
    }

    private volatile Reason reason = Reason.RUNNING;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    boolean running() {
        return reason == Reason.RUNNING;
    }

    Reason reason() {
        return reason;
    }

    /** Stops for {@code why} ({@link Reason#CANCELLED} or {@link Reason#LIMIT}). */
    void stop(Reason why) {
        reason = why;
    }

    /** Stops because {@code e} was thrown; the first failure is the one kept. */
    void fail(Throwable e) {
        failure.compareAndSet(null, e);
        reason = Reason.FAILED;
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
