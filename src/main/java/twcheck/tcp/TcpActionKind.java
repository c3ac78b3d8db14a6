package twcheck.tcp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kinds of action of the TCP model. The ordinal is the kind's field in an action code
 * (bits 0-3, see {@link TcpModel}); the word is how traces, charts and action names spell it.
 */
public enum TcpActionKind {
    CLOSE("Close"),
    SEND_DATA("SendData"),
    OPEN("Open"),
    TIMEOUT("Timeout"),
    SYN_AT_LISTEN("SynAtListen"),
    DELIVER("Deliver"),
    LOSE("Lose"),
    TICK("Tick"),
    ABORT("Abort"),
    DUPLICATE("Duplicate"),
    FAIL("Fail");

    private static final TcpActionKind[] BY_CODE = values();

    private final String word;

    TcpActionKind(String word) {
        this.word = word;
    }

    /** The kind in an action code's low four bits. */
    static TcpActionKind ofCode(int code) {
        return BY_CODE[code];
    }

    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    public static TcpActionKind of(String word) {
        for (TcpActionKind k : BY_CODE) {
            if (k.word.equals(word)) return k;
        }
        throw new IllegalArgumentException("unknown action kind '" + word + "'");
    }
}
