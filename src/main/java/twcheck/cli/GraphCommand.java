package twcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import twcheck.check.ProjectedGraph;
import twcheck.engine.MemoryBudget;
import twcheck.engine.SearchOptions;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.report.GraphFormats;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;

@Command(name = "graph",
        description = {"Explore every reachable state of a model and write its state graph (DOT, GraphML or JSON),"
                + " usually projected: with --project endpoints, one node per pair (A's TCP state, B's TCP state)"
                + " that some reachable state has, and an edge wherever some transition leads from one pair to another,"
                + " labelled with the sorts of action that do (Close A, Deliver FIN to B, Tick...). Actions that"
                + " leave the pair as it is are listed in the node's 'stays' attribute, not drawn.",
            "A node is marked (red in DOT) with the safety properties violated by a step into it (no-deadlock: by"
                + " a deadlocked state of it); nodes drawn with a double border belong to a set of pairs a run never"
                + " leaves once it enters it (a bottom strongly connected component of the projection). The"
                + " initial pair is bold."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the graph was written (the search was complete)",
            "2:bad input: the model file, an option, a part the model cannot be projected onto, --project none"
                    + " for more states than --max-nodes",
            "3:incomplete: a limit, an interrupt or memory cut the search short; nothing is written",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the graph could not be written"})
final class GraphCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelFile = new ModelOptions();

    @Option(names = "--format", paramLabel = "FORMAT", description = "dot (the default), graphml or json")
    String format = "dot";

    @Option(names = "--project", paramLabel = "ONTO",
            description = "endpoints (the default: every part the model projects onto, R0's A and B), one part"
                    + " (A or B), or none (every state; small models only, see --max-nodes)")
    String project = "endpoints";

    @Option(names = "--max-nodes", paramLabel = "N", converter = NumberOptions.States.class,
            description = "with --project none, refuse models with more reachable states (default ${DEFAULT-VALUE})")
    long maxNodes = 2000;

    @Option(names = "--max-states", paramLabel = "N", converter = NumberOptions.States.class,
            description = "stop after N distinct states (then nothing is written: the picture would be of part of the model)")
    long maxStates = Long.MAX_VALUE;

    @Option(names = "--property", paramLabel = "P",
            description = "mark the violations of these properties (default: those the model file names)")
    List<String> only = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the graph to FILE instead of standard output")
    Path output;

    @Option(names = "--threads", paramLabel = "N", converter = NumberOptions.Threads.class,
            description = "worker threads for the search (default: the number of processors, here ${DEFAULT-VALUE})")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--quiet", description = "no progress lines and no summary on stderr")
    boolean quiet;

    @Override
    public Integer call() {
        if (maxStates < 1) throw new SpecException("--max-states must be at least 1, got " + maxStates);
        if (maxNodes < 1) throw new SpecException("--max-nodes must be at least 1, got " + maxNodes);
        if (threads < 1 || threads > CheckCommand.MAX_THREADS) {
            throw new SpecException("--threads must be in 1.." + CheckCommand.MAX_THREADS + ", got " + threads);
        }
        GraphFormats.Format chosen = switch (format) {
            case "dot" -> GraphFormats.Format.DOT;
            case "graphml" -> GraphFormats.Format.GRAPHML;
            case "json" -> GraphFormats.Format.JSON;
            default -> throw new SpecException("--format " + format + ": expected dot, graphml or json");
        };
        ModelSpec model = modelFile.read();
        if (output != null) OutputFiles.prepareFile("--output", output);
        List<Property> marks = Runs.properties(model.kind(), only, model.properties());
        Model system = model.instantiate();
        int[] parts = parts(system);
        return Interruption.run(spec, interruption -> run(model, system, parts, marks, chosen, interruption));
    }

    /** The parts {@code --project} names, by index; empty for none. */
    private int[] parts(Model system) {
        List<String> known = system.projectionParts();
        if (project.equals("none")) return new int[0];
        if (known.isEmpty()) {
            throw new SpecException("--project " + project + ": model kind " + system.kind().name()
                    + " defines no projection of its states; use --project none");
        }
        if (project.equals("endpoints")) {
            int[] all = new int[known.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        int at = known.indexOf(project);
        if (at < 0) {
            throw new SpecException("--project " + project + ": expected endpoints, none or one of "
                    + String.join(", ", known));
        }
        return new int[] {at};
    }

    private int run(ModelSpec model, Model system, int[] parts, List<Property> marks, GraphFormats.Format chosen,
            Interruption interrupted) {
        PrintWriter err = spec.commandLine().getErr();
        SearchOptions options = SearchOptions.exhaustive().withMaxStates(maxStates).withCancellation(interrupted)
                .withThreads(threads);
        if (!quiet) options = options.withProgress(new Progress(err));
        long started = System.nanoTime();
        ProjectedGraph picture;
        try {
            picture = ProjectedGraph.explore(system, parts, marks, options, maxNodes);
        } catch (ProjectedGraph.TooLarge e) {
            throw new SpecException("--project none: " + e.getMessage() + " (--max-nodes " + maxNodes
                    + "); use --project endpoints, or raise --max-nodes");
        } catch (ProjectedGraph.Incomplete e) {
            err.println("twcheck: incomplete: " + e.getMessage() + "; no graph written (it would show only part of"
                    + " the model)");
            return Main.INCOMPLETE;
        } catch (MemoryBudget.OutOfBudget | OutOfMemoryError e) {
            err.println("twcheck: incomplete: out of memory while exploring the graph; no graph written");
            return Main.INCOMPLETE;
        }
        String title = model.name() + " (" + system.headline() + ")" + (parts.length == 0 ? ""
                : ": " + String.join(" / ", picture.parts()));
        String text = GraphFormats.render(picture, chosen, title);
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            OutputFiles.flush(out);
        } else {
            OutputFiles.write(output, text);
        }
        if (!quiet) {
            long violated = picture.graph().vertexSet().stream().filter(n -> !n.violated().isEmpty()).count();
            err.println(String.format(Locale.ROOT, "graph: %,d nodes and %,d edges from %,d states and %,d transitions;"
                    + " %d marked violated, %d set%s a run never leaves; %.2f s%s",
                    picture.graph().vertexSet().size(), picture.graph().edgeSet().size(), picture.states(),
                    picture.transitions(), violated, picture.traps(), picture.traps() == 1 ? "" : "s",
                    (System.nanoTime() - started) / 1e9, output == null ? "" : "; written to " + output));
        }
        return Main.ALL_HOLD;
    }
}
