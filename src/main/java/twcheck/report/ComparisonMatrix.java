package twcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Design variants side by side: one row per model, one column per property, each cell the
 * verdict with the shortest counterexample's length; then distinct states and time per row.
 * Rendered as text, Markdown, CSV or HTML.
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

    public record Row(String model, String description, List<Cell> cells, long distinctStates, double seconds,
            Status status) {
        /** A model the run did not get to: every cell "not run", no counts. */
        public static Row notRun(String model, String description, int properties) {
            return new Row(model, description, java.util.Collections.nCopies(properties,
                    new Cell(NOT_RUN, null, false, null)), 0, 0, Status.NOT_RUN);
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
        StringBuilder out = new StringBuilder("| model | ");
        properties.forEach(p -> out.append('`').append(p).append("` | "));
        out.append("distinct states | seconds |\n|---|");
        properties.forEach(p -> out.append("---|"));
        out.append("---:|---:|\n");
        for (Row r : rows) {
            out.append("| `").append(r.model()).append("` | ");
            r.cells().forEach(c -> out.append(c.text()).append(" | "));
            out.append(r.ran() ? String.format(Locale.ROOT, "%,d | %.2f |", r.distinctStates(), r.seconds()) : "– | – |")
                    .append(r.complete() ? "" : r.ran() ? " (incomplete)" : " (not run)").append('\n');
        }
        if (note != null) out.append('\n').append(note).append('\n');
        return out.toString();
    }

    public String csv() {
        StringBuilder out = new StringBuilder("model");
        for (String p : properties) out.append(',').append(p).append(',').append(p).append(" length");
        out.append(",distinct states,seconds,complete\n");
        for (Row r : rows) {
            out.append(csvField(r.model()));
            for (Cell c : r.cells()) {
                out.append(',').append(c.verdict()).append(c.vacuous() ? " (vacuous)" : "")
                        .append(',').append(c.length() == null ? "" : c.length().toString());
            }
            out.append(r.ran() ? String.format(Locale.ROOT, ",%d,%.3f,%s%n", r.distinctStates(), r.seconds(), r.complete())
                    : String.format(Locale.ROOT, ",,,false%n"));
        }
        return out.toString();
    }

    public String html(String title) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:6px 10px;text-align:left}")
                .append("th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}")
                .append("td.violated{background:#fde2e0}td.holds{background:#e3f4e1}td.unknown{background:#fff3cd}")
                .append("td.vacuous{background:#eef}a{color:#a11}small{color:#666}\n</style></head><body>\n");
        out.append("<h1>").append(escape(title)).append("</h1>\n<table>\n<tr><th>model</th>");
        properties.forEach(p -> out.append("<th>").append(escape(p)).append("</th>"));
        out.append("<th>distinct states</th><th>seconds</th></tr>\n");
        for (Row r : rows) {
            out.append("<tr><td><b>").append(escape(r.model())).append("</b><br><small>")
                    .append(escape(r.description())).append("</small></td>");
            for (Cell c : r.cells()) {
                String cls = c.vacuous() ? "vacuous" : c.verdict().equals(NOT_RUN) ? "unknown" : c.verdict();
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
                + " guards against never occurs.</small></p>\n");
        if (note != null) out.append("<p><b>").append(escape(note)).append("</b></p>\n");
        out.append("</body></html>\n");
        return out.toString();
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

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
