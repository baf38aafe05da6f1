package app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The service's tunables, read once from application.yaml (and its profiles, environment, command line).
 * Every key is documented in application.yaml.
 */
@Component
public class ServiceSettings {

    /** Agents the service knows; the {@code method} of a request may name any of them. */
    /** The agents built into the service; {@code agents.<name>.*} settings of any other name add an agent. */
    public static final List<String> AGENTS = List.of("ner", "rag", "hybrid", "llm");

    private final Map<String, AgentSettings> agents;
    private final List<String> orchestratorAgents;
    private final boolean llmConfigured;
    private final boolean apiEnabled;
    private final int agentCallThreads;
    private final long orchestratorTimeoutMs;
    private final double minConfidence;
    private final double disagreementPenalty;
    private final Map<String, Double> weights;
    private final long maxBodyBytes;
    private final long maxBatchBodyBytes;
    private final int maxBatchItems;
    private final int maxConcurrentBatches;
    private final int batchRetryAfterSeconds;
    private final long maxCatalogBodyBytes;
    private final boolean requireApiKey;
    private final String apiKey;
    private final String answersTo;
    private final List<String> agentNames;
    private final List<String> methods;

    // read once here: a lookup in the Environment walks every property source, too slow for the request path
    public ServiceSettings(Environment env) {
        Binder binder = Binder.get(env);
        this.llmConfigured = !env.getProperty("llm.model-id", "").isBlank();
        this.apiEnabled = env.getRequiredProperty("api.inference.enabled", Boolean.class);
        this.agentCallThreads = env.getRequiredProperty("agent-calls.threads", Integer.class);
        this.orchestratorTimeoutMs = env.getRequiredProperty("orchestrator.timeout-ms", Long.class);
        this.minConfidence = env.getRequiredProperty("inference.min-confidence", Double.class);
        this.disagreementPenalty = env.getRequiredProperty("orchestrator.disagreement-penalty", Double.class);
        this.weights = Map.copyOf(binder.bind("orchestrator.weights", Bindable.mapOf(String.class, Double.class))
                .orElse(Map.of()));
        this.maxBodyBytes = env.getRequiredProperty("inference.max-body-bytes", Long.class);
        this.maxBatchBodyBytes = env.getRequiredProperty("inference.batch.max-body-bytes", Long.class);
        this.maxBatchItems = env.getRequiredProperty("inference.batch.max-items", Integer.class);
        int maxConcurrent = env.getRequiredProperty("inference.batch.max-concurrent", Integer.class);
        if (maxConcurrent < 0) {
            throw new IllegalStateException("inference.batch.max-concurrent must be 0 (the number of cores) or more, got "
                    + maxConcurrent);
        }
        this.maxConcurrentBatches = maxConcurrent == 0 ? Runtime.getRuntime().availableProcessors() : maxConcurrent;
        this.batchRetryAfterSeconds = env.getRequiredProperty("inference.batch.retry-after-seconds", Integer.class);
        if (batchRetryAfterSeconds < 1) {
            throw new IllegalStateException("inference.batch.retry-after-seconds must be 1 or more, got "
                    + batchRetryAfterSeconds);
        }
        this.maxCatalogBodyBytes = env.getRequiredProperty("catalog.max-body-bytes", Long.class);
        this.requireApiKey = env.getRequiredProperty("security.require-api-key", Boolean.class);
        this.apiKey = env.getProperty("security.api-key", "");
        this.answersTo = env.getProperty("inference.answers-to", "").strip();
        Map<String, AgentSettings> bound = binder.bind("agents", Bindable.mapOf(String.class, AgentSettings.class))
                .orElse(Map.of());
        this.agents = new LinkedHashMap<>();
        for (String name : AGENTS) {
            AgentSettings settings = bound.get(name);
            if (settings == null) {
                throw new IllegalStateException("missing settings agents." + name + ".* in application.yaml");
            }
            agents.put(name, settings);
        }
        // agents added by configuration: a route (a YAML file in ROUTES_DIR) or service at their endpoint answers
        bound.keySet().stream().filter(name -> !AGENTS.contains(name)).sorted().forEach(name -> {
            AgentSettings added = bound.get(name);
            if (added.endpoint() == null || added.endpoint().isBlank()) {
                throw new IllegalStateException("agents." + name + ".endpoint is not set: the route or URL that "
                        + "answers for the agent (direct:agent-" + name + " for a route in ROUTES_DIR)");
            }
            if (!name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalStateException("agents." + name + ": an agent's name is lower-case letters, digits "
                        + "and dashes");
            }
            agents.put(name, added);
        });
        if (!llmConfigured() && agents.get("llm").local()) {
            // hosted here without a model: disabled wherever it is named (the orchestrator then leaves it out); an LLM
            // agent reached over HTTP has its model configured in its own service
            AgentSettings llm = agents.get("llm");
            agents.put("llm", new AgentSettings(false, llm.local(), llm.endpoint(), llm.timeoutMs(), llm.breaker(),
                    llm.maxConcurrentCalls()));
        }
        this.orchestratorAgents = List.of(env.getRequiredProperty("orchestrator.agents").split("\\s*,\\s*"));
        if (requireApiKey() && apiKey().isBlank()) {
            throw new IllegalStateException("security.require-api-key is on (prod profile) but no security.api-key "
                    + "is set: set the environment variable API_KEY");
        }
        this.agentNames = List.copyOf(agents.keySet());
        List<String> all = new java.util.ArrayList<>();
        all.add("orchestrator");
        all.addAll(agentNames);
        this.methods = List.copyOf(all);
        for (String name : orchestratorAgents) {
            if (!agents.containsKey(name)) {
                throw new IllegalStateException("orchestrator.agents names '" + name + "', known agents are "
                        + agents.keySet());
            }
        }
    }

