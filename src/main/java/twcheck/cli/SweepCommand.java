package twcheck.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.check.CheckResult;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;
import twcheck.report.JsonEnvelope;
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
            "3:incomplete: a search was cut short (memory) or the run was interrupted (Ctrl-C): the values"
                    + " finished are printed, the rest marked; a threshold that rests on them is unknown",
            "70:internal error (run again with --debug for the stack trace)",
            "74:a file could not be read or written"})
final class SweepCommand implements Callable<Integer> {
    /** NAME=LO..HI; LO and HI are checked against the parameter (a number, or a switch's value name). */
    private static final Pattern RANGE = Pattern.compile("([A-Za-z]+)=([^.]+)\\.\\.([^.]+)");

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelFile = new ModelOptions();

    @Option(names = "--param", required = true, paramLabel = "NAME=LO..HI", description = "e.g. timeWait=0..8")
    String param;

    @Option(names = "--property", paramLabel = "P", description = "the properties to sweep (default: the model's)")
    List<String> propertyNames = new ArrayList<>();

    @Option(names = "--json", description = "print JSON: one object per property {param, property,"
            + " values: [{value, verdict, vacuous, distinctStates, complete}], threshold, thresholdVacuous, monotonic, complete}"
            + " (an array if several)")
    boolean json;

    @Mixin
    ProgressOptions progress = new ProgressOptions();

    /** Tests: stands in for Ctrl-C once this many values are checked (0: never). */
    int interruptAfter;

    /**
     * The sweep of one property; {@code threshold} is null when no value qualifies, or when the
     * sweep is incomplete and the values it decided do not settle it. {@code thresholdVacuous}:
     * some "holds" from the threshold on is vacuous, so the threshold rests, in part or wholly, on
     * values where the property says nothing.
     */
    record Sweep(String param, String property, List<Point> values, Integer threshold, boolean thresholdVacuous,
            boolean monotonic, boolean complete) {}

    /**
     * One value: its verdict (holds, violated, unknown, or not-run when an interrupt came first),
     * whether a "holds" is vacuous (its premise or scenario never occurs), and whether its check
     * was complete.
     */
    record Point(int value, String verdict, boolean vacuous, Long distinctStates, boolean complete) {
        static Point notRun(int value) {
            return new Point(value, NOT_RUN, false, null, false);
        }
    }

    static final String NOT_RUN = "not-run";

    @Override
    public Integer call() {
        Matcher m = RANGE.matcher(param);
        if (!m.matches()) throw new SpecException("--param " + param + ": expected NAME=LO..HI, e.g. timeWait=0..8");
        String name = m.group(1);
        ModelSpec base = modelFile.read();
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
        progress.style(); // an unknown style is refused before the run
        return Interruption.run(spec, interruption -> sweep(base, d, lo, hi, properties, interruption));
    }

    /** Checks every value in turn (until an interrupt), then prints the table or the JSON. */
    private int sweep(ModelSpec base, Parameter d, int lo, int hi, List<Property> properties,
            Interruption interruption) {
        String name = d.name();
        PrintWriter err = spec.commandLine().getErr();
        Progress listener = progress.to(err);
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
            ModelSpec model = modelFile.read(List.of(name + "=" + v));
            if (listener != null) listener.value(name, v);
            CheckResult result = Runs.check(model, properties, listener, interruption);
            incomplete |= !result.complete();
            for (int i = 0; i < properties.size(); i++) {
                PropertyResult r = result.properties().get(i);
                points.get(i).add(new Point(v, r.verdict().jsonName(), r.verdict() == Verdict.HOLDS && r.vacuous(),
                        result.search().distinctStates(), result.complete()));
            }
            if (result.complete()) inFull++;
            checked++;
            if (checked == interruptAfter) interruption.raise();
        }
        List<Sweep> sweeps = new ArrayList<>();
        for (int i = 0; i < properties.size(); i++) {
            List<Point> values = points.get(i);
            Integer threshold = threshold(values);
            sweeps.add(new Sweep(name, properties.get(i).name(), values, threshold,
                    !vacuousFrom(values, threshold).isEmpty(), monotonic(values), !incomplete));
        }
        if (json) {
            // one property: its sweep's fields at the top, as before; several: a list of them
            out.println(JsonEnvelope.render(sweeps.size() == 1 ? sweeps.get(0) : java.util.Map.of("sweeps", sweeps), "sweep"));
        } else {
            printTable(out, base, d, sweeps);
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

    /** The values from {@code threshold} on whose "holds" is vacuous (none without a threshold). */
    static List<Integer> vacuousFrom(List<Point> points, Integer threshold) {
        if (threshold == null) return List.of();
        return points.stream().filter(p -> p.value() >= threshold && p.vacuous()).map(Point::value).toList();
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
                String verdict = p.verdict().equals(NOT_RUN) ? "not run" : p.verdict() + (p.vacuous() ? " (vacuous)" : "");
                line.append(String.format(Locale.ROOT, "  %-22s", verdict));
            }
            Point first = sweeps.get(0).values().get(row);
            if (first.distinctStates() != null) {
                line.append(String.format(Locale.ROOT, "  %,d", first.distinctStates()));
                if (!first.complete()) line.append("  (incomplete)");
            }
            out.println(line.toString().stripTrailing());
        }
        boolean anyVacuous = false;
        for (Sweep s : sweeps) {
            List<Integer> vacuous = vacuousFrom(s.values(), s.threshold());
            anyVacuous |= s.values().stream().anyMatch(Point::vacuous);
            out.println("threshold for " + s.property() + ": " + (s.threshold() != null
                    ? name + " >= " + s.threshold() + (d.names().isEmpty() ? "" : " [" + d.show(s.threshold()) + "]")
                    + " (holds from there through the end of the range)"
                    + (vacuous.isEmpty() ? "" : "; VACUOUS: rests on a vacuous holds at " + name + " = "
                            + String.join(", ", vacuous.stream().map(String::valueOf).toList()))
                    : decided(s.values()) ? "none (violated at the end of the range)"
                    : "unknown (the values that would settle it were left undecided)"));
        }
        if (anyVacuous) {
            out.println("(vacuous): the property holds at that value only because the situation it speaks of (its");
            out.println("  premise or scenario) never occurs there; such a holds says nothing, nor does a threshold resting on it");
        }
    }
}
