package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real Milvus: MILVUS_URI names it (.ci/run starts the Milvus 2.3.5 server, or Milvus Lite, and sets it). Without it the
 * tests are skipped with a message that says how to run them.
 */
class MilvusVectorStoreTest extends VectorStoreContract {

    static final String URI = System.getenv("MILVUS_URI");
    /** The token of a Milvus with authorization on (user:password), or null. */
    static final String TOKEN = System.getenv("MILVUS_TOKEN");
    private String collection;
    private MilvusVectorStore last;

    @BeforeEach
    void needsMilvus() {
        Assumptions.assumeTrue(URI != null && !URI.isBlank(), "MILVUS_URI is not set: Milvus tests skipped. Run them with "
                + "a Milvus server or Milvus Lite (python3 -m venv v && v/bin/pip install milvus-lite pymilvus && "
                + "v/bin/milvus-lite server --data-dir /tmp/milvus --port 19530), then MILVUS_URI=http://localhost:19530 "
                + "./mvnw verify; .ci/run does this");
        collection = "mpi_test_" + Long.toHexString(System.nanoTime());
    }

    @AfterEach
    void dropCollection() {
        if (last != null) {
            new StoreLocation.Milvus(URI, TOKEN, collection, 10_000).delete();
        }
    }

    @Override
    VectorStore fresh(Embedder embedder) {
        last = new MilvusVectorStore(URI, TOKEN, collection, embedder, 10_000);
        return last;
    }

    @Override
    VectorStore reopen(Embedder embedder) {
        return new MilvusVectorStore(URI, TOKEN, collection, embedder, 10_000);
    }

    @Test
    void everyCommitMovesTheChangeMarkerThatOtherProcessesRead() throws Exception {
        try (VectorStore store = fresh(EMBEDDER); VectorStore other = reopen(EMBEDDER)) {
            store.create();
            assertThat(store.changeMarker()).as("no commit yet").isNull();
            store.upsert(entries(new Product("Mama instant noodles tom yum 55g", "Mama", "noodles", List.of())));
            store.commit();
            String first = store.changeMarker();
            assertThat(first).isNotNull();
            assertThat(other.changeMarker()).as("as another process reads it").isEqualTo(first);
            assertThat(store.changeMarker()).as("nothing written since").isEqualTo(first);
            store.beginReplace();
            store.upsert(entries(new Product("Nissin cup noodles seafood 60g", "Nissin", "noodles", List.of())));
            store.commit();
            assertThat(other.changeMarker()).isNotNull().isNotEqualTo(first);
        }
    }

    @Test
    void aCatalogueInTheEmbeddedStorePopulatesMilvus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        StoreLocation embedded = new StoreLocation.Lucene(dir.resolve("index"));
        try (KnowledgeBase kb = new KnowledgeBase(embedded.open(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(new java.io.ByteArrayInputStream("""
                    product_name,brand,category,aliases
                    Colgate Total toothpaste 150g,Colgate,oral care,คอลเกต
                    Mama instant noodles tom yum 55g,Mama,noodles,
                    """.getBytes(java.nio.charset.StandardCharsets.UTF_8)), CatalogFormat.CSV);
        }
        try (KnowledgeBase kb = new KnowledgeBase(fresh(OTHER), OTHER, 2, 100)) {
            Reindex.Result result = kb.reindexFrom(embedded, spoolDir);
            assertThat(result.exported()).isEqualTo(2);
            assertThat(kb.productCount()).isEqualTo(2);
            assertThat(kb.nearest("Mama noodles", 1, "noodles").get(0).brand()).isEqualTo("Mama");
        }
        assertThat(embedded.inspect()).as("the source stays as it was").containsEntry("rows", 2L);
        assertThat(MilvusVectorStore.inspect(new StoreLocation.Milvus(URI, TOKEN, collection, 10_000)))
                .containsEntry("reachable", true).containsEntry("loaded", true).containsEntry("rows", 2L)
                .containsEntry("built_with", OTHER.id()).containsEntry("metric", "COSINE");
    }

    @Test
    void healthReportsReachabilityLoadStateAndRows() throws Exception {
        try (MilvusVectorStore store = (MilvusVectorStore) fresh(EMBEDDER)) {
            assertThat(store.status()).containsEntry("reachable", true).containsEntry("loaded", true)
                    .containsEntry("rows", 0L);
        }
        try (MilvusVectorStore unreachable = new MilvusVectorStore("http://127.0.0.1:9", null, "x", EMBEDDER, 1000)) {
            assertThat(unreachable.status()).containsEntry("reachable", false).containsKey("error");
        }
    }
}
