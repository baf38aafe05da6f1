package processors;

import app.Agents;
import app.CombinationService;
import app.RagCalibrationService;
import app.TaggerService;
import inference.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import knowledge.KnowledgeBase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import settings.AgentsSettings.Agent;
import settings.ApiSettings;

/**
 * What GET /health, GET /agents and GET /agents/{name}/health report. An agent is {@code up} while its circuit is closed,
 * {@code open_circuit} while open or half-open, {@code disabled} when switched off. The service is UP when every agent of
 * the orchestrator is up, DOWN when none is, DEGRADED in between. A caller without the API key (where one is configured)
 * gets the same view without the service's internals: agent endpoints, store URIs and paths are left out, and error
 * messages (which can name hosts and paths) are withheld.
 */
@Component("serviceHealth")
public class ServiceHealth {

    private final Agents known;
    private final ApiSettings api;
    private final CamelContext camel;
    private final ObjectProvider<KnowledgeBase> knowledgeBase;
    private final ObjectProvider<TaggerService> tagger;
    private final ObjectProvider<RagCalibrationService> ragCalibration;
    private final ObjectProvider<CombinationService> combination;
    private final RouteReloads routeReloads;
    private final RequestContext requestContext;

    /** Entries that name where things are: left out for callers without the key. */
    private static final java.util.Set<String> LOCATIONS = java.util.Set.of("endpoint", "uri", "path", "directory");
    /** Entries that hold raw error messages: withheld for callers without the key. */
    private static final java.util.Set<String> ERRORS = java.util.Set.of("error", "last_error", "registry");
    static final String WITHHELD = "withheld: send the X-Api-Key header to see it";

    public ServiceHealth(Agents known, ApiSettings api, CamelContext camel, ObjectProvider<KnowledgeBase> knowledgeBase,
                         ObjectProvider<TaggerService> tagger, ObjectProvider<RagCalibrationService> ragCalibration,
                         ObjectProvider<CombinationService> combination, RouteReloads routeReloads,
                         RequestContext requestContext) {
        this.combination = combination;
        this.requestContext = requestContext;
        this.known = known;
        this.api = api;
        this.camel = camel;
        this.knowledgeBase = knowledgeBase;
        this.tagger = tagger;
        this.ragCalibration = ragCalibration;
        this.routeReloads = routeReloads;
    }

    /** The circuit breaker guarding calls to {@code agent}: the one of its route ask-<agent>; null when none. */
    public static ResilienceProcessor breaker(CamelContext camel, String agent) {
        return breakerOfRoute(camel, "ask-" + agent);
    }

    /** The circuit breaker of route {@code routeId} (a route of the ask-agent template); null when none. */
    public static ResilienceProcessor breakerOfRoute(CamelContext camel, String routeId) {
        org.apache.camel.Route route = routeId == null ? null : camel.getRoute(routeId);
        if (route == null) {
            return null;
        }
        return route.filter("*").stream().filter(ResilienceProcessor.class::isInstance)
                .map(ResilienceProcessor.class::cast).findFirst().orElse(null);
    }

    public Map<String, Object> agent(String name) {
        Agent agent = known.agent(name);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        // a disabled agent is never called: its route answers before its circuit breaker
        String breaker = agent.enabled() ? breakerState(name) : null;
        String status = !agent.enabled() ? "disabled" : "CLOSED".equals(breaker) || breaker == null ? "up" : "open_circuit";
        view.put("status", status);
        view.put("enabled", agent.enabled());
        view.put("hosted_here", agent.local());
        view.put("endpoint", agent.endpoint());
        view.put("timeout_ms", agent.timeoutMs());
        view.put("circuit_breaker", breaker == null ? "none" : breaker.toLowerCase(java.util.Locale.ROOT));
        view.put("in_orchestrator", known.orchestrated().contains(name));
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

    public List<Map<String, Object>> agents() {
        List<Map<String, Object>> agents = new ArrayList<>();
        for (String name : known.names()) {
            agents.add(agent(name));
        }
        return agents;
    }

    public Map<String, Object> health() {
        List<Map<String, Object>> agents = agents();
        long orchestrated = agents.stream().filter(a -> (boolean) a.get("in_orchestrator")).count();
        long up = agents.stream().filter(a -> (boolean) a.get("in_orchestrator") && "up".equals(a.get("status")))
                .count();
        List<RouteReloads.Failure> failedReloads = routeReloads.failures();
        // a route file whose new version failed leaves its previous routes serving: degraded, not down
        String status = up == 0 && orchestrated > 0 ? "DOWN"
                : up < orchestrated || !failedReloads.isEmpty() ? "DEGRADED" : "UP";
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", status);
        health.put("agents", agents);
        if (!failedReloads.isEmpty()) {
            health.put("failed_route_reloads", failedReloads.stream().map(RouteReloads.Failure::view).toList());
        }
        KnowledgeBase kb = knowledgeBase.getIfAvailable();
        if (kb != null) {
            Map<String, Object> store = new LinkedHashMap<>();
            if (kb.store() instanceof knowledge.MilvusVectorStore milvus) {
                Map<String, Object> milvusStatus = milvus.status();
                store.put("status", Boolean.TRUE.equals(milvusStatus.get("reachable")) ? "UP" : "DOWN");
                store.put("store", "milvus");
                store.putAll(milvusStatus);
                store.put("brands", kb.registry().size());
                if (kb.unavailable() != null) {
                    store.put("registry", "not read yet: " + kb.unavailable());
                }
            } else {
                store.put("status", "UP");
                store.put("store", kb.store().kind());
                store.put("products", kb.productCount());
                store.put("brands", kb.registry().size());
            }
            health.put("knowledge_base", store);
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
        Map<String, Object> agent = agent(name);
        ApiErrors.write(exchange, "up".equals(agent.get("status")) ? 200 : 503, shown(exchange, agent));
    }

    private String breakerState(String agent) {
        ResilienceProcessor processor = breaker(camel, agent);
        return processor == null ? null : processor.getCircuitBreakerState();
    }
}
