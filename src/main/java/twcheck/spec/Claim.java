package twcheck.spec;

import java.nio.file.Path;
import java.util.List;
import twcheck.model.Property;

/**
 * A recorded claim: checking {@code property} on {@code model} (with {@code overrides}) gives
 * {@code expect}, and, for a violation or a reached witness, a shortest run of {@code length}
 * steps.
 *
 * @param expect "holds" or "violated" for a checked property; "reached" or "unreached" for a witness
 * @param fairness the fairness assumptions to use instead of the model file's (null: the model's)
 */
public record Claim(Path file, String name, String statement, String source, Path model, List<String> overrides,
        Property property, String expect, Integer length, String fairness) {}
