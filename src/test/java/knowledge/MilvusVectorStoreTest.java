package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real Milvus: MILVUS_URI names it (.ci/run starts Milvus Lite and sets it). Without it the
 * tests are skipped with a message that says how to run them.
 */
class MilvusVectorStoreTest extends VectorStoreContract {

    static final String URI = System.getenv("MILVUS_URI");
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
            try (MilvusVectorStore store = new MilvusVectorStore(URI, null, collection, EMBEDDER, 10_000)) {
                store.drop();
            } catch (RuntimeException ignored) {
                // built for another embedder in the refusal test: dropped with that embedder's store below
            }
        }
    }

    @Override
    VectorStore fresh(Embedder embedder) {
        last = new MilvusVectorStore(URI, null, collection, embedder, 10_000);
        return last;
    }

    @Override
    VectorStore reopen(Embedder embedder) {
        return new MilvusVectorStore(URI, null, collection, embedder, 10_000);
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
