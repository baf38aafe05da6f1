package health;

import java.util.LinkedHashMap;
import java.util.Map;
import knowledge.KnowledgeBase;
import knowledge.MilvusVectorStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The knowledge base's store (the indicator {@code knowledgeBase}, in the readiness group, where this process holds the
 * knowledge base): DOWN while a Milvus store cannot be reached, so that the load balancer stops sending requests to a
 * task that cannot answer from it; its details are what {@code /health}'s {@code knowledge_base} shows.
 */
@Component
@ConditionalOnProperty(name = "knowledge-base.enabled", havingValue = "true", matchIfMissing = true)
public class KnowledgeBaseHealthIndicator implements HealthIndicator {

    private final KnowledgeBase kb;

    public KnowledgeBaseHealthIndicator(KnowledgeBase kb) {
        this.kb = kb;
    }

    @Override
    public Health health() {
        Map<String, Object> store = new LinkedHashMap<>();
        boolean up = true;
        if (kb.store() instanceof MilvusVectorStore milvus) {
            Map<String, Object> milvusStatus = milvus.status();
            up = Boolean.TRUE.equals(milvusStatus.get("reachable"));
            store.put("store", "milvus");
            store.putAll(milvusStatus);
            store.put("brands", kb.registry().size());
            if (kb.unavailable() != null) {
                store.put("registry", "not read yet: " + kb.unavailable());
            }
        } else {
            store.put("store", kb.store().kind());
            store.put("products", kb.productCount());
            store.put("brands", kb.registry().size());
        }
        return (up ? Health.up() : Health.down()).withDetails(store).build();
    }
}
