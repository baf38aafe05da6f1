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

/**
 * The NER agent with a transformer model configured (ner.model.path: the project's tiny token classifier) over a
 * catalogue that does not know the brands the model finds.
 */
@CamelSpringBootTest
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"routes.dir=target/test-routes/transformer", "knowledge-base.demo-catalog=false",
            "ner.model.path=src/test/resources/tiny-ner-model"})
class TransformerNerTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path work = Files.createTempDirectory("mpi-transformer-");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", () -> work.resolve("inbox").toString());
    }

    @LocalServerPort
    int port;

    @Test
    void findsABrandTheRegistryLacksAndReportsTheModelAndItsCalibration() {
        Http http = Http.onPort(port);
        Http.Answer load = http.post("/catalog", "text/csv", """
                product_name,brand
                Wonder Smile Toothpaste Natural Herbal Formula 80g,Wonder Smile
                ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์,Wonder Smile
                Sunsilk แชมพู สูตรผมนุ่มลื่น 350 มล.,Sunsilk
                """);
        assertThat(load.status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                .until(() -> http.get("/agents").json().at("/agents/0/tagger/calibrated_on").asInt() == 3
                        && !http.get("/agents").json().at("/agents/0/tagger/training").asBoolean(true));

        JsonNode tagger = http.get("/agents").json().at("/agents/0/tagger");
        assertThat(tagger.path("kind").asText()).isEqualTo("transformer");
        assertThat(tagger.path("version").asText()).hasSize(12);
        assertThat(tagger.path("entity").asText()).isEqualTo("BRAND");

        JsonNode answer = http.postJson("/infer", """
                {"product_name": "Colgate Plax น้ำยาบ้วนปาก เปปเปอร์มินต์ 750ml", "method": "ner"}""").json();
        JsonNode match = answer.at("/agents/0/evidence/matches/0");
        assertThat(answer.path("brand").asText()).isEqualTo("Colgate");
        assertThat(match.path("match_type").asText()).isEqualTo("transformer");
        assertThat(match.path("start").asInt()).isZero();
        assertThat(match.path("end").asInt()).isEqualTo(7);
        assertThat(match.path("tagger_version").asText()).isEqualTo(tagger.path("version").asText());
        assertThat(match.path("calibrated_confidence").asDouble()).isEqualTo(answer.path("confidence").asDouble());

        // a brand the registry knows is still found by the registry, not the model
        JsonNode known = http.postJson("/infer", """
                {"product_name": "Wonder Smile Toothpaste Natural Herbal Formula 80g", "method": "ner"}""").json();
        assertThat(known.path("brand").asText()).isEqualTo("Wonder Smile");
        assertThat(known.at("/agents/0/evidence/matches/0/match_type").asText()).isEqualTo("name");
    }
}
