package twcheck.model;

import java.util.regex.Pattern;

/**
 * Reads whole numbers from untrusted text (model files, claims, options). Only ASCII digits with
 * an optional minus sign count: {@link Integer#parseInt} also takes a plus sign and digits of
 * other scripts, and throws on overflow, which callers used to let escape as an internal error.
 */
public final class WholeNumbers {
    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");

    private WholeNumbers() {}

    /**
     * The number {@code text} spells, or null if it is not a whole number. A number beyond a long
     * comes back as {@code Long.MAX_VALUE} (or {@code MIN_VALUE}): it is still a number, just out
     * of every range, and callers say so with the text as written.
     */
    public static Long parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) return null;
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException tooLong) {
            return text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The same, clamped to an int (still out of range for every int parameter if it was beyond one). */
    public static Integer parseInt(String text) {
        Long v = parse(text);
        return v == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}
