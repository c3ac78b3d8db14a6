package twcheck.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.check.Replay;
import twcheck.model.ModelKind;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;

@Command(name = "trace",
        description = {"Render a saved trace (a .itf.json file, or a .trace.json of an earlier twcheck) as a sequence chart.",
            "The trace is replayed first, as 'replay' does; a trace that does not replay is not drawn: its first"
                    + " problems are printed and the exit code is replay's (1 untrue, 2 malformed). What is drawn"
                    + " is rebuilt from the replayed states, not read from the file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the chart was printed",
            "1:the trace is well formed but does not replay (nothing is drawn)",
            "2:the file is not a well-formed trace",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the chart could not be written (standard output or --svg)",
            "130:interrupted (Ctrl-C)"})
final class TraceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a trace written by 'check --trace-dir'")
    Path file;

    @Option(names = "--svg", paramLabel = "OUT", description = "also write the chart as SVG to OUT")
    Path svg;

    @Option(names = "--diff", description = "print each step with only what it changed, instead of the chart")
    boolean diff;

    @Override
    public Integer call() {
        Replay.Outcome outcome = Traces.replay(file);
        if (!outcome.legal()) {
            Traces.print(spec.commandLine().getErr(), "twcheck: ", file, outcome.problems());
            return Traces.exitCode(outcome);
        }
        // draw what replay confirmed, never the file's own text
        TraceFile trace = outcome.confirmed();
        ModelKind.TraceCharts charts = outcome.model().kind().charts();
        String chart;
        try {
            chart = diff ? charts.diff(trace) : charts.text(trace);
        } catch (IllegalArgumentException e) {
            throw new SpecException(file + ": " + e.getMessage());
        }
        spec.commandLine().getOut().print(chart);
        OutputFiles.flush(spec.commandLine().getOut());
        if (svg != null) {
            String drawn = charts.svg(trace).orElseThrow(() -> new SpecException("--svg: model kind "
                    + trace.meta().base() + " draws no SVG chart"));
            OutputFiles.write(svg, drawn);
            spec.commandLine().getErr().println("wrote " + svg);
        }
        return Main.ALL_HOLD;
    }
}
