package twcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import twcheck.engine.SearchOptions;
import twcheck.properties.CheckResult;
import twcheck.properties.Property;
import twcheck.properties.TcpLiveness;
import twcheck.properties.TcpProperties;
import twcheck.properties.Verifier;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;
import twcheck.tcp.TcpModel;

/** What the commands that run many checks (sweep, compare, prove) share. */
final class Runs {
    private Runs() {}

    /** Properties named on the command line, or {@code fallback} if none were named. */
    static List<Property> properties(List<String> names, List<Property> fallback) {
        if (names == null || names.isEmpty()) return fallback;
        List<Property> chosen = new ArrayList<>();
        for (String name : names) {
            Property p = TcpProperties.check(name).orElseThrow(() -> new SpecException("--property " + name
                    + ": unknown property; expected one of " + String.join(", ", TcpProperties.checkNames())));
            if (!chosen.contains(p)) chosen.add(p); // a property named twice is checked and reported once
        }
        return chosen;
    }

    /** One exhaustive check, with progress on {@code err} unless it is null. */
    static CheckResult check(ModelSpec spec, List<Property> properties, PrintWriter err) {
        TcpModel model = new TcpModel(spec.parameters());
        SearchOptions options = SearchOptions.exhaustive();
        if (err != null) options = options.withProgress(new Progress(err));
        return Verifier.check(model, properties, TcpProperties.WITNESSES, options, false,
                TcpLiveness.setup(model, spec.fairness()));
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".tw") ? name.substring(0, name.length() - 3) : name;
    }
}
