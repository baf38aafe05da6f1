package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.Http;
import support.ServiceInstance;
import support.TestMilvus;

/**
 * The admin endpoints of /admin/collection on a service of its own (they drop what other tests read): the API key, stats,
 * create, reindex in place and from the other store kind, drop, and a category filter on RAG searches.
 */
class CollectionApiTest {

    static final String KEY = "admin-key";
    static final String[] AUTH = {"X-Api-Key", KEY};

    private static Map<String, String> properties(Path work) {
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("security.api-key", KEY);
        return properties;
    }

    @Test
    void managesTheEmbeddedStoreBehindTheApiKey() throws IOException {
        Path work = Files.createTempDirectory("mpi-admin-");
        try (ServiceInstance service = ServiceInstance.start("all", properties(work))) {
            Http http = service.http();
            assertThat(http.get("/admin/collection").status()).isEqualTo(401);
            assertThat(http.call("DELETE", "/admin/collection", "X-Api-Key", "wrong").status()).isEqualTo(401);

            Http.Answer stats = http.call("GET", "/admin/collection", AUTH);
            assertThat(stats.status()).as(stats.text()).isEqualTo(200);
            long demo = stats.json().get("rows").asLong();
            assertThat(demo).isGreaterThan(100);
            assertThat(stats.json().get("kind").asText()).isEqualTo("lucene");
            assertThat(stats.json().get("built_with_configured_embedder").asBoolean()).isTrue();
            assertThat(http.call("POST", "/admin/collection", AUTH).status()).as("it is there").isEqualTo(200);

            // the RAG agent searches among the products of the category the request names
            Http.Answer noodles = http.postJson("/infer", """
                    {"product_name": "ยาสีฟัน Colgate 150g", "method": "rag", "category": "paint"}""");
            assertThat(noodles.status()).as(noodles.text()).isEqualTo(200);
            assertThat(noodles.json().at("/agents/0/evidence/category").asText()).isEqualTo("paint");
            assertThat(noodles.json().at("/candidates/0/brand").asText()).isNotEqualTo("Colgate");
            Http.Answer nowhere = http.postJson("/infer", """
                    {"product_name": "ยาสีฟัน Colgate 150g", "method": "rag", "category": "no such category"}""");
            assertThat(nowhere.json().get("brand").isNull()).isTrue();
            assertThat(http.postJson("/infer", """
                    {"product_name": "Colgate", "category": 7}""").json().at("/error/code").asText())
                    .isEqualTo("invalid_category");

            Http.Answer reindexed = http.call("POST", "/admin/collection/reindex", AUTH);
            assertThat(reindexed.status()).as(reindexed.text()).isEqualTo(200);
            assertThat(reindexed.json().at("/reindexed/exported").asLong()).isEqualTo(demo);
            assertThat(reindexed.json().at("/reindexed/load/accepted").asLong()).isEqualTo(demo);
            assertThat(http.get("/catalog/stats").json().get("products").asLong()).isEqualTo(demo);
            Http.Answer badSource = http.call("POST", "/admin/collection/reindex?source=postgres", AUTH);
            assertThat(badSource.status()).isEqualTo(400);
            assertThat(badSource.json().at("/error/code").asText()).isEqualTo("invalid_source");

            Http.Answer dropped = http.call("DELETE", "/admin/collection", AUTH);
            assertThat(dropped.status()).as(dropped.text()).isEqualTo(200);
            assertThat(dropped.json().get("dropped_rows").asLong()).isEqualTo(demo);
            assertThat(http.get("/catalog/stats").json().get("products").asLong()).isZero();
            Http.Answer after = http.postJson("/infer", """
                    {"product_name": "ยาสีฟัน Colgate 150g", "method": "rag"}""");
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json().get("brand").isNull()).as("nothing left to vote").isTrue();
        }
    }

    @Test
    void populatesMilvusFromTheEmbeddedStore() throws IOException {
        TestMilvus.assumeAvailable("the collection API's Milvus test is skipped");
        Path work = Files.createTempDirectory("mpi-admin-milvus-");
        long demo;
        try (ServiceInstance embedded = ServiceInstance.start("all", properties(work))) {
            demo = embedded.http().get("/catalog/stats").json().get("products").asLong();
        }
        String collection = "mpi_api_" + Long.toHexString(System.nanoTime());
        Map<String, String> properties = properties(work);
        properties.put("knowledge-base.store", "milvus");
        properties.put("knowledge-base.demo-catalog", "false");
        properties.put("milvus.uri", TestMilvus.URI);
        properties.put("milvus.collection", collection);
        try (ServiceInstance service = ServiceInstance.start("all", properties)) {
            Http http = service.http();
            assertThat(http.get("/catalog/stats").json().get("products").asLong()).isZero();
            Http.Answer populated = http.call("POST", "/admin/collection/reindex?source=lucene", AUTH);
            assertThat(populated.status()).as(populated.text()).isEqualTo(200);
            assertThat(populated.json().at("/reindexed/exported").asLong()).isEqualTo(demo);
            assertThat(populated.json().get("rows").asLong()).isEqualTo(demo);
            assertThat(populated.json().get("kind").asText()).isEqualTo("milvus");
            Http.Answer answer = http.postJson("/infer", """
                    {"product_name": "ยาสีฟัน Colgate 150g", "method": "rag"}""");
            assertThat(answer.json().get("brand").asText()).isEqualTo("Colgate");
        } finally {
            TestMilvus.location(collection).delete();
        }
    }
}
