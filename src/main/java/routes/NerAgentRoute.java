package routes;

import agents.NerAgent;
import services.Agents;
import inference.AgentRequest;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import processors.AgentRequests;

/**
 * The NER agent, where this process hosts it ({@code agents.ner.local}): {@code direct:agent-ner} takes an
 * {@link AgentRequest} and answers the {@link NerAgent}'s result. A request it cannot take (no product name, too long)
 * fails with a {@code RequestContentException}, which the caller's circuit breaker does not count.
 */
@Component
public class NerAgentRoute extends RouteBuilder {

    private final Agents agents;
    private final ObjectProvider<NerAgent> ner;

    public NerAgentRoute(Agents agents, ObjectProvider<NerAgent> ner) {
        this.agents = agents;
        this.ner = ner;
    }

    @Override
    public void configure() {
        if (!agents.agent("ner").local()) {
            return;
        }
        NerAgent agent = ner.getObject(); // hosted here: the knowledge base is here too
        from("direct:agent-ner").routeId("agent-ner").routeConfigurationId(CallerHandlesErrors.ID)
                .process(exchange -> exchange.getMessage().setBody(
                        agent.infer(AgentRequests.checked(exchange.getMessage().getBody(AgentRequest.class)))));
    }
}
