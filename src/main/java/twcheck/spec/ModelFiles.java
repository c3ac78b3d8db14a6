package twcheck.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import twcheck.model.ModelKind;
import twcheck.model.ModelKinds;
import twcheck.model.Parameter;
import twcheck.model.ParameterValues;
import twcheck.model.Property;

/**
 * Reads model files: one {@code key = value} per line; comments as {@link TextFiles#stripComment}
 * defines them (a {@code #} that starts a line or has a blank on each side). Keys are
 * {@code model} (the model kind, first), {@code name}, {@code description}, {@code check} (a
 * comma-separated list of properties), {@code fairness} and the parameters of the model kind.
 * Every error names the file and line.
 */
public final class ModelFiles {
    private static final List<String> KEYS = List.of("model", "name", "description", "check", "fairness");

    private ModelFiles() {}

    /** The model file with {@code --set} overrides. */
    public static ModelSpec read(Path file, List<String> overrides) {
        return read(file, overrides, "--set");
    }

    /**
     * The model file with overrides that come from {@code setWhere} (what error messages name
     * them by: {@code --set}, or a claim file's line and key).
     */
    public static ModelSpec read(Path file, List<String> overrides, String setWhere) {
        List<String> lines = TextFiles.readLines(file, "model file");
        return parse(file.toString(), lines, overrides, setWhere);
    }

    public static ModelSpec parse(String source, List<String> lines, List<String> overrides) {
        return parse(source, lines, overrides, "--set");
    }

    private static ModelSpec parse(String source, List<String> lines, List<String> overrides, String setWhere) {
        String name = baseName(source);
        String description = "";
        ModelKind kind = kindOf(source, lines);
        Map<String, Integer> values = new LinkedHashMap<>();
        List<Property> checks = null;
        List<String> fairness = null;
        Map<String, Integer> seenAt = new LinkedHashMap<>();

        for (int i = 0; i < lines.size(); i++) {
            String where = source + ":" + (i + 1);
            String line = TextFiles.stripComment(lines.get(i)).trim();
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new SpecException(where + ": expected 'key = value', got '" + TextFiles.shown(line) + "'");
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            Integer earlier = seenAt.put(key, i + 1);
            if (earlier != null) {
                throw new SpecException(where + ": '" + TextFiles.shown(key) + "' is already set on line " + earlier);
            }
            switch (key) {
                case "model" -> { } // read first, by kindOf
                case "name" -> name = modelName(where, requireText(where, key, value));
                case "description" -> description = value;
                case "check" -> checks = properties(kind, where, value);
                case "fairness" -> fairness = fairness(kind, where, value);
                default -> values.put(key, parameter(kind, where, key, value));
            }
        }
        for (String override : overrides) {
            String where = setWhere + " " + TextFiles.shown(override);
            int eq = override.indexOf('=');
            if (eq < 0) {
                throw new SpecException(where + ": expected NAME=VALUE");
            }
            String key = override.substring(0, eq).trim();
            if (kind.parameter(key) == null) {
                throw new SpecException(where + ": '" + TextFiles.shown(key) + "' is not a parameter"
                        + (KEYS.contains(key) ? " (only parameters are set this way; '" + key + "' has an option or key of its own)"
                                : "; expected one of " + parameterNames(kind)));
            }
            values.put(key, parameter(kind, where, key, override.substring(eq + 1).trim()));
        }
        for (Parameter d : kind.parameters()) {
            if (d.required() && !values.containsKey(d.name())) {
                throw new SpecException(source + ":" + (lines.size() + 1) + ": missing parameter '" + d.name()
                        + "' (" + d.meaning() + "; " + d.expected() + "): no line sets it");
            }
        }
        ParameterValues checked;
        try {
            checked = kind.values(values);
        } catch (IllegalArgumentException e) { // each value is in range (checked above), so a combination is not
            throw new SpecException(source + ": " + e.getMessage());
        }
        return new ModelSpec(source, name, description, kind, checked,
                checks == null ? kind.defaultChecks() : checks, fairness == null ? kind.defaultFairness() : fairness);
    }

