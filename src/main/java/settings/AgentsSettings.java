package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The agents, by name (agents.<name>.*: the built-in ner, rag, hybrid and llm, and any added by configuration),
 * and the threads their calls run on (agent-calls.*). services.Agents reads them for the rest of the service.
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
     * How one agent is reached, from agents.<name>.* (how its circuit opens and closes is Camel's:
     * camel.resilience4j.* for every agent, camel.resilience4j.configurations.<name>.* for one).
     *
     * @param enabled   false: the agent is never called and reported as disabled
     * @param local     true: this process hosts the agent's route and exposes it at POST /agents/{name}/infer
     * @param endpoint  where requests for it go: direct:agent-<name> in one process, an
     *                  http://host:port/agents/<name>/infer URL when it runs as its own service
     * @param timeoutMs the time limit of one call (its circuit breaker's; an HTTP call's connect and response timeouts)
     */
    public record Agent(boolean enabled, boolean local,
                        @NotEmpty(message = "is not set: the route or URL that answers for the agent "
                                + "(direct:agent-<name> for a route in ROUTES_DIR)") String endpoint,
                        @Positive long timeoutMs) {

        /** Whether it is reached over HTTP (its own service) rather than a route of this process. */
        public boolean remote() {
            return endpoint.startsWith("http:") || endpoint.startsWith("https:");
        }

        /** The same agent, switched off. */
        public Agent disabled() {
            return new Agent(false, local, endpoint, timeoutMs);
        }
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
