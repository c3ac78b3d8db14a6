package twcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.explore.ExploreServer;
import twcheck.explore.Explorer;
import twcheck.explore.LoadedTrace;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;

@Command(name = "explore",
        description = {"Step through a model in the browser: a local web server on 127.0.0.1 whose page shows the"
                + " current state, every enabled action with what it would change, the path so far as a sequence"
                + " chart, the properties the state violates or reaches, and jumps to the shortest counterexample.",
            "The first line printed is the page's address. Ctrl-C stops the server."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the server was stopped (Ctrl-C)",
            "2:bad input: the model file, --set, --trace (a file that does not replay or is of another model), an option,"
                    + " a --port that cannot be listened on",
            "70:internal error (run again with --debug for the stack trace)",
            "74:the address could not be printed (standard output full or closed)"})
final class ExploreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelFile = new ModelOptions();

    @Option(names = "--port", paramLabel = "N", description = "the port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0: any free port)")
    int port = 8080;

    @Option(names = "--trace", paramLabel = "FILE", description = "open the page on this trace (as 'check --trace-dir' writes them)")
    Path trace;

    @Option(names = "--max-states", paramLabel = "N", converter = NumberOptions.States.class,
            description = "a counterexample search stops (incomplete) after N distinct states (default ${DEFAULT-VALUE})")
    long maxStates = 5_000_000;

    @Option(names = "--search-seconds", paramLabel = "S",
            description = "a counterexample search stops (incomplete) after S seconds (default ${DEFAULT-VALUE})")
    long searchSeconds = 60;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) throw new SpecException("--port must be in 0..65535, got " + port);
        if (maxStates < 1) throw new SpecException("--max-states must be at least 1, got " + maxStates);
        if (searchSeconds < 1 || searchSeconds > 1_000_000) {
            throw new SpecException("--search-seconds must be in 1..1000000, got " + searchSeconds);
        }
        ModelSpec model = modelFile.read();
        Explorer explorer = new Explorer(model);
        List<String> start = List.of();
        if (trace != null) {
            try {
                start = LoadedTrace.path(explorer, Traces.read(trace));
            } catch (LoadedTrace.Refused e) {
                throw new SpecException(trace + ": " + e.getMessage());
            }
        }
        List<String> startPath = start;
        return Interruption.run(spec, interruption -> serve(explorer, startPath, interruption));
    }

    /** Serves until Ctrl-C; returns the exit code. */
    private int serve(Explorer explorer, List<String> startPath, Interruption interruption) {
        ExploreServer.Options options = new ExploreServer.Options(port, startPath, maxStates, searchSeconds, interruption);
        ExploreServer server;
        try {
            server = ExploreServer.start(explorer, options);
        } catch (IOException e) {
            throw new SpecException("--port " + port + ": cannot listen on 127.0.0.1: " + e.getMessage());
        }
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(server.url());
            OutputFiles.flush(out);
            spec.commandLine().getErr().println("serving " + explorer.spec().name() + " at " + server.url()
                    + "; Ctrl-C stops the server");
            while (!interruption.raised()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            server.close();
        }
        spec.commandLine().getErr().println("explore: server stopped");
        return Main.ALL_HOLD;
    }
}
