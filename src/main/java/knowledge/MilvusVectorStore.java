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
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.AlterCollectionPropertiesReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryIteratorReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>Milvus has no transactions: a replace ({@link #beginReplace()}) upserts the new products over the old ones and
 * deletes the products it did not write only at its {@link #commit()}, so that every product stays searchable meanwhile
 * (in its old or its new version); a process killed meanwhile leaves both, and the reindex's spool, loaded again at the
 * next start, completes it.
 */
public final class MilvusVectorStore implements VectorStore {

    static final String ID = "id";
    static final String NAME = "product_name";
    static final String BRAND = "brand";
    static final String CATEGORY = "category";
    static final String ALIASES = "aliases";
    static final String LANGUAGE = "language";
    static final String VECTOR = "embedding";
    private static final Logger LOG = LoggerFactory.getLogger(MilvusVectorStore.class);
    private static final String DESCRIPTION = "multilingual-product-inference products";
    static final String EMBEDDER_PROPERTY = "mpi.embedder";
    /** The collection property that changes with every commit ({@link #changeMarker()}). */
    static final String CHANGE_PROPERTY = "mpi.changed";
    /**
     * The VARCHAR max_length of the text fields, in UTF-8 bytes as Milvus counts them. Collections made by earlier
     * versions have the same; the catalogue reader's limits ({@link CatalogReader}) are at or below these, so a batch
     * never fails for one row (a row over them is refused alone anyway, {@link #upsert}).
     */
    static final int NAME_MAX_BYTES = 4096;
    static final int BRAND_MAX_BYTES = 1024;
    static final int CATEGORY_MAX_BYTES = 1024;
    static final int ALIASES_MAX_BYTES = 4096;

    private final StoreLocation.Milvus location;
    private final String uri;
    private final String collection;
    private final Embedder embedder;
    private volatile MilvusClientV2 client;
    /** The ids upserted since a replace began (null: no replace under way). */
    private volatile java.util.Set<String> replacing;

    public MilvusVectorStore(StoreLocation.Milvus location, Embedder embedder) {
        this.location = location;
        this.uri = location.uri();
        this.collection = location.collection();
        this.embedder = embedder;
    }

    /**
     * A client connected to {@code where} (the constructor connects), with its time limits.
     *
     * @throws StoreUnavailableException when Milvus cannot be reached
     */
    private static MilvusClientV2 connect(StoreLocation.Milvus where) {
        ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder().uri(where.uri())
                .connectTimeoutMs(where.timeoutMs()).rpcDeadlineMs(where.timeoutMs());
        if (where.token() != null && !where.token().isBlank()) {
            config.token(where.token());
        }
        if (where.caCert() != null && !where.caCert().isBlank()) {
            if (!Files.isReadable(Path.of(where.caCert()))) {
                throw new StoreUnavailableException("cannot read the certificate file " + where.caCert()
                        + " given in milvus.ca-cert (env MILVUS_CA_CERT) for Milvus at " + where.uri(), null);
            }
            // trusts only these certificates; the name checked in the server's certificate is the uri's host
            config.serverPemPath(where.caCert()).serverName(URI.create(where.uri()).getHost());
        }
        try {
            return new MilvusClientV2(config.build());
        } catch (RuntimeException e) {
            // the client reports a refused handshake as a deadline passed: one handshake of our own says why
            String tls = where.uri().startsWith("https://")
                    ? TlsProbe.handshakeError(where.uri(), where.caCert(), (int) Math.min(where.timeoutMs(), 10_000))
                    : null;
            if (tls != null) {
                throw new StoreUnavailableException("the TLS handshake with Milvus at " + where.uri() + " failed ("
                        + (where.caCert() == null || where.caCert().isBlank()
                                ? "its certificate is checked against the JVM's certificate authorities; for one a "
                                        + "private authority signed, give that authority's PEM file in milvus.ca-cert, "
                                        + "env MILVUS_CA_CERT"
                                : "its certificate is checked against " + where.caCert() + ", given in "
                                        + "milvus.ca-cert, env MILVUS_CA_CERT")
                        + "): " + tls, e);
            }
            if (String.valueOf(e.getMessage()).contains("UNAUTHENTICATED")) {
                boolean given = where.token() != null && !where.token().isBlank();
                throw new StoreUnavailableException("Milvus at " + where.uri() + " refused this service's credentials ("
                        + (given ? "the token given" : "no token given") + " in milvus.token, env MILVUS_TOKEN: "
                        + "user:password, or an API key for a managed Milvus): " + e.getMessage(), e);
            }
            throw new StoreUnavailableException("cannot reach Milvus at " + where.uri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The collection at {@code location} opened to be rebuilt for {@code embedder}: when it was built for another
     * embedder it cannot hold this one's vectors, so it is dropped first (unlike the embedded store, that is not
     * atomic: the reindex's spool, loaded again at the next start, is what keeps the products then); otherwise it is
     * opened as it is and a replace begins.
     *
     * @throws StoreUnavailableException when Milvus cannot be reached
     */
    public static MilvusVectorStore rebuilding(StoreLocation.Milvus location, Embedder embedder) {
        MilvusClientV2 milvus = connect(location);
        try {
            String identity = embedder.id() + "; dimension " + embedder.dimension();
            if (milvus.hasCollection(HasCollectionReq.builder().collectionName(location.collection()).build())
                    && !identity.equals(milvus.describeCollection(DescribeCollectionReq.builder()
                    .collectionName(location.collection()).build()).getProperties().get(EMBEDDER_PROPERTY))) {
                milvus.dropCollection(DropCollectionReq.builder().collectionName(location.collection()).build());
            }
        } finally {
            milvus.close();
        }
        MilvusVectorStore store = new MilvusVectorStore(location, embedder);
        store.beginReplace();
        return store;
    }

    /** The client, connected (and the collection made ready) on first use. */
    private MilvusClientV2 client() {
        MilvusClientV2 current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    connectAndPrepare();
                }
                current = client;
            }
        }
        return current;
    }

    /** Connects and makes the collection ready; true when it had to be created. Called holding this store's lock. */
    private boolean connectAndPrepare() {
        MilvusClientV2 connected = connect(location);
        try {
            boolean created = prepare(connected);
            client = connected;
            return created;
        } catch (RuntimeException e) {
            connected.close();
            throw e;
        }
    }

    @Override
    public synchronized boolean create() {
        return client == null ? connectAndPrepare() : prepare(client);
    }

    /**
     * Checks the collection was built for this embedder and loads it, or creates it when missing (true then).
     */
    private boolean prepare(MilvusClientV2 milvus) {
        String identity = embedder.id() + "; dimension " + embedder.dimension();
        if (milvus.hasCollection(HasCollectionReq.builder().collectionName(collection).build())) {
            useExisting(milvus, identity);
            return false;
        }
        CreateCollectionReq.CollectionSchema schema = milvus.createSchema();
        schema.addField(AddFieldReq.builder().fieldName(ID).dataType(DataType.VarChar).maxLength(64)
                .isPrimaryKey(true).autoID(false).build());
        schema.addField(AddFieldReq.builder().fieldName(NAME).dataType(DataType.VarChar).maxLength(NAME_MAX_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(BRAND).dataType(DataType.VarChar).maxLength(BRAND_MAX_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(CATEGORY).dataType(DataType.VarChar)
                .maxLength(CATEGORY_MAX_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(ALIASES).dataType(DataType.VarChar)
                .maxLength(ALIASES_MAX_BYTES).build());
        schema.addField(AddFieldReq.builder().fieldName(LANGUAGE).dataType(DataType.VarChar).maxLength(16).build());
        schema.addField(AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector)
                .dimension(embedder.dimension()).build());
        IndexParam index = IndexParam.builder().fieldName(VECTOR).indexType(IndexParam.IndexType.AUTOINDEX)
                .metricType(IndexParam.MetricType.COSINE).build();
        try {
            milvus.createCollection(CreateCollectionReq.builder().collectionName(collection).description(DESCRIPTION)
                    .properties(Map.of(EMBEDDER_PROPERTY, identity))
                    .collectionSchema(schema).indexParams(List.of(index)).consistencyLevel(ConsistencyLevel.SESSION)
                    .build());
        } catch (MilvusClientException e) {
            // another service sharing the collection (the split deployment starts several at once) created it between
            // the check above and here: use it as any existing collection
            if (!milvus.hasCollection(HasCollectionReq.builder().collectionName(collection).build())) {
                throw e;
            }
            LOG.info("Milvus collection {} at {} was created by another service meanwhile; using it", collection, uri);
            useExisting(milvus, identity);
            return false;
        }
        // Milvus 2.4 and later load a collection created with its index; the 2.3 server does not
        if (!milvus.getLoadState(GetLoadStateReq.builder().collectionName(collection).build())) {
            milvus.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
        }
        return true;
    }

    /** Checks an existing collection was built for this embedder and loads it. */
    private void useExisting(MilvusClientV2 milvus, String identity) {
        String builtWith = milvus.describeCollection(DescribeCollectionReq.builder().collectionName(collection)
                .build()).getProperties().get(EMBEDDER_PROPERTY);
        if (!identity.equals(builtWith)) {
            throw new IllegalStateException("the Milvus collection " + collection + " at " + uri + " was built "
                    + "for another embedder (" + builtWith + "), not " + embedder.id() + " (dimension "
                    + embedder.dimension() + "); " + StoreLocation.REINDEX_HINT);
        }
        if (milvus.getLoadState(GetLoadStateReq.builder().collectionName(collection).build())) {
            return;
        }
        // a collection another service is still creating has no index for a moment: loading it waits for the index
        for (int attempt = 1; ; attempt++) {
            try {
                milvus.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
                return;
            } catch (MilvusClientException e) {
                if (attempt >= 20 || e.getMessage() == null || !e.getMessage().contains("index not found")) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public StoreLocation location() {
        return location;
    }

    /**
     * A product over the schema's VARCHAR lengths is refused before sending; should Milvus still refuse the batch (a
     * value it counts otherwise), its entries are sent one by one and those it refuses are returned, so one row never
     * fails the batch. A Milvus that does not answer fails the whole upsert ({@link StoreUnavailableException}).
     */
    @Override
    public List<Rejected> upsert(List<Entry> entries) {
        List<Rejected> rejected = new ArrayList<>();
        List<JsonObject> rows = new ArrayList<>(entries.size());
        List<Integer> sent = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String over = overSchema(entries.get(i).product());
            if (over != null) {
                rejected.add(new Rejected(i, over));
            } else {
                rows.add(row(entries.get(i)));
                sent.add(i);
            }
        }
        if (rows.isEmpty()) {
            return rejected;
        }
        java.util.Set<String> written = replacing;
        if (written != null) {
            // a replace under way keeps the products it wrote; its commit deletes the others
            sent.forEach(i -> written.add(entries.get(i).id()));
        }
        try {
            answered(() -> client().upsert(UpsertReq.builder().collectionName(collection).data(rows).build()));
        } catch (MilvusClientException batchRefused) {
            if (rows.size() == 1) {
                rejected.add(new Rejected(sent.get(0), "Milvus refused this product: " + batchRefused.getMessage()));
            } else {
                for (int r = 0; r < rows.size(); r++) {
                    JsonObject row = rows.get(r);
                    try {
                        answered(() -> client().upsert(UpsertReq.builder().collectionName(collection)
                                .data(List.of(row)).build()));
                    } catch (MilvusClientException e) {
                        rejected.add(new Rejected(sent.get(r), "Milvus refused this product: " + e.getMessage()));
                    }
                }
            }
        }
        rejected.sort(java.util.Comparator.comparingInt(Rejected::index));
        return rejected;
    }

    /** Why {@code product} does not fit the collection's schema, or null when it does. */
    static String overSchema(Product product) {
        String aliases = String.join("|", product.aliases());
        String[][] fields = {{NAME, product.productName(), String.valueOf(NAME_MAX_BYTES)},
                {BRAND, product.brand(), String.valueOf(BRAND_MAX_BYTES)},
                {CATEGORY, product.category() == null ? "" : product.category(), String.valueOf(CATEGORY_MAX_BYTES)},
                {ALIASES, aliases, String.valueOf(ALIASES_MAX_BYTES)}};
        for (String[] field : fields) {
            int bytes = field[1].getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > Integer.parseInt(field[2])) {
                return field[0] + " is " + bytes + " UTF-8 bytes long, the Milvus collection holds at most " + field[2];
            }
        }
        return null;
    }

    private static JsonObject row(Entry entry) {
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
        return row;
    }

    /**
     * Milvus makes upserts durable itself, and session consistency shows them to this process's searches; a replace
     * ends here, with the products it did not write deleted.
     */
    @Override
    public void commit() {
        java.util.Set<String> written = replacing;
        if (written == null) {
            markChanged();
            return;
        }
        List<Object> stale = new ArrayList<>();
        answered(() -> rows(client(), collection, List.of(ID), row -> {
            String id = (String) row.get(ID);
            if (!written.contains(id)) {
                stale.add(id);
            }
        }));
        for (int from = 0; from < stale.size(); from += 1000) {
            List<Object> batch = stale.subList(from, Math.min(stale.size(), from + 1000));
            answered(() -> client().delete(DeleteReq.builder().collectionName(collection).ids(batch).build()));
        }
        replacing = null;
        markChanged();
    }

    /**
     * A new random value in the collection property {@value #CHANGE_PROPERTY}, after the writes it marks, so that a
     * process that reads the new value then finds those writes. One property write per load.
     */
    private void markChanged() {
        answered(() -> {
            client().alterCollectionProperties(AlterCollectionPropertiesReq.builder().collectionName(collection)
                    .property(CHANGE_PROPERTY, java.util.UUID.randomUUID().toString()).build());
            return null;
        });
    }

    /**
     * The collection property {@value #CHANGE_PROPERTY} (one describe call); null for a collection no commit has marked
     * yet (new, or written only by a version of the service before the property), so that followers read it all.
     */
    @Override
    public String changeMarker() {
        return answered(() -> {
            Map<String, String> properties = client().describeCollection(DescribeCollectionReq.builder()
                    .collectionName(collection).build()).getProperties();
            return properties == null ? null : properties.get(CHANGE_PROPERTY);
        });
    }

    /** From now until the commit, the ids written are recorded, so that the commit deletes the others. */
    @Override
    public void beginReplace() {
        replacing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    /** Ends a replace under way without deleting anything: what it upserted stays (Milvus cannot take it back). */
    @Override
    public void rollback() {
        replacing = null;
    }

    /** Drops the collection and makes it again, empty, for this store's embedder. */
    /**
     * Kept in the side collection {@code <collection>_derived} ({@link MilvusDerived}) for the current change marker;
     * nothing while a replace is under way or before the first commit.
     */
    @Override
    public Derived derived(String name) {
        if (replacing != null) {
            return null;
        }
        String marker = changeMarker();
        return marker == null ? null : new MilvusDerived(this::client, collection, name, marker, uri);
    }

    @Override
    public void clear() {
        MilvusClientV2 milvus = client();
        synchronized (this) {
            milvus.dropCollection(DropCollectionReq.builder().collectionName(collection).build());
            prepare(milvus);
        }
    }

    @Override
    public List<Neighbour> search(float[] vector, int k, String category) {
        SearchReq.SearchReqBuilder request = SearchReq.builder().collectionName(collection).annsField(VECTOR)
                .metricType(IndexParam.MetricType.COSINE).data(List.of(new FloatVec(vector))).limit(k)
                .outputFields(List.of(NAME, BRAND, CATEGORY)).consistencyLevel(ConsistencyLevel.SESSION);
        if (category != null) {
            request.filter(CATEGORY + " == " + literal(category));
        }
        SearchResp answer = answered(() -> client().search(request.build()));
        List<Neighbour> neighbours = new ArrayList<>();
        for (List<SearchResp.SearchResult> results : answer.getSearchResults()) {
            for (SearchResp.SearchResult result : results) {
                Map<String, Object> entity = result.getEntity();
                String stored = (String) entity.get(CATEGORY);
                neighbours.add(new Neighbour((String) entity.get(NAME), (String) entity.get(BRAND),
                        stored == null || stored.isEmpty() ? null : stored, result.getScore()));
            }
        }
        return neighbours;
    }

    /**
     * Runs a call to Milvus; a Milvus that does not answer (connection lost, deadline passed) is a
     * {@link StoreUnavailableException}, which the API answers with 503.
     */
    private <T> T answered(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (MilvusClientException e) {
            if (e.getErrorCode() == ErrorCode.RPC_ERROR || e.getErrorCode() == ErrorCode.TIMEOUT) {
                throw new StoreUnavailableException("Milvus at " + uri + " did not answer: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** {@code value} as a string literal of a Milvus filter expression. */
    static String literal(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public long count() {
        return answered(() -> count(client(), collection));
    }

    /**
     * Rows as of now, deletes included: strong consistency, because the 2.3 server gives the client no timestamp for
     * its writes, so a session read may not see the latest deletes yet (a replace's old rows were still counted).
     */
    private static long count(MilvusClientV2 milvus, String collection) {
        var answer = milvus.query(QueryReq.builder().collectionName(collection).outputFields(List.of("count(*)"))
                .consistencyLevel(ConsistencyLevel.STRONG).build());
        return ((Number) answer.getQueryResults().get(0).getEntity().get("count(*)")).longValue();
    }

    /** Not known from the client: Milvus keeps its data on its own servers. */
    @Override
    public long sizeOnDiskBytes() {
        return -1;
    }

    @Override
    public void scan(java.util.function.BiConsumer<String, String> visitor) {
        answered(() -> rows(client(), collection, List.of(NAME, BRAND),
                row -> visitor.accept((String) row.get(NAME), (String) row.get(BRAND))));
    }

    private static long rows(MilvusClientV2 milvus, String collection, List<String> fields,
                             java.util.function.Consumer<Map<String, Object>> visitor) {
        QueryIterator iterator = milvus.queryIterator(QueryIteratorReq.builder().collectionName(collection)
                .outputFields(fields).batchSize(1000L).consistencyLevel(ConsistencyLevel.SESSION).build());
        long visited = 0;
        try {
            while (true) {
                List<QueryResultsWrapper.RowRecord> batch = iterator.next();
                if (batch.isEmpty()) {
                    return visited;
                }
                for (QueryResultsWrapper.RowRecord row : batch) {
                    visitor.accept(row.getFieldValues());
                    visited++;
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
        answered(() -> rows(client(), collection, List.of(BRAND, ALIASES), row -> {
            String brand = (String) row.get(BRAND);
            spellings.merge(brand, 1L, Long::sum);
            String given = (String) row.get(ALIASES);
            if (given != null && !given.isEmpty()) {
                for (String alias : given.split("\\|")) {
                    aliases.computeIfAbsent(brand, b -> new HashMap<>()).merge(alias, 1L, Long::sum);
                }
            }
        }));
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

    /** What {@link StoreLocation#inspect()} shows of a collection, whatever embedder built it. */
    static Map<String, Object> inspect(StoreLocation.Milvus where) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", "milvus");
        view.put("uri", where.uri());
        view.put("collection", where.collection());
        MilvusClientV2 milvus = connect(where);
        try {
            view.put("reachable", true);
            boolean exists = milvus.hasCollection(HasCollectionReq.builder().collectionName(where.collection()).build());
            view.put("exists", exists);
            if (exists) {
                // recorded as "<embedder id>; dimension <n>"
                String builtWith = milvus.describeCollection(DescribeCollectionReq.builder()
                        .collectionName(where.collection()).build()).getProperties().get(EMBEDDER_PROPERTY);
                int cut = builtWith == null ? -1 : builtWith.lastIndexOf("; dimension ");
                view.put("built_with", cut < 0 ? builtWith : builtWith.substring(0, cut));
                view.put("dimension", cut < 0 ? null : Integer.valueOf(builtWith.substring(cut + 12)));
                view.put("loaded", milvus.getLoadState(GetLoadStateReq.builder().collectionName(where.collection())
                        .build()));
                view.put("rows", count(milvus, where.collection()));
                DescribeIndexResp.IndexDesc index = milvus.describeIndex(DescribeIndexReq.builder()
                        .collectionName(where.collection()).fieldName(VECTOR).build()).getIndexDescByFieldName(VECTOR);
                if (index != null) {
                    view.put("index", index.getIndexType() == null ? null : index.getIndexType().name());
                    view.put("metric", index.getMetricType() == null ? null : index.getMetricType().name());
                    // rows Milvus has built the index over (the others are searched by brute force); not its
                    // pending_index_rows, which the 2.3 server reports equal to the indexed rows once they are built
                    view.put("indexed_rows", index.getIndexedRows());
                }
            }
        } finally {
            milvus.close();
        }
        return view;
    }

    /** Every product of a collection, whatever embedder built it. */
    static long export(StoreLocation.Milvus where, java.util.function.Consumer<Product> visitor) {
        MilvusClientV2 milvus = connect(where);
        try {
            if (!milvus.hasCollection(HasCollectionReq.builder().collectionName(where.collection()).build())) {
                return 0;
            }
            if (!milvus.getLoadState(GetLoadStateReq.builder().collectionName(where.collection()).build())) {
                milvus.loadCollection(LoadCollectionReq.builder().collectionName(where.collection()).build());
            }
            return rows(milvus, where.collection(), List.of(NAME, BRAND, CATEGORY, ALIASES), row -> {
                String category = (String) row.get(CATEGORY);
                String aliases = (String) row.get(ALIASES);
                visitor.accept(new Product((String) row.get(NAME), (String) row.get(BRAND),
                        category == null || category.isEmpty() ? null : category,
                        aliases == null || aliases.isEmpty() ? List.of() : List.of(aliases.split("\\|"))));
            });
        } finally {
            milvus.close();
        }
    }

    /** Drops a collection; false when there was none. */
    static boolean delete(StoreLocation.Milvus where) {
        MilvusClientV2 milvus = connect(where);
        try {
            String derived = where.collection() + MilvusDerived.SUFFIX;
            if (milvus.hasCollection(HasCollectionReq.builder().collectionName(derived).build())) {
                milvus.dropCollection(DropCollectionReq.builder().collectionName(derived).build());
            }
            if (!milvus.hasCollection(HasCollectionReq.builder().collectionName(where.collection()).build())) {
                return false;
            }
            milvus.dropCollection(DropCollectionReq.builder().collectionName(where.collection()).build());
            return true;
        } finally {
            milvus.close();
        }
    }

    @Override
    public void close() {
        MilvusClientV2 current = client;
        if (current != null) {
            current.close();
        }
    }
}
