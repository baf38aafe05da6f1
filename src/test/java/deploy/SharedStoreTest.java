package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import support.Http;
import support.ServiceInstance;
import support.TestMilvus;

/**
 * Two agent services over one Milvus collection, as on ECS: a catalogue loaded through the rag service reaches the ner
 * service through its knowledge-base-follow route, which rebuilds its registry when the shared store changed.
 */
class SharedStoreTest {

    @Test
    void aCatalogueLoadedThroughOneServiceReachesTheOther() throws Exception {
        TestMilvus.assumeAvailable("the shared-store test is skipped");
        String uri = TestMilvus.URI;
        String collection = "mpi_shared_" + Long.toHexString(System.nanoTime());
        Map<String, String> rag = shared("rag", uri, collection);
        Map<String, String> ner = shared("ner", uri, collection);
        try (ServiceInstance loader = ServiceInstance.start("rag", rag);
                ServiceInstance follower = ServiceInstance.start("ner", ner)) {
            Http.Answer loaded = loader.http().post("/catalog", "text/csv", """
                    product_name,brand,category,aliases
                    Zorblax เครื่องปั่น 1.5 ลิตร,Zorblax,appliances,ซอร์แบล็กซ์
                    Zorblax blender 600W,Zorblax,appliances,
                    """);
            assertThat(loaded.status()).as(loaded.text()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> follower.http().get("/catalog/brands/Zorblax").status() == 200);
            Http.Answer answer = follower.http().postJson("/agents/ner/infer",
                    "{\"product_name\": \"เครื่องปั่น ซอร์แบล็กซ์ 2 ลิตร\", \"request_id\": \"r1\"}");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.json().get("brand").asText()).as("by the Thai alias the follower learnt from the store")
                    .isEqualTo("Zorblax");
        } finally {
            TestMilvus.location(collection).delete();
        }
    }

    private static Map<String, String> shared(String name, String uri, String collection) throws Exception {
        Map<String, String> properties = ServiceInstance.ownDirectories(Files.createTempDirectory("mpi-shared-" + name));
        properties.put("knowledge-base.store", "milvus");
        properties.put("knowledge-base.demo-catalog", "false");
        properties.put("knowledge-base.follow-ms", "500");
        properties.put("milvus.uri", uri);
        properties.put("milvus.collection", collection);
        return properties;
    }
}
