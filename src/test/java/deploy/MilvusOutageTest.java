package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import support.Http;
import support.ServiceInstance;
import support.TcpForwarder;
import support.TestMilvus;

/**
 * A service whose Milvus is down when it starts: it starts all the same, says so in its health, answers what it can
 * without the store, and reads the store once Milvus answers (Milvus comes up behind a TCP forwarder); when Milvus goes
 * away again, loads get 503 and answers come from NER.
 */
class MilvusOutageTest {

    /** A Milvus with authorization on and a token that is not its: the start says so, and so does health. */
    @Test
    void aWrongTokenIsReportedInHealthAndLoadsAreRefused() throws IOException {
        String uri = TestMilvus.URI;
        Assumptions.assumeTrue(uri != null && TestMilvus.TOKEN != null, "MILVUS_URI and "
                + "MILVUS_TOKEN are not both set: no Milvus with authorization on to refuse a wrong token (.ci/run starts "
                + "the Milvus server with authorization on)");
        Path work = Files.createTempDirectory("mpi-token-");
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("knowledge-base.store", "milvus");
        properties.put("milvus.uri", uri);
        properties.put("milvus.token", "root:not-the-password");
        properties.put("milvus.collection", "mpi_token_" + Long.toHexString(System.nanoTime()));
        try (ServiceInstance service = ServiceInstance.start("all", properties)) {
            Http http = service.http();
            Http.Answer health = http.get("/health");
            assertThat(health.json().at("/knowledge_base/status").asText()).isEqualTo("DOWN");
            assertThat(health.json().at("/knowledge_base/registry").asText()).as(health.text())
                    .contains("Milvus at " + uri + " refused this service's credentials (the token given in milvus.token");
            Http.Answer load = http.post("/catalog", "text/csv", "product_name,brand\nColgate Total 150g,Colgate\n");
            assertThat(load.status()).as(load.text()).isEqualTo(503);
            Http.Answer answer = http.postJson("/infer", "{\"product_name\": \"ยาสีฟัน Colgate 150g\"}");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        }
    }

    @Test
    void startsWithoutMilvusAndReadsItOnceItAnswers() throws IOException {
        Path work = Files.createTempDirectory("mpi-outage-");
        int port = TcpForwarder.freePort();
        String collection = "mpi_outage_" + Long.toHexString(System.nanoTime());
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("knowledge-base.store", "milvus");
        properties.put("knowledge-base.retry-ms", "500");
        // the forwarder carries TLS through as it is: the test Milvus's certificate names 127.0.0.1
        String scheme = TestMilvus.URI == null ? "http" : URI.create(TestMilvus.URI).getScheme();
        properties.put("milvus.uri", scheme + "://127.0.0.1:" + port);
        properties.put("milvus.collection", collection);
        // short, so that the outage shows quickly; not 1 s: the 2.3 server answers a scan's queries after more than a
        // second (the SDK logs that it got no timestamp from that server and uses its own, which the server waits for)
        properties.put("milvus.timeout-ms", "5000");
        try (ServiceInstance service = ServiceInstance.start("all", properties)) {
            Http http = service.http();
            Http.Answer health = http.get("/health");
            assertThat(health.json().at("/knowledge_base/status").asText()).isEqualTo("DOWN");
            assertThat(health.json().at("/knowledge_base/reachable").asBoolean()).isFalse();
            assertThat(health.json().at("/knowledge_base/registry").asText()).contains("cannot reach Milvus");
            // the same model behind the probes: not ready (the load balancer sends elsewhere), but alive (no restart)
            Http.Answer readiness = http.get("/actuator/health/readiness");
            assertThat(readiness.status()).as(readiness.text()).isEqualTo(503);
            assertThat(readiness.json().at("/components/knowledgeBase/status").asText()).isEqualTo("DOWN");
            assertThat(readiness.json().at("/components/knowledgeBase/details/reachable").asBoolean()).isFalse();
            assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
            Http.Answer answer = http.postJson("/infer", "{\"product_name\": \"ยาสีฟัน Colgate 150g\"}");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            Http.Answer load = http.post("/catalog", "text/csv", "product_name,brand\nColgate Total 150g,Colgate\n");
            assertThat(load.status()).as("a load is refused, not lost silently: " + load.text()).isEqualTo(503);
            assertThat(load.json().at("/error/code").asText()).isEqualTo("store_unavailable");

            TestMilvus.assumeAvailable("the recovery half of this test is skipped");
            URI milvus = URI.create(TestMilvus.URI);
            try (TcpForwarder forwarder = TcpForwarder.start(port, milvus.getHost(), milvus.getPort())) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> http.get("/health").json().at("/knowledge_base/registry").isMissingNode());
                assertThat(http.get("/health").json().at("/knowledge_base/status").asText()).isEqualTo("UP");
                assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
                Http.Answer loaded = http.post("/catalog", "text/csv", """
                        product_name,brand
                        Colgate Total toothpaste 150g,Colgate
                        ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม,Colgate
                        Mama instant noodles tom yum 55g,Mama
                        """);
                assertThat(loaded.status()).as(loaded.text()).isEqualTo(200);
                Http.Answer rag = http.postJson("/infer",
                        "{\"product_name\": \"Colgate toothpaste 150g\", \"method\": \"rag\"}");
                assertThat(rag.json().get("brand").asText()).isEqualTo("Colgate");

                forwarder.close(); // Milvus goes away again
                // answers go on, from NER (its brand registry is in memory); RAG cannot search once the client has
                // seen its connections end (a call already under way when they were cut may still complete)
                Http.Answer[] last = new Http.Answer[1];
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    last[0] = http.postJson("/infer", "{\"product_name\": \"Colgate toothpaste 150g\"}");
                    return !"ok".equals(last[0].json().at("/agents/1/status").asText());
                });
                Http.Answer during = last[0];
                assertThat(during.status()).as(during.text()).isEqualTo(200);
                assertThat(during.json().get("brand").asText()).as(during.text()).isEqualTo("Colgate");
                assertThat(during.json().at("/agents/0/status").asText()).as(during.text()).isEqualTo("ok");
                assertThat(during.json().at("/agents/1/status").asText()).as(during.text()).isNotEqualTo("ok");
                Http.Answer refused = http.post("/catalog", "text/csv", "product_name,brand\nMama noodles 55g,Mama\n");
                assertThat(refused.status()).as(refused.text()).isEqualTo(503);
                assertThat(refused.json().at("/error/code").asText()).isEqualTo("store_unavailable");
                assertThat(http.get("/health").json().at("/knowledge_base/status").asText()).isEqualTo("DOWN");
                assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
            } finally {
                TestMilvus.location(collection).delete();
            }
        }
    }
}
