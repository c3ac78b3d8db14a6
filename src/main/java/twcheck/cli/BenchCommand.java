package twcheck.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.engine.BreadthFirstSearch;
import twcheck.engine.SearchOptions;
import twcheck.engine.SearchResult;
import twcheck.spec.SpecException;
import twcheck.engine.TransitionSystem;
import twcheck.model.ModelKind;
import twcheck.model.ModelKinds;
import twcheck.model.ParameterValues;

/**
 * Measures the search on R0 configurations: each row runs in a fresh JVM (so that its peak
 * resident memory is its own) and reports distinct states, seconds, states per second, peak RSS
 * and bytes per state, with the command that reproduces it.
 */
@Command(name = "bench",
        description = "Measure search speed and memory on configurations of a model kind (R0 by default), one fresh JVM per row.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every row was measured",
            "2:bad input: --kind, --configs, --threads, --repeat",
            "70:a benchmark child failed, or an internal error (run again with --debug for the stack trace)",
            "130:interrupted (Ctrl-C)"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The reference model's kind, which the benchmarks in BENCHMARKS.md measure. */
    static final String DEFAULT_KIND = "r0";

    @Option(names = "--kind", paramLabel = "KIND", description = "the model kind (default: ${DEFAULT-VALUE})")
    String kindName = DEFAULT_KIND;

    @Option(names = "--configs", split = ",", paramLabel = "CONFIG",
            description = "configurations in the kind's short notation, for r0 SEQ/INC/CAP/LOSS/MSL/RTO/R/TW"
                    + " (default: the kind's benchmark configurations; for r0 the reference ones and 4/2/3/1/2/3/2/4)")
    List<String> configs = new ArrayList<>();

    @Option(names = "--threads", split = ",", paramLabel = "N", converter = NumberOptions.Threads.class, description = "thread counts (default: 1,2)")
    List<Integer> threads = new ArrayList<>(List.of(1, 2));

    @Option(names = "--hash-compaction", description = "store fingerprints instead of states")
    boolean hashCompaction;

    @Option(names = "--jvm", paramLabel = "OPTION", description = "an option for the child JVMs, e.g. --jvm=-Xmx1g")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--repeat", paramLabel = "N", converter = NumberOptions.Repeat.class, description = "runs per row; the fastest is reported (default: 1)")
    int repeat = 1;

    @Override
    public Integer call() throws Exception {
        ModelKind kind = kind(kindName);
        if (configs.isEmpty()) configs = new ArrayList<>(kind.benchmarkConfigurations());
        if (configs.isEmpty()) throw new SpecException("--configs: model kind " + kind.name() + " has no default configurations");
        for (String c : configs) parse(kind, c);
        for (int t : threads) {
            if (t < 1 || t > CheckCommand.MAX_THREADS) {
                throw new SpecException("--threads must be in 1.." + CheckCommand.MAX_THREADS + ", got " + t);
            }
        }
        if (repeat < 1 || repeat > 100) throw new SpecException("--repeat must be in 1..100, got " + repeat);
        PrintWriter out = spec.commandLine().getOut();
        out.println("| config | threads | storage | distinct states | transitions | seconds | states/s | peak RSS (MiB)"
                + " | bytes/state | command |");
        out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        out.flush();
        for (String config : configs) {
            for (int t : threads) {
                String[] best = null;
                for (int r = 0; r < repeat; r++) {
                    String[] row = runChild(config, t);
                    if (best == null || Double.parseDouble(row[3]) < Double.parseDouble(best[3])) best = row;
                }
                long states = Long.parseLong(best[0]);
                double seconds = Double.parseDouble(best[3]);
                long rss = Long.parseLong(best[5]);
                StringBuilder jvm = new StringBuilder();
                for (String option : jvmOptions) jvm.append("--jvm=").append(option).append(' ');
                String command = "java -jar target/twcheck-" + twcheck.report.BuildInfo.current().versionText() + "-cli.jar bench " + jvm + (kindName.equals(DEFAULT_KIND) ? "" : "--kind " + kindName + " ") + "--configs " + config + " --threads " + t
                        + (hashCompaction ? " --hash-compaction" : "");
                out.println(String.format(Locale.ROOT, "| `%s` | %d | %s | %,d | %,d | %.2f | %,.0f | %s | %s | `%s` |",
                        config, t, hashCompaction ? "hash-compaction" : "exact", states, Long.parseLong(best[1]),
                        seconds, states / Math.max(seconds, 1e-9),
                        rss < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", rss / 1024.0),
                        rss < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", rss * 1024.0 / states),
                        command)
                        + ("true".equals(best[4]) ? "" : " (incomplete: " + best[6] + ")"));
                out.flush();
            }
        }
        return Main.ALL_HOLD;
    }

    private static ModelKind kind(String name) {
        return ModelKinds.byName(name).orElseThrow(() -> new SpecException("--kind " + name
                + ": not a model kind; expected one of " + String.join(", ", ModelKinds.names())));
    }

    private static ParameterValues parse(ModelKind kind, String config) {
        try {
            return kind.parseNotation(config);
        } catch (IllegalArgumentException e) {
            throw new SpecException("--configs " + config + ": expected " + (kind.notation().isEmpty()
                    ? "a configuration, but model kind " + kind.name() + " has no short notation"
                    : kind.notation()) + " (" + e.getMessage() + ")");
        }
    }

    /** Runs one row in a child JVM; returns states, transitions, depth, seconds, complete, rss KiB, reason. */
    private String[] runChild(String config, int t) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("bench-row");
        command.add(kindName);
        command.add(config);
        command.add(Integer.toString(t));
        command.add(hashCompaction ? "hash-compaction" : "exact");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("row ")) last = line.substring(4);
            }
        }
        int exit = p.waitFor();
        if (last == null || exit != 0) {
            String first = all.toString().lines().findFirst().orElse("(no output)");
            if (all.indexOf("Could not create the Java Virtual Machine") >= 0) {
                // the JVM refused an option the user passed on: bad input, not a bug
                throw new SpecException("--jvm " + String.join(" ", jvmOptions) + ": the benchmark's JVM did not start: "
                        + first);
            }
            throw new IllegalStateException("benchmark child failed (exit " + exit + "): " + first);
        }
        return last.split("\t", 7);
    }

    /** The child: one search, then one line "row states transitions depth seconds complete rssKiB reason". */
    @Command(name = "bench-row", hidden = true)
    static final class Row implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0")
        String kind;

        @Parameters(index = "1")
        String config;

        @Parameters(index = "2")
        int threads;

        @Parameters(index = "3")
        String storage;

        @Override
        public Integer call() {
            ModelKind k = kind(kind);
            TransitionSystem model = k.instantiate(parse(k, config)).system();
            SearchOptions options = SearchOptions.exhaustive().withThreads(threads).withStorage(
                    storage.equals("exact") ? SearchOptions.Storage.EXACT : SearchOptions.Storage.HASH_COMPACTION);
            SearchResult result = new BreadthFirstSearch(model, options).run();
            PrintWriter out = spec.commandLine().getOut();
            out.println("row " + result.distinctStates() + "\t" + result.transitions() + "\t" + result.depth() + "\t"
                    + result.seconds() + "\t" + result.complete() + "\t" + peakRssKiB() + "\t"
                    + (result.complete() ? "" : result.incompleteReason()));
            out.flush();
            return 0;
        }

        /** VmHWM of this process (Linux), or -1. */
        static long peakRssKiB() {
            long bytes = twcheck.engine.ProcessMemory.peakResidentBytes();
            return bytes < 0 ? -1 : bytes / 1024;
        }
    }
}
