package twcheck.explore;

/** A request the server refuses: its status (4xx) and one line saying why, sent as {@code {"error": …}}. */
final class HttpError extends RuntimeException {
    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
