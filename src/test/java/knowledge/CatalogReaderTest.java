package knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogReaderTest {

    private final List<String> rows = new ArrayList<>();
    private final List<String> rejects = new ArrayList<>();

    private void read(String text, CatalogFormat format) throws Exception {
        read(text.getBytes(StandardCharsets.UTF_8), format);
    }

    private void read(byte[] bytes, CatalogFormat format) throws Exception {
        CatalogReader.read(new ByteArrayInputStream(bytes), format, new CatalogReader.RowHandler() {
            @Override
            public void row(long line, Product product) {
                rows.add(line + ":" + product.productName() + "|" + product.brand() + "|" + product.category() + "|"
                        + product.aliases());
            }

            @Override
            public void reject(long line, String message) {
                rejects.add(line + ":" + message);
            }
        });
    }

    @Test
    void csvRowsWithTheirLinesAndBadRowsReported() throws Exception {
        read("""
                \uFEFFProduct_Name,brand,category,aliases
                "Colgate ยาสีฟัน, 150g",Colgate,oral care,คอลเกต|COLGATE
                ,NoTitle,x,
                "two
                lines",Brand2,,
                only one column
                Title,Brand3,c,,extra
                Title4,   ,c,
                Title5,Brand5,,
                """, CatalogFormat.CSV);
        assertThat(rows).containsExactly(
                "2:Colgate ยาสีฟัน, 150g|Colgate|oral care|[คอลเกต, COLGATE]",
                "4:two\nlines|Brand2|null|[]",
                "9:Title5|Brand5|null|[]");
        assertThat(rejects).hasSize(4);
        assertThat(rejects.get(0)).startsWith("3:product_name is missing");
        assertThat(rejects.get(1)).startsWith("6:expected");
        assertThat(rejects.get(2)).startsWith("7:expected 4 columns");
        assertThat(rejects.get(3)).startsWith("8:brand is missing");
    }

    @Test
    void csvWithoutTheNeededColumnsIsRefusedWhole() {
        assertThatThrownBy(() -> read("title,maker\na,b\n", CatalogFormat.CSV))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("product_name and brand");
        assertThatThrownBy(() -> read("", CatalogFormat.CSV))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("empty");
    }

    @Test
    void csvUnclosedQuoteStopsWithTheLine() throws Exception {
        read("product_name,brand\nok,B\n\"broken,B\nlost,B\n", CatalogFormat.CSV);
        assertThat(rows).containsExactly("2:ok|B|null|[]");
        assertThat(rejects).singleElement().asString().startsWith("3:unreadable from this line on");
    }

    @Test
    void invalidUtf8IsReportedNotGarbled() throws Exception {
        byte[] head = "product_name,brand\nok,B\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, ',', 'B', '\n', 'o', 'k', '2', ',', 'B', '\n'};
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        read(all, CatalogFormat.CSV);
        assertThat(rows).containsExactly("2:ok|B|null|[]", "4:ok2|B|null|[]");
        assertThat(rejects).containsExactly("3:the row holds bytes that are not valid UTF-8");
    }

    @Test
    void jsonArrayWithTypesChecked() throws Exception {
        read("""
                [
                  {"product_name": "Mama ต้มยำ", "brand": "Mama", "aliases": ["มาม่า"]},
                  {"product_name": 5, "brand": "X"},
                  "not an object",
                  {"product_name": "Lays", "brand": "Lay's", "aliases": "เลย์|Lays"}
                ]
                """, CatalogFormat.JSON);
        assertThat(rows).containsExactly("2:Mama ต้มยำ|Mama|null|[มาม่า]", "5:Lays|Lay's|null|[เลย์, Lays]");
        assertThat(rejects).containsExactly("3:product_name, brand and category must be strings",
                "4:expected an object with product_name and brand, got string");
    }

    @Test
    void jsonThatIsNotAnArrayIsRefusedWhole() {
        assertThatThrownBy(() -> read("{\"product_name\":\"a\"}", CatalogFormat.JSON))
                .isInstanceOf(CatalogFormatException.class).hasMessageContaining("expected a JSON array");
    }

    @Test
    void ndjsonLineByLine() throws Exception {
        read("{\"product_name\":\"a\",\"brand\":\"A\"}\n\n{broken\n{\"product_name\":\"b\",\"brand\":\"B\"}\n",
                CatalogFormat.NDJSON);
        assertThat(rows).containsExactly("1:a|A|null|[]", "4:b|B|null|[]");
        assertThat(rejects).singleElement().asString().startsWith("3:not a JSON object");
    }
}
