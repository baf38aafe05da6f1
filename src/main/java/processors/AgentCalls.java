package processors;

import com.fasterxml.jackson.databind.JsonNode;
import inference.AgentResult;
import inference.AgentStatus;
import inference.RequestContentException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import text.SafeText;

/**
 * The caller's side of an agent call: when it started, what it came to (a result, or a failure, timeout or open circuit
 * told by {@link GuardedCall}), its latency, and the metrics {@code mpi.agent.latency} (timer) and
 * {@code mpi.agent.calls} (counter), tagged by agent and status only.
 */
@Component("agentCalls")
public class AgentCalls {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCalls.class);

    /** The message of a call the agent refused for the request's own content. */
    static final String CONTENT_REFUSED = "the agent cannot take this request's content (the agent's log says why, under "
            + "this request id); not counted by its circuit breaker";

    private final MeterRegistry registry;
    private final Map<String, Map<AgentStatus, Meters>> byAgent = new ConcurrentHashMap<>();
    private final services.ApiKey apiKey;

    public AgentCalls(MeterRegistry registry, services.ApiKey apiKey) {
        this.registry = registry;
        this.apiKey = apiKey;
    }

    /**
     * Sets the API key header on a call to an agent of another service, where a key is configured (every service of a
     * deployment shares it): what the agent's endpoint needs to accept prior candidates.
     */
    public Processor withApiKey() {
        String key = apiKey.forOutgoingCalls();
        return exchange -> {
            if (key != null) {
                exchange.getMessage().setHeader(services.ApiKey.HEADER, key);
            }
        };
    }

    public Processor start() {
        return exchange -> exchange.setVariable(Keys.CALL_STARTED, System.nanoTime());
    }

    /** What a remote agent answers when it refuses the request's own content (AgentRequests, ApiErrors). */
    static final java.util.Set<Integer> CONTENT_REFUSALS = java.util.Set.of(400, 413, 422);

    /**
     * Inside the circuit breaker, after a remote agent answered with an error status: a {@link #CONTENT_REFUSALS}
     * status (the agent refused the request's own content) becomes a {@link RequestContentException}, which the breaker
     * does not count; any other error is thrown as it came.
     */
    public Processor remoteFailure(String agent) {
        return exchange -> {
            Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (caught instanceof HttpOperationFailedException failed
                    && CONTENT_REFUSALS.contains(failed.getStatusCode())) {
                String code = "invalid_agent_request";
                String message = failed.getStatusText();
                try {
                    JsonNode error = Json.MAPPER.readTree(String.valueOf(failed.getResponseBody())).path("error");
                    code = error.path("code").asText(code);
                    message = error.path("message").asText(message);
                } catch (java.io.IOException notJson) {
                    // the status alone says it
                }
                String refusal = "agent " + agent + " answered " + failed.getStatusCode() + " " + code + ": "
                        + SafeText.message(message);
                LOG.info("Agent request refused for its content: {}", refusal);
                throw new RequestContentException(code, refusal);
            }
            throw caught;
        };
    }

    /** Stamps the result with the latency seen by the caller and records the metrics. */
    public Processor finish(String agent) {
        return exchange -> {
            Long started = exchange.getVariable(Keys.CALL_STARTED, Long.class);
            long nanos = started == null ? 0 : System.nanoTime() - started;
            AgentResult result = result(agent, exchange.getMessage().getBody());
            exchange.getMessage().setBody(result.withLatency(nanos / 1_000_000));
            record(agent, result.status(), nanos);
        };
    }

    /**
     * The agent's answer as an {@link AgentResult}: as it is, or read from the JSON an agent route answered (a YAML
     * agent's text, bytes or map, with the fields of {@code POST /agents/{name}/infer}'s answer), named {@code agent}
     * when it does not say; a failed result when there is none or it cannot be read.
     */
    public static AgentResult result(String agent, Object body) {
        if (body instanceof AgentResult result) {
            return result;
        }
        if (body == null) {
            return AgentResult.unavailable(agent, AgentStatus.FAILED, "the agent answered with no result");
        }
        try {
            AgentResult read;
            if (body instanceof String text) {
                read = Json.MAPPER.readValue(text, AgentResult.class);
            } else if (body instanceof byte[] bytes) {
                read = Json.MAPPER.readValue(bytes, AgentResult.class);
            } else {
                read = Json.MAPPER.convertValue(body, AgentResult.class);
            }
            if (read.status() == null) {
                throw new IllegalArgumentException("it has no status");
            }
            return read.agent() == null ? new AgentResult(agent, read.status(), read.brand(), read.confidence(),
                    read.candidates(), read.evidence(), read.latencyMs(), read.message()) : read;
        } catch (Exception e) {
            return AgentResult.unavailable(agent, AgentStatus.FAILED, "the agent's answer is not an agent result ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    /** The result of an agent switched off by configuration; {@code reason} says which setting switches it on. */
    public Processor disabled(String agent, String reason) {
        return exchange -> {
            exchange.getMessage().setBody(AgentResult.unavailable(agent, AgentStatus.DISABLED, reason));
            record(agent, AgentStatus.DISABLED, 0);
        };
    }

    private void record(String agent, AgentStatus status, long nanos) {
        Meters meters = byAgent.computeIfAbsent(agent, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, outcome -> new Meters(agent, outcome, registry));
        meters.latency().record(nanos, TimeUnit.NANOSECONDS);
        meters.calls().increment();
    }

    /** An agent's meters for one outcome, registered once (looking them up costs more than recording). */
    private record Meters(Timer latency, Counter calls) {

        Meters(String agent, AgentStatus status, MeterRegistry registry) {
            this(Timer.builder("mpi.agent.latency").description("Latency of agent calls as seen by the caller")
                            .tag("agent", agent).tag("status", status.wire()).publishPercentileHistogram()
                            .register(registry),
                    Counter.builder("mpi.agent.calls").description("Agent calls by outcome")
                            .tag("agent", agent).tag("status", status.wire()).register(registry));
        }
    }
}
