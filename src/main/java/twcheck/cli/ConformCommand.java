package twcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.capture.CaptureFile;
import twcheck.capture.Connection;
import twcheck.model.Conformance;
import twcheck.report.JsonEnvelope;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;

@Command(name = "conform",
        description = {"Decide whether a real capture of a TCP teardown is a run of the model: whether some run shows"
                + " exactly the capture's segments, in order, as seen where the capture was taken.",
            "The abstraction (docs/conformance.md): numbers are counted per direction in units (a SYN, a data segment"
                + " of any length, a FIN: one each); the opening and data before the first FIN, RST or keepalive"
                + " probe are absorbed (R0 starts there, established, with nothing unacknowledged); a segment with"
                + " data and FIN is its DATA then its FIN; a zero-length segment at snd_nxt - 1 is a keepalive"
                + " probe or an overtaken ACK. At the capture point the captured side's segments are seen as it"
                + " sends them and the other side's as they arrive (or are lost inside the captured host); the other"
                + " side's numbers may skip segments lost on the way. Only the order is checked, not the times, unless"
                + " --tick MS is given: then each segment must also be shown within one tick of its capture time,"
                + " counted from the last absorbed segment, so the model's MSL, RTO and TIME_WAIT (in ticks)"
                + " are held to the real timers."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every model given explains the capture",
            "1:some model does not (the first segment it cannot explain is named)",
            "2:bad input: not a capture, no TCP connection or an ambiguous one, a bad model file",
            "3:undecided: a search passed --max-nodes, ran out of memory or was interrupted (Ctrl-C)",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the output could not be written"})
final class ConformCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CAPTURE", description = "a capture: classic pcap (tcpdump -w) or pcapng (Wireshark, dumpcap)")
    Path capture;

    @Option(names = "--model", paramLabel = "MODEL_FILE", required = true,
            description = "a model to hold the capture against; repeat for a table of design variants")
    List<Path> models = new ArrayList<>();

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a parameter of every model")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--at", paramLabel = "SIDE", description = "where the capture was taken: client (A, the default) or server (B)")
    String at = "client";

    @Option(names = "--connection", paramLabel = "ADDR:PORT-ADDR:PORT",
            description = "the address pair to check when the capture holds several")
    String connection;

    @Option(names = "--max-nodes", paramLabel = "N",
            description = "bound on the (model state, capture position) pairs searched per model (then exit 3)")
    long maxNodes = 5_000_000;

    @Option(names = "--tick", paramLabel = "MS", converter = NumberOptions.TickMillis.class, description = "also check times: a tick of the model is MS"
            + " milliseconds, and each segment must be shown within one tick of its capture time (default: order only)")
    Long tickMillis;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--trace-dir", paramLabel = "DIR",
            description = "for each model that conforms, write the matched run to DIR as MODEL.conform.itf.json"
                    + " (replay accepts it) and MODEL.conform.txt (its chart, each step with the capture frames it shows)")
    Path traceDir;

    /** Tests: stands in for Ctrl-C once this many models are searched (0: never). */
    int interruptAfter;

    /** One model's row. */
    record Row(String model, String source, String outcome, int explained, int observed, String unexplained,
            String reason, List<String> instead, Integer steps, Integer losses, long searched) {}

    /** The whole answer; {@code tickMillis}: null when only the order is checked. */
    record Report(String capture, String connection, String at, Long tickMillis, List<String> absorbed, List<Row> models) {}

    @Override
    public Integer call() {
        Conformance.CapturePoint point = capturePoint(at);
        if (maxNodes < 1) throw new SpecException("--max-nodes must be at least 1, got " + maxNodes);
        if (!Files.exists(capture)) throw new SpecException(capture + ": no such capture file");
        List<ModelSpec> specs = new ArrayList<>();
        for (Path m : models) specs.add(ModelFiles.read(m, overrides)); // every model read before any search
        if (traceDir != null) OutputFiles.prepareFolder("--trace-dir", traceDir); // before the searches
        for (ModelSpec s : specs) {
            if (s.kind().conformance().isEmpty()) {
                throw new SpecException(s.source() + ": model kind " + s.kind().name() + " cannot be held against captures");
            }
        }
        CaptureFile.Contents contents;
        try {
            contents = CaptureFile.read(capture);
        } catch (IOException e) {
            throw new SpecException(capture + ": " + e.getMessage());
        }
        Connection c;
        try {
            c = Connection.of(contents.segments(), Optional.ofNullable(connection));
        } catch (IllegalArgumentException e) {
            throw new SpecException(capture + ": " + e.getMessage());
        }
        return Interruption.run(spec, interruption -> conformAll(specs, c, point, contents, interruption));
    }

    /** Holds the connection against each model in turn (until an interrupt), then prints the rows. */
    private int conformAll(List<ModelSpec> specs, Connection c, Conformance.CapturePoint point,
            CaptureFile.Contents contents, Interruption interruption) {
        List<Row> rows = new ArrayList<>();
        List<String> absorbed = List.of();
        int exit = Main.ALL_HOLD;
        for (ModelSpec s : specs) {
            if (interruption.raised()) {
                rows.add(new Row(s.name(), s.source(), "not-run", 0, 0, null, "interrupted before it ran", List.of(),
                        null, null, 0));
                exit = Main.INCOMPLETE;
                continue;
            }
            twcheck.model.Model model = s.instantiate();
            Conformance.Result r = s.kind().conformance().get().conform(model, c, point,
                    tickMillis == null ? 0 : tickMillis * 1000, maxNodes, interruption);
            absorbed = r.absorbed().isEmpty() ? absorbed : r.absorbed();
            if (traceDir != null && r.run() != null) writeRun(s, model, r);
            rows.add(new Row(s.name(), s.source(), word(r.outcome()), r.explained(), r.observed(), r.unexplained(),
                    r.reason(), r.instead(), r.run() == null ? null : r.run().length(),
                    r.outcome() == Conformance.Outcome.CONFORMS ? r.losses() : null, r.searched()));
            if (r.outcome() == Conformance.Outcome.UNKNOWN) exit = Main.INCOMPLETE;
            else if (r.outcome() == Conformance.Outcome.DOES_NOT_CONFORM && exit == Main.ALL_HOLD) exit = Main.VIOLATED;
            if (rows.size() == interruptAfter) interruption.raise();
        }
        PrintWriter out = spec.commandLine().getOut();
        Report report = new Report(capture.toString(), c.describe(), point == Conformance.CapturePoint.CLIENT ? "client" : "server",
                tickMillis, absorbed, rows);
        if (json) {
            out.println(JsonEnvelope.render(report, "conform"));
        } else {
            print(out, report, contents);
            if (interruption.raised()) {
                long decided = rows.stream().filter(r -> !r.outcome().equals("unknown") && !r.outcome().equals("not-run")).count();
                out.println("CONFORM INTERRUPTED: " + decided + " of " + rows.size() + " models decided; an UNKNOWN one"
                        + " was cut short, a NOT RUN one was not searched");
            }
        }
        OutputFiles.flush(out);
        return exit;
    }

    /** The matched run as a trace, and its chart with the capture frames each step shows. */
    private void writeRun(ModelSpec s, twcheck.model.Model model, Conformance.Result r) {
        twcheck.trace.TraceFile trace = twcheck.check.TraceBuilder.run(s, model, r.run());
        OutputFiles.write(traceDir.resolve(s.name() + ".conform" + TraceFile.FILE_ENDING), trace.toJson() + "\n");
        StringBuilder text = new StringBuilder(s.kind().charts().text(trace));
        text.append("\nWhat each step shows in ").append(capture).append(":\n");
        for (int i = 1; i < r.run().steps().size(); i++) {
            String shown = r.shownBy().get(i);
            text.append(String.format(java.util.Locale.ROOT, "%4d  %-50s %s%n", i, r.run().steps().get(i).action(),
                    shown.isEmpty() ? "(not seen at the capture point)" : shown));
        }
        OutputFiles.write(traceDir.resolve(s.name() + ".conform.txt"), text.toString());
        spec.commandLine().getErr().println("wrote " + traceDir.resolve(s.name() + ".conform" + TraceFile.FILE_ENDING) + " and .txt");
    }

    /** The capture point an --at value names (conform and export). */
    static Conformance.CapturePoint capturePoint(String at) {
        return switch (at) {
            case "client", "A" -> Conformance.CapturePoint.CLIENT;
            case "server", "B" -> Conformance.CapturePoint.SERVER;
            default -> throw new SpecException("--at " + at + ": expected client or server");
        };
    }

    private static String word(Conformance.Outcome o) {
        return switch (o) {
            case CONFORMS -> "conforms";
            case DOES_NOT_CONFORM -> "does-not-conform";
            case UNKNOWN -> "unknown";
        };
    }

    private static void print(PrintWriter out, Report r, CaptureFile.Contents contents) {
        out.println(r.capture() + ": connection " + r.connection() + " (client = A, server = B), captured at the "
                + r.at() + "; " + contents.segments().size() + " TCP segments"
                + (contents.otherFrames() > 0 ? ", " + contents.otherFrames() + " other frames not read" : ""));
        for (String a : r.absorbed()) out.println("  absorbed: " + a);
        if (r.tickMillis() != null) {
            out.println("  times checked: a tick is " + r.tickMillis() + " ms, and each segment is shown within a tick of"
                    + " its time, counted from the last absorbed segment");
        }
        for (Row row : r.models()) {
            switch (row.outcome()) {
                case "conforms" -> out.println(String.format("%-24s CONFORMS: a run of %d steps shows all %d observed segments%s",
                        row.model(), row.steps() == null ? 0 : row.steps(), row.observed(),
                        row.losses() != null && row.losses() > 0 ? " (the network loses " + row.losses()
                                + (row.losses() == 1 ? " segment" : " segments") + " in it)" : ""));
                case "unknown" -> out.println(String.format("%-24s UNKNOWN: %s", row.model(), row.reason())
                        + (row.observed() == 0 ? "" : String.format(" (%d of %d segments explained so far)",
                                row.explained(), row.observed())));
                case "not-run" -> out.println(String.format("%-24s NOT RUN: %s", row.model(), row.reason()));
                default -> {
                    out.println(row.observed() == 0 ? String.format("%-24s DOES NOT CONFORM", row.model())
                            : String.format("%-24s DOES NOT CONFORM after %d of %d observed segments", row.model(),
                                    row.explained(), row.observed()));
                    out.println("    at " + row.unexplained() + ": " + row.reason());
                    if (!row.instead().isEmpty()) {
                        out.println("    the model could instead show:");
                        for (String i : row.instead()) out.println("      " + i);
                    }
                }
            }
        }
    }
}
