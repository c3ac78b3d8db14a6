package twcheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.capture.CaptureWriter;
import twcheck.capture.CapturedSegment;
import twcheck.capture.Connection;
import twcheck.check.Replay;
import twcheck.model.Conformance;
import twcheck.spec.SpecException;

@Command(name = "export",
        description = {"Write a trace as a packet capture that tcpdump, tshark and Wireshark open: the segments the"
                + " run shows at the capture point, with real sequence numbers (one octet per unit of the model's"
                + " sequence space, from an ISN per incarnation), documentation addresses (192.0.2.1:40000 the"
                + " client A, 192.0.2.2:5000 the server B) and times from the ticks.",
            "The trace is replayed first; the capture starts with the handshake of incarnation 0, which conform"
                + " absorbs again, so 'conform OUT --model MODEL' finds the run."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the capture was written",
            "1:the trace is well formed but does not replay",
            "2:not a well-formed trace, or a kind that cannot be written as a capture",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the capture could not be written (or libpcap is missing)"})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "a trace (.itf.json, or .trace.json from an earlier twcheck)")
    Path file;

    @Option(names = "--pcap", paramLabel = "OUT", required = true, description = "the capture to write (classic pcap)")
    Path pcap;

    @Option(names = "--tick", paramLabel = "MS", converter = NumberOptions.TickMillis.class, description = "milliseconds per tick (default ${DEFAULT-VALUE})")
    long tickMillis = 100;

    @Option(names = "--at", paramLabel = "SIDE", description = "the capture point: client (A, the default) or server (B)")
    String at = "client";

    @Override
    public Integer call() {
        Conformance.CapturePoint point = ConformCommand.capturePoint(at);
        OutputFiles.prepareFile("--pcap", pcap); // before the work, so that a bad path fails at once
        Replay.Outcome outcome = Traces.replay(file);
        if (!outcome.legal()) {
            Traces.print(spec.commandLine().getErr(), "twcheck: ", file, outcome.problems());
            return Traces.exitCode(outcome);
        }
        Conformance conformance = outcome.model().kind().conformance().orElseThrow(() -> new SpecException(
                file + ": model kind " + outcome.model().kind().name() + " cannot be written as a capture"));
        List<CapturedSegment> segments = conformance.export(outcome.model(), outcome.run(), point, tickMillis * 1000);
        // the capture file's own writer (libpcap) fills the temporary file OutputFiles renames into place
        OutputFiles.write(pcap, file -> CaptureWriter.write(file, segments, segments.get(0).from()));
        spec.commandLine().getErr().println("wrote " + pcap + ": " + segments.size() + " segments ("
                + (segments.size() - 3) + " of the run, after the 3 of the opening), captured at the " + at);
        return Main.ALL_HOLD;
    }
}
