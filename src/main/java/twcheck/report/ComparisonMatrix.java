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

    /** One verdict; {@code chart} is a relative link to its SVG chart, or null. */
    public record Cell(String verdict, Integer length, boolean vacuous, String chart) {
        String text() {
            return switch (verdict) {
                case "violated" -> "VIOLATED (" + length + ")";
                case "holds" -> vacuous ? "holds (vacuous)" : "holds";
                default -> verdict;
            };
        }
    }

    public record Row(String model, String description, List<Cell> cells, long distinctStates, double seconds,
            boolean complete) {}

    private final List<String> properties;
    private final List<Row> rows = new ArrayList<>();

    public ComparisonMatrix(List<String> properties) {
        this.properties = List.copyOf(properties);
    }

    public void add(Row row) {
        rows.add(row);
    }

    public List<Row> rows() {
        return rows;
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
            out.append("  ").append(String.format(Locale.ROOT, "%,14d %9.2f", r.distinctStates(), r.seconds()));
            if (!r.complete()) out.append("  INCOMPLETE");
            out.append('\n');
        }
        out.append("VIOLATED (n): violated, shortest counterexample n steps.\n");
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
            out.append(String.format(Locale.ROOT, "%,d | %.2f |", r.distinctStates(), r.seconds()))
                    .append(r.complete() ? "" : " (incomplete)").append('\n');
        }
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
            out.append(String.format(Locale.ROOT, ",%d,%.3f,%s%n", r.distinctStates(), r.seconds(), r.complete()));
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
                String cls = c.vacuous() ? "vacuous" : c.verdict();
                out.append("<td class=\"").append(cls).append("\">");
                if (c.chart() != null) {
                    out.append("<a href=\"").append(escape(c.chart())).append("\">").append(escape(c.text())).append("</a>");
                } else {
                    out.append(escape(c.text()));
                }
                out.append("</td>");
            }
            out.append(String.format(Locale.ROOT, "<td class=\"num\">%,d%s</td><td class=\"num\">%.2f</td></tr>%n",
                    r.distinctStates(), r.complete() ? "" : " (incomplete)", r.seconds()));
        }
        out.append("</table>\n<p><small>VIOLATED (n): the property is violated; n is the length of its shortest"
                + " counterexample, linked to its sequence chart. holds (vacuous): it holds, but the situation it"
                + " guards against never occurs.</small></p>\n</body></html>\n");
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
