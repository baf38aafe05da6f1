package services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.spi.PropertiesFunction;
import org.springframework.stereotype.Component;
import settings.AgentsSettings.Agent;
import settings.AgentsSettings;
import settings.LlmSettings;
import settings.OrchestratorSettings;

/**
 * The agents this service knows, from their settings ({@link AgentsSettings}): the built-in ner, rag, hybrid and llm,
 * then those added by configuration ({@code agents.<name>.*} of another name: a route in ROUTES_DIR or a service at
 * their endpoint answers for them); which of them the orchestrator asks; and why one is disabled. An LLM agent hosted
 * here without a Bedrock model is disabled wherever it is named.
 *
 * <p>Routes read the same through the Camel properties function {@code agent}: {@code {{agent:ner.timeout-ms}}} (see
 * {@link #apply}); the ask-agent route template does ({@code routes.AskAgentTemplate}).
 */
@Component
public class Agents implements PropertiesFunction {

    /** The agents built into the service. */
    public static final List<String> BUILT_IN = List.of("ner", "rag", "hybrid", "llm");

    private final Map<String, Agent> agents;
    private final List<String> names;
    private final List<String> methods;
    private final List<String> orchestrated;
    private final boolean llmConfigured;

    public Agents(AgentsSettings settings, OrchestratorSettings orchestrator, LlmSettings llm) {
        this.llmConfigured = llm.configured();
        this.agents = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            Agent agent = settings.agents().get(name);
            if (agent == null) {
                throw new IllegalStateException("missing settings agents." + name + ".* in application.yaml");
            }
            agents.put(name, agent);
        }
        settings.agents().keySet().stream().filter(name -> !BUILT_IN.contains(name)).sorted()
                .forEach(name -> agents.put(name, settings.agents().get(name)));
        if (!llmConfigured && agents.get("llm").local()) {
            // hosted here without a model: disabled wherever it is named (the orchestrator then leaves it out); an LLM
            // agent reached over HTTP has its model configured in its own service
            agents.put("llm", agents.get("llm").disabled());
        }
        for (String name : orchestrator.agents()) {
            if (!agents.containsKey(name)) {
                throw new IllegalStateException("orchestrator.agents names '" + name + "', known agents are "
                        + agents.keySet());
            }
        }
        this.names = List.copyOf(agents.keySet());
        List<String> all = new ArrayList<>();
        all.add("orchestrator");
        all.addAll(names);
        this.methods = List.copyOf(all);
        this.orchestrated = orchestrator.agents().stream().filter(name -> agents.get(name).enabled()).toList();
    }

    /** The settings of agent {@code name} (null for an unknown name). */
    public Agent agent(String name) {
        return agents.get(name);
    }

    /** Every agent, built in and added by configuration, by name. */
    public Map<String, Agent> all() {
        return agents;
    }

    /** The names of every agent: the built-in ones, then those added by configuration. */
    public List<String> names() {
        return names;
    }

    /** The agents the orchestrator asks: those of {@code orchestrator.agents} that are enabled. */
    public List<String> orchestrated() {
        return orchestrated;
    }

    /** The methods a request may ask for: the orchestrator and every agent. */
    public List<String> methods() {
        return methods;
    }

    /** Whether a Bedrock model is configured for the LLM agent ({@code llm.model-id}). */
    public boolean llmConfigured() {
        return llmConfigured;
    }

    @Override
    public String getName() {
        return "agent";
    }

    /**
     * {@code <name>.<what>} for the properties function {@code agent}: {@code disabled}, {@code remote} (true or false),
     * {@code timeout-ms}, and {@code call-endpoint} (what a call is sent to: the endpoint, and for an
     * agent reached over HTTP with its time limit as the connect and response timeouts).
     */
    @Override
    public String apply(String remainder) {
        int dot = remainder.indexOf('.');
        Agent agent = dot < 0 ? null : agents.get(remainder.substring(0, dot));
        if (agent == null) {
            throw new IllegalArgumentException("{{agent:" + remainder + "}}: expected <agent>.<setting> of an agent of "
                    + agents.keySet());
        }
        return switch (remainder.substring(dot + 1)) {
            case "disabled" -> String.valueOf(!agent.enabled());
            case "remote" -> String.valueOf(agent.remote());
            case "timeout-ms" -> String.valueOf(agent.timeoutMs());
            case "call-endpoint" -> !agent.remote() ? agent.endpoint() : agent.endpoint()
                    + (agent.endpoint().contains("?") ? "&" : "?") + "connectTimeout=" + agent.timeoutMs()
                    + "&responseTimeout=" + agent.timeoutMs() + "&connectionRequestTimeout=" + agent.timeoutMs();
            default -> throw new IllegalArgumentException("{{agent:" + remainder + "}}: no such setting of an agent");
        };
    }

    /** Why a disabled agent is disabled, saying which setting enables it. */
    public String disabledReason(String name) {
        if ("llm".equals(name) && !llmConfigured && agents.get("llm").local()) {
            return "no Bedrock model is configured: set llm.model-id (env LLM_MODEL_ID) to a model id, inference "
                    + "profile id or custom model deployment ARN";
        }
        return "switched off by agents." + name + ".enabled=false";
    }
}
