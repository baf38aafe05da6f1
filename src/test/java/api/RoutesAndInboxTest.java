package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import support.Http;

class RoutesAndInboxTest extends ApiTestBase {

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate template;

    @Test
    void yamlRoutesFromTheRoutesDirAreLoadedAndReplaceShippedOnes() {
        assertThat(template.requestBody("direct:external-example", "x", String.class)).isEqualTo("external:x");
        assertThat(camel.getRouteController().getRouteStatus("external-example").isStarted()).isTrue();
        assertThat(camel.getRoute("agent-hybrid").getDescription()).isEqualTo("Hybrid agent from ROUTES_DIR");
    }

    @Test
    void aDroppedCatalogueFileIsLoadedAndMovedToDone() throws Exception {
        Files.createDirectories(INBOX);
        Path file = INBOX.resolve("stationery.csv");
        Files.writeString(file.resolveSibling("stationery.tmp"),
                "product_name,brand\nStaedtler Noris pencil HB 12,Staedtler\nดินสอ สเต็ดเลอร์ 2B,Staedtler\n");
        Files.move(file.resolveSibling("stationery.tmp"), file);
        Path done = INBOX.resolve(".done").resolve("stationery.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(done));
        Path report = INBOX.resolve(".done").resolve("stationery.csv.report.json");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(report));
        assertThat(Files.readString(report)).contains("\"accepted\" : 2").contains("\"rejected\" : 0");
        assertThat(Http.onPort(port).postJson("/infer", "{\"product_name\":\"Staedtler eraser\",\"method\":\"ner\"}")
                .json().get("brand").asText()).isEqualTo("Staedtler");
    }

    @Test
    void aFileWithBadRowsGoesToErrorWithItsReport() throws Exception {
        Files.createDirectories(INBOX);
        Path file = INBOX.resolve("broken.ndjson");
        Files.writeString(file.resolveSibling("broken.tmp"),
                "{\"product_name\":\"Uni-ball Eye pen\",\"brand\":\"Uni-ball\"}\nnot json\n");
        Files.move(file.resolveSibling("broken.tmp"), file);
        Path failed = INBOX.resolve(".error").resolve("broken.ndjson");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(failed));
        Path report = INBOX.resolve(".error").resolve("broken.ndjson.report.json");
        assertThat(report).exists();
        assertThat(Files.readString(report)).contains("\"accepted\" : 1").contains("\"rejected\" : 1")
                .contains("\"line\" : 2");
    }
}
