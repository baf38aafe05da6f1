package inference;

/** A request the API refuses, with the HTTP status, a stable code and a message that says what was wrong. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final int retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** A refusal to try again later: the answer has the header {@code Retry-After: retryAfterSeconds} (when over 0). */
    public ApiException(int status, String code, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The seconds a client should wait before trying again; 0 when the refusal does not say. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
