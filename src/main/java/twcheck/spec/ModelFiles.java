package twcheck.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import twcheck.properties.Property;
import twcheck.properties.TcpLiveness;
import twcheck.properties.TcpProperties;
import twcheck.tcp.TcpParameters;

/**
 * Reads model files: one {@code key = value} per line, {@code #} starts a comment. Keys are
 * {@code model} (the base model; only {@code r0} today), {@code name}, {@code description},
 * {@code check} (a comma-separated list of properties) and the parameters of the base model.
 * Every error names the file and line.
 */
public final class ModelFiles {
    private static final String BASE_MODEL = "r0";

    private ModelFiles() {}

    public static ModelSpec read(Path file, List<String> overrides) {
        List<String> lines = TextFiles.readLines(file, "model file");
        return parse(file.toString(), lines, overrides);
    }

    public static ModelSpec parse(String source, List<String> lines, List<String> overrides) {
        String name = baseName(source);
        String description = "";
        String model = null;
        Map<String, Integer> values = new LinkedHashMap<>();
        List<Property> checks = null;
        List<String> fairness = null;
        Map<String, Integer> seenAt = new LinkedHashMap<>();

        for (int i = 0; i < lines.size(); i++) {
            String where = source + ":" + (i + 1);
            String line = stripComment(lines.get(i)).trim();
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new SpecException(where + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            Integer earlier = seenAt.put(key, i + 1);
            if (earlier != null) {
                throw new SpecException(where + ": '" + key + "' is already set on line " + earlier);
            }
            switch (key) {
                case "model" -> {
                    if (!value.equals(BASE_MODEL)) {
                        throw new SpecException(where + ": unknown base model '" + value + "'; expected '" + BASE_MODEL + "'");
                    }
                    model = value;
                }
                case "name" -> name = requireText(where, key, value);
                case "description" -> description = value;
                case "check" -> checks = properties(where, value);
                case "fairness" -> fairness = fairness(where, value);
                default -> values.put(key, parameter(where, key, value));
            }
        }
        if (model == null) {
            throw new SpecException(source + ":1: missing 'model = " + BASE_MODEL + "' (the base model)");
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq < 0) {
                throw new SpecException("--set " + override + ": expected NAME=VALUE");
            }
            String key = override.substring(0, eq).trim();
            if (TcpParameters.definition(key) == null) {
                throw new SpecException("--set " + override + ": '" + key + "' is not a parameter"
                        + (List.of("model", "name", "description", "check", "fairness").contains(key)
                                ? " (--set changes parameters only; use --property or --fairness)" : ""));
            }
            values.put(key, parameter("--set " + override, key, override.substring(eq + 1).trim()));
        }
        for (TcpParameters.Definition d : TcpParameters.DEFINITIONS) {
            if (d.required() && !values.containsKey(d.name())) {
                throw new SpecException(source + ":" + (lines.size() + 1) + ": missing parameter '" + d.name()
                        + "' (" + d.meaning() + "; " + d.expected() + "): no line sets it");
            }
        }
        return new ModelSpec(source, name, description, TcpParameters.of(values),
                checks == null ? TcpProperties.TEARDOWN : checks, fairness == null ? ModelSpec.DEFAULT_FAIRNESS : fairness);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String requireText(String where, String key, String value) {
        if (value.isEmpty()) throw new SpecException(where + ": '" + key + "' needs a value");
        return value;
    }

    private static int parameter(String where, String key, String value) {
        TcpParameters.Definition d = TcpParameters.definition(key);
        if (d == null) {
            List<String> known = new ArrayList<>(List.of("model", "name", "description", "check", "fairness"));
            TcpParameters.DEFINITIONS.forEach(def -> known.add(def.name()));
            throw new SpecException(where + ": unknown key '" + key + "'; expected one of " + String.join(", ", known));
        }
        Integer v = d.valueOf(value);
        if (v == null) {
            throw new SpecException(where + ": " + key + " must be "
                    + (d.names().isEmpty() ? "a whole number in " : "one of ") + d.expected() + ", got '" + value + "'");
        }
        if (v < d.min() || v > d.max()) {
            throw new SpecException(where + ": " + key + " = " + v + " is out of range; expected "
                    + d.expected() + " (" + d.meaning() + ")");
        }
        return v;
    }

    private static List<Property> properties(String where, String value) {
        List<Property> result = new ArrayList<>();
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            Property p = TcpProperties.check(name).orElseThrow(() -> new SpecException(where
                    + ": unknown property '" + name + "'; expected one of "
                    + String.join(", ", TcpProperties.checkNames())));
            if (!result.contains(p)) result.add(p);
        }
        if (result.isEmpty()) throw new SpecException(where + ": 'check' names no property");
        return List.copyOf(result);
    }

    /** The model with other fairness assumptions (a comma-separated list, or "none"). */
    public static ModelSpec withFairness(ModelSpec spec, String where, String value) {
        return new ModelSpec(spec.source(), spec.name(), spec.description(), spec.parameters(), spec.properties(),
                fairness(where, value));
    }

    private static List<String> fairness(String where, String value) {
        List<String> names = new ArrayList<>();
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            if (!name.equals("none") && !TcpLiveness.ASSUMPTIONS.containsKey(name)) {
                throw new SpecException(where + ": unknown fairness assumption '" + name + "'; expected none or any of "
                        + String.join(", ", TcpLiveness.ASSUMPTIONS.keySet()));
            }
            if (!names.contains(name)) names.add(name);
        }
        if (names.contains("none") && names.size() > 1) {
            throw new SpecException(where + ": 'none' cannot be combined with other fairness assumptions");
        }
        if (names.isEmpty()) throw new SpecException(where + ": 'fairness' names nothing; write 'fairness = none' for no fairness");
        return names.equals(List.of("none")) ? List.of() : List.copyOf(names);
    }

    private static String baseName(String source) {
        String file = Path.of(source).getFileName().toString();
        return file.endsWith(".tw") ? file.substring(0, file.length() - 3) : file;
    }
}
