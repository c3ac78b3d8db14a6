package twcheck.explore;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a request's query string, read strictly: every name must be one the endpoint
 * knows, only {@code step} may repeat, and a value must be well-formed percent-encoded UTF-8.
 * Anything else is a {@link HttpError} with status 400.
 */
final class Query {
    /** The one parameter that may repeat: one action token per step of a path. */
    static final String STEP = "step";

    private final Map<String, List<String>> values;

    private Query(Map<String, List<String>> values) {
        this.values = values;
    }

    /** The raw query ({@code URI.getRawQuery()}, null if none) with only {@code known} names. */
    static Query parse(String rawQuery, Set<String> known) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!known.contains(name)) {
                    throw new HttpError(400, "unknown parameter '" + shorten(name) + "'"
                            + (known.isEmpty() ? ": this address takes none" : " (expected " + String.join(", ", known) + ")"));
                }
                List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>());
                if (!name.equals(STEP) && !list.isEmpty()) throw new HttpError(400, "parameter '" + name + "' given twice");
                list.add(value);
            }
        }
        return new Query(values);
    }

    /** The path: one token per {@code step} parameter, in order. */
    List<String> steps() {
        List<String> steps = values.getOrDefault(STEP, List.of());
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).isEmpty()) throw new HttpError(400, "step " + (i + 1) + " is empty: name an action");
        }
        return steps;
    }

    /** The value of a parameter that must be given. */
    String required(String name) {
        List<String> list = values.get(name);
        if (list == null) throw new HttpError(400, "parameter '" + name + "' is missing");
        return list.get(0);
    }

    private static String decode(String raw) {
        String text;
        try {
            text = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed percent-encoding in '" + shorten(raw) + "'");
        }
        // the decoder replaces bytes that are not UTF-8 by U+FFFD rather than failing
        if (text.indexOf('\uFFFD') >= 0) throw new HttpError(400, "'" + shorten(raw) + "' is not percent-encoded UTF-8");
        if (text.chars().anyMatch(Character::isISOControl)) throw new HttpError(400, "control characters in '" + shorten(raw) + "'");
        return text;
    }

    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
