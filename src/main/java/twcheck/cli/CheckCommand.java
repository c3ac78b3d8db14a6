package twcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.engine.SearchOptions;
import twcheck.check.CheckResult;
import twcheck.check.TraceBuilder;
import twcheck.check.Verifier;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;
import twcheck.report.JsonReport;
import twcheck.report.TextReport;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

@Command(name = "check",
        description = "Explore every reachable state of a model and check its properties.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every checked property holds (the search was complete)",
            "1:a property is violated (the search was complete)",
            "2:bad input: the model file, an option, a parameter, a value out of range",
            "3:incomplete: a limit, --stop-at-first, an interrupt or memory cut a phase short; the violations it found are real",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the report or the traces could not be written"})
final class CheckCommand implements Callable<Integer> {

    static final int MAX_THREADS = 1024;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL_FILE", description = "a model file, e.g. models/rfc9293.tw")
    Path modelFile;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a parameter of the model file")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--property", paramLabel = "P",
            description = "check only these properties (default: those the model file names)")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "print the result as one JSON object")
    boolean json;

    @Option(names = "--stop-at-first", description = "stop at the first violation (the result is then incomplete)")
    boolean stopAtFirst;

    @Option(names = "--max-states", paramLabel = "N", converter = NumberOptions.States.class, description = "stop (incomplete) after N distinct states")
    long maxStates = Long.MAX_VALUE;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    @Option(names = "--fairness", paramLabel = "LIST",
            description = "fairness assumptions for liveness, instead of the model file's, e.g. 'tick, timers' or 'none'")
    String fairness;

    @Option(names = "--trace-dir", paramLabel = "DIR",
            description = "write each counterexample and witness to DIR as JSON, a text chart and an SVG chart")
    Path traceDir;
    @Option(names = "--threads", paramLabel = "N", converter = NumberOptions.Threads.class,
            description = "worker threads (default: the number of processors, here ${DEFAULT-VALUE})")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--hash-compaction",
            description = "store 64-bit fingerprints instead of states (less memory; the report gives the"
                    + " probability that a state was missed)")
    boolean hashCompaction;

    @Option(names = "--memory-limit", paramLabel = "MiB", converter = NumberOptions.MiB.class,
            description = "memory for the search's data, on and off the Java heap; beyond it the search stops,"
                    + " incomplete (default: the heap limit -Xmx less a reserve)")
    long memoryLimit;

    @Override
    public Integer call() {
        if (maxStates < 1) throw new SpecException("--max-states must be at least 1, got " + maxStates);
        if (threads < 1 || threads > MAX_THREADS) {
            throw new SpecException("--threads must be in 1.." + MAX_THREADS + ", got " + threads);
        }
        if (memoryLimit < 0 || memoryLimit > (1L << 40)) {
            throw new SpecException("--memory-limit must be a number of MiB in 1..2^40, got " + memoryLimit);
        }
        ModelSpec model = ModelFiles.read(modelFile, overrides);
        if (traceDir != null) prepareTraceDir();
        if (fairness != null) model = ModelFiles.withFairness(model, "--fairness", fairness);
        List<Property> properties = selected(model);
        Model system = model.instantiate();

        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            try {
                reported.await(30, TimeUnit.SECONDS); // let the main thread print what it found
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int exit = run(model, properties, system, interrupted);
            if (interrupted.get()) {
                // The JVM is shutting down on a signal: end with our exit code, not the signal's.
                spec.commandLine().getErr().flush();
                Runtime.getRuntime().halt(exit);
            }
            return exit;
        } finally {
            // whatever happened, the shutdown hook must not wait for a report that will not come
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs and returns at once
            }
        }
    }

    /** The check and its report; returns the exit code. */
    private int run(ModelSpec model, List<Property> properties, Model system, AtomicBoolean interrupted) {
        SearchOptions options = SearchOptions.exhaustive().withMaxStates(maxStates).withCancellation(interrupted::get)
                .withThreads(threads)
                .withStorage(hashCompaction ? SearchOptions.Storage.HASH_COMPACTION : SearchOptions.Storage.EXACT)
                .withMemoryBudget(memoryLimit << 20);
        if (!quiet) options = options.withProgress(new Progress(spec.commandLine().getErr()));
        CheckResult result = Verifier.check(system, properties, model.fairness(), options, stopAtFirst);
        int exit = exitCode(result);

        PrintWriter out = spec.commandLine().getOut();
        try {
            if (json) {
                out.println(JsonReport.render(model, system, result));
            } else {
                TextReport.print(out, model, system, result);
            }
            out.flush();
            if (out.checkError()) {
                spec.commandLine().getErr().println("twcheck: the report could not be written to standard output"
                        + " (full, or closed)");
                return Main.NOT_WRITTEN;
            }
            if (traceDir != null) {
                int files = writeTraces(model, system, result);
                spec.commandLine().getErr().println("wrote " + files + " files to " + traceDir);
            }
        } catch (TraceWriteException e) {
            spec.commandLine().getErr().println("twcheck: " + e.getMessage());
            return Main.NOT_WRITTEN;
        } catch (OutOfMemoryError e) {
            out.flush();
            spec.commandLine().getErr().println("twcheck: out of memory while writing the report"
                    + (traceDir != null ? " or the traces" : "") + "; what was printed above is all there is");
            return Main.INCOMPLETE; // the report is cut short: not everything it decided was said
        }
        return exit;
    }

    /** Makes the trace folder before the search, so that a path that cannot be one fails at once. */
    private void prepareTraceDir() {
        try {
            Files.createDirectories(traceDir);
        } catch (IOException | UnsupportedOperationException e) {
            throw new SpecException("--trace-dir " + traceDir + ": cannot make the folder: " + e.getMessage());
        }
        if (!Files.isWritable(traceDir)) throw new SpecException("--trace-dir " + traceDir + ": the folder is not writable");
    }

    /**
     * 3 if some phase ended early (a limit, an interrupt, memory, --stop-at-first): the run did not
     * decide everything, whatever it found; else 1 if a property is violated, else 0. The
     * violations an incomplete run found are still reported as violated: they are real.
     */
    static int exitCode(CheckResult result) {
        return !result.complete() ? Main.INCOMPLETE : result.anyViolated() ? Main.VIOLATED : Main.ALL_HOLD;
    }

    /** For every violation and every reached witness: NAME.trace.json, NAME.txt and (if drawn) NAME.svg. */
    private int writeTraces(ModelSpec model, Model system, CheckResult result) {
        int files = 0;
        try {
            Files.createDirectories(traceDir);
            for (PropertyResult p : result.properties()) {
                if (p.verdict() == Verdict.VIOLATED) {
                    files += write(TraceBuilder.build(model, system, p.property(), TraceKind.COUNTEREXAMPLE, p.counterexample(),
                            p.loopStart(), p.property().kind().liveness() ? model.fairness() : null), p.property().name(), model);
                }
            }
            for (PropertyResult p : result.properties()) {
                if (p.verdict() != Verdict.VIOLATED && p.delay() != null && p.counterexample() != null) {
                    files += write(TraceBuilder.build(model, system, p.property(), TraceKind.WORST_CASE, p.counterexample(),
                            p.loopStart(), null), "worst-case-" + p.property().name(), model);
                }
            }
            for (PropertyResult w : result.witnesses()) {
                if (w.verdict() == Verdict.HOLDS) {
                    files += write(TraceBuilder.build(model, system, w.property(), TraceKind.WITNESS, w.counterexample()),
                            "witness-" + w.property().name(), model);
                }
            }
        } catch (IOException e) {
            throw new TraceWriteException(traceDir + ": cannot write traces: " + e.getMessage());
        }
        return files;
    }

    /** The traces could not all be written (the report was). */
    private static final class TraceWriteException extends RuntimeException {
        TraceWriteException(String message) {
            super(message, null, false, false);
        }
    }

    /** NAME.trace.json, NAME.txt and, if the model kind draws one, NAME.svg; returns how many files. */
    private int write(TraceFile trace, String name, ModelSpec model) throws IOException {
        trace.write(traceDir.resolve(name + ".trace.json"));
        Files.writeString(traceDir.resolve(name + ".txt"), model.kind().charts().text(trace));
        java.util.Optional<String> svg = model.kind().charts().svg(trace);
        if (svg.isPresent()) Files.writeString(traceDir.resolve(name + ".svg"), svg.get());
        return svg.isPresent() ? 3 : 2;
    }

    private List<Property> selected(ModelSpec model) {
        if (only.isEmpty()) return model.properties();
        List<Property> chosen = new ArrayList<>();
        for (String name : only) {
            Property p = ModelFiles.check(model.kind(), name).orElseThrow(() -> new SpecException("--property " + name
                    + ": unknown property; expected one of " + ModelFiles.checkNames(model.kind())));
            if (!chosen.contains(p)) chosen.add(p); // a property named twice is checked and reported once
        }
        return chosen;
    }
}
