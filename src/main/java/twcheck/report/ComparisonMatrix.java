package twcheck.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import twcheck.trace.Json;

/**
 * Design variants side by side: one row per model, one column per property, each cell the
 * verdict with the shortest counterexample's length; then distinct states and time per row.
 * Rendered as text, Markdown, CSV, HTML or JSON.
 */
public final class ComparisonMatrix {

    /** The verdict of a model that was not checked (the run was interrupted before it). */
    public static final String NOT_RUN = "not-run";

    /** One verdict; {@code chart} is a relative link to its SVG chart, or null. */
    public record Cell(String verdict, Integer length, boolean vacuous, String chart) {
        String text() {
            return switch (verdict) {
                case "violated" -> "VIOLATED (" + length + ")";
                case "holds" -> vacuous ? "holds (vacuous)" : "holds";
                case NOT_RUN -> "not run";
                default -> verdict;
            };
        }
    }

    /** How far a row's check got. */
    public enum Status { COMPLETE, INCOMPLETE, NOT_RUN }

    /**
     * One model's verdicts; {@code differsFromR0} are its design switches set away from the model
     * kind's defaults (R0's, for the TCP kind) as {@code name=value} words, empty for R0 itself;
     * {@code bounds} are the sizes every model must set (such as timeWait), which R0 leaves open.
     */
    public record Row(String model, String description, List<String> differsFromR0, Map<String, Integer> bounds,
            List<Cell> cells, long distinctStates, double seconds, Status status) {
        /** A model the run did not get to: every cell "not run", no counts. */
        public static Row notRun(String model, String description, List<String> differsFromR0, Map<String, Integer> bounds,
                int properties) {
            return new Row(model, description, differsFromR0, bounds, java.util.Collections.nCopies(properties,
                    new Cell(NOT_RUN, null, false, null)), 0, 0, Status.NOT_RUN);
        }

        String differences() {
            return differsFromR0.isEmpty() ? "none" : String.join(" ", differsFromR0);
        }

        String boundsText() {
            return String.join(" ", bounds.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        boolean complete() {
            return status == Status.COMPLETE;
        }

        boolean ran() {
            return status != Status.NOT_RUN;
        }
    }

    private final List<String> properties;
    private final List<Row> rows = new ArrayList<>();
    private String note;

    public ComparisonMatrix(List<String> properties) {
        this.properties = List.copyOf(properties);
    }

    public void add(Row row) {
        rows.add(row);
    }

    public List<Row> rows() {
        return rows;
    }

    /** A sentence printed under the matrix in every format but CSV, e.g. why rows are missing. */
    public void note(String sentence) {
        note = sentence;
    }

    public String text() {
        int modelWidth = Math.max(8, rows.stream().mapToInt(r -> r.model().length()).max().orElse(8));
        int[] widths = properties.stream().mapToInt(p -> Math.max(p.length(), 16)).toArray();
        StringBuilder out = new StringBuilder();
        out.append(pad("model", modelWidth));
        for (int i = 0; i < properties.size(); i++) out.append("  ").append(pad(properties.get(i), widths[i]));
        out.append("  ").append(String.format(Locale.ROOT, "%14s %9s", "states", "seconds")).append('\n');
        for (Row r : rows) {
            out.append(pad(r.model(), modelWidth));
            for (int i = 0; i < r.cells().size(); i++) out.append("  ").append(pad(r.cells().get(i).text(), widths[i]));
            if (r.ran()) {
                out.append("  ").append(String.format(Locale.ROOT, "%,14d %9.2f", r.distinctStates(), r.seconds()));
            } else {
                out.append("  ").append(String.format(Locale.ROOT, "%14s %9s", "-", "-"));
            }
            if (r.status() == Status.INCOMPLETE) out.append("  INCOMPLETE");
            if (r.status() == Status.NOT_RUN) out.append("  NOT RUN");
            out.append('\n');
        }
        out.append("VIOLATED (n): violated, shortest counterexample n steps.\n");
        if (note != null) out.append(note).append('\n');
        return out.toString();
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("| model | differs from R0 | bounds | ");
        properties.forEach(p -> out.append('`').append(p).append("` | "));
        out.append("distinct states | seconds |\n|---|---|---|");
        properties.forEach(p -> out.append("---|"));
        out.append("---:|---:|\n");
        for (Row r : rows) {
            out.append("| `").append(r.model()).append("` | ").append(r.differences()).append(" | ")
                    .append(r.boundsText()).append(" | ");
            r.cells().forEach(c -> out.append(c.text()).append(" | "));
            out.append(r.ran() ? String.format(Locale.ROOT, "%,d | %.2f |", r.distinctStates(), r.seconds()) : "– | – |")
                    .append(r.complete() ? "" : r.ran() ? " (incomplete)" : " (not run)").append('\n');
        }
        if (note != null) out.append('\n').append(note).append('\n');
        return out.toString();
    }

    /** One header line, then a line per row; fields quoted by Commons CSV where they need it (RFC 4180). */
    public String csv() {
        List<String> header = new ArrayList<>(List.of("model", "description", "differs from R0", "bounds"));
        for (String prop : properties) {
            header.add(prop);
            header.add(prop + " length");
        }
        header.addAll(List.of("distinct states", "seconds", "complete"));
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
            csv.printRecord(header);
            for (Row r : rows) {
                List<String> fields = new ArrayList<>(List.of(r.model(), r.description() == null ? "" : r.description(),
                        String.join(" ", r.differsFromR0()), r.boundsText()));
                for (Cell c : r.cells()) {
                    fields.add(c.verdict() + (c.vacuous() ? " (vacuous)" : ""));
                    fields.add(c.length() == null ? "" : c.length().toString());
                }
                fields.add(r.ran() ? Long.toString(r.distinctStates()) : "");
                fields.add(r.ran() ? String.format(Locale.ROOT, "%.3f", r.seconds()) : "");
                fields.add(Boolean.toString(r.complete()));
                csv.printRecord(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    /** The matrix as the body of {@code compare --json} (see docs/schemas/compare.schema.json). */
    public ObjectNode json() {
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode names = out.putArray("properties");
        properties.forEach(names::add);
        ArrayNode list = out.putArray("rows");
        for (Row r : rows) {
            ObjectNode row = list.addObject().put("model", r.model()).put("description", r.description());
            ArrayNode differs = row.putArray("differsFromR0");
            r.differsFromR0().forEach(differs::add);
            ObjectNode bounds = row.putObject("bounds");
            r.bounds().forEach(bounds::put);
            row.put("status", r.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (r.ran()) row.put("distinctStates", r.distinctStates()).put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
            ArrayNode cells = row.putArray("verdicts");
            for (int i = 0; i < r.cells().size(); i++) {
                Cell c = r.cells().get(i);
                ObjectNode cell = cells.addObject().put("property", properties.get(i)).put("verdict", c.verdict())
                        .put("vacuous", c.vacuous());
                if (c.length() != null) cell.put("length", c.length());
                if (c.chart() != null) cell.put("chart", c.chart());
            }
        }
        if (note != null) out.put("note", note);
        return out;
    }

    /**
     * A page with {@code title}; its header says which twcheck made it, when ({@code date}) and
     * from which {@code commandLine}, so a report that travels keeps how to make it again.
     */
    public String html(String title, String commandLine, String date) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:6px 10px;text-align:left}")
                .append("th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}")
                .append("td.violated{background:#fde2e0}td.holds{background:#e3f4e1}td.unknown{background:#fff3cd}")
                .append("td.vacuous{background:#eef}td.changed{outline:3px solid #333;outline-offset:-3px}")
                .append("a{color:#a11}small{color:#666}\n</style></head><body>\n");
        out.append("<h1>").append(escape(title)).append("</h1>\n");
        out.append("<p class=\"made\"><small>made by twcheck ").append(escape(BuildInfo.current().versionText()))
                .append(BuildInfo.current().commitId().map(c -> " (commit " + escape(c.substring(0, Math.min(12, c.length()))) + ")").orElse(""))
                .append(" on ").append(escape(date)).append(" with <code>").append(escape(commandLine))
                .append("</code></small></p>\n<table>\n<tr><th>model</th><th>differs from R0</th><th>bounds</th>");
        properties.forEach(p -> out.append("<th>").append(escape(p)).append("</th>"));
        out.append("<th>distinct states</th><th>seconds</th></tr>\n");
        Row first = rows.isEmpty() ? null : rows.get(0);
        for (Row r : rows) {
            out.append("<tr><td><b>").append(escape(r.model())).append("</b><br><small>")
                    .append(escape(r.description())).append("</small></td><td>").append(escape(r.differences()))
                    .append("</td><td>");
            List<String> words = new ArrayList<>();
            r.bounds().forEach((name, value) -> {
                String word = escape(name + "=" + value);
                words.add(r != first && !value.equals(first.bounds().get(name)) ? "<b>" + word + "</b>" : word);
            });
            out.append(String.join(" ", words)).append("</td>");
            for (int i = 0; i < r.cells().size(); i++) {
                Cell c = r.cells().get(i);
                String cls = c.vacuous() ? "vacuous" : c.verdict().equals(NOT_RUN) ? "unknown" : c.verdict();
                if (r != first && decided(c) && decided(first.cells().get(i))
                        && !c.verdict().equals(first.cells().get(i).verdict())) {
                    cls += " changed";
                }
                out.append("<td class=\"").append(cls).append("\">");
                if (c.chart() != null) {
                    out.append("<a href=\"").append(escape(link(c.chart()))).append("\">").append(escape(c.text())).append("</a>");
                } else {
                    out.append(escape(c.text()));
                }
                out.append("</td>");
            }
            if (r.ran()) {
                out.append(String.format(Locale.ROOT, "<td class=\"num\">%,d%s</td><td class=\"num\">%.2f</td></tr>%n",
                        r.distinctStates(), r.complete() ? "" : " (incomplete)", r.seconds()));
            } else {
                out.append("<td class=\"num\">not run</td><td class=\"num\">–</td></tr>\n");
            }
        }
        out.append("</table>\n<p><small>VIOLATED (n): the property is violated; n is the length of its shortest"
                + " counterexample, linked to its sequence chart. holds (vacuous): it holds, but the situation it"
                + " guards against never occurs. differs from R0: the design switches the model sets away from the defaults of its kind"
                + " (for TCP, those of the reference model R0). bounds: the sizes every model sets, in bold where they differ"
                + " from the first row's. A verdict framed in black differs from the first row's verdict (holds against"
                + " violated; an unknown or not-run verdict is never framed).</small></p>\n");
        if (note != null) out.append("<p><b>").append(escape(note)).append("</b></p>\n");
        out.append("</body></html>\n");
        return out.toString();
    }

    private static boolean decided(Cell c) {
        return c.verdict().equals("holds") || c.verdict().equals("violated");
    }

    /** A relative path as a URL: every byte but the unreserved ones and '/' percent-encoded. */
    static String link(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "%%%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
