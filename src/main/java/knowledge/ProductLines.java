package knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import text.TextNormalizer;

/**
 * Product lines of well-known makers ({@code iPhone}: Apple, {@code PlayStation}: Sony), which the service ships in
 * {@code lexicon/product-lines.tsv}: a line names its maker, whom a catalogue labels as the brand, though the maker's
 * name may not be written. Lines are found in a title as the registry finds brand names ({@link BrandMatcher}: case,
 * spaces and punctuation ignored, whole words, Thai glued to its neighbours where words may be cut).
 */
public final class ProductLines {

    /** The file the service ships, on the classpath. */
    public static final String SHIPPED = "lexicon/product-lines.tsv";
    static final String SOURCE = "line";

    private final BrandMatcher matcher;
    private final int lines;

    private ProductLines(List<Brand> makers) {
        this.matcher = new BrandMatcher(makers, false);
        this.lines = makers.stream().mapToInt(maker -> maker.aliases().size()).sum();
    }

    /** No lines: nothing is found. */
    public static ProductLines none() {
        return new ProductLines(List.of());
    }

    /** The lines the service ships. */
    public static ProductLines shipped() {
        try (InputStream in = ProductLines.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is not on the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(SHIPPED + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads lines of {@code maker<TAB>line|line|...}; blank lines and lines starting with {@code #} are skipped. A line
     * without a tab or without lines is refused with its number.
     */
    static ProductLines read(InputStream in) throws IOException {
        List<Brand> makers = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String row = reader.readLine(); row != null; row = reader.readLine()) {
            number++;
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] parts = row.split("\t", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("line " + number + ": expected a maker, a tab and its lines "
                        + "separated by '|', got: " + row);
            }
            String maker = parts[0].strip();
            List<Brand.Alias> lines = new ArrayList<>();
            for (String line : parts[1].split("\\|")) {
                if (!line.isBlank()) {
                    lines.add(new Brand.Alias(line.strip(), SOURCE, 0));
                }
            }
            makers.add(new Brand(maker, TextNormalizer.key(maker), 0, lines));
        }
        return new ProductLines(makers);
    }

    /**
     * The lines written in {@code title}, earliest first (one per maker): each match's brand is the maker, its name the
     * line. A maker's own name is not looked for here: the registry and the tagger find names.
     */
    public List<BrandMatcher.Match> find(String title) {
        if (lines == 0) {
            return List.of();
        }
        return matcher.find(title);
    }

    /** How many lines it knows. */
    public int size() {
        return lines;
    }
}
