package twcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import twcheck.engine.SearchOptions;
import twcheck.check.CheckResult;
import twcheck.check.Verifier;
import twcheck.model.ModelKind;
import twcheck.model.Property;
import twcheck.spec.ModelFiles;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;

/** What the commands that run many checks (sweep, compare, prove) share. */
final class Runs {
    private Runs() {}

    /** Properties named on the command line, or {@code fallback} if none were named. */
    static List<Property> properties(ModelKind kind, List<String> names, List<Property> fallback) {
        if (names == null || names.isEmpty()) return fallback;
        List<Property> chosen = new ArrayList<>();
        for (String name : names) {
            Property p = ModelFiles.check(kind, name).orElseThrow(() -> new SpecException("--property " + name
                    + ": unknown property; expected one of " + ModelFiles.checkNames(kind)));
            if (!chosen.contains(p)) chosen.add(p); // a property named twice is checked and reported once
        }
        return chosen;
    }

    /**
     * One exhaustive check, with progress on {@code err} unless it is null; it stops, incomplete,
     * once {@code cancelled} returns true (Ctrl-C).
     */
    static CheckResult check(ModelSpec spec, List<Property> properties, PrintWriter err, BooleanSupplier cancelled) {
        return check(spec, properties, err == null ? null : new Progress(err), cancelled);
    }

    /** As above, with progress (text or ndjson) to {@code progress} unless it is null. */
    static CheckResult check(ModelSpec spec, List<Property> properties, Progress progress, BooleanSupplier cancelled) {
        SearchOptions options = SearchOptions.exhaustive().withCancellation(cancelled);
        if (progress != null) options = options.withProgress(progress);
        return Verifier.check(spec.instantiate(), properties, spec.fairness(), options, false);
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".tw") ? name.substring(0, name.length() - 3) : name;
    }
}
