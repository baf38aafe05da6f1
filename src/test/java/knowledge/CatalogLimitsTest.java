package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * Generated rows with each field around and far over its limit, in scripts of 1 to 4 UTF-8 bytes a character: a row is
 * stored exactly when every field is within its limits in characters and in UTF-8 bytes, else rejected with its line;
 * the rows around it are read either way.
 */
class CatalogLimitsTest {

    /** Characters of 1 (a), 2 (é), 3 (Thai) and 4 (an emoji, two Java chars) UTF-8 bytes. */
    static final List<String> LETTERS = List.of("a", "\u00e9", "\u0e01", "\uD83D\uDE00");

    /** A value of {@code n} letters of one script, with no space at its ends: near or far from {@code limit}. */
    static Arbitrary<String> value(int limit) {
        Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(1, limit + 3),
                Arbitraries.integers().between(Math.max(1, limit / 2 - 3), limit / 2 + 3),
                Arbitraries.integers().between(Math.max(1, limit / 3 - 3), limit / 3 + 3),
                Arbitraries.integers().between(limit - 3, limit + 3),
                Arbitraries.integers().between(limit, 12 * limit));
        return Combinators.combine(Arbitraries.of(LETTERS), length).as((letter, n) -> "b" + letter.repeat(n - 1));
    }

    static boolean within(String value, int chars, int bytes) {
        return value.length() <= chars && value.getBytes(StandardCharsets.UTF_8).length <= bytes;
    }

    record Row(String name, String brand, String category, List<String> aliases) {
        boolean valid() {
            return within(name, CatalogReader.MAX_NAME_LENGTH, CatalogReader.MAX_NAME_BYTES)
                    && within(brand, CatalogReader.MAX_BRAND_LENGTH, CatalogReader.MAX_BRAND_BYTES)
                    && within(category, CatalogReader.MAX_CATEGORY_LENGTH, CatalogReader.MAX_CATEGORY_BYTES)
                    && aliases.stream().allMatch(a -> within(a, CatalogReader.MAX_ALIAS_LENGTH,
                            CatalogReader.MAX_ALIAS_BYTES))
                    && within(String.join("|", aliases), CatalogReader.MAX_ALIASES_LENGTH,
                            CatalogReader.MAX_ALIASES_BYTES);
        }
    }

    static Arbitrary<Row> row() {
        Arbitrary<String> shortText = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
        // mostly one field pushed at a time, so the others do not hide which limit decides
        Arbitrary<List<String>> aliases = Arbitraries.oneOf(
                value(CatalogReader.MAX_ALIAS_LENGTH).list().ofMaxSize(3),
                Arbitraries.integers().between(1, 40).map(n -> IntStream.range(0, n)
                        .mapToObj(i -> "alias" + i + "\u0e01".repeat(40)).toList()),
                shortText.list().ofMaxSize(2));
        return Arbitraries.oneOf(
                Combinators.combine(value(CatalogReader.MAX_NAME_LENGTH), shortText, shortText, shortText.list()
                        .ofMaxSize(1)).as(Row::new),
                Combinators.combine(shortText, value(CatalogReader.MAX_BRAND_LENGTH), shortText, shortText.list()
                        .ofMaxSize(1)).as(Row::new),
                Combinators.combine(shortText, shortText, value(CatalogReader.MAX_CATEGORY_LENGTH), shortText.list()
                        .ofMaxSize(1)).as(Row::new),
                Combinators.combine(shortText, shortText, shortText, aliases).as(Row::new),
                Combinators.combine(value(CatalogReader.MAX_NAME_LENGTH), value(CatalogReader.MAX_BRAND_LENGTH),
                        value(CatalogReader.MAX_CATEGORY_LENGTH), aliases).as(Row::new));
    }

    static String quoted(String cell) {
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    @Test
    void aRowIsStoredExactlyWhenEveryFieldIsWithinItsLimitsInCharactersAndBytes() throws Exception {
        List<Row> generated = row().list().ofMinSize(1).ofMaxSize(30).sampleStream().limit(60).flatMap(List::stream)
                .toList();
        // distinct aliases: the reader drops repeats
        List<Row> rows = generated.stream().map(r -> new Row(r.name(), r.brand(), r.category(),
                r.aliases().stream().distinct().toList())).toList();
        StringBuilder csv = new StringBuilder("product_name,brand,category,aliases\n");
        List<Long> expectedRejects = new ArrayList<>();
        List<Long> expectedRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            csv.append(quoted(row.name())).append(',').append(quoted(row.brand())).append(',')
                    .append(quoted(row.category())).append(',').append(quoted(String.join("|", row.aliases())))
                    .append('\n');
            (row.valid() ? expectedRows : expectedRejects).add(i + 2L);
        }
        assertThat(expectedRows).as("the generator makes valid rows").isNotEmpty();
        assertThat(expectedRejects).as("the generator makes rows over a limit").isNotEmpty();
        List<Long> stored = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        CatalogReader.read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                CatalogFormat.CSV, new CatalogReader.RowHandler() {
                    @Override
                    public void row(long line, Product product) {
                        Row row = rows.get((int) line - 2);
                        assertThat(product).isEqualTo(new Product(row.name(), row.brand(), row.category(),
                                row.aliases()));
                        stored.add(line);
                    }

                    @Override
                    public void reject(long line, String message) {
                        rejected.add(line + ": " + message);
                    }
                });
        assertThat(stored).isEqualTo(expectedRows);
        assertThat(rejected.stream().map(r -> Long.parseLong(r.substring(0, r.indexOf(':')))).toList())
                .as(rejected.stream().limit(20).collect(Collectors.joining("\n"))).isEqualTo(expectedRejects);
        assertThat(rejected).allSatisfy(message -> assertThat(message).contains("the limit is"));
    }

    @Test
    void theLimitsAreWithinWhatTheStoresHold() {
        // Lucene: a term or doc value of at most 32,766 bytes; brand + separator + alias is one doc value
        assertThat(CatalogReader.MAX_CATEGORY_BYTES).isLessThanOrEqualTo(32_766);
        assertThat(CatalogReader.MAX_BRAND_BYTES + 1 + CatalogReader.MAX_ALIAS_BYTES).isLessThanOrEqualTo(32_766);
        // Milvus: the VARCHAR max_length of the collection's fields
        assertThat(CatalogReader.MAX_NAME_BYTES).isLessThanOrEqualTo(MilvusVectorStore.NAME_MAX_BYTES);
        assertThat(CatalogReader.MAX_BRAND_BYTES).isLessThanOrEqualTo(MilvusVectorStore.BRAND_MAX_BYTES);
        assertThat(CatalogReader.MAX_CATEGORY_BYTES).isLessThanOrEqualTo(MilvusVectorStore.CATEGORY_MAX_BYTES);
        assertThat(CatalogReader.MAX_ALIASES_BYTES).isLessThanOrEqualTo(MilvusVectorStore.ALIASES_MAX_BYTES);
        // a request's category can name any catalogue category
        assertThat(CatalogReader.MAX_CATEGORY_LENGTH).isLessThanOrEqualTo(inference.InferRequests.MAX_CATEGORY_LENGTH);
        assertThat(CatalogReader.MAX_NAME_LENGTH).isLessThanOrEqualTo(inference.InferRequests.MAX_NAME_LENGTH);
    }
}
