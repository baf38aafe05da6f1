package routes;

import app.Agents;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The NER and RAG agents hosted by this process ({@code agents.<name>.local=true}): {@code direct:agent-<name>} takes
 * an {@code AgentRequest} and answers an {@code AgentResult}. The hybrid agent is a YAML route
 * ({@code routes/hybrid.camel.yaml}).
 */
@Component
public class AgentRoutes extends RouteBuilder {

    private final Agents agents;

    public AgentRoutes(Agents agents) {
        this.agents = agents;
    }

    @Override
    public void configure() {
        // failures travel back to the calling route, which answers for them (REST error, batch slot, circuit breaker)
        errorHandler(noErrorHandler());
        for (String agent : new String[] {"ner", "rag"}) {
            if (agents.agent(agent).local()) {
                from("direct:agent-" + agent).routeId("agent-" + agent)
                        .bean("agentHost", agent);
            }
        }
    }
}
