package routes;

import agents.RagAgent;
import services.Agents;
import inference.AgentRequest;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import processors.AgentRequests;

/**
 * The RAG agent, where this process hosts it ({@code agents.rag.local}): {@code direct:agent-rag} takes an
 * {@link AgentRequest} and answers the {@link RagAgent}'s result. A request it cannot take (no product name, too long)
 * fails with a {@code RequestContentException}, which the caller's circuit breaker does not count.
 */
@Component
public class RagAgentRoute extends RouteBuilder {

    private final Agents agents;
    private final ObjectProvider<RagAgent> rag;

    public RagAgentRoute(Agents agents, ObjectProvider<RagAgent> rag) {
        this.agents = agents;
        this.rag = rag;
    }

    @Override
    public void configure() {
        if (!agents.agent("rag").local()) {
            return;
        }
        RagAgent agent = rag.getObject(); // hosted here: the knowledge base is here too
        from("direct:agent-rag").routeId("agent-rag").routeConfigurationId(CallerHandlesErrors.ID)
                .process(exchange -> exchange.getMessage().setBody(
                        agent.infer(AgentRequests.checked(exchange.getMessage().getBody(AgentRequest.class)))));
    }
}
