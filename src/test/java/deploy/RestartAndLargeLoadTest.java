package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        Enumeration<InputStream> lines = new Enumeration<>() {
            int next = -1;

            @Override
            public boolean hasMoreElements() {
                return next < rows;
            }

            @Override
            public InputStream nextElement() {
                String line = next < 0 ? "product_name,brand,category\n"
                        : "Brand%03d แชมพู สูตร %d ขนาด %d ml,Brand%03d,cat%d\n".formatted(next % 500, next, next % 997,
                        next % 500, next % 20);
                next++;
                return new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(lines);
    }

    @Test
    void aLargeStreamedCatalogueSurvivesARestart() throws IOException {
        Path work = Files.createTempDirectory("mpi-restart-");
        Map<String, String> properties = Map.of("data.dir", work.resolve("data").toString(),
                "catalog.inbox", work.resolve("inbox").toString(), "routes.dir", work.resolve("routes").toString(),
                "knowledge-base.demo-catalog", "false", "agents.ner.tagger.max-titles", "2000");
        try (ServiceInstance service = ServiceInstance.start("all", properties)) {
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
