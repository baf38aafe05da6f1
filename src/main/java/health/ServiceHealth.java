package health;

import inference.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;
import processors.ApiErrors;
import processors.RequestContext;
import services.Agents;
import services.CombinationService;
import settings.ApiSettings;

/**
 * What GET /health, GET /agents and GET /agents/{name}/health report, rendered from the service's health indicators, the
 * one health model that the readiness probe ({@code /actuator/health/readiness}) reads too: the agents
 * ({@link AgentsHealthIndicator}), the knowledge base's store ({@link KnowledgeBaseHealthIndicator}), the YAML route
 * reloads ({@link RouteReloadsHealthIndicator}) and the models ({@link ModelsHealthIndicator}). The service is UP when
 * every agent of the orchestrator is up, DOWN when none is, DEGRADED in between or while a route file failed to reload.
 * A caller without the API key (where one is configured) gets the same view without the service's internals: agent
 * endpoints, store URIs and paths are left out, and error messages (which can name hosts and paths) are withheld.
 */
@Component("serviceHealth")
public class ServiceHealth {

    /** Some of what the service offers does not answer, the rest does (answered 200: the service still serves). */
    public static final Status DEGRADED = new Status("DEGRADED", "some of what the service offers does not answer");

    private final Agents known;
    private final ApiSettings api;
    private final AgentsHealthIndicator agents;
    private final ObjectProvider<KnowledgeBaseHealthIndicator> knowledgeBase;
    private final RouteReloadsHealthIndicator routeReloads;
    private final ObjectProvider<CombinationService> combination;
    private final RequestContext requestContext;

    /** Entries that name where things are: left out for callers without the key. */
    private static final java.util.Set<String> LOCATIONS = java.util.Set.of("endpoint", "uri", "path", "directory");
    /** Entries that hold raw error messages: withheld for callers without the key. */
    private static final java.util.Set<String> ERRORS = java.util.Set.of("error", "last_error", "registry");
    static final String WITHHELD = "withheld: send the X-Api-Key header to see it";

    public ServiceHealth(Agents known, ApiSettings api, AgentsHealthIndicator agents,
                         ObjectProvider<KnowledgeBaseHealthIndicator> knowledgeBase,
                         RouteReloadsHealthIndicator routeReloads, ObjectProvider<CombinationService> combination,
                         RequestContext requestContext) {
        this.known = known;
        this.api = api;
        this.agents = agents;
        this.knowledgeBase = knowledgeBase;
        this.routeReloads = routeReloads;
        this.combination = combination;
        this.requestContext = requestContext;
    }

    public Map<String, Object> agent(String name) {
        return agents.agent(name);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> agents() {
        return (List<Map<String, Object>>) agents.health().getDetails().get("agents");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> health() {
        Health agentsHealth = agents.health();
        Health reloads = routeReloads.health();
        // a route file whose new version failed leaves its previous routes serving: degraded, not down
        Status status = Status.DOWN.equals(agentsHealth.getStatus()) ? Status.DOWN
                : DEGRADED.equals(agentsHealth.getStatus()) || !Status.UP.equals(reloads.getStatus()) ? DEGRADED
                : Status.UP;
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", status.getCode());
        health.put("agents", agentsHealth.getDetails().get("agents"));
        if (reloads.getDetails().containsKey("failed_route_reloads")) {
            health.put("failed_route_reloads", reloads.getDetails().get("failed_route_reloads"));
        }
        KnowledgeBaseHealthIndicator kb = knowledgeBase.getIfAvailable();
        if (kb != null) {
            Health store = kb.health();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("status", store.getStatus().getCode());
            view.putAll(store.getDetails());
            health.put("knowledge_base", view);
        }
        CombinationService learnt = combination.getIfAvailable();
        if (learnt != null) {
            health.put("combination", learnt.status());
        }
        return health;
    }

    /** The name {@code /agents/{name}/health} answers for the orchestrator of an instance that answers /infer. */
    static final String ORCHESTRATOR = "orchestrator";

    /**
     * The orchestrator as {@code GET /agents/orchestrator/health} shows it: its own status (as /health's: UP, DEGRADED,
     * DOWN) and the agents it asks, each with its status and circuit breaker.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> orchestrator() {
        Map<String, Object> health = health();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", ORCHESTRATOR);
        view.put("status", health.get("status"));
        view.put("agents", ((List<Map<String, Object>>) health.get("agents")).stream()
                .filter(agent -> (boolean) agent.get("in_orchestrator")).toList());
        if (health.containsKey("combination")) {
            view.put("combination", health.get("combination"));
        }
        return view;
    }

    public void writeHealth(Exchange exchange) throws Exception {
        Map<String, Object> health = health();
        ApiErrors.write(exchange, "DOWN".equals(health.get("status")) ? 503 : 200, shown(exchange, health));
    }

    public void writeAgents(Exchange exchange) throws Exception {
        ApiErrors.write(exchange, 200, shown(exchange, Map.of("agents", agents())));
    }

    /** {@code view} as the exchange's caller may see it ({@link RequestContext#details}). */
    private Object shown(Exchange exchange, Object view) {
        return requestContext.details(exchange) ? view : withoutDetails(view, null);
    }

    /**
     * A copy of {@code view} (maps and lists, any depth) without {@link #LOCATIONS}, with {@link #ERRORS} withheld and
     * file names without their directories.
     */
    static Object withoutDetails(Object view, String key) {
        if (view instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((name, value) -> {
                if (!LOCATIONS.contains(String.valueOf(name))) {
                    copy.put(String.valueOf(name), withoutDetails(value, String.valueOf(name)));
                }
            });
            return copy;
        }
        if (view instanceof List<?> list) {
            return list.stream().map(item -> withoutDetails(item, key)).toList();
        }
        if (view != null && ERRORS.contains(key)) {
            return WITHHELD;
        }
        if (view instanceof String file && "file".equals(key)) {
            return java.nio.file.Path.of(file).getFileName() == null ? file
                    : java.nio.file.Path.of(file).getFileName().toString();
        }
        return view;
    }

    public void writeAgent(Exchange exchange) throws Exception {
        String name = exchange.getMessage().getHeader("name", String.class);
        if (ORCHESTRATOR.equals(name) && api.inference().enabled() && !known.names().contains(name)) {
            Map<String, Object> orchestrator = orchestrator();
            ApiErrors.write(exchange, "DOWN".equals(orchestrator.get("status")) ? 503 : 200,
                    shown(exchange, orchestrator));
            return;
        }
        if (name == null || !known.names().contains(name)) {
            throw new ApiException(404, "unknown_agent", "no agent named '" + name + "'; known agents are "
                    + known.names());
        }
        Map<String, Object> agent = agents.agent(name);
        ApiErrors.write(exchange, "up".equals(agent.get("status")) ? 200 : 503, shown(exchange, agent));
    }
}
