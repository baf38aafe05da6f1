package processors;

import services.Stores;
import inference.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import knowledge.KnowledgeBase;
import knowledge.Reindex;
import knowledge.StoreLocation;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The admin endpoints of the knowledge base's store, {@code /admin/collection}: stats, create, drop and reindex, the
 * same operations as the {@code collection} command of the jar ({@code commands.CollectionCommand}) but on the store this
 * running service uses, so that its registry, tagger and calibrations follow at once.
 */
@Component("collectionAdmin")
public class CollectionAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionAdmin.class);

    private final ObjectProvider<KnowledgeBase> knowledgeBase;
    private final ObjectProvider<Stores> stores;

    public CollectionAdmin(ObjectProvider<KnowledgeBase> knowledgeBase, ObjectProvider<Stores> stores) {
        this.knowledgeBase = knowledgeBase;
        this.stores = stores;
    }

    /** GET /admin/collection. */
    public void writeStats(Exchange exchange) throws Exception {
        KnowledgeBase kb = knowledgeBase();
        ApiErrors.write(exchange, 200, Stores.describe(kb.store().location(), kb.embedder()));
    }

    /** POST /admin/collection: 201 when the store had to be made, 200 when it was there. */
    public void create(Exchange exchange) throws Exception {
        KnowledgeBase kb = knowledgeBase();
        boolean created = kb.store().create();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created", created);
        view.putAll(Stores.describe(kb.store().location(), kb.embedder()));
        ApiErrors.write(exchange, created ? 201 : 200, view);
    }

    /** DELETE /admin/collection: every product removed; the service goes on with an empty store. */
    public void drop(Exchange exchange) throws Exception {
        KnowledgeBase kb = knowledgeBase();
        long rows = kb.productCount();
        kb.clear();
        LOG.warn("Collection dropped over HTTP: {} products removed from {}", rows,
                kb.store().location().describe());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("dropped_rows", rows);
        view.putAll(Stores.describe(kb.store().location(), kb.embedder()));
        ApiErrors.write(exchange, 200, view);
    }

    /**
     * POST /admin/collection/reindex[?source=lucene|milvus]: every product of this service's store (or of that kind's
     * store) embedded again and stored in this service's store.
     */
    public void reindex(Exchange exchange) throws Exception {
        KnowledgeBase kb = knowledgeBase();
        String from = exchange.getMessage().getHeader("source", String.class);
        if (from != null && !List.of("lucene", "milvus").contains(from)) {
            throw ApiException.badRequest("invalid_source", "source must be lucene or milvus, got '"
                    + text.SafeText.value(from) + "'");
        }
        StoreLocation source = from == null || from.equals(kb.store().kind()) ? kb.store().location()
                : stores.getObject().location(from);
        Reindex.Result result = kb.reindexFrom(source, stores.getObject().spoolDir());
        LOG.info("Reindex over HTTP from {}: {} exported, {} stored", result.from(), result.exported(),
                result.load().accepted());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reindexed", result);
        view.putAll(Stores.describe(kb.store().location(), kb.embedder()));
        ApiErrors.write(exchange, 200, view);
    }

    private KnowledgeBase knowledgeBase() {
        return CatalogLoads.required(knowledgeBase);
    }
}
