package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.Application;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that starts with a title file in batch.inbox/.processing (the last run stopped while answering it: a crash,
 * an out-of-memory exit) does not answer it again: it moves it to .error with a note saying why, removes that run's
 * partial results, and answers the files dropped since as usual.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TitleInboxRecoveryTest {

    static Path titles;
    static Path results;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory("mpi-title-recovery-");
        titles = work.resolve("titles");
        results = work.resolve("results");
        // what a run that died while answering leaves: the file in .processing, its partial results, a new file
        Files.createDirectories(titles.resolve(".processing"));
        Files.writeString(titles.resolve(".processing/crashed.csv"), "sku,product_name\nC1,Colgate toothpaste\n");
        Files.createDirectories(results);
        Files.writeString(results.resolve("crashed.csv.results.csv.part"), "sku,product_name,brand,confidence,langu");
        Files.writeString(titles.resolve("waiting.csv"), "sku,product_name\nW1,Colgate toothpaste\n");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", () -> work.resolve("inbox").toString());
        registry.add("batch.inbox", titles::toString);
        registry.add("batch.outbox", results::toString);
        registry.add("routes.dir", () -> work.resolve("routes").toString());
    }

    @Test
    void aFileTheLastRunWasAnsweringGoesToErrorWithANoteAndIsNotAnsweredAgain() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(titles.resolve(".done/waiting.csv")));
        assertThat(results.resolve("waiting.csv.results.csv")).exists();
        assertThat(titles.resolve(".processing/crashed.csv")).doesNotExist();
        assertThat(Files.readString(titles.resolve(".error/crashed.csv")))
                .isEqualTo("sku,product_name\nC1,Colgate toothpaste\n");
        assertThat(Files.readString(titles.resolve(".error/crashed.csv.error.txt")))
                .startsWith("The service stopped while it was answering this file");
        assertThat(results.resolve("crashed.csv.results.csv.part")).doesNotExist();
        assertThat(results.resolve("crashed.csv.results.csv")).doesNotExist();
        assertThat(titles.resolve(".done/crashed.csv")).doesNotExist();
    }
}
