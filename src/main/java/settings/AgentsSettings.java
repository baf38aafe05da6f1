package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The agents, by name (agents.<name>.*: the built-in ner, rag, hybrid and llm, and any added by configuration),
 * and the threads their calls run on (agent-calls.*). app.Agents reads them for the rest of the service.
 *
 * @param agents     each agent's settings, by name
 * @param agentCalls the pools the calls to the agents run on
 */
@ConfigurationProperties
@Validated
public record AgentsSettings(@NotEmpty Map<@Pattern(regexp = "[a-z][a-z0-9-]*",
        message = "an agent's name is lower-case letters, digits and dashes") String, @Valid Agent> agents,
                             @NotNull @Valid AgentCalls agentCalls) {

    public AgentsSettings {
        agents = agents == null ? Map.of() : new LinkedHashMap<>(agents);
    }

    /**
     * How one agent is reached and guarded, from agents.<name>.*.
     *
     * @param enabled            false: the agent is never called and reported as disabled
     * @param local              true: this process hosts the agent's route and exposes it at POST /agents/{name}/infer
     * @param endpoint           where requests for it go: direct:agent-<name> in one process, an
     *                           http://host:port/agents/<name>/infer URL when it runs as its own service
     * @param timeoutMs          the circuit breaker's time limit for one call
     * @param breaker            when the circuit opens and closes again
     * @param maxConcurrentCalls at most this many calls at once (a bulkhead; more are refused as failed); 0: no limit
     */
    public record Agent(boolean enabled, boolean local,
                        @NotEmpty(message = "is not set: the route or URL that answers for the agent "
                                + "(direct:agent-<name> for a route in ROUTES_DIR)") String endpoint,
                        @Positive long timeoutMs, @Valid Breaker breaker, @PositiveOrZero int maxConcurrentCalls) {

        public Agent {
            breaker = breaker == null ? Breaker.DEFAULT : breaker;
        }

        /** Whether it is reached over HTTP (its own service) rather than a route of this process. */
        public boolean remote() {
            return endpoint.startsWith("http:") || endpoint.startsWith("https:");
        }

        /** The same agent, switched off. */
        public Agent disabled() {
            return new Agent(false, local, endpoint, timeoutMs, breaker, maxConcurrentCalls);
        }
    }

    /**
     * Resilience4j settings: the circuit opens when at least failureRateThreshold percent of the last
     * slidingWindowSize calls failed or timed out (once minimumCalls calls were seen), stays open for
     * openSeconds, then lets halfOpenCalls trial calls through.
     *
     * @param slidingWindowSize    the calls the failure rate is measured over
     * @param minimumCalls         no failure rate before this many calls
     * @param failureRateThreshold the failure rate, in percent, that opens the circuit
     * @param openSeconds          how long the circuit stays open before trial calls
     * @param halfOpenCalls        the trial calls of a half-open circuit
     */
    public record Breaker(@Positive int slidingWindowSize, @Positive int minimumCalls,
                          @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") float failureRateThreshold,
                          @Min(1) int openSeconds, @Positive int halfOpenCalls) {

        public static final Breaker DEFAULT = new Breaker(20, 10, 50f, 10, 3);
    }

    /**
     * agent-calls.*.
     *
     * @param threads each agent's calls run on a fixed pool of this many threads (its circuit breaker's time limit
     *                needs a thread per call)
     */
    public record AgentCalls(@Positive int threads) {
    }
}
