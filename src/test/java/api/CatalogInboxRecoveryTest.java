package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.Application;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import support.Http;

/**
 * A service that starts with a catalogue file in catalog.inbox/.processing (the last run stopped while loading it: a
 * crash, an out-of-memory exit) does not load it again: it moves it to .error with a report saying why, and loads the
 * files dropped since as usual.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogInboxRecoveryTest {

    static Path inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory("mpi-inbox-recovery-");
        inbox = work.resolve("inbox");
        // what a run that died while loading leaves: the file it was loading in .processing, a new one in the inbox
        Files.createDirectories(inbox.resolve(".processing"));
        Files.writeString(inbox.resolve(".processing/crashed.csv"),
                "product_name,brand\nCrash-test notebook A5,Crashtestbrand\n");
        Files.writeString(inbox.resolve("waiting.csv"), "product_name,brand\nWaiting-test ruler 30cm,Waitingbrand\n");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", inbox::toString);
        registry.add("batch.inbox", () -> work.resolve("titles").toString());
        registry.add("batch.outbox", () -> work.resolve("results").toString());
        registry.add("routes.dir", () -> work.resolve("routes").toString());
        registry.add("knowledge-base.demo-catalog", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void aFileTheLastRunWasLoadingGoesToErrorWithAReportAndIsNotLoadedAgain() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/waiting.csv")));
        assertThat(inbox.resolve(".processing/crashed.csv")).doesNotExist();
        assertThat(inbox.resolve(".error/crashed.csv")).exists();
        assertThat(Files.readString(inbox.resolve(".error/crashed.csv.report.json")))
                .contains("\"rejected\" : 1").contains("the service stopped while this file was being loaded");
        assertThat(Http.onPort(port).get("/catalog/brands/Crashtestbrand").status()).isEqualTo(404);
        assertThat(Http.onPort(port).get("/catalog/brands/Waitingbrand").status()).isEqualTo(200);
    }
}
