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

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Check a model for every value of one parameter and find the threshold: the smallest"
                + " value from which a property holds up to the end of the range.")
final class SweepCommand implements Callable<Integer> {
    private static final Pattern RANGE = Pattern.compile("([A-Za-z]+)=(\\d+)\\.\\.(\\d+)");

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

    @Option(names = "--json", description = "print JSON: one object per property"
            + " {param, property, values: [{value, verdict, distinctStates}], threshold} (an array if several)")
    boolean json;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    /** Tests: stands in for Ctrl-C once this many values are checked (0: never). */
    int interruptAfter;

    /**
     * The sweep of one property; {@code threshold} is null when no value qualifies, or when the
     * sweep is incomplete and the values it decided do not settle it.
     */
    record Sweep(String param, String property, List<Point> values, Integer threshold, boolean monotonic,
            boolean complete) {}

    /**
     * One value: its verdict (holds, violated, unknown, or not-run when an interrupt came first) and
     * whether its check was complete.
     */
    record Point(int value, String verdict, Long distinctStates, boolean complete) {
        Point(int value, String verdict, long distinctStates) {
            this(value, verdict, (Long) distinctStates, true);
        }

        static Point notRun(int value) {
            return new Point(value, NOT_RUN, null, false);
        }
    }

    static final String NOT_RUN = "not-run";

    @Override
    public Integer call() {
        Matcher m = RANGE.matcher(param);
        if (!m.matches()) throw new SpecException("--param " + param + ": expected NAME=LO..HI, e.g. timeWait=0..8");
        String name = m.group(1);
        int lo = Integer.parseInt(m.group(2));
        int hi = Integer.parseInt(m.group(3));
        ModelSpec base = ModelFiles.read(modelFile, overrides);
        Parameter d = base.kind().parameter(name);
        if (d == null) throw new SpecException("--param " + param + ": unknown parameter '" + name + "'");
        if (lo > hi || lo < d.min() || hi > d.max()) {
            throw new SpecException("--param " + param + ": expected " + d.min() + " <= LO <= HI <= " + d.max());
        }
        List<Property> properties = Runs.properties(base.kind(), propertyNames, base.properties());
        return Interruption.run(spec, interruption -> sweep(base, name, lo, hi, properties, interruption));
    }

    /** Checks every value in turn (until an interrupt), then prints the table or the JSON. */
    private int sweep(ModelSpec base, String name, int lo, int hi, List<Property> properties, Interruption interruption) {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();

        List<List<Point>> points = new ArrayList<>();
        properties.forEach(p -> points.add(new ArrayList<>()));
        boolean incomplete = false;
        int checked = 0;
        int inFull = 0;
        for (int v = lo; v <= hi; v++) {
            if (interruption.raised()) {
                for (List<Point> column : points) column.add(Point.notRun(v));
                incomplete = true;
                continue;
            }
            List<String> withValue = new ArrayList<>(overrides);
            withValue.add(name + "=" + v);
            ModelSpec model = ModelFiles.read(modelFile, withValue);
            if (!quiet) err.println("sweep: " + name + "=" + v);
            CheckResult result = Runs.check(model, properties, quiet ? null : err, interruption);
            incomplete |= !result.complete();
            for (int i = 0; i < properties.size(); i++) {
                PropertyResult r = result.properties().get(i);
                points.get(i).add(new Point(v, r.verdict().jsonName(), result.search().distinctStates(), result.complete()));
            }
            if (result.complete()) inFull++;
            checked++;
            if (checked == interruptAfter) interruption.raise();
        }
        List<Sweep> sweeps = new ArrayList<>();
        for (int i = 0; i < properties.size(); i++) {
            List<Point> values = points.get(i);
            sweeps.add(new Sweep(name, properties.get(i).name(), values, threshold(values),
                    monotonic(values), !incomplete));
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            try {
                out.println(mapper.writeValueAsString(sweeps.size() == 1 ? sweeps.get(0) : sweeps));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // records of strings and numbers always serialise
            }
        } else {
            printTable(out, base, name, sweeps);
            if (interruption.raised()) {
                out.println("SWEEP INTERRUPTED: " + inFull + " of " + (hi - lo + 1) + " values checked in full;"
                        + " a value marked incomplete was cut short, 'not run' values were not checked");
            }
        }
        OutputFiles.flush(out);
        for (Sweep s : sweeps) {
            if (!s.monotonic()) {
                err.println("warning: " + s.property() + " is not monotonic in " + name
                        + ": it holds for some value and is violated for a larger one");
            }
        }
        if (incomplete) return Main.INCOMPLETE;
        return Main.ALL_HOLD;
    }

    /**
     * Whether the values settle the threshold: reading from the end of the range, the run of
     * "holds" ends at a violation or at the start, not at a value left undecided.
     */
    static boolean decided(List<Point> points) {
        for (int i = points.size() - 1; i >= 0; i--) {
            String verdict = points.get(i).verdict();
            if (verdict.equals(Verdict.HOLDS.jsonName())) continue;
            return verdict.equals(Verdict.VIOLATED.jsonName());
        }
        return true;
    }

    /**
     * The smallest value from which the property holds through the end of the range; null if none
     * does, or if values left undecided leave it open (see {@link #decided}).
     */
    static Integer threshold(List<Point> points) {
        if (!decided(points)) return null;
        Integer threshold = null;
        for (int i = points.size() - 1; i >= 0; i--) {
            if (!points.get(i).verdict().equals(Verdict.HOLDS.jsonName())) break;
            threshold = points.get(i).value();
        }
        return threshold;
    }

    /** No value holds with a larger one violated; values left undecided do not count either way. */
    static boolean monotonic(List<Point> points) {
        boolean held = false;
        for (Point p : points) {
            boolean holds = p.verdict().equals(Verdict.HOLDS.jsonName());
            if (!holds && !p.verdict().equals(Verdict.VIOLATED.jsonName())) continue;
            if (held && !holds) return false;
            held |= holds;
        }
        return true;
    }

    private static void printTable(PrintWriter out, ModelSpec base, String name, List<Sweep> sweeps) {
        out.println("sweep of " + name + " on " + base.name() + " (" + base.source() + ")");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%10s", name));
        for (Sweep s : sweeps) header.append(String.format(Locale.ROOT, "  %-22s", s.property()));
        header.append("  distinct states");
        out.println(header);
        for (int row = 0; row < sweeps.get(0).values().size(); row++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%10d", sweeps.get(0).values().get(row).value()));
            for (Sweep s : sweeps) {
                String verdict = s.values().get(row).verdict();
                line.append(String.format(Locale.ROOT, "  %-22s", verdict.equals(NOT_RUN) ? "not run" : verdict));
            }
            Point first = sweeps.get(0).values().get(row);
            if (first.distinctStates() != null) {
                line.append(String.format(Locale.ROOT, "  %,d", first.distinctStates()));
                if (!first.complete()) line.append("  (incomplete)");
            }
            out.println(line.toString().stripTrailing());
        }
        for (Sweep s : sweeps) {
            out.println("threshold for " + s.property() + ": " + (s.threshold() != null
                    ? name + " >= " + s.threshold() + " (holds from there through the end of the range)"
                    : decided(s.values()) ? "none (violated at the end of the range)"
                    : "unknown (the values that would settle it were left undecided)"));
        }
    }
}
