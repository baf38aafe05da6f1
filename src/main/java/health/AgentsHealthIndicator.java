package health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;
import processors.AgentBreakers;
import services.Agents;
import services.RagCalibrationService;
import services.TaggerService;
import settings.AgentsSettings.Agent;

/**
 * The agents' health (the indicator {@code agents}, in the readiness group): each agent is {@code up} while its circuit
 * is closed, {@code open_circuit} while open or half-open, {@code disabled} when switched off; the indicator is UP when
 * every agent the orchestrator asks is up, DOWN when none is, {@link ServiceHealth#DEGRADED} in between. Its details
 * list every agent as {@code GET /agents} shows it.
 */
@Component
public class AgentsHealthIndicator implements HealthIndicator {

    private final Agents agents;
    private final AgentBreakers breakers;
    private final ObjectProvider<TaggerService> tagger;
    private final ObjectProvider<RagCalibrationService> ragCalibration;

    public AgentsHealthIndicator(Agents agents, AgentBreakers breakers, ObjectProvider<TaggerService> tagger,
                                 ObjectProvider<RagCalibrationService> ragCalibration) {
        this.agents = agents;
        this.breakers = breakers;
        this.tagger = tagger;
        this.ragCalibration = ragCalibration;
    }

    @Override
    public Health health() {
        List<Map<String, Object>> views = new ArrayList<>();
        for (String name : agents.names()) {
            views.add(agent(name));
        }
        long orchestrated = views.stream().filter(a -> (boolean) a.get("in_orchestrator")).count();
        long up = views.stream().filter(a -> (boolean) a.get("in_orchestrator") && "up".equals(a.get("status"))).count();
        Status status = up == 0 && orchestrated > 0 ? Status.DOWN : up < orchestrated ? ServiceHealth.DEGRADED
                : Status.UP;
        return Health.status(status).withDetail("agents", views).build();
    }

    /** One agent as {@code GET /agents/{name}/health} shows it; null for an unknown name. */
    public Map<String, Object> agent(String name) {
        Agent agent = agents.agent(name);
        if (agent == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        // a disabled agent is never called: its route answers before its circuit breaker
        String breaker = agent.enabled() ? breakerState(name) : null;
        String status = !agent.enabled() ? "disabled"
                : "CLOSED".equals(breaker) || breaker == null ? "up" : "open_circuit";
        view.put("status", status);
        view.put("enabled", agent.enabled());
        view.put("hosted_here", agent.local());
        view.put("endpoint", agent.endpoint());
        view.put("timeout_ms", agent.timeoutMs());
        view.put("circuit_breaker", breaker == null ? "none" : breaker.toLowerCase(Locale.ROOT));
        view.put("in_orchestrator", agents.orchestrated().contains(name));
        TaggerService service = tagger.getIfAvailable();
        if ("ner".equals(name) && agent.local() && service != null) {
            view.put("tagger", service.status());
        }
        RagCalibrationService rag = ragCalibration.getIfAvailable();
        if ("rag".equals(name) && agent.local() && rag != null) {
            view.put("calibration", rag.status());
        }
        return view;
    }

    private String breakerState(String agent) {
        CircuitBreaker breaker = breakers.breaker(agent);
        return breaker == null ? null : breaker.getState().name();
    }
}
