package knowledge;

/** The store cannot be reached (a Milvus server that is down or unknown); trying again later may succeed. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
