package twcheck.spec;

/** Bad input: a one-line message that names where the problem is and what was expected. */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message, null, false, false);
    }
}
