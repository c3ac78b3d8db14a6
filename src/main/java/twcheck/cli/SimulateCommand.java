package twcheck.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import twcheck.check.Replay;
import twcheck.check.Shrinker;
import twcheck.check.Simulation;
import twcheck.check.TraceBuilder;
import twcheck.engine.Trace;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

@Command(name = "simulate",
        description = {"Random walks from the initial state, for models too large to explore: every safety property"
                + " and witness is checked at every step. Walk k's choices come from (--seed, k) alone, so the output"
                + " is the same whatever --threads; each property's violation is that of the lowest-numbered walk"
                + " that violates it, shrunk (see 'twcheck shrink') unless --no-shrink, and written with --trace-dir"
                + " as a trace that 'twcheck replay' accepts.",
            "A simulation samples runs: a property no walk violated is reported as \"not violated in N walks\","
                + " never as holding. Liveness and time bounds need the whole graph and are not checked here."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no walk violated a checked property (which does not mean that they hold)",
            "1:a walk violated a property (the run is real: it replays)",
            "2:bad input: the model file, an option, a parameter, a value out of range",
            "3:interrupted (Ctrl-C): the walks done so far are reported; the violations they found are real",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the report or the traces could not be written"})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelFile = new ModelOptions();

    @Option(names = "--property", paramLabel = "P",
            description = "check only these properties (default: those the model file names)")
    List<String> only = new ArrayList<>();

    @Option(names = "--walks", paramLabel = "N", converter = NumberOptions.States.class,
            description = "how many walks (default ${DEFAULT-VALUE})")
    long walks = 1000;

    @Option(names = "--max-steps", paramLabel = "D", description = "the most steps of one walk (default ${DEFAULT-VALUE})")
    int maxSteps = 200;

    @Option(names = "--seed", paramLabel = "S", description = "the seed of every walk's choices (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--bias", paramLabel = "BIAS",
            description = "how a walk picks the next action: uniform (the default: every enabled action alike) or"
                    + " untimed (deliver before tick: an action that lets time pass only when no other is enabled)")
    String bias = "uniform";

    @Option(names = "--threads", paramLabel = "N", converter = NumberOptions.Threads.class,
            description = "worker threads (default: the number of processors, here ${DEFAULT-VALUE}); the output does not depend on it")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--shrink", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "shrink each violating run before reporting and writing it (the default; --no-shrink keeps the walk as it was)")
    boolean shrink = true;

    @Option(names = "--max-tries", paramLabel = "N", description = "candidate runs shrinking may try per property (default ${DEFAULT-VALUE})")
    int maxTries = 20_000;

    @Option(names = "--bfs-states", paramLabel = "N",
            description = "when shrinking, also find the shortest violation by a breadth-first search of at most N states"
                    + " (default ${DEFAULT-VALUE}; 0: do not search)")
    long bfsStates = 2_000_000;

    @Option(names = "--trace-dir", paramLabel = "DIR",
            description = "write each property's violating run to DIR as JSON, a text chart and an SVG chart")
    Path traceDir;

    @Option(names = "--json", description = "print the result as one JSON object")
    boolean json;

    @Mixin
    ProgressOptions progress = new ProgressOptions();

    @Override
    public Integer call() {
        return Interruption.run(spec, this::runWith);
    }

    /** The command with an interruption flag of its own (tests raise it). */
    int runWith(Interruption interruption) {
        if (walks < 1) throw new SpecException("--walks must be at least 1, got " + walks);
        if (maxSteps < 1 || maxSteps > 10_000_000) throw new SpecException("--max-steps must be in 1..10000000, got " + maxSteps);
        if (maxTries < 1) throw new SpecException("--max-tries must be at least 1, got " + maxTries);
        if (bfsStates < 0) throw new SpecException("--bfs-states must not be negative, got " + bfsStates);
        if (threads < 1 || threads > CheckCommand.MAX_THREADS) {
            throw new SpecException("--threads must be in 1.." + CheckCommand.MAX_THREADS + ", got " + threads);
        }
        Simulation.Bias chosen = switch (bias) {
            case "uniform" -> Simulation.Bias.UNIFORM;
            case "untimed" -> Simulation.Bias.UNTIMED;
            default -> throw new SpecException("--bias " + bias + ": expected uniform or untimed");
        };
        progress.style(); // an unknown style is refused before the run
        ModelSpec model = modelFile.read();
        if (traceDir != null) OutputFiles.prepareFolder("--trace-dir", traceDir);
        List<Property> properties = Runs.properties(model.kind(), only, model.properties());
        Model system = model.instantiate();
        return run(model, system, properties, chosen, interruption);
    }

    /** A property's line of the report: what the walks found, and what shrinking made of it. */
    record Line(Property property, Simulation.Finding finding, Trace run, Integer shrunk, Integer shortest) {}

    private int run(ModelSpec model, Model system, List<Property> properties, Simulation.Bias chosen,
            Interruption interrupted) {
        Progress listener = progress.to(spec.commandLine().getErr());
        Simulation.Options options = new Simulation.Options(walks, maxSteps, seed, threads, chosen, interrupted, listener);
        List<Property> all = new ArrayList<>(properties);
        all.addAll(system.kind().witnesses());
        Simulation.Result result = Simulation.run(system, all, options);

        List<Line> lines = new ArrayList<>();
        List<Property> violated = new ArrayList<>();
        for (Property p : result.checked()) {
            Simulation.Finding f = result.finding(p);
            Trace run = f == null ? null : Simulation.walk(system, options, f.walk(), f.length());
            Integer shrunk = null;
            if (run != null && shrink && p.kind() != Property.Kind.SOMETIMES && !interrupted.raised()) {
                run = Shrinker.shrink(system, p, run, maxTries).trace();
                shrunk = run.length();
                violated.add(p);
            }
            lines.add(new Line(p, f, run, shrunk, null));
        }
        if (!violated.isEmpty() && bfsStates > 0 && !interrupted.raised()) {
            Shrinker.Shortest shortest = Shrinker.breadthFirstLengths(system, violated, bfsStates, threads, interrupted);
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                int at = violated.indexOf(l.property());
                if (at >= 0) lines.set(i, new Line(l.property(), l.finding(), l.run(), l.shrunk(), shortest.lengths().get(at)));
            }
        }
        List<Property> unchecked = properties.stream().filter(p -> !Simulation.checkable(p)).toList();
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(model, system, result, lines, unchecked, chosen));
        } else {
            print(out, model, system, result, lines, unchecked, chosen);
        }
        OutputFiles.flush(out);
        if (traceDir != null) writeTraces(model, system, lines);
        boolean anyViolated = lines.stream().anyMatch(l -> l.finding() != null && l.property().kind() != Property.Kind.SOMETIMES);
        return result.interrupted() ? Main.INCOMPLETE : anyViolated ? Main.VIOLATED : Main.ALL_HOLD;
    }

    private void print(java.io.PrintWriter out, ModelSpec model, Model system, Simulation.Result r, List<Line> lines,
            List<Property> unchecked, Simulation.Bias chosen) {
        out.println("model " + model.name() + " (" + model.source() + "): " + system.headline());
        for (String d : system.details()) out.println("  " + d);
        out.println(String.format(Locale.ROOT, "  simulation: %,d walks of at most %,d steps, seed %d, bias %s",
                r.walksAsked(), maxSteps, seed, chosen.word()));
        out.println();
        for (Line l : lines) {
            if (l.property().kind() != Property.Kind.SOMETIMES) out.println("  " + line(l, r));
        }
        for (Property p : unchecked) {
            out.println(String.format(Locale.ROOT, "  %-28s  not checked: %s needs the whole state graph (use check)",
                    p.name(), p.kind().jsonName()));
        }
        out.println();
        out.println("witnesses (sometimes):");
        for (Line l : lines) {
            if (l.property().kind() == Property.Kind.SOMETIMES) out.println("  " + line(l, r));
        }
        out.println();
        out.println(String.format(Locale.ROOT, "%,d walks, %,d steps, about %,d distinct states (estimated), %.2f s (%,.0f steps/s)",
                r.walksDone(), r.steps(), r.distinctStates(), r.seconds(), r.steps() / Math.max(r.seconds(), 1e-9)));
        out.println(r.interrupted()
                ? String.format(Locale.ROOT, "interrupted after %,d of %,d walks: the violations above are real, the rest"
                        + " was not sampled in full", r.walksDone(), r.walksAsked())
                : "a simulation samples runs: \"not violated\" means only that no walk violated it; it proves nothing of the runs not sampled");
    }

    private String line(Line l, Simulation.Result r) {
        boolean witness = l.property().kind() == Property.Kind.SOMETIMES;
        if (l.finding() == null) {
            return String.format(Locale.ROOT, "%-28s  not %s in %,d walks", l.property().name(),
                    witness ? "reached" : "violated", r.walksDone());
        }
        String text = String.format(Locale.ROOT, "%-28s  %s in walk %d (length %d", l.property().name(),
                witness ? "reached" : "VIOLATED", l.finding().walk(), l.finding().length());
        if (l.shrunk() != null) text += ", shrunk to " + l.shrunk();
        if (l.shortest() != null) text += ", shortest " + l.shortest();
        else if (l.shrunk() != null && bfsStates > 0) text += ", shortest not found within " + bfsStates + " states";
        return text + ")";
    }

    private String json(ModelSpec model, Model system, Simulation.Result r, List<Line> lines, List<Property> unchecked,
            Simulation.Bias chosen) {
        ObjectNode root = TraceFile.mapper().createObjectNode();
        root.put("model", model.name());
        root.put("source", model.source());
        root.put("base", system.kind().name());
        ObjectNode parameters = root.putObject("parameters");
        model.parameters().asMap().forEach(parameters::put);
        ObjectNode sim = root.putObject("simulation");
        sim.put("walks", r.walksAsked());
        sim.put("maxSteps", maxSteps);
        sim.put("seed", seed);
        sim.put("bias", chosen.word());
        sim.put("shrink", shrink);
        root.put("complete", !r.interrupted());
        ObjectNode stats = root.putObject("stats");
        stats.put("walksDone", r.walksDone());
        stats.put("steps", r.steps());
        stats.put("distinctStatesEstimate", r.distinctStates());
        stats.put("deadEnds", r.deadEnds());
        stats.put("seconds", r.seconds());
        ArrayNode props = root.putArray("properties");
        ArrayNode witnesses = root.putArray("witnesses");
        for (Line l : lines) {
            boolean witness = l.property().kind() == Property.Kind.SOMETIMES;
            ObjectNode o = (witness ? witnesses : props).addObject();
            o.put("name", l.property().name());
            o.put("kind", l.property().kind().jsonName());
            o.put("result", l.finding() == null ? (witness ? "not-reached" : "not-violated") : witness ? "reached" : "violated");
            if (l.finding() != null) {
                o.put("walk", l.finding().walk());
                o.put("length", l.finding().length());
            }
            if (l.shrunk() != null) o.put("shrunkLength", l.shrunk());
            if (l.shortest() != null) o.put("shortestLength", l.shortest());
        }
        for (Property p : unchecked) {
            ObjectNode o = props.addObject();
            o.put("name", p.name());
            o.put("kind", p.kind().jsonName());
            o.put("result", "not-checked");
        }
        return twcheck.report.JsonEnvelope.render(root, "simulate");
    }

    /** Each violated property's run (shrunk, unless --no-shrink), replayed before it is written. */
    private void writeTraces(ModelSpec model, Model system, List<Line> lines) {
        Set<String> stems = new LinkedHashSet<>();
        int files = 0;
        for (Line l : lines) {
            if (l.run() == null || l.property().kind() == Property.Kind.SOMETIMES) continue;
            TraceFile trace = TraceBuilder.build(model, system, l.property(), TraceKind.COUNTEREXAMPLE, l.run());
            Replay.Outcome replayed = Replay.check(trace);
            if (!replayed.legal()) {
                throw new IllegalStateException("the run of " + l.property().name() + " does not replay: "
                        + replayed.problems().get(0).text());
            }
            files += TraceFolder.write(traceDir, trace, model.kind(), stems);
        }
        TraceFolder.finish(spec.commandLine().getErr(), traceDir, files, stems, model.kind());
    }
}
