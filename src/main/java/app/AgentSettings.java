package app;

/**
 * How one agent is reached and guarded, from {@code agents.<name>.*}.
 *
 * @param enabled      false: the agent is never called and reported as disabled
 * @param local        true: this process hosts the agent's route and exposes it at POST /agents/{name}/infer
 * @param endpoint     where the orchestrator sends requests: {@code direct:agent-<name>} in one process, an
 *                     {@code http://host:port/agents/<name>/infer} URL when the agent runs as its own service
 * @param timeoutMs    the circuit breaker's time limit for one call
 * @param breaker      when the circuit opens and closes again
 * @param maxConcurrentCalls at most this many calls at once (a bulkhead; more are refused as failed); 0: no limit
 */
public record AgentSettings(boolean enabled, boolean local, String endpoint, long timeoutMs, Breaker breaker,
                            int maxConcurrentCalls) {

    /**
     * Resilience4j settings: the circuit opens when at least {@code failureRateThreshold} percent of the last
     * {@code slidingWindowSize} calls failed or timed out (once {@code minimumCalls} calls were seen), stays open for
     * {@code openSeconds}, then lets {@code halfOpenCalls} trial calls through.
     */
    public record Breaker(int slidingWindowSize, int minimumCalls, float failureRateThreshold, int openSeconds,
                          int halfOpenCalls) {
        public static final Breaker DEFAULT = new Breaker(20, 10, 50f, 10, 3);

        public Breaker {
            if (openSeconds < 1) {
                throw new IllegalArgumentException("agents.<name>.breaker.open-seconds must be at least 1, got "
                        + openSeconds);
            }
        }
    }

    public AgentSettings {
        breaker = breaker == null ? Breaker.DEFAULT : breaker;
        if (timeoutMs <= 0) {
            timeoutMs = 2000;
        }
    }

    public boolean remote() {
        return endpoint.startsWith("http:") || endpoint.startsWith("https:");
    }
}
