package health;

import java.util.LinkedHashMap;
import java.util.Map;
import knowledge.Embedder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import services.TaggerService;

/**
 * The models this process answers with (the indicator {@code models}, in the readiness group, where it holds the
 * knowledge base): the embedder RAG searches with (character n-grams, or an ONNX sentence model with them) and NER's
 * tagger or ONNX token classifier, with their versions. They are loaded at start, and a model that cannot be loaded stops
 * the start; the NER tagger is trained again in the background after each load, and answers meanwhile with the one before
 * (or, before its first training, from the registry alone): UP throughout, the details say which is in use.
 */
@Component
@ConditionalOnProperty(name = "knowledge-base.enabled", havingValue = "true", matchIfMissing = true)
public class ModelsHealthIndicator implements HealthIndicator {

    private final Embedder embedder;
    private final ObjectProvider<TaggerService> tagger;

    public ModelsHealthIndicator(Embedder embedder, ObjectProvider<TaggerService> tagger) {
        this.embedder = embedder;
        this.tagger = tagger;
    }

    @Override
    public Health health() {
        Map<String, Object> embedding = new LinkedHashMap<>();
        embedding.put("id", embedder.id());
        embedding.put("dimension", embedder.dimension());
        Health.Builder health = Health.up().withDetail("embedder", embedding);
        TaggerService service = tagger.getIfAvailable();
        if (service != null) {
            Map<String, Object> status = service.status();
            Map<String, Object> ner = new LinkedHashMap<>();
            for (String key : new String[] {"kind", "status", "version", "path", "entity"}) {
                if (status.containsKey(key)) {
                    ner.put(key, status.get(key));
                }
            }
            health.withDetail("ner", ner);
        }
        return health.build();
    }
}
