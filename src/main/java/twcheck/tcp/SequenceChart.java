package twcheck.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import twcheck.model.Parameter;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

/**
 * Message sequence charts of a trace, as in a TCP textbook: A's lifeline on the left, B's on the
 * right, time running down, every segment drawn from its send to its delivery (or a cross where
 * it is lost, a mark where it expires), state changes written on the lifelines, incarnations told
 * apart, and the violating step highlighted with its explanation.
 */
final class SequenceChart {
    private SequenceChart() {}

    // ---------------------------------------------------------------- text, at most 100 columns

    private static final int STATE_WIDTH = 20;
    private static final int NET_WIDTH = 44;

    /** The chart as text that fits in 100 columns. */
    static String text(TraceFile file) {
        TcpTrace trace = TcpTrace.of(file);
        Flights flights = Flights.of(trace);
        List<TcpTrace.State> states = trace.states();
        int violation = violationIndex(trace);
        StringBuilder out = new StringBuilder();
        out.append(title(trace)).append('\n');
        out.append(String.format(Locale.ROOT, "%4s %4s  %-" + STATE_WIDTH + "s %-" + (NET_WIDTH + 2) + "s %s%n",
                "step", "tick", "A", "", "B"));
        TcpTrace.State first = states.get(0);
        row(out, "   0", first.meta().tick(), label(first.a()), "", label(first.b()), false);
        for (int i = 1; i < states.size(); i++) {
            TcpTrace.State before = states.get(i - 1);
            TcpTrace.State after = states.get(i);
            TcpAction event = after.meta().event();
            String mark = (i == violation ? ">>" : i == loopIndex(trace) ? "@@" : "  ") + String.format(Locale.ROOT, "%2d", i);
            String a = changed(before.a(), after.a()) ? label(after.a()) : actionNote(event, "A", before.a());
            String b = changed(before.b(), after.b()) ? label(after.b()) : actionNote(event, "B", before.b());
            if (event != null && event.kind() == TcpActionKind.TICK) {
                String line = " tick " + after.meta().tick() + " ";
                String dots = "- ".repeat(NET_WIDTH / 2);
                row(out, mark, after.meta().tick(), a, centre(line, dots), b, true);
                continue;
            }
            List<String> lines = new ArrayList<>();
            Flights.Flight ended = flights.endedAt(i);
            if (ended != null) lines.add(endLine(ended));
            for (Flights.Flight f : flights.all()) {
                if (f.end == Flights.End.EXPIRED && f.endStep == i) lines.add(centre("~ #" + f.id + " expired ~", ""));
            }
            for (Flights.Flight sent : flights.sentAt(i)) lines.add(sendLine(sent));
            if (lines.isEmpty()) lines.add(centre("(" + after.meta().action() + ")", ""));
            row(out, mark, after.meta().tick(), a, lines.get(0), b, false);
            for (int k = 1; k < lines.size(); k++) row(out, "    ", -1, "", lines.get(k), "", false);
        }
        if (loopIndex(trace) >= 0) {
            out.append(String.format(Locale.ROOT, "%4s       ... back to the state of step %d (@@): steps %d..%d repeat forever%n",
                    "", loopIndex(trace), loopIndex(trace) + 1, states.size() - 1));
        }
        out.append('\n').append("segments: #n KIND seq/ack [incarnation];  X lost;  ~ expired\n");
        if (loopIndex(trace) >= 0) {
            out.append("@@ where the cycle starts\n");
        } else if (trace.meta().property() != null) {
            out.append(trace.meta().kind() == TraceKind.WORST_CASE ? ">> where the measured time ends"
                    : ">> the step that " + (trace.meta().kind() == TraceKind.COUNTEREXAMPLE ? "violates " : "reaches ")
                            + trace.meta().property()).append('\n');
        }
        if (trace.meta().explanation() != null) {
            out.append('\n');
            for (String line : wrap(trace.meta().explanation(), 98)) out.append(line).append('\n');
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String step, int tick, String a, String net, String b, boolean tickRow) {
        String lifeline = tickRow ? "+" : "|";
        out.append(String.format(Locale.ROOT, "%4s %4s  %-" + STATE_WIDTH + "s%s%-" + NET_WIDTH + "s%s %s",
                step, tick < 0 ? "" : Integer.toString(tick), clip(a, STATE_WIDTH), lifeline,
                clip(net, NET_WIDTH), lifeline, b).stripTrailing()).append('\n');
    }

    /** An endpoint's own action that did not change its state (a retransmission, say). */
    private static String actionNote(TcpAction event, String endpoint, TcpView.EndpointView before) {
        if (event == null || !endpoint.equals(event.endpoint())) return "";
        boolean idle = before.una() == 0 && (before.state().equals("ESTABLISHED") || before.state().equals("CLOSE_WAIT"));
        return switch (event.kind()) {
            case TIMEOUT -> idle ? "(keepalive probe)" : "(timeout: resend)";
            case SEND_DATA -> "(sends data)";
            default -> "";
        };
    }

    private static String sendLine(Flights.Flight f) {
        String name = segmentName(f.id, f.segment);
        return f.segment.from().equals("A") ? "--" + name + "-->" : leftPad("<--" + name + "--", NET_WIDTH);
    }

    private static String endLine(Flights.Flight f) {
        String name = segmentName(f.id, f.segment);
        if (f.end == Flights.End.LOST) return centre("X " + name + " lost", "");
        return f.to().equals("B") ? leftPad("--" + name + "-->", NET_WIDTH) : "<--" + name + "--";
    }

    private static String segmentName(int id, TcpView.SegmentView s) {
        return "#" + id + " " + s.kind() + " " + s.seq() + "/" + s.ack() + " [" + s.inc() + "]";
    }

    private static String label(TcpView.EndpointView e) {
        return e.state() + " [" + e.inc() + "]";
    }

    private static boolean changed(TcpView.EndpointView x, TcpView.EndpointView y) {
        return !x.state().equals(y.state()) || x.inc() != y.inc();
    }

    private static String centre(String text, String fill) {
        int pad = Math.max(0, (NET_WIDTH - text.length()) / 2);
        String left = fill.isEmpty() ? " ".repeat(pad) : fill.substring(0, Math.min(pad, fill.length()));
        String line = left + text;
        if (!fill.isEmpty() && line.length() < NET_WIDTH) line += fill.substring(0, Math.min(fill.length(), NET_WIDTH - line.length()));
        return line;
    }

    private static String leftPad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width);
    }

    // ---------------------------------------------------------------- SVG

    private static final int ROW = 30;
    private static final int TOP = 150;
    private static final int X_A = 330;
    private static final int X_B = 770;
    private static final int WIDTH = 1060;
    private static final String[] INCARNATION_COLOURS = {"#1f5fa8", "#c0392b", "#2e8b3e"};

    /** The chart as a standalone SVG document. */
    static String svg(TraceFile file) {
        TcpTrace trace = TcpTrace.of(file);
        Flights flights = Flights.of(trace);
        List<TcpTrace.State> states = trace.states();
        int violation = violationIndex(trace);
        List<String> explanation = trace.meta().explanation() == null ? List.of() : wrap(trace.meta().explanation(), 150);
        int bottom = TOP + (states.size() - 1) * ROW + 40;
        int height = bottom + 66 + explanation.size() * 18 + 16 * (wrap(parameters(trace), 150).size() - 1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">%n",
                WIDTH, height, WIDTH, height));
        svg.append("<defs>");
        for (int inc = 0; inc < INCARNATION_COLOURS.length; inc++) {
            svg.append(String.format(Locale.ROOT,
                    "<marker id=\"arrow%d\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\""
                            + " orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>",
                    inc, INCARNATION_COLOURS[inc]));
        }
        svg.append("</defs>\n");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        svg.append(text(20, 28, escape(title(trace)), "font-size=\"16\" font-weight=\"bold\""));
        List<String> parameterLines = wrap(parameters(trace), 150);
        for (int i = 0; i < parameterLines.size(); i++) {
            svg.append(text(20, 50 + 16 * i, escape(parameterLines.get(i)), "fill=\"#555\""));
        }
        svg.append("<g transform=\"translate(0 " + 16 * (parameterLines.size() - 1) + ")\">\n");
        legend(svg);
        svg.append("</g>\n<g transform=\"translate(0 " + 16 * (parameterLines.size() - 1) + ")\">\n");

        if (violation > 0) {
            int y = yOf(violation);
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"10\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffe08a\" opacity=\"0.6\"/>%n",
                    y - ROW / 2, WIDTH - 20, ROW));
        }
        // lifelines
        svg.append(text(X_A, TOP - 30, "A (client)", "text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\""));
        svg.append(text(X_B, TOP - 30, "B (server)", "text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\""));
        for (int x : new int[] {X_A, X_B}) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" stroke-width=\"2\"/>%n",
                    x, TOP - 20, x, bottom));
        }
        // steps, ticks and state changes
        for (int i = 0; i < states.size(); i++) {
            TcpTrace.State s = states.get(i);
            int y = yOf(i);
            TcpAction event = s.meta().event();
            boolean tick = event != null && event.kind() == TcpActionKind.TICK;
            svg.append(text(20, y + 4, i + "  " + escape(shortAction(s, flights, i)),
                    "fill=\"" + (i == violation ? "#000" : "#777") + "\" font-size=\"11\""
                            + (i == violation ? " font-weight=\"bold\"" : "")));
            if (tick) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4 4\"/>%n",
                        X_A, y, X_B, y));
                svg.append(text((X_A + X_B) / 2, y - 4, "tick " + s.meta().tick(),
                        "text-anchor=\"middle\" fill=\"#999\" font-size=\"11\""));
            }
            if (i == 0 || changed(states.get(i - 1).a(), s.a())) {
                stateBox(svg, X_A - 8, y, s.a(), "end");
            }
            if (i == 0 || changed(states.get(i - 1).b(), s.b())) {
                stateBox(svg, X_B + 8, y, s.b(), "start");
            }
        }
        int loop = loopIndex(trace);
        if (loop >= 0) {
            // a bracket on the right: these steps repeat forever
            int x = WIDTH - 40;
            int y1 = yOf(loop);
            int y2 = yOf(states.size() - 1);
            svg.append(String.format(Locale.ROOT,
                    "<path d=\"M%d,%d h12 V%d h-12\" fill=\"none\" stroke=\"#7a3db8\" stroke-width=\"3\"/>%n",
                    x - 12, y1, y2, x - 12));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" transform=\"rotate(90 %d %d)\" text-anchor=\"middle\" fill=\"#7a3db8\""
                            + " font-weight=\"bold\">repeats forever</text>%n",
                    x + 10, (y1 + y2) / 2, x + 10, (y1 + y2) / 2));
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"10\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#7a3db8\" opacity=\"0.07\"/>%n",
                    y1 - ROW / 2, WIDTH - 60, y2 - y1 + ROW));
        }
        // segments
        Flights.Flight culprit = violation > 0 ? flights.endedAt(violation) : null;
        for (Flights.Flight f : flights.all()) arrow(svg, f, states.size() - 1, f == culprit);
        // explanation
        int y = bottom + 30;
        if (!explanation.isEmpty()) {
            svg.append(text(20, y, loop >= 0 ? "Why this run violates " + trace.meta().property() + ":"
                    : violation > 0 && trace.meta().kind() == TraceKind.COUNTEREXAMPLE
                    ? "Why step " + violation + " violates " + trace.meta().property() + ":"
                    : "What this run shows:", "font-weight=\"bold\""));
            for (String line : explanation) {
                y += 18;
                svg.append(text(20, y, escape(line), ""));
            }
        }
        svg.append("</g>\n</svg>\n");
        return svg.toString();
    }

    private static void arrow(StringBuilder svg, Flights.Flight f, int lastStep, boolean culprit) {
        String colour = INCARNATION_COLOURS[Math.min(f.segment.inc(), INCARNATION_COLOURS.length - 1)];
        int x1 = f.segment.from().equals("A") ? X_A : X_B;
        int x2 = f.segment.from().equals("A") ? X_B : X_A;
        int y1 = yOf(f.sentStep);
        int endStep = f.end == Flights.End.IN_FLIGHT ? lastStep : f.endStep;
        int y2 = yOf(endStep);
        String label = "#" + f.id + " " + f.segment.kind() + " " + f.segment.seq() + "/" + f.segment.ack()
                + " [" + f.segment.inc() + "]";
        int inc = Math.min(f.segment.inc(), INCARNATION_COLOURS.length - 1);
        switch (f.end) {
            case DELIVERED -> svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\" marker-end=\"url(#arrow%d)\"/>%n",
                    x1, y1, x2, y2, colour, culprit ? "3.5" : "1.6", inc));
            case LOST, EXPIRED, IN_FLIGHT -> {
                int xm = (x1 + x2) / 2;
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.6\"%s/>%n",
                        x1, y1, xm, y2, colour, f.end == Flights.End.LOST ? "" : " stroke-dasharray=\"6 3\""));
                if (f.end == Flights.End.LOST) {
                    svg.append(String.format(Locale.ROOT,
                            "<path d=\"M%d,%d l12,12 M%d,%d l12,-12\" stroke=\"#d00\" stroke-width=\"3\"/>%n",
                            xm - 6, y2 - 6, xm - 6, y2 + 6));
                    svg.append(text(xm + 10, y2 + 14, "lost", "fill=\"#d00\" font-size=\"11\""));
                } else if (f.end == Flights.End.EXPIRED) {
                    svg.append(text(xm, y2 + 4, "~ expired", "fill=\"#a60\" font-size=\"11\""));
                } else {
                    svg.append(text(xm + 6, y2 + 4, "in flight", "fill=\"#777\" font-size=\"11\""));
                }
            }
        }
        // The label runs along its own arrow (as in textbook figures), near the sending end, on a
        // white halo, so that crossing arrows keep their labels apart.
        double reach = f.end == Flights.End.DELIVERED ? 1 : 0.5;
        double t = 0.25 + 0.08 * (f.id % 3);
        double lx = x1 + (x2 - x1) * reach * t;
        double ly = y1 + (y2 - y1) * t;
        double angle = Math.toDegrees(Math.atan2((y2 - y1), (x2 - x1) * reach));
        if (angle > 90) angle -= 180;
        if (angle < -90) angle += 180;
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" transform=\"rotate(%.1f %.1f %.1f)\" fill=\"%s\" font-size=\"11\""
                        + " text-anchor=\"middle\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>%n",
                lx, ly - 4, angle, lx, ly, colour, escape(label)));
    }

    /** A compact name of the action that led to state {@code i}: segments by their number. */
    private static String shortAction(TcpTrace.State s, Flights flights, int i) {
        TcpAction e = s.meta().event();
        if (e == null) return "initial";
        Flights.Flight f = flights.endedAt(i);
        String segment = f == null ? "" : " #" + f.id + " " + f.segment.kind();
        return switch (e.kind()) {
            case DELIVER -> "Deliver" + segment + " to " + e.endpoint();
            case SYN_AT_LISTEN -> "SynAtListen" + segment + ", isn=" + e.isn();
            case LOSE -> "Lose" + segment;
            case OPEN -> "Open(A, isn=" + e.isn() + ")";
            case TICK -> "Tick";
            default -> e.kind().word() + "(" + e.endpoint() + ")";
        };
    }

    private static void stateBox(StringBuilder svg, int x, int y, TcpView.EndpointView e, String anchor) {
        String colour = INCARNATION_COLOURS[Math.min(e.inc(), INCARNATION_COLOURS.length - 1)];
        svg.append(text(x, y + 4, escape(e.state() + " [" + e.inc() + "]"),
                "text-anchor=\"" + anchor + "\" font-weight=\"bold\" fill=\"" + colour + "\""));
    }

    private static void legend(StringBuilder svg) {
        int x = 20;
        int y = 72;
        svg.append(text(x, y, "Segments: #n KIND seq/ack [incarnation]. Colour = incarnation:", "fill=\"#555\""));
        int lx = x + 410;
        for (int inc = 0; inc < INCARNATION_COLOURS.length; inc++) {
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>",
                    lx, y - 4, lx + 24, y - 4, INCARNATION_COLOURS[inc]));
            svg.append(text(lx + 30, y, "[" + inc + "]", "fill=\"" + INCARNATION_COLOURS[inc] + "\""));
            lx += 70;
        }
        svg.append(text(x, y + 20, "X: lost.  Dashed: expired, or still in flight at the end.  Highlighted: the"
                + " violating (or reaching) step.  Left: step number and action.", "fill=\"#555\""));
    }

    private static int yOf(int step) {
        return TOP + step * ROW;
    }

    private static String text(int x, int y, String content, String attributes) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s</text>%n", x, y, attributes, content);
    }

    // ---------------------------------------------------------------- shared

    private static int loopIndex(TcpTrace trace) {
        Integer loop = trace.loop();
        return loop == null ? -1 : loop;
    }

    private static int violationIndex(TcpTrace trace) {
        Integer v = trace.meta().violationIndex();
        return v == null ? -1 : v;
    }

    private static String title(TcpTrace trace) {
        // a trace of another tool may name no model file and claim nothing
        String model = trace.meta().model() == null ? trace.meta().base() : trace.meta().model();
        if (trace.meta().property() == null) return model + ": a run of " + trace.meta().length() + " steps";
        String what = switch (trace.meta().kind()) {
            case COUNTEREXAMPLE -> "counterexample to ";
            case WORST_CASE -> "worst case of ";
            case WITNESS -> "witness of ";
        };
        return model + ": " + what + trace.meta().property() + " (" + trace.meta().length() + " steps)";
    }

    /** R0's parameters, then only the variant switches that differ from R0. */
    private static String parameters(TcpTrace trace) {
        StringBuilder p = new StringBuilder(trace.meta().base() == null ? "" : trace.meta().base() + ": ");
        trace.meta().parameters().forEach((k, v) -> {
            Parameter d = TcpParameters.definition(k);
            if (d == null || d.required() || v != d.defaultValue()) {
                p.append(k).append('=').append(d == null || d.names().isEmpty() ? v.toString() : d.names().get(v)).append(' ');
            }
        });
        return p.toString().trim();
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
