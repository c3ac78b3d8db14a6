package twcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.util.List;
import twcheck.check.Replay;
import twcheck.model.Model;
import twcheck.trace.TraceFile;

@Command(name = "replay",
        description = "Re-validate every step of a saved trace against the model it names.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step is a legal transition and the trace shows what it claims",
            "1:a step is not a legal transition, or the trace does not show what it claims",
            "2:the file is not a trace",
            "70:internal error (run again with --debug for the stack trace)",
            "130:interrupted (Ctrl-C)"})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a trace (.trace.json)")
    Path file;

    @Override
    public Integer call() {
        TraceFile trace = Traces.read(file);
        Replay.Outcome outcome = Replay.check(trace);
        PrintWriter out = spec.commandLine().getOut();
        if (outcome.legal()) {
            Model model = Replay.modelOf(trace);
            List<String> changed = model.parameters().changedFromDefaults();
            out.println(file + ": all " + outcome.steps() + " steps are legal transitions of " + model.headline()
                    + (changed.isEmpty() ? "" : " with " + String.join(" ", changed)));
            out.println("the trace shows its claim: " + trace.meta().kind() + " of " + trace.meta().property());
            return Main.ALL_HOLD;
        }
        for (String problem : outcome.problems()) out.println(file + ": " + problem);
        return Main.VIOLATED;
    }
}
