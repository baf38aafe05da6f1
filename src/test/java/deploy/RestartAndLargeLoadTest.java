package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.GeneratedLines;
import support.Http;
import support.ServiceInstance;

/**
 * A large catalogue generated on the fly (never held whole, by the client or the service) is loaded over HTTP, and a
 * restarted service finds all of it again.
 */
class RestartAndLargeLoadTest {

    static final int ROWS = 30_000;

    /** CSV rows produced one at a time as the HTTP client reads them. */
    static InputStream generatedCsv(int rows) {
        return GeneratedLines.of("product_name,brand,category", rows, i -> "Brand%03d แชมพู สูตร %d ขนาด %d ml,Brand%03d,cat%d"
                .formatted(i % 500, i, i % 997, i % 500, i % 20));
    }

    @Test
    void aLargeStreamedCatalogueSurvivesARestart() throws IOException {
        Path work = Files.createTempDirectory("mpi-restart-");
        Map<String, String> properties = Map.of("data.dir", work.resolve("data").toString(),
                "catalog.inbox", work.resolve("inbox").toString(), "routes.dir", work.resolve("routes").toString(),
                "knowledge-base.demo-catalog", "false", "agents.ner.tagger.max-titles", "2000");
        try (ServiceInstance service = ServiceInstance.start("all", properties)) {
            // nothing loaded, no demo catalogue (as prod starts): the tagger learnt from the demo titles it ships finds the span
            JsonNode first = service.http().postJson("/infer", Http.json(Map.of(
                    "product_name", "สว่านไร้สาย KORVANE รุ่น KV-2040 18V สีดำ", "method", "ner"))).json();
            assertThat(first.get("brand").asText()).as(first.toString()).isEqualTo("KORVANE");
            Http.Answer load = service.http().post("/catalog", "text/csv",
                    HttpRequest.BodyPublishers.ofInputStream(() -> generatedCsv(ROWS)));
            assertThat(load.status()).as(load.text()).isEqualTo(200);
            assertThat(load.json().get("accepted").asLong()).isEqualTo(ROWS);
            assertThat(load.json().get("rejected").asLong()).isZero();
            assertThat(service.http().get("/catalog/stats").json().get("products").asLong()).isEqualTo(ROWS);
        }
        try (ServiceInstance restarted = ServiceInstance.start("all", properties)) {
            JsonNode stats = restarted.http().get("/catalog/stats").json();
            assertThat(stats.get("products").asLong()).isEqualTo(ROWS);
            assertThat(stats.get("brands").asLong()).isEqualTo(500);
            JsonNode answer = restarted.http().postJson("/infer",
                    Http.json(Map.of("product_name", "Brand123 แชมพู สูตรใหม่"))).json();
            assertThat(answer.get("brand").asText()).isEqualTo("Brand123");
        }
    }
}
