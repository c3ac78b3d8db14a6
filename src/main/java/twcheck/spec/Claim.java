package twcheck.spec;

import java.nio.file.Path;
import twcheck.model.Property;

/**
 * A recorded claim: checking {@code property} on {@code model} (with the claim's overrides and
 * fairness, already applied in {@code spec}) gives {@code expect}, and, for a violation or a
 * reached witness, a shortest run of {@code length} steps.
 *
 * @param expect "holds" or "violated" for a checked property; "reached" or "unreached" for a witness
 * @param evidence what was recorded when the claim was last checked ({@code NAME.evidence.json}), or null
 */
public record Claim(Path file, String name, String statement, String source, Path model, ModelSpec spec,
        Property property, String expect, Integer length, Evidence evidence) {

    /** Where the evidence of the claim in {@code file} is kept. */
    public static Path evidenceFile(Path file) {
        return file.resolveSibling(file.getFileName().toString().replaceFirst("\\.claim$", "") + ".evidence.json");
    }
}
