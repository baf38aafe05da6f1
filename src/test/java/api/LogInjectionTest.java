package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.CapturedLog;
import support.Http;

/**
 * Client values with line breaks (CR, LF, NEL, U+2028) in every place the service logs or echoes them: the request's
 * {@code method} and {@code language_hint}, a brand name in the path, a catalogue's header (over HTTP and from the
 * inbox). None of them starts a log line of its own; each shows escaped, cut short, in the one line of its refusal.
 */
class LogInjectionTest extends ApiTestBase {

    static final String FORGED = "FORGED-LINE INFO admin logged in";
    static final List<String> BREAKS = List.of("\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029");

    private static void assertNoForgedLine(CapturedLog log) {
        // case aside: the method and language hint are lower-cased before they are echoed
        assertThat(log.lines()).as(log.text()).noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT)
                .startsWith(FORGED.toLowerCase(java.util.Locale.ROOT)));
    }

    @Test
    void aMethodOrLanguageHintWithLineBreaksIsLoggedOnOneLine() {
        Http http = http();
        try (CapturedLog log = new CapturedLog()) {
            for (String line : BREAKS) {
                Http.Answer method = http.postJson("/infer", Http.json(Map.of("product_name", "Colgate Total 150g",
                        "method", "ner" + line + FORGED)));
                assertThat(method.status()).isEqualTo(400);
                assertThat(method.json().at("/error/code").asText()).isEqualTo("invalid_method");
                Http.Answer hint = http.postJson("/infer", Http.json(Map.of("product_name", "Colgate Total 150g",
                        "language_hint", "en" + line + FORGED)));
                assertThat(hint.status()).isEqualTo(400);
                assertThat(hint.json().at("/error/code").asText()).isEqualTo("invalid_language_hint");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().split("Refused with 400 invalid_method",
                    -1).length > BREAKS.size());
            assertNoForgedLine(log);
            assertThat(log.text()).contains("got 'ner\\r\\n" + FORGED.toLowerCase(java.util.Locale.ROOT) + "'");
        }
    }

    @Test
    void anEchoedValueIsCutShort() {
        Http.Answer answer = http().postJson("/infer", Http.json(Map.of("product_name", "Colgate Total 150g",
                "method", "x".repeat(900))));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asText()).contains("got '" + "x".repeat(100) + "...'")
                .doesNotContain("x".repeat(101));
    }

    @Test
    void aBrandNameWithLineBreaksInThePathIsLoggedOnOneLine() {
        Http http = http();
        try (CapturedLog log = new CapturedLog()) {
            // a line break or separator in the path, however encoded, is refused before any route (web.RequestPath),
            // and the refusal logs the path as sent, escaped
            for (String encoded : List.of("%0D%0A", "%0A", "%0D", "%C2%85", "%E2%80%A8", "%E2%80%A9")) {
                Http.Answer answer = http.get("/catalog/brands/nosuchbrand" + encoded
                        + FORGED.replace(" ", "%20"));
                assertThat(answer.status()).as(answer.text()).isEqualTo(400);
                assertThat(answer.json().at("/error/code").asText()).isEqualTo("invalid_path");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().split("Refused with 400 invalid_path",
                    -1).length > 6);
            assertNoForgedLine(log);
        }
    }

    @Test
    void aCatalogueHeaderWithLineBreaksIsLoggedOnOneLine() throws Exception {
        String csv = "\"product_name\r\n" + FORGED + "\",brand\nColgate Total 150g,Colgate\n";
        try (CapturedLog log = new CapturedLog()) {
            Http.Answer answer = http().post("/catalog", "text/csv", csv, "X-Api-Key", API_KEY);
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("invalid_catalog");
            // the same file dropped in the inbox
            Files.createDirectories(INBOX);
            Path file = INBOX.resolve("forged-header.csv");
            Files.writeString(file.resolveSibling("forged-header.tmp"), csv);
            Files.move(file.resolveSibling("forged-header.tmp"), file);
            Path report = INBOX.resolve(".error").resolve("forged-header.csv.report.json");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report)
                    && log.text().contains("Catalogue file forged-header.csv could not be read"));
            assertThat(log.text()).contains("Refused with 400 invalid_catalog");
            assertNoForgedLine(log);
        }
    }

    @Test
    void aCatalogueRowMessageShowsTheValueItEchoesEscaped() {
        String csv = "product_name,brand\nA title whose brand has no letters,\"-\r\n" + "-".repeat(50) + "\"\n";
        Http.Answer answer = http().post("/catalog", "text/csv", csv, "X-Api-Key", API_KEY);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("rejected").asInt()).isEqualTo(1);
        String message = answer.json().at("/errors/0/message").asText();
        assertThat(message).startsWith("brand '-\\r\\n---").doesNotContain("\r", "\n");
    }

    @Test
    void aCategoryWithControlCharactersIsRefused() {
        for (String control : List.of("\r\n", "\n", "\t", "\u0000", "\u001b", "\u0085", "\u2028")) {
            Http.Answer answer = http().postJson("/infer", Http.json(Map.of("product_name", "Colgate Total 150g",
                    "method", "rag", "category", "Toothpaste" + control + "\") or (brand != \"")));
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("invalid_category");
        }
        // a category without them is used as before
        assertThat(http().postJson("/infer", Http.json(Map.of("product_name", "Colgate Total 150g", "method", "rag",
                "category", "Oral care"))).status()).isEqualTo(200);
    }
}