    /** The kind the {@code model = NAME} line selects: it decides what the other keys mean. */
    private static ModelKind kindOf(String source, List<String> lines) {
        String expected = String.join(", ", ModelKinds.names());
        for (int i = 0; i < lines.size(); i++) {
            String line = TextFiles.stripComment(lines.get(i)).trim();
            int eq = line.indexOf('=');
            if (eq < 0 || !line.substring(0, eq).trim().equals("model")) continue;
            String value = line.substring(eq + 1).trim();
            String where = source + ":" + (i + 1);
            return ModelKinds.byName(value).orElseThrow(() -> new SpecException(where + ": unknown model kind '"
                    + TextFiles.shown(value) + "'" + TextFiles.commentHint(value)
                    + "; expected " + (ModelKinds.names().size() == 1 ? "'" + expected + "'" : "one of " + expected)));
        }
        throw new SpecException(source + ":1: missing 'model = NAME' (the model kind: " + expected + ")");
    }

    private static String requireText(String where, String key, String value) {
        if (value.isEmpty()) throw new SpecException(where + ": '" + key + "' needs a value");
        return value;
    }

    /** What a model's name may be: reports and charts use it in file names, so nothing that leaves a folder. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,99}");

    private static String modelName(String where, String value) {
        if (NAME.matcher(value).matches() && !value.contains("..")) return value;
        StringBuilder shown = new StringBuilder(); // control characters are shown as escapes, not sent to the terminal
        value.codePoints().forEach(c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : Character.toString(c)));
        throw new SpecException(where + ": name must be at most 100 letters, digits, '.', '_', '-' or '+', starting"
                + " with a letter or digit and without '..' (it is used in file names), got '" + shown + "'");
    }

    private static int parameter(ModelKind kind, String where, String key, String value) {
        Parameter d = kind.parameter(key);
        if (d == null) {
            List<String> known = new ArrayList<>(KEYS);
            kind.parameters().forEach(def -> known.add(def.name()));
            throw new SpecException(where + ": unknown key '" + TextFiles.shown(key) + "'; expected one of "
                    + String.join(", ", known));
        }
        Integer v = d.valueOf(value);
        if (v == null) {
            throw new SpecException(where + ": " + key + " must be "
                    + (d.names().isEmpty() ? "a whole number in " : "one of ") + d.expected() + ", got '"
                    + TextFiles.shown(value) + "'" + TextFiles.commentHint(value));
        }
        if (v < d.min() || v > d.max()) {
            // the value as written: a number beyond an int was clamped by valueOf
            throw new SpecException(where + ": " + key + " = " + TextFiles.shown(value) + " is out of range; expected "
                    + d.expected() + " (" + d.meaning() + ")");
        }
        return v;
    }

    private static List<Property> properties(ModelKind kind, String where, String value) {
        List<Property> result = new ArrayList<>();
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            Property p = check(kind, name).orElseThrow(() -> new SpecException(where
                    + ": unknown property '" + TextFiles.shown(name) + "'" + TextFiles.commentHint(name)
                    + "; expected one of " + checkNames(kind)));
            if (!result.contains(p)) result.add(p);
        }
        if (result.isEmpty()) throw new SpecException(where + ": 'check' names no property");
        return List.copyOf(result);
    }

    /** The model with other fairness assumptions (a comma-separated list, or "none"). */
    public static ModelSpec withFairness(ModelSpec spec, String where, String value) {
        return spec.withFairness(fairness(spec.kind(), where, value));
    }

    /** A property of {@code kind} a model file may check, by name. */
    public static java.util.Optional<Property> check(ModelKind kind, String name) {
        return kind.properties().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The names of the properties a model file of {@code kind} may check, for error messages. */
    public static String checkNames(ModelKind kind) {
        return String.join(", ", kind.properties().stream().map(Property::name).toList());
    }

    private static List<String> fairness(ModelKind kind, String where, String value) {
        List<String> names = new ArrayList<>();
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            if (!name.equals("none") && !kind.fairnessAssumptions().containsKey(name)) {
                throw new SpecException(where + ": unknown fairness assumption '" + TextFiles.shown(name) + "'"
                        + TextFiles.commentHint(name) + "; expected none or any of "
                        + String.join(", ", kind.fairnessAssumptions().keySet()));
            }
            if (!names.contains(name)) names.add(name);
        }
        if (names.contains("none") && names.size() > 1) {
            throw new SpecException(where + ": 'none' cannot be combined with other fairness assumptions");
        }
        if (names.isEmpty()) throw new SpecException(where + ": 'fairness' names nothing; write 'fairness = none' for no fairness");
        return names.equals(List.of("none")) ? List.of() : List.copyOf(names);
    }

    private static String parameterNames(ModelKind kind) {
        return String.join(", ", kind.parameters().stream().map(Parameter::name).toList());
    }

    private static String baseName(String source) {
        String file = Path.of(source).getFileName().toString();
        return file.endsWith(".tw") ? file.substring(0, file.length() - 3) : file;
    }
}
