package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * A catalogue is read holding at most about one record: a CSV record (an unclosed quote) or a JSON array element far over
 * the limit is reported at its line after reading little more than the limit, however long it goes on; an NDJSON line
 * over it is skipped to its end without being kept and reported alone. The giant parts are generated as they are read,
 * never held by the test.
 */
class CatalogBoundsTest {

    /** {@code count} copies of {@code unit}'s UTF-8 bytes, made as they are read; counts what was read. */
    static final class Generated extends InputStream {
        private final byte[] unit;
        private final long count;
        private long position;

        Generated(String unit, long count) {
            this.unit = unit.getBytes(StandardCharsets.UTF_8);
            this.count = count;
        }

        long consumed() {
            return position;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            long total = unit.length * count;
            if (position >= total) {
                return -1;
            }
            int n = (int) Math.min(length, total - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = unit[(int) ((position + i) % unit.length)];
            }
            position += n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    static InputStream text(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static InputStream concat(InputStream... parts) {
        return new SequenceInputStream(Collections.enumeration(List.of(parts)));
    }

    record Outcome(List<Long> rows, List<String> rejects) {
    }

    static Outcome read(InputStream in, CatalogFormat format, int max) throws IOException {
        List<Long> rows = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        CatalogReader.read(in, format, max, new CatalogReader.RowHandler() {
            @Override
            public void row(long line, Product product) {
                rows.add(line);
            }

            @Override
            public void reject(long line, String message) {
                rejects.add(line + ": " + message);
            }
        });
        return new Outcome(rows, rejects);
    }

    @Test
    void aTwentyMegabyteUnclosedQuoteIsARowErrorAfterReadingAboutTheLimit() throws IOException {
        int max = 64 * 1024;
        Generated giant = new Generated("\u0e01x", 10_000_000); // 40 MB of UTF-8, 20 M characters
        Outcome outcome = read(concat(text("product_name,brand\nGood one,Brand\n\"Unclosed,Brand\n"), giant),
                CatalogFormat.CSV, max);
        assertThat(outcome.rows()).containsExactly(2L);
        assertThat(outcome.rejects()).hasSize(1);
        assertThat(outcome.rejects().get(0)).startsWith("3: ").contains("longer than 65536 characters");
        // the limit in characters, a few buffers of read-ahead: not the 40 MB
        assertThat(giant.consumed()).isLessThan(1_000_000);
    }

    @Test
    void anyRecordFarOverTheLimitIsReportedAtItsLineAfterReadingLittleMoreThanIt() {
        Combinators.combine(Arbitraries.integers().between(256, 64 * 1024), Arbitraries.of(CatalogFormat.values()),
                Arbitraries.integers().between(0, 5), Arbitraries.of("a", "\u0e01", "\uD83D\uDE00", "\"\"", ",", " ",
                        "\\n", "\n"), Arbitraries.integers().between(2, 40)).as(List::of)
                .sampleStream().limit(150).forEach(sample -> {
                    int max = (Integer) sample.get(0);
                    CatalogFormat format = (CatalogFormat) sample.get(1);
                    int before = (Integer) sample.get(2);
                    String unit = (String) sample.get(3);
                    int times = (Integer) sample.get(4);
                    try {
                        check(max, format, before, unit, times);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    /**
     * {@code before} good rows, then one whose title is {@code unit} repeated to {@code times} the limit (a CSV quoted
     * field, an NDJSON line, a JSON string), then a good row; a title within half the limit is read as usual.
     */
    private static void check(int max, CatalogFormat format, int before, String unit, int times) throws IOException {
        String as = format + " limit " + max + " unit " + unit + " x" + times;
        StringBuilder head = new StringBuilder(format == CatalogFormat.CSV ? "product_name,brand\n"
                : format == CatalogFormat.JSON ? "[\n" : "");
        long line = format == CatalogFormat.NDJSON ? 1 : 2;
        for (int i = 0; i < before; i++) {
            String title = "Title " + i + " " + "t".repeat(Math.min(max / 3, 900));
            head.append(row(format, title, i == 0 && format == CatalogFormat.JSON));
            line++;
        }
        // the same text in a JSON string: quotes and line breaks escaped
        String csvUnit = format == CatalogFormat.CSV ? unit : unit.replace("\"\"", "\\\"").replace("\n", "\\n");
        Generated giant = new Generated(csvUnit, (long) max * times);
        String open = switch (format) {
            case CSV -> "\"Giant ";
            case JSON -> (before == 0 ? "" : ",") + "{\"brand\": \"B\", \"product_name\": \"Giant ";
            case NDJSON -> "{\"brand\": \"B\", \"product_name\": \"Giant ";
        };
        String close = switch (format) {
            case CSV -> "\",B\n";
            case JSON, NDJSON -> "\"}\n";
        };
        String tail = row(format, "Last title", false) + (format == CatalogFormat.JSON ? "]" : "");
        Outcome outcome = read(concat(text(head + open), giant, text(close + tail)), format, max);
        assertThat(outcome.rows()).as(as).hasSizeGreaterThanOrEqualTo(before);
        assertThat(outcome.rows().subList(0, before)).as(as)
                .isEqualTo(java.util.stream.LongStream.range(line - before, line).boxed().toList());
        assertThat(outcome.rejects()).as(as).hasSize(1);
        assertThat(outcome.rejects().get(0)).as(as).startsWith(line + ": ").contains("longer than " + max);
        if (format == CatalogFormat.NDJSON) {
            // the long line is skipped to its end without being kept, and the next one read
            assertThat(outcome.rows()).as(as + ": the line after a long one is read").endsWith(line + 1);
        } else {
            // reading stops: one record's worth (4 UTF-8 bytes a character at most) and a few buffers, not the giant
            assertThat(giant.consumed()).as(as).isLessThan(4L * max + 300_000);
        }
    }

    private static String row(CatalogFormat format, String title, boolean firstInArray) {
        return switch (format) {
            case CSV -> "\"" + title + "\",Brand\n";
            case JSON -> (firstInArray ? "" : ",") + "{\"product_name\": \"" + title + "\", \"brand\": \"Brand\"}\n";
            case NDJSON -> "{\"product_name\": \"" + title + "\", \"brand\": \"Brand\"}\n";
        };
    }
}
