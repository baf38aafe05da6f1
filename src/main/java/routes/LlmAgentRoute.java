package routes;

import services.Agents;
import inference.AgentResult;
import inference.AgentStatus;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import processors.LlmCalls;
import settings.LlmSettings;

/**
 * The LLM agent, where this process hosts it ({@code agents.llm.local}): {@code direct:agent-llm} asks a Bedrock model
 * through camel-aws-bedrock's {@code converse} operation and reads its answer ({@link LlmCalls}). Throttling (429) and
 * server errors (5xx) are retried a few times with jittered exponential back-off; other failures, and the last one, go
 * back to the caller's circuit breaker. Titles answered lately come from a cache without a call. With no model
 * configured ({@code llm.model-id} empty) the route answers that the agent is disabled.
 */
@Component
public class LlmAgentRoute extends RouteBuilder {

    private final Agents agents;
    private final LlmSettings llm;

    public LlmAgentRoute(Agents agents, LlmSettings llm) {
        this.agents = agents;
        this.llm = llm;
    }

    @Override
    public void configure() {
        if (!agents.agent("llm").local()) {
            return;
        }
        if (!llm.configured()) {
            from("direct:agent-llm").routeId("agent-llm")
                    .setBody(constant(AgentResult.unavailable("llm", AgentStatus.DISABLED,
                            agents.disabledReason("llm"))));
            return;
        }
        int retries = llm.retries();
        long delayMs = llm.retryDelayMs();
        errorHandler(defaultErrorHandler().logExhausted(false).logStackTrace(false).logRetryAttempted(true).logRetryStackTrace(false)
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .onExceptionOccurred(exchange -> {
                    if (LlmCalls.throttling(exchange.getException())) {
                        exchange.getContext().getRegistry().lookupByNameAndType("llmCalls", LlmCalls.class)
                                .throttled();
                    }
                }));
        onException(Exception.class)
                .onWhen(exchange -> LlmCalls.retryable(exchange.getException()))
                .maximumRedeliveries(retries).redeliveryDelay(delayMs).useExponentialBackOff().backOffMultiplier(2)
                .useCollisionAvoidance().maximumRedeliveryDelay(delayMs * 8);

        from("direct:agent-llm").routeId("agent-llm")
                .bean("llmCalls", "prepare")
                .choice()
                    .when(header(LlmCalls.CACHED).isEqualTo(true))
                        .removeHeader(LlmCalls.CACHED)
                    .otherwise()
                        .to("aws-bedrock:llm?operation=converse&modelId=RAW(" + llm.modelId() + ")&region="
                                + llm.region() + "&bedrockRuntimeClient=#bedrockRuntimeClient")
                        .bean("llmCalls", "read")
                .end();
    }
}
