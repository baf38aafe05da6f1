package processors;

/** Names of the exchange variables and properties the routes share. */
public final class Keys {

    /** Variable: the request id of the current request. */
    public static final String REQUEST_ID = "requestId";
    /** Variable: when the request arrived, from System.nanoTime(). */
    public static final String STARTED = "startedNanos";
    /** Variables: the request id and start time of a batch, kept while its items run under ids of their own. */
    public static final String BATCH_ID = "batchRequestId";
    public static final String BATCH_STARTED = "batchStartedNanos";
    /** Variable: the validated {@link inference.InferRequest}. */
    public static final String INFER_REQUEST = "inferRequest";
    /** Variable: the method of the current request (orchestrator or an agent's name). */
    public static final String METHOD = "method";
    /** Variable: when an agent call started, from System.nanoTime(). */
    public static final String CALL_STARTED = "callStartedNanos";
    /** Property: the agent results collected by the orchestrator's multicast, by agent index. */
    public static final String AGENT_RESULTS = "mpiAgentResults";
    /** The MDC key (and log pattern field) carrying the request id. */
    public static final String MDC_REQUEST_ID = "request_id";
    /**
     * Variable: whether the caller may see the service's internals (endpoints, URIs, raw error messages): it sent the
     * API key, or none is configured ({@code services.ApiKey}).
     */
    public static final String DETAILS = "details";
    /** Header a client may send to choose the request id; echoed on the response. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private Keys() {
    }
}
