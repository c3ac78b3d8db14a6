package twcheck.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Ctrl-C for the commands that run searches (check, sweep, compare, prove). SIGINT starts the
 * JVM's shutdown; a shutdown hook raises this flag, which the searches poll, and holds the JVM
 * until the command has printed what it found. The command then halts with its own exit code
 * (3, incomplete) instead of the signal's 130.
 */
final class Interruption implements BooleanSupplier {
    /** How long the hook waits for the report before letting the JVM go. */
    private static final long REPORT_SECONDS = 30;

    private final AtomicBoolean raised = new AtomicBoolean();
    private volatile boolean bySignal;

    /** True once Ctrl-C was pressed (or a test raised the flag): stop and report. */
    @Override
    public boolean getAsBoolean() {
        return raised.get();
    }

    boolean raised() {
        return raised.get();
    }

    /** Raises the flag without a signal, as tests do: the command stops as on Ctrl-C but does not halt. */
    void raise() {
        raised.set(true);
    }

    /**
     * Runs {@code body} with an interruption flag; returns its exit code, or, if a signal came,
     * halts the JVM with that code once the body has printed its report.
     */
    static int run(CommandSpec spec, ToIntFunction<Interruption> body) {
        Interruption interruption = new Interruption();
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interruption.bySignal = true;
            interruption.raised.set(true);
            try {
                reported.await(REPORT_SECONDS, TimeUnit.SECONDS); // let the main thread print what it found
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "twcheck-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int exit;
            try {
                exit = body.applyAsInt(interruption);
            } catch (OutputFiles.NotWrittenException e) {
                // once the JVM is shutting down, Main cannot report this: say it here, before halting
                if (!interruption.bySignal) throw e;
                spec.commandLine().getErr().println("twcheck: " + e.getMessage());
                exit = Main.NOT_WRITTEN;
            }
            if (interruption.bySignal) {
                // System.exit would wait for the hook, which waits for us: end with our code, not the signal's
                spec.commandLine().getOut().flush();
                spec.commandLine().getErr().flush();
                Runtime.getRuntime().halt(exit);
            }
            return exit;
        } finally {
            // whatever happened, the hook must not wait for a report that will not come
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs and returns at once
            }
        }
    }
}
