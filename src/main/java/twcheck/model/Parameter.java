package twcheck.model;

import java.util.List;

/**
 * A parameter a model kind accepts: its name in model files, the values it takes, what it means,
 * and, for a switch, the names of its values (value i is named {@code names.get(i)}). A parameter
 * without a default must be set by every model file.
 */
public record Parameter(String name, int min, int max, int defaultValue, String meaning, List<String> names) {

    public Parameter {
        names = List.copyOf(names);
        if (min > max) throw new IllegalArgumentException(name + ": empty range " + min + ".." + max);
        if (defaultValue >= 0 && (defaultValue < min || defaultValue > max)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " outside " + min + ".." + max);
        }
        if (!names.isEmpty() && (min != 0 || max != names.size() - 1)) {
            throw new IllegalArgumentException(name + ": a switch names each of its values 0..max");
        }
    }

    /** A parameter every model file must set. */
    public static Parameter required(String name, int min, int max, String meaning) {
        return new Parameter(name, min, max, -1, meaning, List.of());
    }

    /** A number with a default. */
    public static Parameter number(String name, int min, int max, int defaultValue, String meaning) {
        return new Parameter(name, min, max, defaultValue, meaning, List.of());
    }

    /** A switch between named values; value 0 is {@code names[0]}. */
    public static Parameter choice(String name, int defaultValue, String meaning, String... names) {
        return new Parameter(name, 0, names.length - 1, defaultValue, meaning, List.of(names));
    }

    public boolean required() {
        return defaultValue < 0;
    }

    /**
     * The value named {@code word} (a name or a number), or null if it is neither. A number too
     * large for an int comes back as {@code Integer.MAX_VALUE} or {@code MIN_VALUE}, so that the
     * caller reports it as out of range rather than as not a number.
     */
    public Integer valueOf(String word) {
        int named = names.indexOf(word);
        if (named >= 0) return named;
        return WholeNumbers.parseInt(word);
    }

    /** The accepted values, as a reader would write them: {@code 3..16} or {@code fin | none | any}. */
    public String expected() {
        return names.isEmpty() ? min + ".." + max : String.join(" | ", names);
    }

    /** How value {@code v} is written: its name for a switch, else the number. */
    public String show(int v) {
        return names.isEmpty() || v < 0 || v >= names.size() ? Integer.toString(v) : names.get(v);
    }

    public boolean accepts(int v) {
        return v >= min && v <= max;
    }
}
