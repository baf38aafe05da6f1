package knowledge;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.milvus.orm.iterator.QueryIterator;
import io.milvus.response.QueryResultsWrapper;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.QueryIteratorReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Products and their embeddings in a Milvus collection (milvus-sdk-java, MilvusClientV2): a Milvus server, Milvus on ECS,
 * or Milvus Lite. The client connects on first use (its constructor connects, so it is made lazily), with a connect
 * timeout and a deadline on every call. The collection is created on first use with the fields {@code id} (primary key:
 * the same hash of title and brand key as the embedded store, so reloads upsert), {@code product_name}, {@code brand},
 * {@code category}, {@code aliases} ({@code |}-separated), {@code language} and {@code embedding}
 * ({@code FLOAT_VECTOR} of the embedder's dimension), an {@code AUTOINDEX} index with the {@code COSINE} metric (created
 * with the collection, so no synchronous index build is waited for), and the embedder's id and dimension in the
 * collection property {@code mpi.embedder}; opening a collection built with another embedder fails with a message saying
 * how to reindex. Searches and scans use session consistency: this process sees its own writes at once (a finished load
 * is searchable), without the wait for the cluster's latest timestamp that strong consistency adds to every search.
 */
public final class MilvusVectorStore implements VectorStore {

    static final String ID = "id";
    static final String NAME = "product_name";
    static final String BRAND = "brand";
    static final String CATEGORY = "category";
    static final String ALIASES = "aliases";
    static final String LANGUAGE = "language";
    static final String VECTOR = "embedding";
    private static final String DESCRIPTION = "multilingual-product-inference products";
    static final String EMBEDDER_PROPERTY = "mpi.embedder";

    private final String uri;
    private final String token;
    private final String collection;
    private final Embedder embedder;
    private final long timeoutMs;
    private volatile MilvusClientV2 client;

    public MilvusVectorStore(String uri, String token, String collection, Embedder embedder, long timeoutMs) {
        this.uri = uri;
        this.token = token;
        this.collection = collection;
        this.embedder = embedder;
        this.timeoutMs = timeoutMs;
    }

