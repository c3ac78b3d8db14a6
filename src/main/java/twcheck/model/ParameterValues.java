package twcheck.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value for every parameter of a model kind, in the kind's order, each in its range: what
 * a model file (with its overrides) or a trace's header comes to. Unset parameters take their
 * defaults.
 */
public final class ParameterValues {
    private final List<Parameter> definitions;
    private final int[] values;

    private ParameterValues(List<Parameter> definitions, int[] values) {
        this.definitions = definitions;
        this.values = values;
    }

    /**
     * The values {@code given} names, defaults for the rest.
     *
     * @throws IllegalArgumentException naming the parameter that is unknown, missing or out of range
     */
    public static ParameterValues of(List<Parameter> definitions, Map<String, Integer> given) {
        for (String name : given.keySet()) {
            if (definitions.stream().noneMatch(d -> d.name().equals(name))) {
                throw new IllegalArgumentException("'" + name + "' is not a parameter");
            }
        }
        int[] values = new int[definitions.size()];
        for (int i = 0; i < values.length; i++) {
            Parameter d = definitions.get(i);
            Integer v = given.get(d.name());
            if (v == null && d.required()) throw new IllegalArgumentException("missing parameter " + d.name());
            values[i] = v == null ? d.defaultValue() : v;
            if (!d.accepts(values[i])) {
                throw new IllegalArgumentException(d.name() + " = " + values[i] + " is outside " + d.min() + ".." + d.max());
            }
        }
        return new ParameterValues(List.copyOf(definitions), values);
    }

    public List<Parameter> definitions() {
        return definitions;
    }

    public int get(Parameter p) {
        int i = definitions.indexOf(p);
        if (i < 0) throw new IllegalArgumentException("not a parameter of this model: " + p.name());
        return values[i];
    }

    public int get(String name) {
        return values[indexOf(name)];
    }

    /** The definition named {@code name}, or null. */
    public Parameter definition(String name) {
        for (Parameter d : definitions) {
            if (d.name().equals(name)) return d;
        }
        return null;
    }

    /** These values with one changed (checked like the others). */
    public ParameterValues with(String name, int value) {
        Map<String, Integer> m = asMap();
        m.put(name, value);
        return of(definitions, m);
    }

    /** Name-to-value map, in the kind's order (a fresh map). */
    public Map<String, Integer> asMap() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) m.put(definitions.get(i).name(), values[i]);
        return m;
    }

    /** The parameters set away from their defaults, as {@code name=value} words (names for switches). */
    public List<String> changedFromDefaults() {
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Parameter d = definitions.get(i);
            if (!d.required() && values[i] != d.defaultValue()) words.add(d.name() + "=" + d.show(values[i]));
        }
        return words;
    }

    /** The bounds every model sets (the parameters without a default), in the kind's order. */
    public Map<String, Integer> bounds() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (definitions.get(i).required()) m.put(definitions.get(i).name(), values[i]);
        }
        return m;
    }

    private int indexOf(String name) {
        for (int i = 0; i < definitions.size(); i++) {
            if (definitions.get(i).name().equals(name)) return i;
        }
        throw new IllegalArgumentException("not a parameter of this model: " + name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterValues v && definitions.equals(v.definitions) && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
        return 31 * definitions.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
