package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import support.Http;

/**
 * How NER's and RAG's answers combine is learnt from the user's catalogue after a load, not from the demo catalogue the
 * service starts with, and the orchestrator then answers with it.
 */
@CamelSpringBootTest
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "routes.dir=target/test-routes/combination")
class CombinationLearningTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path work = Files.createTempDirectory("mpi-combination-");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", () -> work.resolve("inbox").toString());
    }

    @LocalServerPort
    int port;

    private JsonNode combinationOnceIdle(Http http) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode agents = http.get("/agents").json();
            return !agents.at("/agents/0/tagger/training").asBoolean(true)
                    && !agents.at("/agents/1/calibration/calibrating").asBoolean(true)
                    && !http.get("/health").json().at("/combination/learning").asBoolean(true);
        });
        return http.get("/health").json().get("combination");
    }

    @Test
    void learntFromTheUsersTitlesAndUsedByTheOrchestrator() throws IOException {
        Http http = Http.onPort(port);
        // the demo catalogue alone: its titles are left out, so nothing to learn from and the rule combines
        JsonNode before = combinationOnceIdle(http);
        assertThat(before.get("learnt").asBoolean()).isFalse();
        assertThat(before.get("state").asText()).startsWith("0 held-out catalogue titles answered, at least 100 needed");

        // one title in five names another brand than its product's (a reseller's listing, a mislabelled row): the
        // brand written first is then right about four times in five, whichever agent says so, and both say so
        java.util.Random random = new java.util.Random(7);
        String[] brands = {"KORVANT", "MELSIDE", "TRUNOVA", "ZALTHER", "BRISKEL", "QUORRA", "VELTANE", "NIMBRO",
            "ORLISK", "PEXTRA"};
        String[] words = {"ceiling fan", "door handle", "wireless mouse", "rice cooker", "LED bulb", "ประตู UPVC",
            "สีทาบ้าน", "แชมพู", "ถุงขยะ", "กาวซีเมนต์"};
        StringBuilder csv = new StringBuilder("product_name,brand\n");
        for (int i = 0; i < 400; i++) {
            String written = brands[random.nextInt(brands.length)];
            String labelled = random.nextInt(5) == 0 ? brands[random.nextInt(brands.length)] : written;
            csv.append(written).append(' ').append(words[random.nextInt(words.length)]).append(" รุ่น ")
                    .append((char) ('A' + random.nextInt(26))).append(random.nextInt(10_000)).append(',')
                    .append(labelled).append('\n');
        }
        assertThat(http.post("/catalog", "text/csv", csv.toString()).status()).isEqualTo(200);

        JsonNode learnt = combinationOnceIdle(http);
        assertThat(learnt.get("learnt").asBoolean()).isTrue();
        assertThat(learnt.get("held_out_titles").asInt()).isBetween(100, 400);
        JsonNode registry = learnt.at("/by_first_answer/registry");
        assertThat(registry.get("precision").asDouble()).isBetween(0.7, 0.9);
        assertThat(learnt.at("/weights/ner_log_odds").isNumber()).isTrue();

        JsonNode answer = http.postJson("/infer", Http.json(Map.of("product_name", "ZALTHER ceiling fan รุ่น Q1234")))
                .json();
        assertThat(answer.get("brand").asText()).isEqualTo("ZALTHER");
        assertThat(answer.at("/agents/1/brand").asText()).isEqualTo("ZALTHER");
        assertThat(answer.at("/candidates/0/agents").toString()).contains("ner", "rag");
        // the probability measured on held-out titles, not the rule's noisy-OR of two agents reading the same titles
        double ner = answer.at("/agents/0/confidence").asDouble();
        double rag = answer.at("/agents/1/confidence").asDouble();
        double rule = 1 - (1 - ner) * (1 - rag);
        assertThat(answer.get("confidence").asDouble()).isCloseTo(registry.get("precision").asDouble(), within(0.1))
                .isLessThan(rule - 0.05);
    }
}
