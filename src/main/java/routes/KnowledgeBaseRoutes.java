package routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import settings.KnowledgeBaseSettings;

/**
 * Where this process holds the knowledge base: a timer that reads the store again when it could not be read at start
 * (a Milvus that was down), so the registry, the NER tagger and the RAG calibration follow once it answers; and, when
 * {@code knowledge-base.follow-ms} is above 0, one that reads the registry again when other services changed the shared
 * store.
 */
@Component
@ConditionalOnProperty(name = "knowledge-base.enabled", havingValue = "true", matchIfMissing = true)
public class KnowledgeBaseRoutes extends RouteBuilder {

    private final KnowledgeBaseSettings settings;

    public KnowledgeBaseRoutes(KnowledgeBaseSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:knowledge-base-retry?delay=" + settings.retryMs() + "&period=" + settings.retryMs())
                .routeId("knowledge-base-retry")
                .bean("knowledgeBase", "refresh")
                .filter(body().isEqualTo(true))
                .log(LoggingLevel.INFO, "The knowledge base answers again: its registry is read");

        if (settings.followMs() > 0) {
            from("timer:knowledge-base-follow?delay=" + settings.followMs() + "&period=" + settings.followMs())
                    .routeId("knowledge-base-follow")
                    .bean("knowledgeBase", "follow")
                    .filter(body().isEqualTo(true))
                    .log(LoggingLevel.INFO, "The shared store changed: the knowledge base's registry is read again");
        }
    }
}
