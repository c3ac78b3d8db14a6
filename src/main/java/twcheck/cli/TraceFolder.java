package twcheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import twcheck.model.ModelKind;
import twcheck.model.ModelKinds;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

/**
 * The traces an earlier {@code check --trace-dir} left in the folder. After a run has written its
 * own, the others would sit beside them unmarked (a counterexample of a property that holds now),
 * so they are removed, but only what twcheck can tell it wrote: a {@code STEM.itf.json} that is
 * a twcheck trace, named as check names it ({@code P}, {@code witness-P}, {@code worst-case-P} for
 * its property P) and laid out exactly as check writes it (read and written again, it gives the
 * same bytes), and its {@code STEM.txt} and {@code STEM.svg} if they are exactly the charts of
 * that trace. Anything else under a trace's name (a trace in another layout, a chart that differs
 * from its trace's, a file that is not a trace) is kept and named; other files are not looked at.
 */
final class TraceFolder {
    private TraceFolder() {}

    /**
     * @param traces how many earlier traces were removed
     * @param files how many files that was
     * @param kept files that look like an earlier run's traces but are not exactly what twcheck wrote
     */
    record Cleanup(int traces, int files, List<String> kept) {}

    static final String JSON = TraceFile.FILE_ENDING;

    /** The file stem check writes a trace of {@code kind} for {@code property} under. */
    static String stem(TraceKind kind, String property) {
        return switch (kind) {
            case COUNTEREXAMPLE -> property;
            case WITNESS -> "witness-" + property;
            case WORST_CASE -> "worst-case-" + property;
        };
    }

    /** The stems check may write traces of {@code kind} under. */
    static Set<String> stems(ModelKind kind) {
        Set<String> stems = new java.util.HashSet<>();
        for (twcheck.model.Property p : kind.properties()) {
            stems.add(stem(TraceKind.COUNTEREXAMPLE, p.name()));
            stems.add(stem(TraceKind.WORST_CASE, p.name()));
        }
        for (twcheck.model.Property w : kind.witnesses()) stems.add(stem(TraceKind.WITNESS, w.name()));
        return stems;
    }

    /** STEM.itf.json, STEM.txt and, if the model kind draws one, STEM.svg in {@code dir}; returns how many files. */
    static int write(Path dir, TraceFile trace, ModelKind kind, Set<String> stems) {
        String stem = stem(trace.meta().kind(), trace.meta().property());
        stems.add(stem);
        OutputFiles.write(dir.resolve(stem + JSON), trace.toJson() + "\n");
        OutputFiles.write(dir.resolve(stem + ".txt"), kind.charts().text(trace));
        Optional<String> svg = kind.charts().svg(trace);
        if (svg.isPresent()) OutputFiles.write(dir.resolve(stem + ".svg"), svg.get());
        return svg.isPresent() ? 3 : 2;
    }

    /** Says what was written, then removes the traces an earlier run left in {@code dir} (see {@link #removeStale}). */
    static void finish(java.io.PrintWriter err, Path dir, int files, Set<String> stems, ModelKind kind) {
        err.println("wrote " + files + " files to " + dir);
        Cleanup cleanup;
        try {
            cleanup = removeStale(dir, stems, kind);
        } catch (IOException e) {
            throw new OutputFiles.NotWrittenException(dir.toString(), "cannot list the folder to remove the"
                    + " traces of an earlier run: " + OutputFiles.reason(e, dir));
        }
        if (cleanup.traces() > 0) {
            err.println("removed " + cleanup.traces() + " stale trace" + (cleanup.traces() == 1 ? "" : "s")
                    + " of an earlier run (" + cleanup.files() + " files) from " + dir);
        }
        if (!cleanup.kept().isEmpty()) {
            boolean one = cleanup.kept().size() == 1;
            err.println("warning: kept " + String.join(", ", cleanup.kept()) + " in " + dir + ": named like "
                    + (one ? "a trace" : "traces") + " of an earlier run, but not as twcheck wrote " + (one ? "it" : "them")
                    + "; " + (one ? "it does" : "they do") + " not belong to this run");
        }
    }

    /**
     * Removes the earlier traces in {@code dir} whose stems are not in {@code written} (this run's);
     * files left named as {@code kind}'s traces are named in {@link Cleanup#kept}.
     */
    static Cleanup removeStale(Path dir, Set<String> written, ModelKind kind) throws IOException {
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(f -> f.getFileName().toString().endsWith(JSON) && regular(f))
                    .sorted().toList();
        }
        int traces = 0;
        int removed = 0;
        List<String> kept = new ArrayList<>();
        for (Path json : candidates) {
            String name = json.getFileName().toString();
            String stem = name.substring(0, name.length() - JSON.length());
            if (written.contains(stem)) continue;
            TraceFile trace = readTrace(json);
            // not a trace, or one the user saved under a name of their own: none of our business
            if (trace == null || trace.meta().kind() == null || trace.meta().property() == null
                    || !stem(trace.meta().kind(), trace.meta().property()).equals(stem)) {
                continue;
            }
            Optional<ModelKind> itsKind = ModelKinds.byName(trace.meta().base());
            if (itsKind.isEmpty() || !(trace.toJson() + "\n").equals(read(json))) {
                kept.add(name); // named as check names traces, but not as check wrote it: perhaps edited
                continue;
            }
            ModelKind.TraceCharts charts = itsKind.get().charts();
            List<Path> remove = new ArrayList<>(List.of(json));
            for (String ending : List.of(".txt", ".svg")) {
                Path chart = dir.resolve(stem + ending);
                if (!regular(chart)) continue;
                Optional<String> expected = chartOf(charts, trace, ending);
                if (expected.isPresent() && expected.get().equals(read(chart))) {
                    remove.add(chart);
                } else {
                    kept.add(chart.getFileName().toString());
                }
            }
            int gone = 0;
            for (Path f : remove) {
                try {
                    Files.delete(f);
                    gone++;
                } catch (IOException e) {
                    kept.add(f.getFileName() + " (cannot remove it: " + OutputFiles.reason(e, f) + ")");
                }
            }
            if (gone > 0) traces++;
            removed += gone;
        }
        // what is left under a trace's name is not this run's, and twcheck cannot tell that it wrote it: say so
        Set<String> named = stems(kind);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(TraceFolder::regular).sorted().toList()) {
                String name = f.getFileName().toString();
                for (String ending : List.of(JSON, ".txt", ".svg")) {
                    String stem = name.endsWith(ending) ? name.substring(0, name.length() - ending.length()) : null;
                    if (stem != null && named.contains(stem) && !written.contains(stem)
                            && kept.stream().noneMatch(k -> k.equals(name) || k.startsWith(name + " ("))) {
                        kept.add(name);
                    }
                }
            }
        }
        kept.sort(null);
        return new Cleanup(traces, removed, kept);
    }

    /** The trace in {@code json}, or null if it is not a twcheck trace. */
    private static TraceFile readTrace(Path json) {
        try {
            return TraceFile.read(json);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Optional<String> chartOf(ModelKind.TraceCharts charts, TraceFile trace, String ending) {
        try {
            return ending.equals(".txt") ? Optional.of(charts.text(trace)) : charts.svg(trace);
        } catch (RuntimeException e) {
            return Optional.empty(); // the chart cannot be redrawn: the file cannot be shown to be ours
        }
    }

    /** The file's text, or null if it cannot be read (then it cannot be shown to be ours). */
    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** A regular file, not a link: a link is something the user made. */
    private static boolean regular(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }
}
