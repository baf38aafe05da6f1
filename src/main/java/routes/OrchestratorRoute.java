package routes;

import app.ServiceSettings;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import processors.OrchestratorStrategy;

/**
 * The orchestrator: asks every agent of {@code orchestrator.agents} at once and waits at most
 * {@code orchestrator.timeout-ms}. The strategy records each agent's outcome (answer, failure, timeout, open circuit,
 * disabled); the combination rule is in {@code agents.Combiner}.
 */
@Component
public class OrchestratorRoute extends RouteBuilder {

    private final ServiceSettings settings;

    public OrchestratorRoute(ServiceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        // failures travel back to the calling route, which answers for them (REST error, batch slot, circuit breaker)
        errorHandler(noErrorHandler());
        String[] calls = settings.orchestratorAgents().stream().map(agent -> "direct:ask-" + agent)
                .toArray(String[]::new);
        from("direct:orchestrator").routeId("orchestrator")
                .multicast(new OrchestratorStrategy(settings.orchestratorAgents(), settings.orchestratorTimeoutMs()))
                    .parallelProcessing()
                    .timeout(settings.orchestratorTimeoutMs())
                    .to(calls)
                .end();
    }
}
