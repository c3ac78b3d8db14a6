package twcheck.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import twcheck.spec.SpecException;

/** Entry point: wires the commands together and maps failures to exit codes. */
@Command(name = "twcheck", mixinStandardHelpOptions = true, version = "twcheck 0.1.0",
        description = "Explicit-state model checker for TCP connection teardown.",
        subcommands = {CheckCommand.class, TraceCommand.class, ReplayCommand.class, SweepCommand.class,
            CompareCommand.class, ProveCommand.class, BenchCommand.class, BenchCommand.Row.class},
        exitCodeListHeading = "%nExit codes of check (see each command's --help for its own):%n",
        exitCodeList = {
            "0:every checked property holds",
            "1:a property is violated",
            "2:bad input (model file, option, parameter)",
            "3:the check was incomplete (a limit, an interrupt or memory, in any phase); no violation found",
            "74:the report or the traces could not be written"})
public final class Main implements Runnable {
    public static final int ALL_HOLD = 0;
    public static final int VIOLATED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INCOMPLETE = 3;
    /** The check ran, but its report or traces could not be written (disk full, stdout closed). */
    public static final int NOT_WRITTEN = 74;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'twcheck check models/rfc9293.tw'");
    }

    public static void main(String[] args) {
        // not System.out: a PrintStream swallows write errors, and a report lost to a full disk must not exit 0
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        try {
            code = run(args, out, err);
            out.flush();
            err.flush();
        } catch (OutOfMemoryError e) {
            say(err, OUT_OF_MEMORY);
            code = INCOMPLETE;
        } catch (Throwable e) {
            say(err, "twcheck: internal error: " + e);
            code = 70;
        }
        System.exit(code);
    }

    /** Runs the command line; returns the exit code instead of exiting (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("twcheck: " + e.getMessage());
            err.println("  (try 'twcheck " + (e.getCommandLine().getCommandName().equals("twcheck") ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help')");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof SpecException) {
                err.println("twcheck: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof OutputFiles.NotWrittenException) {
                err.println("twcheck: " + e.getMessage());
                return NOT_WRITTEN;
            }
            err.println("twcheck: internal error: " + e);
            return 70;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // outside the phases that stop cleanly on memory (those report what they decided)
            say(err, OUT_OF_MEMORY);
            return INCOMPLETE;
        } catch (Error e) {
            say(err, "twcheck: internal error: " + e);
            return 70;
        }
    }

    private static final String OUT_OF_MEMORY =
            "twcheck: out of memory; give the JVM more (java -Xmx...) or lower the model's parameters";

    /** Prints a last message; if even that fails (no memory left), the exit code still tells. */
    private static void say(PrintWriter err, String message) {
        try {
            err.println(message);
            err.flush();
        } catch (Throwable ignored) {
            // nothing more can be done
        }
    }
}
