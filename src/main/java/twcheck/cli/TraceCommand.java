package twcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.report.SequenceChart;
import twcheck.report.TraceDiff;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;

@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Render a saved trace (a .trace.json file) as a sequence chart.")
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
        TraceFile trace = Traces.read(file);
        spec.commandLine().getOut().print(diff ? TraceDiff.render(trace) : SequenceChart.text(trace));
        spec.commandLine().getOut().flush();
        if (svg != null) {
            try {
                Files.writeString(svg, SequenceChart.svg(trace));
            } catch (IOException e) {
                throw new SpecException(svg + ": cannot write: " + e.getMessage());
            }
            spec.commandLine().getErr().println("wrote " + svg);
        }
        return Main.ALL_HOLD;
    }
}
