package knowledge;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Text derived from a Milvus collection's products ({@link VectorStore#derived}), kept in the side collection
 * {@code <collection>_derived} so that every service reading the collection finds it: in chunks of at most
 * {@value #CHUNK_CHARS} characters, a row each, keyed by name and chunk number, with the version of the products it was
 * derived from and an id of the write. A reader takes the chunks of one complete write of its version, so two services
 * writing at once cannot mix their chunks. The side collection is made on the first write and dropped with the
 * collection.
 */
final class MilvusDerived implements VectorStore.Derived {

    static final String SUFFIX = "_derived";
    /** At most 64,000 bytes in UTF-8 (a character takes at most 3 bytes, a pair of surrogates 4): below VARCHAR's 65,535. */
    static final int CHUNK_CHARS = 16_000;
    /** Chunks per upsert call: 3.2 MB at most, well inside gRPC's message limits. */
    private static final int UPSERT_ROWS = 50;
    private static final String KEY = "key";
    private static final String NAME = "name";
    private static final String VERSION = "version";
    private static final String WRITE = "write";
    private static final String CHUNK = "chunk";
    private static final String CHUNKS = "chunks";
    private static final String DATA = "data";
    /** Milvus needs a vector field in every collection; this one holds nothing. */
    private static final String VECTOR = "unused";

    private final Supplier<MilvusClientV2> client;
    private final String collection;
    private final String name;
    private final String version;
    private final String uri;

    MilvusDerived(Supplier<MilvusClientV2> client, String productsCollection, String name, String version, String uri) {
        this.client = client;
        this.collection = productsCollection + SUFFIX;
        this.name = name;
        this.version = version;
        this.uri = uri;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String where() {
        return "the Milvus collection " + collection + " at " + uri + " (" + name + ")";
    }

    @Override
    public String read() {
        MilvusClientV2 milvus = client.get();
        if (!milvus.hasCollection(HasCollectionReq.builder().collectionName(collection).build())) {
            return null;
        }
        var rows = milvus.query(QueryReq.builder().collectionName(collection)
                .filter(NAME + " == " + MilvusVectorStore.literal(name) + " and " + VERSION + " == "
                        + MilvusVectorStore.literal(version))
                .outputFields(List.of(WRITE, CHUNK, CHUNKS, DATA)).consistencyLevel(ConsistencyLevel.STRONG).build())
                .getQueryResults().stream().map(row -> row.getEntity()).toList();
        Map<Object, List<Map<String, Object>>> writes = rows.stream().collect(Collectors.groupingBy(row -> row.get(WRITE)));
        for (List<Map<String, Object>> chunks : writes.values()) {
            if (chunks.size() == ((Number) chunks.get(0).get(CHUNKS)).intValue()) {
                return chunks.stream().sorted(Comparator.comparingLong(row -> ((Number) row.get(CHUNK)).longValue()))
                        .map(row -> (String) row.get(DATA)).collect(Collectors.joining());
            }
        }
        return null; // none, or only part of a write that has not finished (or failed)
    }

    @Override
    public void write(String text) {
        MilvusClientV2 milvus = client.get();
        prepare(milvus);
        String write = UUID.randomUUID().toString();
        List<String> pieces = new ArrayList<>();
        for (int from = 0; from < text.length() || pieces.isEmpty(); ) {
            int to = Math.min(text.length(), from + CHUNK_CHARS);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to--; // a pair of surrogates stays in one chunk
            }
            pieces.add(text.substring(from, to));
            from = to;
        }
        List<JsonObject> rows = new ArrayList<>(pieces.size());
        for (int chunk = 0; chunk < pieces.size(); chunk++) {
            JsonObject row = new JsonObject();
            row.addProperty(KEY, name + "#" + chunk);
            row.addProperty(NAME, name);
            row.addProperty(VERSION, version);
            row.addProperty(WRITE, write);
            row.addProperty(CHUNK, chunk);
            row.addProperty(CHUNKS, pieces.size());
            row.addProperty(DATA, pieces.get(chunk));
            JsonArray vector = new JsonArray();
            vector.add(1f);
            vector.add(0f);
            row.add(VECTOR, vector);
            rows.add(row);
        }
        for (int first = 0; first < rows.size(); first += UPSERT_ROWS) {
            milvus.upsert(UpsertReq.builder().collectionName(collection)
                    .data(rows.subList(first, Math.min(rows.size(), first + UPSERT_ROWS))).build());
        }
    }

    /** Creates and loads the side collection when it is missing (another service may be doing the same). */
    private void prepare(MilvusClientV2 milvus) {
        if (!milvus.hasCollection(HasCollectionReq.builder().collectionName(collection).build())) {
            CreateCollectionReq.CollectionSchema schema = milvus.createSchema();
            schema.addField(AddFieldReq.builder().fieldName(KEY).dataType(DataType.VarChar).maxLength(512)
                    .isPrimaryKey(true).autoID(false).build());
            schema.addField(AddFieldReq.builder().fieldName(NAME).dataType(DataType.VarChar).maxLength(256).build());
            schema.addField(AddFieldReq.builder().fieldName(VERSION).dataType(DataType.VarChar).maxLength(128).build());
            schema.addField(AddFieldReq.builder().fieldName(WRITE).dataType(DataType.VarChar).maxLength(64).build());
            schema.addField(AddFieldReq.builder().fieldName(CHUNK).dataType(DataType.Int64).build());
            schema.addField(AddFieldReq.builder().fieldName(CHUNKS).dataType(DataType.Int64).build());
            schema.addField(AddFieldReq.builder().fieldName(DATA).dataType(DataType.VarChar).maxLength(65_535).build());
            schema.addField(AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector).dimension(2).build());
            IndexParam index = IndexParam.builder().fieldName(VECTOR).indexType(IndexParam.IndexType.AUTOINDEX)
                    .metricType(IndexParam.MetricType.L2).build();
            try {
                milvus.createCollection(CreateCollectionReq.builder().collectionName(collection)
                        .description("data derived from the products of " + collection.substring(0,
                                collection.length() - SUFFIX.length()) + " (multilingual-product-inference)")
                        .collectionSchema(schema).indexParams(List.of(index)).build());
            } catch (MilvusClientException e) {
                if (!milvus.hasCollection(HasCollectionReq.builder().collectionName(collection).build())) {
                    throw e;
                } // made by another service meanwhile
            }
        }
        if (!milvus.getLoadState(GetLoadStateReq.builder().collectionName(collection).build())) {
            milvus.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
        }
    }
}
