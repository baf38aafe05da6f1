package routes;

import services.Agents;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.concurrent.SynchronousExecutorService;
import org.springframework.stereotype.Component;
import processors.OrchestratorStrategy;
import settings.OrchestratorSettings;

/**
 * The orchestrator: asks every agent of {@code orchestrator.agents} at once and waits at most
 * {@code orchestrator.timeout-ms}. The strategy records each agent's outcome (answer, failure, timeout, open circuit,
 * disabled); the combination rule is in {@code agents.Combiner}.
 */
@Component
public class OrchestratorRoute extends RouteBuilder {

    private final Agents agents;
    private final OrchestratorSettings settings;

    public OrchestratorRoute(Agents agents, OrchestratorSettings settings) {
        this.agents = agents;
        this.settings = settings;
    }

    @Override
    public void configure() {
        String[] calls = agents.orchestrated().stream().map(agent -> "direct:ask-" + agent)
                .toArray(String[]::new);
        from("direct:orchestrator").routeId("orchestrator").routeConfigurationId(CallerHandlesErrors.ID)
                .multicast(new OrchestratorStrategy(agents.orchestrated(), settings.timeoutMs()))
                    // each agent's call is handed to the agent's own pool at once (GuardedCall): the branches start
                    // one after the other on the request's thread, without a multicast thread of their own
                    .parallelProcessing().executorService(new SynchronousExecutorService())
                    .timeout(settings.timeoutMs())
                    .to(calls)
                .end();
    }
}