    /** The client, connected (and the collection made ready) on first use. */
    private MilvusClientV2 client() {
        MilvusClientV2 current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder().uri(uri)
                            .connectTimeoutMs(timeoutMs).rpcDeadlineMs(timeoutMs);
                    if (token != null && !token.isBlank()) {
                        config.token(token);
                    }
                    current = new MilvusClientV2(config.build());
                    try {
                        prepare(current);
                    } catch (RuntimeException e) {
                        current.close();
                        throw e;
                    }
                    client = current;
                }
            }
        }
        return current;
    }

    private void prepare(MilvusClientV2 milvus) {
        String identity = embedder.id() + "; dimension " + embedder.dimension();
        if (milvus.hasCollection(HasCollectionReq.builder().collectionName(collection).build())) {
            String builtWith = milvus.describeCollection(DescribeCollectionReq.builder().collectionName(collection)
                    .build()).getProperties().get(EMBEDDER_PROPERTY);
            if (!identity.equals(builtWith)) {
                throw new IllegalStateException("the Milvus collection " + collection + " at " + uri + " was built "
                        + "for another embedder (" + builtWith + "), not " + embedder.id() + " (dimension "
                        + embedder.dimension() + "); reindex: drop the collection (or name another one with "
                        + "milvus.collection) and load the catalogue again");
            }
            if (!milvus.getLoadState(GetLoadStateReq.builder().collectionName(collection).build())) {
                milvus.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
            }
            return;
        }
        CreateCollectionReq.CollectionSchema schema = milvus.createSchema();
        schema.addField(AddFieldReq.builder().fieldName(ID).dataType(DataType.VarChar).maxLength(64)
                .isPrimaryKey(true).autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName(NAME).dataType(DataType.VarChar).maxLength(4096).build());
        schema.addField(AddFieldReq.builder().fieldName(BRAND).dataType(DataType.VarChar).maxLength(1024).build());
        schema.addField(AddFieldReq.builder().fieldName(CATEGORY).dataType(DataType.VarChar).maxLength(1024).build());
        schema.addField(AddFieldReq.builder().fieldName(ALIASES).dataType(DataType.VarChar).maxLength(4096).build());
        schema.addField(AddFieldReq.builder().fieldName(LANGUAGE).dataType(DataType.VarChar).maxLength(16).build());
        schema.addField(AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector)
                .dimension(embedder.dimension()).build());
        IndexParam index = IndexParam.builder().fieldName(VECTOR).indexType(IndexParam.IndexType.AUTOINDEX)
                .metricType(IndexParam.MetricType.COSINE).build();
        milvus.createCollection(CreateCollectionReq.builder().collectionName(collection).description(DESCRIPTION)
                .properties(Map.of(EMBEDDER_PROPERTY, identity))
                .collectionSchema(schema).indexParams(List.of(index)).consistencyLevel(ConsistencyLevel.SESSION)
                .build());
    }

    @Override
    public String kind() {
        return "milvus";
    }

    @Override
    public void upsert(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<JsonObject> rows = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            Product product = entry.product();
            JsonObject row = new JsonObject();
            row.addProperty(ID, entry.id());
            row.addProperty(NAME, product.productName());
            row.addProperty(BRAND, product.brand());
            row.addProperty(CATEGORY, product.category() == null ? "" : product.category());
            row.addProperty(ALIASES, String.join("|", product.aliases()));
            row.addProperty(LANGUAGE, text.LanguageDetector.detect(product.productName()));
            com.google.gson.JsonArray vector = new com.google.gson.JsonArray(entry.vector().length);
            for (float value : entry.vector()) {
                vector.add(new JsonPrimitive(value));
            }
            row.add(VECTOR, vector);
            rows.add(row);
        }
        client().upsert(UpsertReq.builder().collectionName(collection).data(rows).build());
    }

    /** Milvus makes upserts durable itself, and session consistency shows them to this process's searches. */
    @Override
    public void commit() {
    }

    @Override
    public List<Neighbour> search(float[] vector, int k) {
        SearchResp answer = client().search(SearchReq.builder().collectionName(collection).annsField(VECTOR)
                .metricType(IndexParam.MetricType.COSINE).data(List.of(new FloatVec(vector))).limit(k)
                .outputFields(List.of(NAME, BRAND, CATEGORY)).consistencyLevel(ConsistencyLevel.SESSION).build());
        List<Neighbour> neighbours = new ArrayList<>();
        for (List<SearchResp.SearchResult> results : answer.getSearchResults()) {
            for (SearchResp.SearchResult result : results) {
                Map<String, Object> entity = result.getEntity();
                String category = (String) entity.get(CATEGORY);
                neighbours.add(new Neighbour((String) entity.get(NAME), (String) entity.get(BRAND),
                        category == null || category.isEmpty() ? null : category, result.getScore()));
            }
        }
        return neighbours;
    }

    @Override
    public long count() {
        var answer = client().query(QueryReq.builder().collectionName(collection).outputFields(List.of("count(*)"))
                .consistencyLevel(ConsistencyLevel.SESSION).build());
        return ((Number) answer.getQueryResults().get(0).getEntity().get("count(*)")).longValue();
    }

    /** Not known from the client: Milvus keeps its data on its own servers. */
    @Override
    public long sizeOnDiskBytes() {
        return -1;
    }

    @Override
    public void scan(java.util.function.BiConsumer<String, String> visitor) {
        rows(List.of(NAME, BRAND), row -> visitor.accept((String) row.get(NAME), (String) row.get(BRAND)));
    }

    private void rows(List<String> fields, java.util.function.Consumer<Map<String, Object>> visitor) {
        QueryIterator iterator = client().queryIterator(QueryIteratorReq.builder().collectionName(collection)
                .outputFields(fields).batchSize(1000L).consistencyLevel(ConsistencyLevel.SESSION).build());
        try {
            while (true) {
                List<QueryResultsWrapper.RowRecord> batch = iterator.next();
                if (batch.isEmpty()) {
                    return;
                }
                for (QueryResultsWrapper.RowRecord row : batch) {
                    visitor.accept(row.getFieldValues());
                }
            }
        } finally {
            iterator.close();
        }
    }

    @Override
    public BrandCensus census() {
        Map<String, Long> spellings = new HashMap<>();
        Map<String, Map<String, Long>> aliases = new HashMap<>();
        rows(List.of(BRAND, ALIASES), row -> {
            String brand = (String) row.get(BRAND);
            spellings.merge(brand, 1L, Long::sum);
            String given = (String) row.get(ALIASES);
            if (given != null && !given.isEmpty()) {
                for (String alias : given.split("\\|")) {
                    aliases.computeIfAbsent(brand, b -> new HashMap<>()).merge(alias, 1L, Long::sum);
                }
            }
        });
        return new BrandCensus(spellings, aliases);
    }

    /** What health shows: whether Milvus answers, whether the collection is loaded, how many rows it holds. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("uri", uri);
        status.put("collection", collection);
        try {
            MilvusClientV2 milvus = client();
            status.put("reachable", true);
            status.put("loaded", milvus.getLoadState(GetLoadStateReq.builder().collectionName(collection).build()));
            status.put("rows", count());
        } catch (RuntimeException e) {
            status.put("reachable", false);
            status.put("error", e.getMessage());
        }
        return status;
    }

    /** Drops the collection (reindexing starts from an empty one, made again on next use). */
    public void drop() {
        MilvusClientV2 milvus = client();
        milvus.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
        synchronized (this) {
            client = null;
        }
        milvus.close();
    }

    @Override
    public void close() {
        MilvusClientV2 current = client;
        if (current != null) {
            current.close();
        }
    }
}
