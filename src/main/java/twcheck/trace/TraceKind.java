package twcheck.trace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a trace shows about its property. */
public enum TraceKind {
    /** A run that violates the property. */
    COUNTEREXAMPLE("counterexample"),
    /** A run that reaches a witness. */
    WITNESS("witness"),
    /** The run attaining a time-bound property's worst case, which keeps within the bound. */
    WORST_CASE("worst-case");

    private final String word;

    TraceKind(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    public static TraceKind of(String word) {
        for (TraceKind k : values()) {
            if (k.word.equals(word)) return k;
        }
        throw new IllegalArgumentException("unknown trace kind '" + word + "'; expected counterexample, witness or worst-case");
    }

    @Override
    public String toString() {
        return word;
    }
}
