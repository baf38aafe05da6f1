package tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import text.TextNormalizer;

/**
 * Accuracy of a running service on a labelled CSV ({@code product_name,brand}): loads a share of the rows (chosen by a
 * hash of the title, so the split is the same on every run) through POST /catalog, asks POST /infer for the others with
 * each method, and prints top-1 accuracy overall, for brands present in the loaded share ("seen") and absent from it
 * ("unseen"), how often it answered and how precise the answers were, how well its confidence is calibrated, and the
 * latency seen. Brands are compared by key (case, spaces and punctuation ignored: {@code DE'COS} = {@code DECOS}).
 *
 * <p>Calibration: the answers are binned by their confidence (tenths); ECE (expected calibration error) is the mean over
 * answers of |bin accuracy - bin mean confidence|, so 0 means "answers given with confidence 0.9 are right 90% of the
 * time". The per-bin reliability table goes to standard error.
 *
 * <p>Usage: {@code Evaluate --endpoint URL --data FILE [--train 0.6] [--methods orchestrator,ner,rag,hybrid]
 * [--api-key KEY] [--skip-load] [--errors FILE]}; {@code --errors} writes every wrong or missing answer as CSV
 * (method, title, expected brand, answer, confidence, whether the brand was in the loaded share).
 */
public final class Evaluate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Row(String title, String brand, String language) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String endpoint = options.getOrDefault("endpoint", "http://localhost:8080");
        Path data = Path.of(required(options, "data"));
        double train = Double.parseDouble(options.getOrDefault("train", "0.6"));
        List<String> methods = List.of(options.getOrDefault("methods", "orchestrator,ner,rag,hybrid").split(","));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<Row> rows = read(data);
        List<Row> loaded = new ArrayList<>();
        List<Row> queries = new ArrayList<>();
        for (Row row : rows) {
            (share(row.title()) < train ? loaded : queries).add(row);
        }
        Set<String> seenBrands = new HashSet<>();
        loaded.forEach(row -> seenBrands.add(TextNormalizer.key(row.brand())));

        if (!options.containsKey("skip-load")) {
            StringWriter csv = new StringWriter();
            try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.RFC4180)) {
                printer.printRecord("product_name", "brand");
                for (Row row : loaded) {
                    printer.printRecord(row.title(), row.brand());
                }
            }
            HttpRequest.Builder load = HttpRequest.newBuilder(URI.create(endpoint + "/catalog"))
                    .header("Content-Type", "text/csv; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString(), StandardCharsets.UTF_8));
            if (options.containsKey("api-key")) {
                load.header("X-Api-Key", options.get("api-key"));
            }
            HttpResponse<String> answer = http.send(load.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("POST /catalog answered " + answer.statusCode() + ": " + answer.body());
            }
            JsonNode report = JSON.readTree(answer.body());
            System.out.printf("Loaded %d of %d rows (%d rejected) from %s; querying %d%n",
                    report.get("accepted").asLong(), loaded.size(), report.get("rejected").asLong(), data.getFileName(),
                    queries.size());
            awaitTagger(http, endpoint);
        }

        long unseenQueries = queries.stream().filter(r -> !seenBrands.contains(TextNormalizer.key(r.brand()))).count();
        System.out.printf("%n%s: %d queries (%d with a brand seen in the loaded share, %d unseen)%n%n",
                data.getFileName(), queries.size(), queries.size() - unseenQueries, unseenQueries);
        System.out.println("| method | top-1 accuracy | seen brands | unseen brands | answered | precision when answering "
                + "| ECE | p50 ms | p95 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        CSVPrinter errors = options.containsKey("errors")
                ? new CSVPrinter(Files.newBufferedWriter(Path.of(options.get("errors")), StandardCharsets.UTF_8),
                        CSVFormat.RFC4180.builder().setHeader("method", "product_name", "brand", "answer",
                                "confidence", "seen").get())
                : null;
        for (String method : methods) {
            int correct = 0;
            int correctSeen = 0;
            int correctUnseen = 0;
            int answered = 0;
            long[] latencies = new long[queries.size()];
            Map<String, int[]> byLanguage = new LinkedHashMap<>();
            Reliability reliability = new Reliability();
            double[] topConfidence = new double[queries.size()];
            boolean[] topRight = new boolean[queries.size()];
            for (int i = 0; i < queries.size(); i++) {
                Row row = queries.get(i);
                String body = JSON.writeValueAsString(Map.of("product_name", row.title(), "method", method));
                HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/infer"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                long started = System.nanoTime();
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                latencies[i] = (System.nanoTime() - started) / 1_000_000;
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("POST /infer answered " + answer.statusCode() + ": "
                            + answer.body());
                }
                JsonNode result = JSON.readTree(answer.body());
                JsonNode brand = result.get("brand");
                double confidence = result.path("confidence").asDouble();
                boolean gave = brand != null && !brand.isNull();
                boolean right = gave && TextNormalizer.key(brand.asText()).equals(TextNormalizer.key(row.brand()));
                boolean seen = seenBrands.contains(TextNormalizer.key(row.brand()));
                if (gave) {
                    reliability.add(confidence, right);
                }
                JsonNode top = result.path("candidates").path(0);
                topConfidence[i] = top.path("confidence").asDouble(0);
                topRight[i] = !top.isMissingNode()
                        && TextNormalizer.key(top.path("brand").asText()).equals(TextNormalizer.key(row.brand()));
                if (!right && errors != null) {
                    errors.printRecord(method, row.title(), row.brand(), gave ? brand.asText() : "",
                            gave ? confidence : "", seen);
                }
                answered += gave ? 1 : 0;
                correct += right ? 1 : 0;
                correctSeen += right && seen ? 1 : 0;
                correctUnseen += right && !seen ? 1 : 0;
                int[] lang = byLanguage.computeIfAbsent(row.language(), l -> new int[2]);
                lang[0]++;
                lang[1] += right ? 1 : 0;
            }
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d | %d |%n", method,
                    pct(correct, queries.size()), pct(correctSeen, queries.size() - unseenQueries),
                    pct(correctUnseen, unseenQueries), pct(answered, queries.size()), pct(correct, answered),
                    answered == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", reliability.expectedError()),
                    percentile(latencies, 0.50), percentile(latencies, 0.95));
            System.err.println("  " + method + " reliability (confidence bin: answers, accuracy, mean confidence):"
                    + reliability);
            StringBuilder thresholds = new StringBuilder();
            for (double threshold : new double[] {0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
                int given = 0;
                int good = 0;
                for (int i = 0; i < queries.size(); i++) {
                    if (topConfidence[i] > 0 && topConfidence[i] >= threshold) {
                        given++;
                        good += topRight[i] ? 1 : 0;
                    }
                }
                thresholds.append(String.format(Locale.ROOT, " %.1f: %s answered, %s precision, %s accuracy;",
                        threshold, pct(given, queries.size()), pct(good, given), pct(good, queries.size())));
            }
            System.err.println("  " + method + " at min-confidence" + thresholds);
            StringBuilder languages = new StringBuilder();
            byLanguage.forEach((language, counts) -> languages.append(String.format(Locale.ROOT, " %s %s (%d);",
                    language, pct(counts[1], counts[0]), counts[0])));
            System.err.println("  " + method + " accuracy by language:" + languages);
        }
        if (errors != null) {
            errors.close();
        }
    }

    /** Answers binned by confidence (tenths): how many, how many right, and their summed confidence. */
    static final class Reliability {
        private static final int BINS = 10;
        private final int[] count = new int[BINS];
        private final int[] right = new int[BINS];
        private final double[] confidence = new double[BINS];

        void add(double value, boolean correct) {
            int bin = Math.max(0, Math.min(BINS - 1, (int) (value * BINS)));
            count[bin]++;
            right[bin] += correct ? 1 : 0;
            confidence[bin] += value;
        }

        /** The mean over answers of |accuracy - mean confidence| of the answer's bin. */
        double expectedError() {
            int total = Arrays.stream(count).sum();
            double error = 0;
            for (int bin = 0; bin < BINS; bin++) {
                if (count[bin] > 0) {
                    error += Math.abs((double) right[bin] / count[bin] - confidence[bin] / count[bin]) * count[bin];
                }
            }
            return total == 0 ? 0 : error / total;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int bin = 0; bin < BINS; bin++) {
                if (count[bin] > 0) {
                    text.append(String.format(Locale.ROOT, " [%.1f,%.1f): %d, %.3f, %.3f;", bin / 10.0,
                            (bin + 1) / 10.0, count[bin], (double) right[bin] / count[bin],
                            confidence[bin] / count[bin]));
                }
            }
            return text.toString();
        }
    }

    /**
     * Waits until the NER tagger retrained after the load is in use and the agents' calibrations are done (GET /agents
     * shows the tagger not training and the RAG agent not calibrating).
     */
    private static void awaitTagger(HttpClient http, String endpoint) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> agents = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/agents")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode tagger = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            boolean ragBusy = false;
            for (JsonNode agent : JSON.readTree(agents.body()).path("agents")) {
                if ("ner".equals(agent.path("name").asText())) {
                    tagger = agent.path("tagger");
                } else if ("rag".equals(agent.path("name").asText())) {
                    ragBusy = agent.at("/calibration/calibrating").asBoolean(false);
                }
            }
            if ((tagger.isMissingNode() || !tagger.path("training").asBoolean(false)) && !ragBusy) {
                if (!tagger.isMissingNode()) {
                    System.out.printf("NER tagger %s: trained on %d titles, held-out precision %.3f%n",
                            tagger.path("version").asText("none"), tagger.path("trained_on").asInt(),
                            tagger.path("held_out_precision").asDouble());
                }
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the NER tagger was still training after 30 minutes");
    }

    private static List<Row> read(Path data) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            for (CSVRecord record : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader)) {
                String title = record.get("product_name").strip();
                String brand = record.get("brand").strip();
                String language = record.isMapped("language") ? record.get("language") : "?";
                if (!title.isEmpty() && !brand.isEmpty()) {
                    rows.add(new Row(title, brand, language));
                }
            }
        }
        return rows;
    }

    /** A number in [0, 1) fixed by the title: rows under the train share are loaded, the others queried. */
    static double share(String title) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(title.getBytes(StandardCharsets.UTF_8));
        long value = ((digest[0] & 0xFFL) << 16) | ((digest[1] & 0xFFL) << 8) | (digest[2] & 0xFFL);
        return value / (double) (1 << 24);
    }

    private static String pct(int part, long whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
