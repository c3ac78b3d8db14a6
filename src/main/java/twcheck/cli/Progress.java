package twcheck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import twcheck.check.Simulation;
import twcheck.engine.SearchOptions;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;

/**
 * Prints a progress line on stderr every few seconds, once a run has lasted two: as text for
 * people, or ({@code --progress ndjson}) as one JSON object per line for dashboards, with the
 * same fields every time for a phase (see {@link #NDJSON_FIELDS}).
 */
final class Progress implements SearchOptions.ProgressListener, Simulation.Progress {
    private static final double FIRST_AFTER = 2.0;
    private static final double EVERY = 3.0;

    /** How progress is written. */
    enum Style { TEXT, NDJSON }

    /** What --progress's help says of the JSON objects. */
    static final String NDJSON_FIELDS = "search: phase, states, transitions, depth, frontier, rate (states/s), elapsed (s);"
            + " later phases: phase, done, total, elapsed; simulate: phase, walks, of, steps, rate (steps/s), elapsed, eta";

    /** One object per line, however the shared mapper indents. */
    private static final com.fasterxml.jackson.databind.ObjectWriter LINE = TraceFile.mapper().writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter err;
    private final Style style;
    private double nextAt = FIRST_AFTER;
    private long lastStates;
    private double lastSeconds;

    Progress(PrintWriter err) {
        this(err, Style.TEXT);
    }

    Progress(PrintWriter err, Style style) {
        this.err = err;
        this.style = style;
    }

    /** The style a --progress option names. */
    static Style style(String name) {
        return switch (name) {
            case "text" -> Style.TEXT;
            case "ndjson" -> Style.NDJSON;
            default -> throw new SpecException("--progress " + name + ": expected text or ndjson");
        };
    }

    /** When each later phase (several may run at once, one per property) reports next. */
    private final java.util.Map<String, Double> phaseNextAt = new java.util.HashMap<>();

    /** A phase after the search: "progress (liveness, passive-reaches-closed, fair cycles): 1,234 of 13,283,764 states, 3 s". */
    @Override
    public synchronized void phase(String name, long done, long total, double seconds) {
        double due = phaseNextAt.getOrDefault(name, FIRST_AFTER);
        if (seconds < due) return;
        if (style == Style.NDJSON) {
            ObjectNode o = object(name);
            o.put("done", done);
            o.put("total", total);
            o.put("elapsed", seconds);
            print(o);
        } else {
            err.println(String.format(Locale.ROOT, "progress (%s): %,d of %,d states, %.0f s", name, done, total, seconds));
            err.flush();
        }
        phaseNextAt.put(name, seconds + EVERY);
    }

    @Override
    public void report(long distinctStates, int depth, long frontier, double seconds) {
        report(distinctStates, -1, depth, frontier, seconds);
    }

    @Override
    public synchronized void report(long distinctStates, long transitions, int depth, long frontier, double seconds) {
        if (seconds < lastSeconds) {
            // a new search has started (sweep and compare run several)
            phaseNextAt.clear();
            nextAt = FIRST_AFTER;
            lastStates = 0;
            lastSeconds = 0;
        }
        if (seconds < nextAt) return;
        double rate = (distinctStates - lastStates) / Math.max(seconds - lastSeconds, 1e-9);
        if (style == Style.NDJSON) {
            ObjectNode o = object("search");
            o.put("states", distinctStates);
            if (transitions >= 0) o.put("transitions", transitions);
            else o.putNull("transitions");
            o.put("depth", depth);
            o.put("frontier", frontier);
            o.put("rate", Math.round(rate));
            o.put("elapsed", seconds);
            print(o);
        } else {
            err.println(String.format(Locale.ROOT,
                    "progress (search): %,d distinct states, depth %d, frontier %,d, %,.0f states/s, %.0f s",
                    distinctStates, depth, frontier, rate, seconds));
            err.flush();
        }
        lastStates = distinctStates;
        lastSeconds = seconds;
        nextAt = seconds + EVERY;
    }

    /** Simulation: "progress (simulate): 1,234 of 10,000 walks, 456,789 steps, 123,456 steps/s, 4 s, about 28 s to go". */
    @Override
    public synchronized void walks(long done, long total, long steps, double seconds) {
        if (seconds < nextAt) return;
        double rate = steps / Math.max(seconds, 1e-9);
        double eta = done == 0 ? -1 : seconds * (total - done) / done;
        if (style == Style.NDJSON) {
            ObjectNode o = object("simulate");
            o.put("walks", done);
            o.put("of", total);
            o.put("steps", steps);
            o.put("rate", Math.round(rate));
            o.put("elapsed", seconds);
            if (eta >= 0) o.put("eta", Math.round(eta));
            else o.putNull("eta");
            print(o);
        } else {
            err.println(String.format(Locale.ROOT, "progress (simulate): %,d of %,d walks, %,d steps, %,.0f steps/s, %.0f s%s",
                    done, total, steps, rate, seconds, eta < 0 ? "" : String.format(Locale.ROOT, ", about %.0f s to go", eta)));
            err.flush();
        }
        nextAt = seconds + EVERY;
    }

    /** Sweep: the value whose check starts now ("sweep: timeWait=2"). */
    synchronized void value(String parameter, int value) {
        if (style == Style.NDJSON) {
            ObjectNode o = object("sweep");
            o.put("parameter", parameter);
            o.put("value", value);
            print(o);
        } else {
            err.println("sweep: " + parameter + "=" + value);
            err.flush();
        }
    }

    private static ObjectNode object(String phase) {
        ObjectNode o = TraceFile.mapper().createObjectNode();
        o.put("phase", phase);
        return o;
    }

    private void print(ObjectNode o) {
        try {
            err.println(LINE.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        err.flush();
    }
}
