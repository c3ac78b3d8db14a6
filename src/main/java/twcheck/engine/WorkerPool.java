package twcheck.engine;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Consumer;

/**
 * Runs a task on every worker at once, the calling thread being worker 0 and one thread of its own
 * for each other worker; the threads meet at a barrier before and after each task, so that what
 * the calling thread wrote before is seen by the tasks, and what they wrote is seen after. With
 * one worker there are no threads: the task runs on the caller.
 *
 * <p>A task that throws stops the search through the {@link StopSignal}, which keeps the first
 * failure for the caller; nothing is printed from the threads.
 */
final class WorkerPool {
    private final Worker[] workers;
    private final StopSignal signal;
    private final CyclicBarrier begin;
    private final CyclicBarrier end;
    private final Thread[] threads;
    private volatile boolean finished;
    /** What every worker runs next. */
    private volatile Consumer<Worker> task;

    WorkerPool(Worker[] workers, StopSignal signal) {
        this.workers = workers;
        this.signal = signal;
        begin = new CyclicBarrier(workers.length);
        end = new CyclicBarrier(workers.length);
        threads = new Thread[workers.length - 1];
        for (int i = 1; i < workers.length; i++) {
            Worker w = workers[i];
            Thread t = new Thread(() -> loop(w), "twcheck-worker-" + i);
            t.setDaemon(true);
            // whatever escapes (an OutOfMemoryError in the handler of another, say) ends the
            // search quietly: the main thread reports it, nothing is printed from here
            t.setUncaughtExceptionHandler((thread, e) -> signal.fail(e));
            threads[i - 1] = t;
            t.start();
        }
    }

    int size() {
        return workers.length;
    }

    private void loop(Worker w) {
        try {
            while (true) {
                begin.await();
                if (finished) return;
                runGuarded(w);
                end.await();
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            // the search is over
        } catch (Throwable e) { // out of memory at the barrier, say: end the search, do not leave the others waiting
            signal.fail(e);
            begin.reset();
            end.reset();
        }
    }

    private void runGuarded(Worker w) {
        try {
            task.accept(w);
        } catch (Throwable e) {
            signal.fail(e);
        }
    }

    /** Expands the level on every worker ({@link Worker#work}, which reports its own failures). */
    void runLevel() {
        if (threads.length == 0) workers[0].work();
        else run(Worker::work);
    }

    /**
     * Runs {@code what} on every worker at once and rethrows the first failure on this thread. With
     * one worker, {@code what} runs here and whatever it throws propagates as it is.
     */
    void runAndRethrow(Consumer<Worker> what) {
        if (threads.length == 0) {
            what.accept(workers[0]);
        } else {
            run(what);
        }
        Throwable failed = signal.takeFailure();
        if (failed instanceof RuntimeException r) throw r;
        if (failed instanceof Error err) throw err;
        if (failed != null) throw new IllegalStateException("a search thread failed", failed);
    }

    /** Runs {@code what} on every worker at once, this thread being worker 0. */
    private void run(Consumer<Worker> what) {
        task = what;
        try {
            begin.await();
            runGuarded(workers[0]);
            end.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            signal.fail(e);
        }
    }

    /** Ends the threads (between tasks). */
    void shutDown() {
        finished = true;
        begin.reset();
        for (Thread t : threads) t.interrupt();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
