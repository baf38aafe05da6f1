package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import support.Http;

/**
 * A poison catalogue in the inbox (a 20 MB quoted field that never closes): read only up to catalog.max-record-chars
 * (64 KiB by default), answered with a row error at its line, the rows before it stored, the file moved to .error, and
 * the service up and loading the next file.
 */
class CatalogInboxPoisonTest extends ApiTestBase {

    @Test
    void anUnclosedQuoteOfTwentyMegabytesIsARowErrorAndTheServiceStaysUp() throws Exception {
        Files.createDirectories(INBOX);
        Path staging = WORK.resolve("poison.tmp");
        try (BufferedWriter out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            out.write("product_name,brand\nPoison-test pencil HB,Poisontestbrand\n\"Never closed, ");
            String chunk = "x".repeat(1023) + "\n";
            for (int i = 0; i < 20 * 1024; i++) {
                out.write(chunk);
            }
        }
        Files.move(staging, INBOX.resolve("poison.csv"));
        Path report = INBOX.resolve(".error").resolve("poison.csv.report.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report)
                && Files.exists(INBOX.resolve(".error/poison.csv")));
        String text = Files.readString(report);
        assertThat(text).contains("\"accepted\" : 1").contains("\"rejected\" : 1").contains("\"line\" : 3")
                .contains("longer than 65536 characters");
        assertThat(INBOX.resolve("poison.csv")).doesNotExist();
        assertThat(INBOX.resolve(".processing/poison.csv")).doesNotExist();
        assertThat(Http.onPort(port).get("/catalog/brands/Poisontestbrand").status()).isEqualTo(200);
        assertThat(Http.onPort(port).get("/health").json().path("status").asText()).isEqualTo("UP");

        // and the next file is loaded as usual
        Files.writeString(WORK.resolve("next.tmp"), "product_name,brand\nAfter-poison eraser,Afterpoisonbrand\n");
        Files.move(WORK.resolve("next.tmp"), INBOX.resolve("after-poison.csv"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(INBOX.resolve(".done/after-poison.csv")));
        assertThat(Http.onPort(port).get("/catalog/brands/Afterpoisonbrand").status()).isEqualTo(200);
    }
}
