package agents;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import text.TextNormalizer;

/**
 * Turns a model's raw score in [0, 1] into a confidence measured on titles the model did not learn from: the scores are
 * binned by tenths, each bin's share of right answers (Laplace-smoothed towards the bin's centre when it saw few) is
 * made non-decreasing by isotonic regression (pool adjacent violators, weighted by how many answers each bin saw), and a
 * score's confidence is its bin's value. So answers given with confidence 0.9 were right about 90% of the time on the
 * titles it was measured on.
 */
public final class Calibration {

    static final int BINS = 10;

    private final double[] table;
    private final int measuredOn;

    private Calibration(double[] table, int measuredOn) {
        this.table = table;
        this.measuredOn = measuredOn;
    }

    /** No measurement: the confidence is the middle of the score's bin. */
    public static Calibration identity() {
        double[] table = new double[BINS];
        for (int i = 0; i < BINS; i++) {
            table[i] = (i + 0.5) / BINS;
        }
        return new Calibration(table, 0);
    }

    /** Collects scored answers and whether each was right. */
    public static final class Builder {
        private final int[] seen = new int[BINS];
        private final int[] right = new int[BINS];

        public void add(double score, boolean correct) {
            int bin = bin(score);
            seen[bin]++;
            right[bin] += correct ? 1 : 0;
        }

        public Calibration build() {
            double[] table = new double[BINS];
            for (int i = 0; i < BINS; i++) {
                table[i] = (right[i] + 2 * ((i + 0.5) / BINS)) / (seen[i] + 2);
            }
            poolAdjacentViolators(table, seen);
            return new Calibration(table, Arrays.stream(seen).sum());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A calibration measured on labelled titles, with the tagger's precision and recall there. */
    public record Measured(Calibration calibration, int titles, double precision, double recall) {
    }

    /**
     * Runs {@code tagger} on each example and calibrates its raw score: a tag is right when its text has the key of the
     * example's brand span. Precision is over the tags given, recall over the examples whose brand is written; stops
     * early (returning what was measured) when the thread is interrupted.
     */
    public static Measured measure(List<BrandTagger.Example> examples,
                                   java.util.function.Function<String, Optional<SpanTagger.Tag>> tagger) {
        Builder builder = builder();
        int answered = 0;
        int right = 0;
        int withBrand = 0;
        for (BrandTagger.Example example : examples) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            withBrand += example.start() >= 0 ? 1 : 0;
            Optional<SpanTagger.Tag> tag = tagger.apply(example.title());
            if (tag.isEmpty()) {
                continue;
            }
            boolean ok = example.start() >= 0 && TextNormalizer.key(tag.get().text())
                    .equals(TextNormalizer.key(example.title().substring(example.start(), example.end())));
            builder.add(tag.get().score(), ok);
            answered++;
            right += ok ? 1 : 0;
        }
        return new Measured(builder.build(), examples.size(), answered == 0 ? 0 : (double) right / answered,
                withBrand == 0 ? 0 : (double) right / withBrand);
    }

    /** The confidence of a raw score. */
    public double confidence(double score) {
        return table[bin(score)];
    }

    /** How many answers it was measured on (0: not measured). */
    public int measuredOn() {
        return measuredOn;
    }

    private static int bin(double score) {
        return Math.max(0, Math.min(BINS - 1, (int) (score * BINS)));
    }

    /** The table as text, to save it ({@link #parse} reads it back). */
    public String format() {
        StringBuilder text = new StringBuilder();
        for (double value : table) {
            text.append(text.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%s", value));
        }
        return text + ";" + measuredOn;
    }

    /** Reads {@link #format()}'s text (or a bare comma-separated table). */
    public static Calibration parse(String text) {
        String[] parts = text.split(";");
        double[] table = Arrays.stream(parts[0].split(",")).mapToDouble(Double::parseDouble).toArray();
        if (table.length != BINS) {
            throw new IllegalArgumentException("a calibration table has " + BINS + " values, not " + table.length);
        }
        return new Calibration(table, parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    }

    /** Makes the values non-decreasing (isotonic regression, weighted by how many answers each bin saw). */
    private static void poolAdjacentViolators(double[] values, int[] counts) {
        int n = values.length;
        double[] level = new double[n];
        double[] weight = new double[n];
        int[] size = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            level[blocks] = values[i];
            weight[blocks] = counts[i] + 2;
            size[blocks] = 1;
            blocks++;
            while (blocks > 1 && level[blocks - 2] > level[blocks - 1]) {
                double w = weight[blocks - 2] + weight[blocks - 1];
                level[blocks - 2] = (level[blocks - 2] * weight[blocks - 2] + level[blocks - 1] * weight[blocks - 1]) / w;
                weight[blocks - 2] = w;
                size[blocks - 2] += size[blocks - 1];
                blocks--;
            }
        }
        int at = 0;
        for (int k = 0; k < blocks; k++) {
            for (int j = 0; j < size[k]; j++) {
                values[at++] = level[k];
            }
        }
    }
}
