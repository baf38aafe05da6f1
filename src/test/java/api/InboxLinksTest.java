package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import support.Http;

/**
 * A symbolic link dropped into an inbox, pointing at a file outside it that the service can read: it is moved to
 * .error unread, and nothing of the file it points to reaches the results or the knowledge base.
 */
class InboxLinksTest extends ApiTestBase {

    static final Path SECRETS = WORK.resolve("outside-the-inboxes");

    static Path secret(String name, String text) throws IOException {
        Files.createDirectories(SECRETS);
        return Files.writeString(SECRETS.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Every byte under {@code dir}, as text (the results, reports and moved files). */
    static String everythingUnder(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    @Test
    void aLinkInTheTitleInboxIsMovedAsideAndWhatItPointsToIsNeverAnswered() throws Exception {
        Path target = secret("titles.csv", "product_name\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI-titles-secret\n");
        Files.createDirectories(TitleBatchTest.IN);
        Path link = Files.createSymbolicLink(TitleBatchTest.IN.resolve("leak.csv"), target);
        TitleBatchTest.drop("after-leak.csv", "product_name\nColgate Total toothpaste 150g\n");
        assertThat(TitleBatchTest.results("after-leak.csv")).hasSize(2);
        Path aside = TitleBatchTest.IN.resolve(".error").resolve("leak.csv");
        Path leaked = TitleBatchTest.OUT.resolve("leak.csv.results.csv");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.isSymbolicLink(aside) || Files.exists(leaked) || !Files.isSymbolicLink(link));
        assertThat(Files.exists(leaked)).as("results of the linked file").isFalse();
        assertThat(Files.isSymbolicLink(aside)).as("the link, moved to .error as it is").isTrue();
        assertThat(everythingUnder(TitleBatchTest.OUT)).doesNotContain("titles-secret");
        assertThat(Files.readString(target)).contains("titles-secret");
    }

    @Test
    void aLinkInTheCatalogueInboxIsMovedAsideAndWhatItPointsToIsNeverLoaded() throws Exception {
        Path target = secret("catalog.csv", "product_name,brand\nSecret title cat-secret-4711,CatSecretBrand\n");
        Files.createDirectories(INBOX);
        Path link = Files.createSymbolicLink(INBOX.resolve("leak.csv"), target);
        Path good = INBOX.resolve("after-leak.csv");
        Files.writeString(INBOX.resolve("after-leak.tmp"), "product_name,brand\nPentel Energel pen 0.5,Pentel\n");
        Files.move(INBOX.resolve("after-leak.tmp"), good);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(INBOX.resolve(".done/after-leak.csv")));
        Path aside = INBOX.resolve(".error").resolve("leak.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isSymbolicLink(aside) || !Files.isSymbolicLink(link)
                || Files.exists(INBOX.resolve(".done/leak.csv.report.json")));
        assertThat(Files.isSymbolicLink(aside)).as("the link, moved to .error as it is").isTrue();
        assertThat(Files.exists(INBOX.resolve(".error/leak.csv.report.json"))).as("no report: never read").isFalse();
        assertThat(Http.onPort(port).get("/catalog/brands/CatSecretBrand").status()).isEqualTo(404);
        assertThat(everythingUnder(INBOX)).doesNotContain("cat-secret-4711");
    }
}
