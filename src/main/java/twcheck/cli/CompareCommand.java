package twcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.check.CheckResult;
import twcheck.check.TraceBuilder;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;
import twcheck.report.ComparisonMatrix;
import twcheck.report.JsonEnvelope;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;
import twcheck.trace.TraceKind;

@Command(name = "compare",
        description = "Check several models and print the matrix: one row per model, one column per property.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every property holds in every model",
            "1:a property is violated in some model",
            "2:bad input: a model file, --property, --out",
            "3:incomplete: a search was cut short (memory) or the run was interrupted (Ctrl-C); the rows"
                    + " finished are printed and written, the rest marked INCOMPLETE or NOT RUN",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the --out file or its charts could not be written"})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODELS", arity = "1..*", description = "model files, e.g. models/*.tw")
    List<Path> models;

    @Option(names = "--property", paramLabel = "P", description = "the columns (default: every property)")
    List<String> propertyNames = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "also write the matrix to FILE.md, FILE.csv or"
            + " FILE.html (HTML links each violation to its chart, written to FILE-charts/)")
    Path outFile;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    @Option(names = "--json", description = "print the matrix as one JSON object instead of the table"
            + " (docs/schemas/compare.schema.json)")
    boolean json;

    /** Tests: stands in for Ctrl-C once this many models are checked (0: never). */
    int interruptAfter;

    @Override
    public Integer call() {
        String format = outFile == null ? null : extension(outFile);
        if (format != null && !List.of("md", "csv", "html").contains(format)) {
            throw new SpecException("--out " + outFile + ": expected a file ending in .md, .csv or .html");
        }
        List<ModelSpec> specs = new ArrayList<>();
        for (Path model : models) specs.add(ModelFiles.read(model, List.of()));
        ModelSpec first = specs.get(0);
        for (ModelSpec other : specs) {
            if (other.kind() != first.kind()) {
                throw new SpecException(other.source() + ": a model of kind " + other.kind().name() + " beside "
                        + first.source() + " of kind " + first.kind().name() + "; compare models of one kind");
            }
        }
        List<Property> properties = Runs.properties(first.kind(), propertyNames, first.kind().defaultChecks());

        // an --out that cannot be written fails now, not after every model has been checked
        Path charts = null;
        if (outFile != null) OutputFiles.prepareFile("--out", outFile);
        if ("html".equals(format)) {
            String name = outFile.getFileName().toString();
            charts = outFile.resolveSibling(name.substring(0, name.length() - 5) + "-charts");
            OutputFiles.prepare("--out " + outFile, "the charts folder " + charts, charts);
        }
        Path chartFolder = charts;
        return Interruption.run(spec, interruption -> compare(specs, properties, format, chartFolder, interruption));
    }

    /** Checks every model in turn (until an interrupt), then prints and writes the matrix. */
    private int compare(List<ModelSpec> specs, List<Property> properties, String format, Path charts,
            Interruption interruption) {
        PrintWriter err = spec.commandLine().getErr();
        ComparisonMatrix matrix = new ComparisonMatrix(properties.stream().map(Property::name).toList());
        Set<String> stems = new HashSet<>();
        boolean anyViolated = false;
        boolean anyIncomplete = false;
        int checked = 0;
        int inFull = 0;
        for (ModelSpec model : specs) {
            if (interruption.raised()) {
                matrix.add(ComparisonMatrix.Row.notRun(model.name(), model.description(),
                        model.parameters().changedFromDefaults(), model.parameters().bounds(), properties.size()));
                continue;
            }
            if (!quiet) err.println("compare: [" + (checked + 1) + "/" + specs.size() + "] " + model.source());
            CheckResult result = Runs.check(model, properties, quiet ? null : err, interruption);
            // each row its own chart files, even when two models share a name
            String stem = charts == null ? null : chartStem(model.name(), stems);
            List<ComparisonMatrix.Cell> cells = new ArrayList<>();
            for (PropertyResult p : result.properties()) {
                String chart = null;
                if (p.verdict() == Verdict.VIOLATED && charts != null) {
                    java.util.Optional<String> svg = model.kind().charts().svg(TraceBuilder.build(model,
                            model.instantiate(), p.property(), TraceKind.COUNTEREXAMPLE, p.counterexample(),
                            p.loopStart(), p.property().kind().liveness() ? model.fairness() : null));
                    if (svg.isPresent()) {
                        String file = stem + "." + safe(p.property().name()) + ".svg";
                        OutputFiles.write(charts.resolve(file), svg.get());
                        chart = charts.getFileName() + "/" + file;
                    }
                }
                cells.add(new ComparisonMatrix.Cell(p.verdict().jsonName(),
                        p.counterexample() == null ? null : p.counterexample().length(), p.vacuous(), chart));
                anyViolated |= p.verdict() == Verdict.VIOLATED;
            }
            anyIncomplete |= !result.complete();
            matrix.add(new ComparisonMatrix.Row(model.name(), model.description(),
                    model.parameters().changedFromDefaults(), model.parameters().bounds(), cells,
                    result.search().distinctStates(), result.seconds(),
                    result.complete() ? ComparisonMatrix.Status.COMPLETE : ComparisonMatrix.Status.INCOMPLETE));
            if (result.complete()) inFull++;
            checked++;
            if (checked == interruptAfter) interruption.raise();
        }
        if (interruption.raised()) {
            matrix.note("INTERRUPTED: " + inFull + " of " + specs.size() + " models checked in full; a row marked"
                    + " INCOMPLETE was cut short (its unknown verdicts are undecided), NOT RUN rows were not checked.");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? JsonEnvelope.render(matrix.json(), "compare") + "\n" : matrix.text());
        OutputFiles.flush(out);
        if (outFile != null) {
            String content = switch (format) {
                case "md" -> matrix.markdown();
                case "csv" -> matrix.csv();
                default -> matrix.html("twcheck: design variants compared", commandLine(),
                        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            };
            OutputFiles.write(outFile, content);
            err.println("wrote " + outFile);
        }
        if (anyIncomplete || interruption.raised()) return Main.INCOMPLETE;
        return anyViolated ? Main.VIOLATED : Main.ALL_HOLD;
    }

    /**
     * The file-name stem of a row's charts: its model's name made safe, with -2, -3, ... for a
     * name an earlier row already has (compared ignoring case, for file systems that do).
     */
    static String chartStem(String modelName, Set<String> used) {
        String base = safe(modelName);
        String stem = base;
        for (int n = 2; !used.add(stem.toLowerCase(Locale.ROOT)); n++) stem = base + "-" + n;
        return stem;
    }

    /** Only letters, digits, '.', '_', '-' and '+', not starting with '.': a name that stays in its folder. */
    static String safe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._+-]", "_");
        if (safe.length() > 100) safe = safe.substring(0, 100);
        return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
    }

    /** How this run was started, as a shell would take it back (arguments with spaces or quotes quoted). */
    private String commandLine() {
        StringBuilder line = new StringBuilder("twcheck"); // the arguments start with the command's name
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            line.append(' ').append(arg.matches("[A-Za-z0-9_./=:,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
