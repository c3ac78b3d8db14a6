package twcheck.trace;

/**
 * A part of a trace file that is not as the format, or the model kind, defines it: not JSON, a
 * field nobody defines, a value of the wrong type, a number out of range. It names the place
 * ({@link #path}) and what is wrong there ({@link #reason}), so that each caller can put the
 * path under its own ({@code A.snd} of a state becomes {@code states[3].A.snd}).
 */
public final class TraceFormatException extends IllegalArgumentException {
    private final JsonPath path;
    private final String reason;

    public TraceFormatException(JsonPath path, String reason) {
        super(path.isRoot() ? reason : path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public JsonPath path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    /** The same problem, its path read from {@code prefix}. */
    public TraceFormatException under(JsonPath prefix) {
        return new TraceFormatException(path.under(prefix), reason);
    }
}
