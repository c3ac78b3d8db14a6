package twcheck.spec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import twcheck.model.ModelKind;
import twcheck.model.Property;
import twcheck.model.WholeNumbers;

/**
 * Reads claim files ({@code proofs/*.claim}), in the syntax of model files (the same comment
 * rule): {@code claim} (the statement), {@code source} (where the claim comes from),
 * {@code model} (a model file, relative to the claim), {@code set} (comma-separated NAME=VALUE
 * overrides), {@code property}, {@code expect}, for a violation or a reached witness
 * {@code length}, and {@code fairness}. Reading a claim validates all of it, the model file
 * and the recorded evidence included, so that a bad claim is reported before any claim runs.
 */
public final class ClaimFiles {
    private static final List<String> KEY_ORDER = List.of("claim", "source", "model", "set", "property", "expect",
            "length", "fairness");
    private static final Set<String> KEYS = Set.copyOf(KEY_ORDER);

    private ClaimFiles() {}

    /** The claim in {@code file}; a {@link SpecException} naming the claim file and line of the first problem. */
    public static Claim read(Path file) {
        List<String> lines = TextFiles.readLines(file, "claim file");
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = file + ":" + (i + 1);
            String line = TextFiles.stripComment(lines.get(i)).trim();
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new SpecException(where + ": expected 'key = value', got '" + TextFiles.shown(line) + "'");
            String key = line.substring(0, eq).trim();
            if (!KEYS.contains(key)) {
                throw new SpecException(where + ": unknown key '" + TextFiles.shown(key) + "'; expected one of "
                        + String.join(", ", KEY_ORDER));
            }
            if (values.put(key, line.substring(eq + 1).trim()) != null) {
                throw new SpecException(where + ": '" + key + "' is already set on line " + lineOf.get(key));
            }
            lineOf.put(key, i + 1);
        }
        for (String required : List.of("claim", "model", "property", "expect")) {
            if (!values.containsKey(required)) {
                throw new SpecException(file + ":" + (lines.size() + 1) + ": missing '" + required + " = ...'");
            }
        }
        if (values.get("claim").isEmpty()) throw new SpecException(file + ":" + lineOf.get("claim") + ": 'claim' needs a statement");

        Path model = modelFile(file, lineOf.get("model"), values.get("model"));
        List<String> overrides = new ArrayList<>();
        if (values.containsKey("set")) {
            for (String o : values.get("set").split(",")) {
                if (!o.isBlank()) overrides.add(o.trim());
            }
        }
        // The model file alone first, so that its own errors are told apart from the claim's overrides.
        String modelWhere = file + ":" + lineOf.get("model") + ": model = " + TextFiles.shown(values.get("model"));
        try {
            ModelFiles.read(model, List.of());
        } catch (SpecException e) {
            throw new SpecException(modelWhere + ": " + e.getMessage());
        }
        ModelSpec spec = ModelFiles.read(model, overrides, file + ":" + lineOf.get("set") + ": set");
        if (values.containsKey("fairness")) {
            spec = ModelFiles.withFairness(spec, file + ":" + lineOf.get("fairness") + ": fairness", values.get("fairness"));
        }

        ModelKind kind = spec.kind();
        String propertyName = values.get("property");
        Property property = kind.property(propertyName).orElseThrow(() -> new SpecException(file + ":"
                + lineOf.get("property") + ": unknown property '" + TextFiles.shown(propertyName) + "'"
                + TextFiles.commentHint(propertyName) + " of model kind " + kind.name() + "; expected one of "
                + String.join(", ", Stream.concat(kind.properties().stream(), kind.witnesses().stream())
                        .map(Property::name).toList())));
        boolean witness = property.kind() == Property.Kind.SOMETIMES;
        List<String> allowed = witness ? List.of("reached", "unreached") : List.of("holds", "violated");
        String expect = values.get("expect");
        if (!allowed.contains(expect)) {
            throw new SpecException(file + ":" + lineOf.get("expect") + ": expect must be " + String.join(" or ", allowed)
                    + " for " + property.name() + ", got '" + TextFiles.shown(expect) + "'" + TextFiles.commentHint(expect));
        }
        Integer length = null;
        boolean needsLength = expect.equals("violated") || expect.equals("reached");
        if (values.containsKey("length")) {
            String at = file + ":" + lineOf.get("length");
            if (!needsLength) throw new SpecException(at + ": a length goes only with violated or reached");
            String text = values.get("length");
            Long n = WholeNumbers.parse(text);
            if (n == null || n < 0 || n > Integer.MAX_VALUE) {
                throw new SpecException(at + ": length must be a whole number of steps in 0..2^31-1, got '"
                        + TextFiles.shown(text) + "'" + TextFiles.commentHint(text));
            }
            length = (int) (long) n;
        } else if (needsLength) {
            throw new SpecException(file + ":" + (lines.size() + 1) + ": missing 'length = N' (the shortest run's steps)");
        }
        Path evidenceFile = Claim.evidenceFile(file);
        Evidence evidence = Files.exists(evidenceFile) ? Evidence.read(evidenceFile) : null;
        String name = file.getFileName().toString().replaceFirst("\\.claim$", "");
        return new Claim(file, name, values.get("claim"), values.getOrDefault("source", ""), model, spec,
                property, expect, length, evidence);
    }

    /** The model file a claim names, relative to the claim's folder; it must exist. */
    private static Path modelFile(Path claim, int line, String value) {
        String where = claim + ":" + line + ": model = " + TextFiles.shown(value);
        if (value.isEmpty()) throw new SpecException(where + ": expected the path of a model file, e.g. ../models/rfc9293.tw");
        Path folder = claim.getParent() == null ? Path.of("") : claim.getParent();
        Path model;
        try {
            model = folder.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new SpecException(where + ": not a path: " + e.getReason());
        }
        if (!Files.exists(model)) throw new SpecException(where + ": no such model file (looked for " + model + ")");
        return model;
    }
}