    public AgentSettings agent(String name) {
        return agents.get(name);
    }

    /** Every agent, built in and added by configuration, by name. */
    public Map<String, AgentSettings> agents() {
        return agents;
    }

    /** The names of every agent: the built-in ones, then those added by configuration. */
    public List<String> agentNames() {
        return agentNames;
    }

    /** The agents the orchestrator asks: those of {@code orchestrator.agents} that are enabled. */
    public List<String> orchestratorAgents() {
        return orchestratorAgents.stream().filter(name -> agents.get(name).enabled()).toList();
    }

    /** Whether a Bedrock model is configured for the LLM agent ({@code llm.model-id}). */
    public boolean llmConfigured() {
        return llmConfigured;
    }

    /** Why a disabled agent is disabled, saying which setting enables it. */
    public String disabledReason(String name) {
        if ("llm".equals(name) && !llmConfigured() && agents.get("llm").local()) {
            return "no Bedrock model is configured: set llm.model-id (env LLM_MODEL_ID) to a model id, inference "
                    + "profile id or custom model deployment ARN";
        }
        return "switched off by agents." + name + ".enabled=false";
    }

    /** The methods a request may ask for: the orchestrator and every agent. */
    public List<String> methods() {
        return methods;
    }

    /** Where a copy of every answer goes ({@code inference.answers-to}); empty: nowhere. */
    public String answersTo() {
        return answersTo;
    }

    public boolean apiEnabled() {
        return apiEnabled;
    }

    public int agentCallThreads() {
        return agentCallThreads;
    }

    public long orchestratorTimeoutMs() {
        return orchestratorTimeoutMs;
    }

    public double minConfidence() {
        return minConfidence;
    }

    public double disagreementPenalty() {
        return disagreementPenalty;
    }

    public Map<String, Double> weights() {
        return weights;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public long maxBatchBodyBytes() {
        return maxBatchBodyBytes;
    }

    public int maxBatchItems() {
        return maxBatchItems;
    }

    /** How many POST /infer/batch requests are answered at once (inference.batch.max-concurrent, 0: the cores). */
    public int maxConcurrentBatches() {
        return maxConcurrentBatches;
    }

    /** The Retry-After of a batch refused because {@link #maxConcurrentBatches()} are under way. */
    public int batchRetryAfterSeconds() {
        return batchRetryAfterSeconds;
    }

    public long maxCatalogBodyBytes() {
        return maxCatalogBodyBytes;
    }

    public boolean requireApiKey() {
        return requireApiKey;
    }

    public String apiKey() {
        return apiKey;
    }
}
