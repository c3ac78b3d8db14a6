package twcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import twcheck.check.Replay;
import twcheck.trace.TraceFile;

@Command(name = "replay",
        description = {"Re-validate a saved trace against the model it names: every step, the claim, and every"
                + " field the file gives (explanation, ticks, events, length, violationIndex, loop, kind, fairness,"
                + " vars), rebuilt from the replayed states and compared.",
            "Fields a file leaves out are rebuilt; model and source are labels and are not checked."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step is a legal transition, the trace shows its claim and every field agrees",
            "1:a well-formed trace that is false: the first state is not initial, a step no action of that name"
                    + " takes, the claim not shown (kind, property, loop, fairness), or a field that disagrees with"
                    + " its value recomputed from the states (an index past the last state, too)",
            "2:not a well-formed trace: not JSON, a null, a field the format or the model kind does not define,"
                    + " a required field missing, a value of the wrong type, a number that is negative or too large,"
                    + " an unknown model kind, property, parameter or fairness assumption, a"
                    + " parameter or state variable out of range, an unsupported version",
            "70:internal error (run again with --debug for the stack trace)",
            "130:interrupted (Ctrl-C)"})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a trace (.itf.json, or .trace.json from an earlier twcheck)")
    Path file;

    @Override
    public Integer call() {
        Replay.Outcome outcome = Traces.replay(file);
        PrintWriter out = spec.commandLine().getOut();
        if (outcome.malformed()) {
            // bad input, told as every command tells it
            Traces.print(spec.commandLine().getErr(), "twcheck: ", file, outcome.problems());
            return Main.BAD_INPUT;
        }
        if (!outcome.legal()) {
            Traces.print(out, "", file, outcome.problems());
            return Main.VIOLATED;
        }
        TraceFile trace = outcome.confirmed();
        List<String> changed = outcome.model().parameters().changedFromDefaults();
        out.println(file + ": all " + outcome.steps() + " steps are legal transitions of " + outcome.model().headline()
                + (changed.isEmpty() ? "" : " with " + String.join(" ", changed)));
        out.println(trace.meta().property() == null ? "the trace claims nothing about a property"
                : "the trace shows its claim: " + trace.meta().kind() + " of " + trace.meta().property());
        return Main.ALL_HOLD;
    }
}
