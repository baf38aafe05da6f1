package routes;

import app.Agents;
import inference.AgentResult;
import inference.RequestContentException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;
import processors.AgentCalls;
import processors.Json;
import processors.ServiceHealth;
import settings.AgentsSettings.Agent;
import settings.AgentsSettings;

/**
 * How the orchestrator and the hybrid pipeline reach an agent: {@code direct:ask-<name>} sends the request to
 * {@code agents.<name>.endpoint} inside a resilience4j circuit breaker with the agent's own time limit. The endpoint is
 * {@code direct:agent-<name>} when the agent runs in this process and an HTTP URL when it runs as its own service; either
 * way the caller gets an {@link AgentResult}, also when the call failed, timed out or was refused by an open circuit.
 */
@Component
public class AgentClientRoutes extends RouteBuilder {

    private final Agents agents;
    private final AgentsSettings settings;
    private final AgentCalls calls;

    public AgentClientRoutes(Agents agents, AgentsSettings settings, AgentCalls calls) {
        this.agents = agents;
        this.settings = settings;
        this.calls = calls;
    }

    /** The agent's HTTP endpoint with connect and response timeouts at the agent's time limit. */
    private static String withTimeouts(Agent agent) {
        String separator = agent.endpoint().contains("?") ? "&" : "?";
        return agent.endpoint() + separator + "connectTimeout=" + agent.timeoutMs() + "&responseTimeout="
                + agent.timeoutMs() + "&connectionRequestTimeout=" + agent.timeoutMs();
    }

    /** Camel registry name of the pool {@code agent}'s calls run on inside its circuit breaker. */
    static String callPool(String agent) {
        return "agentCallPool-" + agent;
    }

    @Override
    public void configure() {
        // the circuit breakers need a thread per call to enforce its time limit. Each agent has a fixed pool of
        // agent-calls.threads (managed and shut down by Camel): slow agents cannot make the service start threads
        // without end, and the calls of an agent that hang (a timed-out call is not interrupted: its thread stays
        // with it) use up its own pool only, while the other agents go on answering.
        // failures travel back to the calling route, which answers for them (REST error, batch slot, circuit breaker)
        errorHandler(noErrorHandler());
        JacksonDataFormat requestJson = new JacksonDataFormat(Json.MAPPER, Object.class);
        JacksonDataFormat resultJson = new JacksonDataFormat(Json.MAPPER, AgentResult.class);
        agents.all().forEach((name, agent) -> {
            var route = from("direct:ask-" + name).routeId("ask-" + name);
            if (!agent.enabled()) {
                route.process(calls.disabled(name, agents.disabledReason(name)));
                return;
            }
            getContext().getRegistry().bind(callPool(name), getContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "agent-call-" + name, settings.agentCalls().threads()));
            AgentsSettings.Breaker breaker = agent.breaker();
            var guarded = route
                    .process(calls.start())
                    .circuitBreaker().id(ServiceHealth.breakerId(name))
                        .resilience4jConfiguration()
                            .timeoutEnabled(true).timeoutDuration((int) agent.timeoutMs())
                            .timeoutExecutorService(callPool(name))
                            .slidingWindowSize(breaker.slidingWindowSize())
                            .minimumNumberOfCalls(breaker.minimumCalls())
                            .failureRateThreshold(breaker.failureRateThreshold())
                            .waitDurationInOpenState(breaker.openSeconds())
                            .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                            .automaticTransitionFromOpenToHalfOpenEnabled(true)
                            .bulkheadEnabled(agent.maxConcurrentCalls() > 0)
                            .bulkheadMaxConcurrentCalls(Math.max(1, agent.maxConcurrentCalls()))
                            // the request's own content is not the agent's health: not counted (AgentCalls.finish)
                            .ignoreException(RequestContentException.class)
                        .end();
            if (agent.remote()) {
                guarded.marshal(requestJson)
                        .removeHeaders("*")
                        .process(calls.withApiKey())
                        .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .doTry()
                            .to(withTimeouts(agent))
                        .doCatch(HttpOperationFailedException.class)
                            // the agent refused the request's content (400, 413, 422): not the agent's health
                            .process(calls.remoteFailure(name))
                        .end()
                        .unmarshal(resultJson);
            } else {
                guarded.to(agent.endpoint());
            }
            guarded.onFallback()
                        .process(calls.fallback(name, agent.timeoutMs()))
                    .end()
                    .process(calls.finish(name));
        });
    }
}
