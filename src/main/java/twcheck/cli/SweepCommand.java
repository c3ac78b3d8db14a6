package twcheck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.check.CheckResult;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;
import twcheck.model.Parameter;

@Command(name = "sweep",
        description = "Check a model for every value of one parameter and find the threshold: the smallest"
                + " value from which a property holds up to the end of the range.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every search was complete (the verdicts, violated or not, are the output)",
            "2:bad input: the model file, --param, --set, --property",
            "3:a search was incomplete (memory): its verdicts may be unknown",
            "70:internal error (run again with --debug for the stack trace)",
            "74:a file could not be read or written",
            "130:interrupted (Ctrl-C): nothing is printed"})
final class SweepCommand implements Callable<Integer> {
    /** NAME=LO..HI; LO and HI are checked against the parameter (a number, or a switch's value name). */
    private static final Pattern RANGE = Pattern.compile("([A-Za-z]+)=([^.]+)\\.\\.([^.]+)");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL_FILE")
    Path modelFile;

    @Option(names = "--param", required = true, paramLabel = "NAME=LO..HI", description = "e.g. timeWait=0..8")
    String param;

    @Option(names = "--property", paramLabel = "P", description = "the properties to sweep (default: the model's)")
    List<String> propertyNames = new ArrayList<>();

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override another parameter")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--json", description = "print JSON: one object per property {param, property,"
            + " values: [{value, verdict, vacuous, distinctStates}], threshold, thresholdVacuous, monotonic}"
            + " (an array if several)")
    boolean json;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    /**
     * The sweep of one property. {@code thresholdVacuous}: some "holds" from the threshold on is
     * vacuous, so the threshold rests, in part or wholly, on values where the property says nothing.
     */
    record Sweep(String param, String property, List<Point> values, Integer threshold, boolean thresholdVacuous,
            boolean monotonic) {}

    /** One value's verdict; {@code vacuous} marks a "holds" whose premise or scenario never occurs. */
    record Point(int value, String verdict, boolean vacuous, long distinctStates) {}

    @Override
    public Integer call() throws JsonProcessingException {
        Matcher m = RANGE.matcher(param);
        if (!m.matches()) throw new SpecException("--param " + param + ": expected NAME=LO..HI, e.g. timeWait=0..8");
        String name = m.group(1);
        ModelSpec base = ModelFiles.read(modelFile, overrides);
        Parameter d = base.kind().parameter(name);
        if (d == null) {
            throw new SpecException("--param " + param + ": unknown parameter '" + name + "'; expected one of "
                    + String.join(", ", base.kind().parameters().stream().map(Parameter::name).toList()));
        }
        String expected = "expected " + d.min() + " <= LO <= HI <= " + d.max()
                + (d.names().isEmpty() ? "" : " (or the names " + d.expected() + ")") + " for " + name;
        Integer lo = d.valueOf(m.group(2).trim());
        Integer hi = d.valueOf(m.group(3).trim());
        if (lo == null || hi == null || lo > hi || lo < d.min() || hi > d.max()) {
            throw new SpecException("--param " + param + ": " + expected);
        }
        List<Property> properties = Runs.properties(base.kind(), propertyNames, base.properties());
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();

        List<List<Point>> points = new ArrayList<>();
        properties.forEach(p -> points.add(new ArrayList<>()));
        boolean incomplete = false;
        for (int v = lo; v <= hi; v++) {
            List<String> withValue = new ArrayList<>(overrides);
            withValue.add(name + "=" + v);
            ModelSpec model = ModelFiles.read(modelFile, withValue);
            if (!quiet) err.println("sweep: " + name + "=" + v);
            CheckResult result = Runs.check(model, properties, quiet ? null : err);
            incomplete |= !result.complete();
            for (int i = 0; i < properties.size(); i++) {
                PropertyResult r = result.properties().get(i);
                points.get(i).add(new Point(v, r.verdict().jsonName(), r.verdict() == Verdict.HOLDS && r.vacuous(),
                        result.search().distinctStates()));
            }
        }
        List<Sweep> sweeps = new ArrayList<>();
        for (int i = 0; i < properties.size(); i++) {
            Integer threshold = threshold(points.get(i));
            sweeps.add(new Sweep(name, properties.get(i).name(), points.get(i), threshold,
                    !vacuousFrom(points.get(i), threshold).isEmpty(), monotonic(points.get(i))));
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(sweeps.size() == 1 ? sweeps.get(0) : sweeps));
        } else {
            printTable(out, base, d, sweeps);
        }
        for (Sweep s : sweeps) {
            if (!s.monotonic()) {
                err.println("warning: " + s.property() + " is not monotonic in " + name
                        + ": it holds for some value and is violated for a larger one");
            }
        }
        if (incomplete) return Main.INCOMPLETE;
        return Main.ALL_HOLD;
    }

    /** The smallest value from which the property holds through the end of the range, or null. */
    static Integer threshold(List<Point> points) {
        Integer threshold = null;
        for (int i = points.size() - 1; i >= 0; i--) {
            if (!points.get(i).verdict().equals(Verdict.HOLDS.jsonName())) break;
            threshold = points.get(i).value();
        }
        return threshold;
    }

    /** The values from {@code threshold} on whose "holds" is vacuous (none without a threshold). */
    static List<Integer> vacuousFrom(List<Point> points, Integer threshold) {
        if (threshold == null) return List.of();
        return points.stream().filter(p -> p.value() >= threshold && p.vacuous()).map(Point::value).toList();
    }

    static boolean monotonic(List<Point> points) {
        boolean held = false;
        for (Point p : points) {
            boolean holds = p.verdict().equals(Verdict.HOLDS.jsonName());
            if (held && !holds) return false;
            held |= holds;
        }
        return true;
    }

    private static void printTable(PrintWriter out, ModelSpec base, Parameter d, List<Sweep> sweeps) {
        String name = d.name();
        out.println("sweep of " + name + " on " + base.name() + " (" + base.source() + ")");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%10s", name));
        for (Sweep s : sweeps) header.append(String.format(Locale.ROOT, "  %-22s", s.property()));
        header.append("  distinct states");
        out.println(header);
        for (int row = 0; row < sweeps.get(0).values().size(); row++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%10d", sweeps.get(0).values().get(row).value()));
            for (Sweep s : sweeps) {
                Point p = s.values().get(row);
                line.append(String.format(Locale.ROOT, "  %-22s", p.verdict() + (p.vacuous() ? " (vacuous)" : "")));
            }
            line.append(String.format(Locale.ROOT, "  %,d", sweeps.get(0).values().get(row).distinctStates()));
            out.println(line);
        }
        boolean anyVacuous = false;
        for (Sweep s : sweeps) {
            List<Integer> vacuous = vacuousFrom(s.values(), s.threshold());
            anyVacuous |= s.values().stream().anyMatch(Point::vacuous);
            out.println("threshold for " + s.property() + ": " + (s.threshold() == null
                    ? "none (violated at the end of the range)"
                    : name + " >= " + s.threshold() + (d.names().isEmpty() ? "" : " [" + d.show(s.threshold()) + "]")
                    + " (holds from there through the end of the range)"
                    + (vacuous.isEmpty() ? "" : "; VACUOUS: rests on a vacuous holds at " + name + " = "
                            + String.join(", ", vacuous.stream().map(String::valueOf).toList()))));
        }
        if (anyVacuous) {
            out.println("(vacuous): the property holds at that value only because the situation it speaks of (its");
            out.println("  premise or scenario) never occurs there; such a holds says nothing, nor does a threshold resting on it");
        }
    }
}
