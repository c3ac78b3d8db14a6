package twcheck.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import twcheck.model.ModelKind;
import twcheck.model.Property;

/**
 * Reads claim files ({@code proofs/*.claim}), in the syntax of model files: {@code claim} (the
 * statement), {@code source} (where the claim comes from), {@code model} (a model file, relative
 * to the claim), {@code set} (comma-separated NAME=VALUE overrides), {@code property},
 * {@code expect} and, for a violation or a reached witness, {@code length}.
 */
public final class ClaimFiles {
    private static final List<String> KEY_ORDER = List.of("claim", "source", "model", "set", "property", "expect",
            "length", "fairness");
    private static final Set<String> KEYS = Set.copyOf(KEY_ORDER);

    private ClaimFiles() {}

    public static Claim read(Path file) {
        List<String> lines = TextFiles.readLines(file, "claim file");
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = file + ":" + (i + 1);
            String line = lines.get(i);
            int hash = line.indexOf('#');
            line = (hash < 0 ? line : line.substring(0, hash)).trim();
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new SpecException(where + ": expected 'key = value', got '" + line + "'");
            String key = line.substring(0, eq).trim();
            if (!KEYS.contains(key)) {
                throw new SpecException(where + ": unknown key '" + key + "'; expected one of "
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
        Path folder = file.getParent() == null ? Path.of("") : file.getParent();
        Path model = folder.resolve(values.get("model")).normalize();
        String where = file + ":" + lineOf.get("property");
        ModelKind kind = ModelFiles.kindOf(model);
        Property property = kind.property(values.get("property")).orElseThrow(() -> new SpecException(
                where + ": unknown property '" + values.get("property") + "' of model kind " + kind.name()));
        boolean witness = property.kind() == Property.Kind.SOMETIMES;
        List<String> allowed = witness ? List.of("reached", "unreached") : List.of("holds", "violated");
        String expect = values.get("expect");
        if (!allowed.contains(expect)) {
            throw new SpecException(file + ":" + lineOf.get("expect") + ": expect must be " + String.join(" or ", allowed)
                    + " for " + property.name() + ", got '" + expect + "'");
        }
        Integer length = null;
        boolean needsLength = expect.equals("violated") || expect.equals("reached");
        if (values.containsKey("length")) {
            String at = file + ":" + lineOf.get("length");
            if (!needsLength) throw new SpecException(at + ": a length goes only with violated or reached");
            try {
                length = Integer.parseInt(values.get("length"));
            } catch (NumberFormatException e) {
                throw new SpecException(at + ": length must be a whole number, got '" + values.get("length") + "'");
            }
        } else if (needsLength) {
            throw new SpecException(file + ":" + (lines.size() + 1) + ": missing 'length = N' (the shortest run's steps)");
        }
        List<String> overrides = new ArrayList<>();
        if (values.containsKey("set")) {
            for (String o : values.get("set").split(",")) {
                if (!o.isBlank()) overrides.add(o.trim());
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.claim$", "");
        return new Claim(file, name, values.get("claim"), values.getOrDefault("source", ""), model, overrides,
                property, expect, length, values.get("fairness"));
    }
}
