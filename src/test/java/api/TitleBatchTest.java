package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import support.GeneratedLines;

/**
 * Files of titles dropped in batch.inbox: answered into batch.outbox as &lt;name&gt;.results.csv with the input's own
 * columns carried through, a row for every line (failed ones with their error), and the input moved to .done/.
 */
class TitleBatchTest extends ApiTestBase {

    static final Path IN = WORK.resolve("titles-in");
    static final Path OUT = WORK.resolve("titles-out");

    /** Writes {@code text} beside the inbox, then moves it in whole (as a careful producer does). */
    static void drop(String name, String text) throws IOException {
        Files.createDirectories(IN);
        Path staging = Files.createTempFile(WORK, "drop", ".tmp");
        Files.writeString(staging, text, StandardCharsets.UTF_8);
        Files.move(staging, IN.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static List<CSVRecord> results(String name) throws IOException {
        Path results = OUT.resolve(name + ".results.csv");
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(results));
        try (Reader reader = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.parse(reader).getRecords();
        }
    }

    @Test
    void aCsvOfTitlesIsAnsweredRowByRowWithItsOwnColumns() throws IOException {
        drop("shop-a.csv", """
                sku,product_name,price
                A1,"ยาสีฟัน Colgate Total, สูตรเกลือ 150g",59
                A2,,10
                A3,TOA สีน้ำอะคริลิก 9 ลิตร,1290
                A4,"=HYPERLINK(""http://x.example"",""Colgate"")",-5
                """);
        List<CSVRecord> rows = results("shop-a.csv");
        assertThat(rows.get(0).toList()).containsExactly("sku", "product_name", "price", "brand", "confidence",
                "language", "status", "error");
        assertThat(rows).hasSize(5);
        // a cell a spreadsheet would run as a formula is written as text (a leading apostrophe)
        assertThat(rows.get(4).get(1)).isEqualTo("'=HYPERLINK(\"http://x.example\",\"Colgate\")");
        assertThat(rows.get(4).get(2)).isEqualTo("'-5");
        assertThat(rows.get(1).toList().subList(0, 4)).containsExactly("A1", "ยาสีฟัน Colgate Total, สูตรเกลือ 150g",
                "59", "Colgate");
        assertThat(rows.get(1).get(6)).isEqualTo("ok");
        assertThat(rows.get(1).get(5)).isEqualTo("mixed");
        assertThat(rows.get(2).get(0)).isEqualTo("A2");
        assertThat(rows.get(2).get(6)).isEqualTo("error");
        assertThat(rows.get(2).get(7)).startsWith("missing_product_name");
        assertThat(rows.get(3).get(3)).isEqualTo("TOA");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(IN.resolve(".done/shop-a.csv")));
        assertThat(Files.exists(OUT.resolve("shop-a.csv.results.csv.part"))).isFalse();
    }

    @Test
    void ndjsonLinesCarryTheirFieldsAndABadLineKeepsItsRow() throws IOException {
        drop("shop-b.ndjson", """
                {"id": 7, "product_name": "Mama instant noodles tom yum 55g", "method": "ner"}
                not json at all
                {"id": 9, "product_name": "colgate whitening toothpaste", "category": "oral care"}
                """);
        List<CSVRecord> rows = results("shop-b.ndjson");
        assertThat(rows.get(0).toList()).containsExactly("id", "product_name", "method", "brand", "confidence",
                "language", "status", "error");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(1).get(0)).isEqualTo("7");
        assertThat(rows.get(1).get(3)).isEqualTo("Mama");
        assertThat(rows.get(2).get(1)).isEqualTo("not json at all");
        assertThat(rows.get(2).get(6)).isEqualTo("error");
        assertThat(rows.get(2).get(7)).startsWith("invalid_request");
        assertThat(rows.get(3).get(3)).isEqualTo("Colgate");
    }

    @Test
    void aFileWithoutAProductNameColumnMovesToError() throws IOException {
        drop("shop-c.csv", "sku,title\nC1,Colgate toothpaste\n");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(IN.resolve(".error/shop-c.csv")));
        assertThat(Files.exists(OUT.resolve("shop-c.csv.results.csv"))).isFalse();
        assertThat(Files.exists(OUT.resolve("shop-c.csv.results.csv.part"))).isFalse();
    }

    @Test
    void aFileThatBreaksOffMovesToErrorAndLeavesNoPartialResults() throws IOException {
        // an unclosed quote: the rest of the file cannot be read as CSV
        drop("shop-d.csv", "sku,product_name\nD1,TOA สีน้ำ 9 ลิตร\nD2,\"Colgate toothpaste\n");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(IN.resolve(".error/shop-d.csv")));
        assertThat(Files.exists(OUT.resolve("shop-d.csv.results.csv"))).isFalse();
        assertThat(Files.exists(OUT.resolve("shop-d.csv.results.csv.part"))).isFalse();
    }

    @Test
    void aLargeGeneratedFileIsAnsweredInFull() throws IOException {
        int lines = 100_000;
        Path staging = Files.createTempFile(WORK, "large", ".tmp");
        Files.copy(GeneratedLines.of("line,product_name", lines,
                i -> i + ",Brand" + (i % 300) + " แชมพู สูตร " + i + " ขนาด " + (i % 997) + " ml"), staging,
                StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(IN);
        Files.move(staging, IN.resolve("large.csv"), StandardCopyOption.ATOMIC_MOVE);
        Path results = OUT.resolve("large.csv.results.csv");
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.exists(results));
        try (Reader reader = Files.newBufferedReader(results, StandardCharsets.UTF_8)) {
            int row = -1;
            for (CSVRecord record : CSVFormat.RFC4180.parse(reader)) {
                if (row >= 0) {
                    assertThat(record.get(0)).as("in input order").isEqualTo(String.valueOf(row));
                    assertThat(record.get(5)).isEqualTo("ok");
                }
                row++;
            }
            assertThat(row).isEqualTo(lines);
        }
    }
}
