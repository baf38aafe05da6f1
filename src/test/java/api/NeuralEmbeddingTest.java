package api;

import static org.assertj.core.api.Assertions.assertThat;

import app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import support.Http;

/** The service with the ready-made MiniLM sentence embedder combined with character n-grams (embedding.model.name). */
@CamelSpringBootTest
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"routes.dir=target/test-routes/embedding", "embedding.model.name=all-minilm-l6-v2-q"})
class NeuralEmbeddingTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path work = Files.createTempDirectory("mpi-embedding-");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", () -> work.resolve("inbox").toString());
    }

    @LocalServerPort
    int port;

    @Test
    void ragSearchesTheDemoCatalogueWithTheHybridEmbedding() {
        Http http = Http.onPort(port);
        JsonNode stats = http.get("/catalog/stats").json();
        assertThat(stats.path("embedder").asText())
                .startsWith("hybrid(onnx-all-minilm-l6-v2-q-").contains("*0.500").contains("char-ngram");
        assertThat(stats.path("dimension").asInt()).isEqualTo(384 + 512);
        assertThat(stats.path("products").asInt()).isEqualTo(215);

        JsonNode answer = http.postJson("/infer", """
                {"product_name": "colgate toothpaste whitening 120 g", "method": "rag"}""").json();
        assertThat(answer.path("candidates").path(0).path("brand").asText()).isEqualTo("Colgate");
        assertThat(answer.at("/agents/0/evidence/neighbours/0/brand").asText()).isEqualTo("Colgate");
    }
}
