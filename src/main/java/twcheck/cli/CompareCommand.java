package twcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            "3:a search was incomplete (memory)",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the --out file or its charts could not be written",
            "130:interrupted (Ctrl-C): nothing is printed"})
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

    @Override
    public Integer call() throws IOException {
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

        Path charts = null;
        if ("html".equals(format)) {
            String name = outFile.getFileName().toString();
            charts = outFile.resolveSibling(name.substring(0, name.length() - 5) + "-charts");
            Files.createDirectories(charts);
        }
        PrintWriter err = spec.commandLine().getErr();
        ComparisonMatrix matrix = new ComparisonMatrix(properties.stream().map(Property::name).toList());
        boolean anyViolated = false;
        boolean anyIncomplete = false;
        int n = 0;
        for (ModelSpec model : specs) {
            n++;
            if (!quiet) err.println("compare: [" + n + "/" + specs.size() + "] " + model.source());
            CheckResult result = Runs.check(model, properties, quiet ? null : err);
            List<ComparisonMatrix.Cell> cells = new ArrayList<>();
            for (PropertyResult p : result.properties()) {
                String chart = null;
                if (p.verdict() == Verdict.VIOLATED && charts != null) {
                    java.util.Optional<String> svg = model.kind().charts().svg(TraceBuilder.build(model,
                            model.instantiate(), p.property(), TraceKind.COUNTEREXAMPLE, p.counterexample(),
                            p.loopStart(), p.property().kind().liveness() ? model.fairness() : null));
                    if (svg.isPresent()) {
                        String file = model.name() + "." + p.property().name() + ".svg";
                        Files.writeString(charts.resolve(file), svg.get());
                        chart = charts.getFileName() + "/" + file;
                    }
                }
                cells.add(new ComparisonMatrix.Cell(p.verdict().jsonName(),
                        p.counterexample() == null ? null : p.counterexample().length(), p.vacuous(), chart));
                anyViolated |= p.verdict() == Verdict.VIOLATED;
            }
            anyIncomplete |= !result.complete();
            matrix.add(new ComparisonMatrix.Row(model.name(), model.description(), cells,
                    result.search().distinctStates(), result.seconds(), result.complete()));
        }
        spec.commandLine().getOut().print(matrix.text());
        if (outFile != null) {
            String content = switch (format) {
                case "md" -> matrix.markdown();
                case "csv" -> matrix.csv();
                default -> matrix.html("twcheck: design variants compared");
            };
            Files.writeString(outFile, content);
            err.println("wrote " + outFile);
        }
        if (anyIncomplete) return Main.INCOMPLETE;
        return anyViolated ? Main.VIOLATED : Main.ALL_HOLD;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
