package twcheck.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import twcheck.report.BuildInfo;
import twcheck.spec.SpecException;

/** Entry point: wires the commands together and maps failures to exit codes. */
@Command(name = "twcheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        // -h, -V and the version reach every subcommand from here
        scope = CommandLine.ScopeType.INHERIT,
        description = "Explicit-state model checker for TCP connection teardown.",
        subcommands = {CheckCommand.class, TraceCommand.class, ReplayCommand.class, SweepCommand.class,
            CompareCommand.class, ProveCommand.class, ConformCommand.class, ExportCommand.class, ExploreCommand.class,
            GraphCommand.class, SimulateCommand.class, ShrinkCommand.class, BenchCommand.class, BenchCommand.Row.class,
            // generate-completion: the bash/zsh completion script (hidden, as picocli makes it; README says how to use it)
            picocli.AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes (each command's --help says what they mean for it):%n",
        exitCodeList = {
            "0:success: every property holds, every claim as recorded, every trace step legal; simulate: no walk"
                    + " violated a property (which does not mean that it holds)",
            "1:a property is violated (simulate: by a walk), a claim changed, or a trace step is illegal",
            "2:bad input: a malformed file (model, claim, evidence, trace), an unknown option, a value out of range",
            "3:incomplete: a search or simulation was cut short (a limit, an interrupt or memory); what it found is reported",
            "70:internal error: a bug in twcheck (run again with --debug for the stack trace)",
            "74:the report, the traces or another file could not be written (or read: an I/O error)",
            "130:interrupted (Ctrl-C) in a command that has nothing to report (trace, replay, bench, export); the others"
                    + " report what they found and exit 3"})
public final class Main implements Runnable {
    public static final int ALL_HOLD = 0;
    public static final int VIOLATED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INCOMPLETE = 3;
    /** The check ran, but its report or traces could not be written (disk full, stdout closed). */
    public static final int NOT_WRITTEN = 74;
    /** A bug: an exception no command turned into a message (sysexits' EX_SOFTWARE). */
    public static final int INTERNAL_ERROR = 70;

    /** Set to 1 to get the stack trace of an internal error, as --debug does. */
    static final String DEBUG_VARIABLE = "TWCHECK_DEBUG";

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "on an internal error (exit 70), print its stack trace (or set " + DEBUG_VARIABLE + "=1)")
    boolean debug;

    /** The version and the commit the build recorded (twcheck/build.properties, filled in from the pom and git). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = BuildInfo.current();
            return new String[] {"twcheck " + build.versionText(), build.commitLine()};
        }
    }

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
            code = internalError(err, e, debugWanted(args));
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
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                // a file the command did not expect to fail on (a full disk, a folder that vanished): not a bug
                err.println("twcheck: input/output error: " + (e.getMessage() == null ? "" : e.getMessage() + " ")
                        + "(" + e.getClass().getSimpleName() + ")");
                return NOT_WRITTEN;
            }
            return internalError(err, e, debugWanted(args));
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // outside the phases that stop cleanly on memory (those report what they decided)
            say(err, OUT_OF_MEMORY);
            return INCOMPLETE;
        } catch (Error e) {
            return internalError(err, e, debugWanted(args));
        }
    }

    /**
     * --debug anywhere before a "--" (every command takes it), or TWCHECK_DEBUG=1. Read from the
     * arguments rather than the parsed option, so that it works however early the failure comes.
     */
    static boolean debugWanted(String[] args) {
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals("--debug")) return true;
        }
        return "1".equals(System.getenv(DEBUG_VARIABLE));
    }

    /** One line, or with {@code debug} the stack trace too; returns {@link #INTERNAL_ERROR}. */
    static int internalError(PrintWriter err, Throwable e, boolean debug) {
        if (!debug) {
            say(err, "twcheck: internal error: " + e + " (a bug in twcheck; run again with --debug for the stack trace)");
            return INTERNAL_ERROR;
        }
        say(err, "twcheck: internal error: " + e);
        try {
            e.printStackTrace(err);
            err.flush();
        } catch (Throwable ignored) {
            // the line above is all that can be said
        }
        return INTERNAL_ERROR;
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
