package jbang;

import agents.NerAgent;
import agents.RagAgent;
import app.KnowledgeBaseConfig;
import commands.StandaloneContext;
import inference.AgentRequest;
import inference.AgentResult;
import inference.AgentStatus;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import text.LanguageDetector;

/**
 * The NER and RAG agents for Camel routes run outside the service, such as a YAML route tried with Camel JBang
 * ({@code scripts/jbang/local-agents.camel.yaml}): the service's own knowledge-base configuration
 * ({@link KnowledgeBaseConfig}: embedder, knowledge base in {@code data.dir} with the demo catalogue when it is new,
 * tagger, calibrations) started without the web server, with the service's settings read as the service reads them
 * (application.yaml, {@code SPRING_PROFILES_ACTIVE}, the environment: {@code DATA_DIR}, ...). A route tried here
 * answers as the service's agents would over the same data directory. The data directory is locked while open: point
 * {@code DATA_DIR} elsewhere while the service runs on it.
 */
public final class LocalAgents {

    /**
     * One per process, started by the first call: a runtime may make the bean more than once (Camel JBang parses the
     * routes before it runs them, and again on each reload in dev mode), and the data directory can be open only once.
     * Spring closes it when the process ends.
     */
    private static ConfigurableApplicationContext context;

    private static synchronized ConfigurableApplicationContext context() {
        if (context == null) {
            // the route's runtime (Camel JBang's Log4j 2) keeps its logging: Spring must not reconfigure it
            System.setProperty("org.springframework.boot.logging.LoggingSystem",
                    System.getProperty("org.springframework.boot.logging.LoggingSystem", "none"));
            context = StandaloneContext.start(KnowledgeBaseConfig.class);
        }
        return context;
    }

    /** The agent request for a product title, its language detected as the service detects it. */
    public AgentRequest request(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("expected a product title, got " + (title == null ? "nothing" : "'"
                    + text.SafeText.value(title) + "'"));
        }
        String name = title.strip();
        return new AgentRequest(UUID.randomUUID().toString(), name, LanguageDetector.detect(name), null, List.of());
    }

    public AgentResult ner(AgentRequest request) {
        return context().getBean(NerAgent.class).infer(request);
    }

    public AgentResult rag(AgentRequest request) {
        return context().getBean(RagAgent.class).infer(request);
    }

    /** The LLM agent's answer here: disabled, since it needs Amazon Bedrock (try it in the service). */
    public AgentResult llm(AgentRequest request) {
        return AgentResult.unavailable("llm", AgentStatus.DISABLED, "the LLM agent calls Amazon Bedrock; it runs in "
                + "the service (llm.model-id), not in routes run outside it");
    }
}
