package twcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import twcheck.check.Replay;
import twcheck.check.Shrinker;
import twcheck.check.TraceBuilder;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

@Command(name = "shrink",
        description = {"Shorten a trace that violates a safety property (or reaches a witness) into one that still"
                + " does: delta debugging over its steps (drop chunks, halving them, keep what still violates),"
                + " then simpler choices (each action replaced by the one of the same sort with the smallest action"
                + " code, e.g. a smaller ISN). The result is replayed before it is written and is never longer"
                + " than the input.",
            "Beside it, the length of the shortest violation a breadth-first search finds (within --bfs-states)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the shrunk trace was printed or written",
            "1:the trace is well formed but does not replay",
            "2:not a well-formed trace, or one that claims no violation of a safety property or witness",
            "3:interrupted (Ctrl-C) during the breadth-first search; the shrunk trace is still given",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the trace could not be written"})
final class ShrinkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "a trace (NAME.itf.json, or an older .trace.json) of a counterexample or witness")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the shrunk trace to FILE (default: print its text chart)")
    Path output;

    @Option(names = "--max-tries", paramLabel = "N", description = "candidate runs to try at most (default ${DEFAULT-VALUE})")
    int maxTries = 20_000;

    @Option(names = "--bfs-states", paramLabel = "N",
            description = "search for the shortest violation among at most N states (default ${DEFAULT-VALUE}; 0: do not search)")
    long bfsStates = 2_000_000;

    @Option(names = "--threads", paramLabel = "N", converter = NumberOptions.Threads.class,
            description = "worker threads for the breadth-first search (default: the number of processors, here ${DEFAULT-VALUE})")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        if (maxTries < 1) throw new SpecException("--max-tries must be at least 1, got " + maxTries);
        if (bfsStates < 0) throw new SpecException("--bfs-states must not be negative, got " + bfsStates);
        if (output != null) OutputFiles.prepareFile("--output", output);
        Replay.Outcome outcome = Traces.replay(file);
        if (!outcome.legal()) {
            Traces.print(spec.commandLine().getErr(), "twcheck: ", file, outcome.problems());
            return Traces.exitCode(outcome);
        }
        TraceFile original = outcome.confirmed();
        Model model = outcome.model();
        TraceKind kind = original.meta().kind();
        Property property = original.meta().property() == null ? null
                : model.kind().property(original.meta().property()).orElse(null);
        if (property == null || !Shrinker.shrinkable(property)
                || kind != (property.kind() == Property.Kind.SOMETIMES ? TraceKind.WITNESS : TraceKind.COUNTEREXAMPLE)) {
            throw new SpecException(file + ": shrink takes a counterexample of a safety property (always, deadlock-freedom)"
                    + " or a witness; this trace is " + (property == null ? "about no property"
                            : "a " + kind + " of " + property.name() + " (" + property.kind().jsonName() + ")"));
        }
        return Interruption.run(spec, interrupted -> run(original, model, property, outcome, interrupted));
    }

    private int run(TraceFile original, Model model, Property property, Replay.Outcome outcome, Interruption interrupted) {
        Shrinker.Outcome shrunk = Shrinker.shrink(model, property, outcome.run(), maxTries);
        TraceFile result = TraceBuilder.like(original, model, property, shrunk.trace());
        Replay.Outcome again = Replay.check(result);
        if (!again.legal()) {
            throw new IllegalStateException("the shrunk run does not replay: " + again.problems().get(0).text());
        }
        Shrinker.Shortest shortest = bfsStates == 0 ? null
                : Shrinker.breadthFirstLengths(model, List.of(property), bfsStates, threads, interrupted);
        PrintWriter out = spec.commandLine().getOut();
        String bfs = shortest == null ? "" : shortest.lengths().get(0) != null
                ? "; the shortest (breadth-first) is " + shortest.lengths().get(0) + " steps"
                : String.format(Locale.ROOT, "; breadth-first search found none within %,d states%s", shortest.states(),
                        shortest.complete() ? " (all of them)" : "");
        out.println(String.format(Locale.ROOT, "%s: %s of %s shrunk from %d to %d steps (%,d runs tried%s)%s", file,
                original.meta().kind(), property.name(), shrunk.inputLength(), shrunk.trace().length(), shrunk.tries(),
                shrunk.stopped() ? ", stopped at --max-tries" : "", bfs));
        if (output != null) {
            OutputFiles.write(output, result.toJson() + "\n");
            out.println("wrote " + output);
        } else {
            out.print(model.kind().charts().text(result));
        }
        OutputFiles.flush(out);
        return interrupted.raised() ? Main.INCOMPLETE : Main.ALL_HOLD;
    }
}
