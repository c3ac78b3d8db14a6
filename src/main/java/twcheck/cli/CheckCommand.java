package twcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    @Mixin
    ModelOptions modelFile = new ModelOptions();

    @Option(names = "--property", paramLabel = "P",
            description = "check only these properties (default: those the model file names)")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "print the result as one JSON object")
    boolean json;

    @Option(names = "--stop-at-first", description = "stop at the first violation (the result is then incomplete)")
    boolean stopAtFirst;

    @Option(names = "--max-states", paramLabel = "N", converter = NumberOptions.States.class, description = "stop (incomplete) after N distinct states")
    long maxStates = Long.MAX_VALUE;

    @Mixin
    ProgressOptions progress = new ProgressOptions();

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
        progress.style(); // an unknown style is refused before the run
        ModelSpec model = modelFile.read();
        if (traceDir != null) OutputFiles.prepareFolder("--trace-dir", traceDir); // fail now, not after the search
        if (fairness != null) model = ModelFiles.withFairness(model, "--fairness", fairness);
        List<Property> properties = Runs.properties(model.kind(), only, model.properties());
        Model system = model.instantiate();
        ModelSpec checked = model;
        return Interruption.run(spec, interruption -> run(checked, properties, system, interruption));
    }

    /** The check and its report; returns the exit code. */
    private int run(ModelSpec model, List<Property> properties, Model system, Interruption interrupted) {
        SearchOptions options = SearchOptions.exhaustive().withMaxStates(maxStates).withCancellation(interrupted)
                .withThreads(threads)
                .withStorage(hashCompaction ? SearchOptions.Storage.HASH_COMPACTION : SearchOptions.Storage.EXACT)
                .withMemoryBudget(memoryLimit << 20);
        Progress listener = progress.to(spec.commandLine().getErr());
        if (listener != null) options = options.withProgress(listener);
        CheckResult result = Verifier.check(system, properties, model.fairness(), options, stopAtFirst);
        int exit = exitCode(result);

        PrintWriter out = spec.commandLine().getOut();
        try {
            if (json) {
                out.println(JsonReport.render(model, system, result));
            } else {
                TextReport.print(out, model, system, result);
            }
            OutputFiles.flush(out);
            if (traceDir != null) writeTraces(model, system, result);
        } catch (OutOfMemoryError e) {
            out.flush();
            spec.commandLine().getErr().println("twcheck: out of memory while writing the report"
                    + (traceDir != null ? " or the traces" : "") + "; what was printed above is all there is");
            return Main.INCOMPLETE; // the report is cut short: not everything it decided was said
        }
        return exit;
    }

    /**
     * 3 if some phase ended early (a limit, an interrupt, memory, --stop-at-first): the run did not
     * decide everything, whatever it found; else 1 if a property is violated, else 0. The
     * violations an incomplete run found are still reported as violated: they are real.
     */
    static int exitCode(CheckResult result) {
        return !result.complete() ? Main.INCOMPLETE : result.anyViolated() ? Main.VIOLATED : Main.ALL_HOLD;
    }

    /**
     * For every violation and every reached witness: NAME.itf.json, NAME.txt and (if drawn)
     * NAME.svg; then the traces an earlier run left in the folder are removed (see TraceFolder).
     */
    private void writeTraces(ModelSpec model, Model system, CheckResult result) {
        Set<String> stems = new LinkedHashSet<>();
        int files = 0;
        for (PropertyResult p : result.properties()) {
            if (p.verdict() == Verdict.VIOLATED) {
                files += write(TraceBuilder.build(model, system, p.property(), TraceKind.COUNTEREXAMPLE, p.counterexample(),
                        p.loopStart(), p.property().kind().liveness() ? model.fairness() : null), model, stems);
            }
        }
        for (PropertyResult p : result.properties()) {
            if (p.verdict() != Verdict.VIOLATED && p.delay() != null && p.counterexample() != null) {
                files += write(TraceBuilder.build(model, system, p.property(), TraceKind.WORST_CASE, p.counterexample(),
                        p.loopStart(), null), model, stems);
            }
        }
        for (PropertyResult w : result.witnesses()) {
            if (w.verdict() == Verdict.HOLDS) {
                files += write(TraceBuilder.build(model, system, w.property(), TraceKind.WITNESS, w.counterexample()),
                        model, stems);
            }
        }
        TraceFolder.finish(spec.commandLine().getErr(), traceDir, files, stems, model.kind());
    }

    /** STEM.itf.json, STEM.txt and, if the model kind draws one, STEM.svg; returns how many files. */
    private int write(TraceFile trace, ModelSpec model, Set<String> stems) {
        return TraceFolder.write(traceDir, trace, model.kind(), stems);
    }
}
