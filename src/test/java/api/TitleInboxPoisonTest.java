package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import support.GeneratedLines;

/**
 * Poison title files in batch.inbox (a 20 MB quoted field that never closes, a 20 MB NDJSON line): read only up to
 * batch.max-record-chars (64 KiB by default), answered with an error row at the right line, the lines before it
 * answered, and the service up and answering the next file. A file is in .processing/ while it is answered.
 */
class TitleInboxPoisonTest extends ApiTestBase {

    static final Path IN = TitleBatchTest.IN;
    static final Path OUT = TitleBatchTest.OUT;

    /** Writes the file beside the inbox with {@code body}, then moves it in whole. */
    static void drop(String name, Writing body) throws IOException {
        Files.createDirectories(IN);
        Path staging = Files.createTempFile(WORK, "poison", ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
            body.write(out);
        }
        Files.move(staging, IN.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    interface Writing {
        void write(BufferedWriter out) throws IOException;
    }

    /** 20 MB of {@code x}, in lines of 1 KiB when {@code lines}, else on one line. */
    static void twentyMegabytes(BufferedWriter out, boolean lines) throws IOException {
        String chunk = "x".repeat(1023) + (lines ? "\n" : "x");
        for (int i = 0; i < 20 * 1024; i++) {
            out.write(chunk);
        }
    }

    @Test
    void anUnclosedQuoteOfTwentyMegabytesEndsTheFileWithAnErrorRowAtItsLine() throws Exception {
        drop("poison-quote.csv", out -> {
            out.write("sku,product_name\nQ1,Colgate toothpaste 150g\n\nQ2,TOA สีน้ำ 9 ลิตร\nQ3,\"Never closed, ");
            twentyMegabytes(out, true);
        });
        List<CSVRecord> rows = TitleBatchTest.results("poison-quote.csv");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).get(0)).isEqualTo("Q1");
        assertThat(rows.get(1).get(2)).isEqualTo("Colgate");
        assertThat(rows.get(1).get(5)).isEqualTo("ok");
        assertThat(rows.get(2).get(0)).isEqualTo("Q2");
        assertThat(rows.get(2).get(5)).isEqualTo("ok");
        assertThat(rows.get(3).get(0)).isEmpty();
        assertThat(rows.get(3).get(5)).isEqualTo("error");
        assertThat(rows.get(3).get(6)).isEqualTo("record_too_long: the record starting at line 5 is longer than "
                + "65536 characters (batch.max-record-chars; an unclosed quote?): not read, nor anything after it");
        // the rest of the file was not answered: the input goes to .error
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(IN.resolve(".error/poison-quote.csv")));
        assertThat(IN.resolve("poison-quote.csv")).doesNotExist();
        assertThat(IN.resolve(".processing/poison-quote.csv")).doesNotExist();
        assertThat(http().get("/health").json().path("status").asText()).isEqualTo("UP");
        assertNextFileIsAnswered("after-quote.csv");
    }

    @Test
    void anNdjsonLineOfTwentyMegabytesIsThatLinesErrorRowAndTheNextLineIsRead() throws Exception {
        drop("poison-line.ndjson", out -> {
            out.write("{\"id\": 1, \"product_name\": \"Colgate toothpaste 150g\"}\n\n{\"id\": 2, \"product_name\": \"");
            twentyMegabytes(out, false);
            out.write("\"}\n{\"id\": 3, \"product_name\": \"TOA สีน้ำ 9 ลิตร\"}\n");
        });
        List<CSVRecord> rows = TitleBatchTest.results("poison-line.ndjson");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).get(0)).isEqualTo("1");
        assertThat(rows.get(1).get(5)).isEqualTo("ok");
        assertThat(rows.get(2).get(0)).isEmpty();
        assertThat(rows.get(2).get(5)).isEqualTo("error");
        assertThat(rows.get(2).get(6)).isEqualTo("line_too_long: line 3 is longer than 65536 characters "
                + "(batch.max-record-chars): not read");
        assertThat(rows.get(3).get(0)).isEqualTo("3");
        assertThat(rows.get(3).get(2)).isEqualTo("TOA");
        assertThat(rows.get(3).get(5)).isEqualTo("ok");
        // every line has its row: the input is done
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(IN.resolve(".done/poison-line.ndjson")));
        assertThat(IN.resolve(".processing/poison-line.ndjson")).doesNotExist();
        assertThat(http().get("/health").json().path("status").asText()).isEqualTo("UP");
        assertNextFileIsAnswered("after-line.csv");
    }

    @Test
    void aFileIsInProcessingWhileItIsAnswered() throws Exception {
        Path staging = Files.createTempFile(WORK, "slow", ".tmp");
        Files.copy(GeneratedLines.of("line,product_name", 20_000, i -> i + ",Brand" + (i % 300) + " แชมพู " + i),
                staging, StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(IN);
        Files.move(staging, IN.resolve("while.csv"), StandardCopyOption.ATOMIC_MOVE);
        // answering begins (its partial results appear) with the input out of the inbox, in .processing
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(OUT.resolve("while.csv.results.csv.part")));
        assertThat(IN.resolve(".processing/while.csv")).exists();
        assertThat(IN.resolve("while.csv")).doesNotExist();
        assertThat(TitleBatchTest.results("while.csv")).hasSize(20_001);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(IN.resolve(".done/while.csv")));
        assertThat(IN.resolve(".processing/while.csv")).doesNotExist();
    }

    private static void assertNextFileIsAnswered(String name) throws IOException {
        TitleBatchTest.drop(name, "sku,product_name\nN1,Colgate toothpaste 150g\n");
        List<CSVRecord> rows = TitleBatchTest.results(name);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(2)).isEqualTo("Colgate");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(IN.resolve(".done/" + name)));
    }
}
