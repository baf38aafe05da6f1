package tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import text.TextNormalizer;

/**
 * Accuracy of a running service on a labelled CSV ({@code product_name,brand[,language]}): loads a share of the rows
 * (chosen by a hash of the title, so the split is the same on every run) through POST /catalog, asks POST /infer for the
 * others with each method, and reports, per method: top-1 accuracy overall, for brands present in the loaded share
 * ("seen") and absent from it ("unseen"), and per language; how often it answered and how precise the answers were;
 * how well its confidence is calibrated (ECE and a reliability diagram); what other {@code inference.min-confidence}
 * values would give; the latency seen; and its 20 worst misses. Brands are compared by key (case, spaces and
 * punctuation ignored: {@code DE'COS} = {@code DECOS}).
 *
 * <p>Calibration: the answers are binned by their confidence (tenths); ECE (expected calibration error) is the mean over
 * answers of |bin accuracy - bin mean confidence|, so 0 means "answers given with confidence 0.9 are right 90% of the
 * time". The worst misses are the wrong answers with the highest confidence, then the abstentions whose best candidate
 * was the most confident.
 *
 * <p>Usage: {@code Evaluate --endpoint URL --data FILE [--train 0.6] [--methods orchestrator,ner,...] [--api-key KEY]
 * [--skip-load] [--out DIR] [--worst 20] [--errors FILE]}. Without {@code --methods}: the orchestrator and every agent
 * GET /agents shows enabled. The Markdown report goes to standard output and, with {@code --out DIR}, to DIR/NAME.md with
 * DIR/NAME.json and a reliability diagram per method, DIR/NAME-METHOD-reliability.png (NAME: the data file's name
 * without .csv). {@code --worst 0} leaves the worst misses out (the reports kept in docs/: their titles belong to the
 * data set). {@code --errors} writes every wrong or missing answer as CSV (method, title, expected brand, answer,
 * confidence, whether the brand was in the loaded share).
 */
public final class Evaluate {

    static final ObjectMapper JSON = new ObjectMapper();
    static final double[] THRESHOLDS = {0.0, 0.3, 0.5, 0.7, 0.9};

    private record Row(String title, String brand, String language) {
    }

    /**
     * One query's outcome for one method; {@code written}: the brand is written in the title (its key, case, spaces and
     * punctuation ignored, is part of the title's), so that the title itself can tell it.
     */
    private record Outcome(Row row, String language, boolean seen, boolean written, String answer, double confidence,
                           boolean right, String best, double bestConfidence, boolean bestRight, long latencyMs) {
    }

    /** Whether {@code row}'s brand is written in its title, in the same script (case, spaces and punctuation ignored). */
    static boolean written(String title, String brand) {
        String key = TextNormalizer.key(brand);
        return !key.isEmpty() && TextNormalizer.key(title).contains(key);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String endpoint = options.getOrDefault("endpoint", "http://localhost:8080");
        Path data = Path.of(required(options, "data"));
        double train = Double.parseDouble(options.getOrDefault("train", "0.6"));
        int worst = Integer.parseInt(options.getOrDefault("worst", "20"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        List<Row> rows = read(data);
        List<Row> loaded = new ArrayList<>();
        List<Row> queries = new ArrayList<>();
        for (Row row : rows) {
            (share(row.title()) < train ? loaded : queries).add(row);
        }
        Set<String> seenBrands = new HashSet<>();
        loaded.forEach(row -> seenBrands.add(TextNormalizer.key(row.brand())));
        if (options.containsKey("skip-load")) {
            // nothing loaded by this run: a brand is seen when the service knows it already (its demo catalogue on a
            // first run, or what was loaded before)
            for (Row row : queries) {
                if (!seenBrands.contains(TextNormalizer.key(row.brand())) && known(http, endpoint, row.brand())) {
                    seenBrands.add(TextNormalizer.key(row.brand()));
                }
            }
        }
        String name = data.getFileName().toString().replaceFirst("\\.csv$", "");

        ObjectNode report = JSON.createObjectNode();
        report.put("file", data.getFileName().toString());
        report.put("rows", rows.size());
        report.put("train_share", train);
        report.put("loaded", loaded.size());
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
            JsonNode loadReport = JSON.readTree(answer.body());
            report.put("rejected", loadReport.get("rejected").asLong());
            System.err.printf("Loaded %d of %d rows (%d rejected) from %s; querying %d%n",
                    loadReport.get("accepted").asLong(), loaded.size(), loadReport.get("rejected").asLong(),
                    data.getFileName(), queries.size());
        }
        JsonNode tagger = awaitIdle(http, endpoint);
        if (!tagger.isMissingNode()) {
            report.put("ner_tagger", String.format(Locale.ROOT, "%s: trained on %d titles, held-out precision %.3f",
                    tagger.path("version").asText("none"), tagger.path("trained_on").asInt(),
                    tagger.path("held_out_precision").asDouble()));
        }
        List<String> methods = options.containsKey("methods") ? List.of(options.get("methods").split(","))
                : enabledMethods(http, endpoint);
        long unseen = queries.stream().filter(r -> !seenBrands.contains(TextNormalizer.key(r.brand()))).count();
        report.put("queries", queries.size());
        report.put("seen_queries", queries.size() - unseen);
        report.put("unseen_queries", unseen);
        report.put("written_queries", queries.stream().filter(r -> written(r.title(), r.brand())).count());
        report.put("first_run", options.containsKey("skip-load") && loaded.isEmpty());

        CSVPrinter errors = options.containsKey("errors")
                ? new CSVPrinter(Files.newBufferedWriter(Path.of(options.get("errors")), StandardCharsets.UTF_8),
                        CSVFormat.RFC4180.builder().setHeader("method", "product_name", "brand", "answer",
                                "confidence", "seen", "written").get())
                : null;
        ArrayNode results = report.putArray("methods");
        for (String method : methods) {
            List<Outcome> outcomes = new ArrayList<>();
            for (Row row : queries) {
                Outcome outcome = ask(http, endpoint, method, row, seenBrands.contains(TextNormalizer.key(row.brand())));
                outcomes.add(outcome);
                if (!outcome.right() && errors != null) {
                    // a file for people: cells that a spreadsheet would take for a formula are made text
                    errors.printRecord(method, processors.CsvCells.safe(row.title()),
                            processors.CsvCells.safe(row.brand()),
                            outcome.answer() == null ? "" : processors.CsvCells.safe(outcome.answer()),
                            outcome.answer() == null ? "" : outcome.confidence(), outcome.seen(), outcome.written());
                }
            }
            results.add(summarise(method, outcomes, worst));
        }
        if (errors != null) {
            errors.close();
        }
        report.set("baseline", baseline(queries, seenBrands));
        String markdown = EvaluationReport.markdown(name, report);
        System.out.print(markdown);
        if (options.containsKey("out")) {
            Path out = Files.createDirectories(Path.of(options.get("out")));
            Files.writeString(out.resolve(name + ".md"), markdown);
            Files.writeString(out.resolve(name + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
            for (JsonNode method : results) {
                EvaluationReport.reliabilityDiagram(name, method,
                        out.resolve(name + "-" + method.get("method").asText() + "-reliability.png"));
            }
        }
    }

    private static Outcome ask(HttpClient http, String endpoint, String method, Row row, boolean seen)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("product_name", row.title(), "method", method));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/infer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        long started = System.nanoTime();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("POST /infer (" + method + ") answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        JsonNode result = JSON.readTree(answer.body());
        String gold = TextNormalizer.key(row.brand());
        JsonNode brand = result.get("brand");
        String given = brand == null || brand.isNull() ? null : brand.asText();
        JsonNode top = result.path("candidates").path(0);
        String best = top.isMissingNode() ? null : top.path("brand").asText();
        String language = "?".equals(row.language()) ? result.path("language").asText("?") : row.language();
        return new Outcome(row, language, seen, written(row.title(), row.brand()), given,
                result.path("confidence").asDouble(),
                given != null && TextNormalizer.key(given).equals(gold), best, top.path("confidence").asDouble(0),
                best != null && TextNormalizer.key(best).equals(gold), latencyMs);
    }

    /**
     * The figures of {@link CapitalsRule} on the same queries, worked out here without the service: answers, accuracy
     * and precision only (it has no confidence and no latency to speak of).
     */
    private static ObjectNode baseline(List<Row> queries, Set<String> seenBrands) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Row row : queries) {
            String gold = TextNormalizer.key(row.brand());
            String answer = CapitalsRule.answer(row.title()).orElse(null);
            boolean right = answer != null && TextNormalizer.key(answer).equals(gold);
            outcomes.add(new Outcome(row, row.language(), seenBrands.contains(gold), written(row.title(), row.brand()),
                    answer, 1, right, answer, 1, right, 0));
        }
        ObjectNode json = summarise(CapitalsRule.NAME, outcomes, 0);
        json.putNull("ece");
        json.putNull("p50_ms");
        json.putNull("p95_ms");
        json.remove(List.of("by_language", "reliability", "thresholds", "worst_misses"));
        return json;
    }

    /** One method's figures, as the report's JSON holds them. */
    private static ObjectNode summarise(String method, List<Outcome> outcomes, int worstMisses) {
        int n = outcomes.size();
        long seen = outcomes.stream().filter(Outcome::seen).count();
        long right = outcomes.stream().filter(Outcome::right).count();
        long rightSeen = outcomes.stream().filter(o -> o.right() && o.seen()).count();
        long answered = outcomes.stream().filter(o -> o.answer() != null).count();
        Reliability reliability = new Reliability();
        outcomes.stream().filter(o -> o.answer() != null).forEach(o -> reliability.add(o.confidence(), o.right()));
        long[] latencies = outcomes.stream().mapToLong(Outcome::latencyMs).sorted().toArray();

        ObjectNode json = JSON.createObjectNode();
        json.put("method", method);
        json.put("queries", n);
        putShare(json, "accuracy", right, n);
        putShare(json, "seen_accuracy", rightSeen, seen);
        putShare(json, "unseen_accuracy", right - rightSeen, n - seen);
        long written = outcomes.stream().filter(Outcome::written).count();
        long rightWritten = outcomes.stream().filter(o -> o.right() && o.written()).count();
        long answeredWritten = outcomes.stream().filter(o -> o.written() && o.answer() != null).count();
        putShare(json, "written_accuracy", rightWritten, written);
        putShare(json, "written_precision", rightWritten, answeredWritten);
        putShare(json, "unwritten_accuracy", right - rightWritten, n - written);
        // the same split again by seen and unseen brands: what a method does where the title can tell, and where not
        for (boolean isSeen : new boolean[] {true, false}) {
            for (boolean isWritten : new boolean[] {true, false}) {
                long cell = outcomes.stream().filter(o -> o.seen() == isSeen && o.written() == isWritten).count();
                long rightCell = outcomes.stream()
                        .filter(o -> o.right() && o.seen() == isSeen && o.written() == isWritten).count();
                String name = (isSeen ? "seen" : "unseen") + (isWritten ? "_written" : "_unwritten");
                json.put(name + "_queries", cell);
                putShare(json, name + "_accuracy", rightCell, cell);
                long otherExtent = outcomes.stream().filter(o -> !o.right() && o.seen() == isSeen
                        && o.written() == isWritten && TextNormalizer.otherExtent(o.answer(), o.row().brand())).count();
                putShare(json, name + "_extent_accuracy", rightCell + otherExtent, cell);
            }
        }
        putShare(json, "answered", answered, n);
        putShare(json, "abstention", n - answered, n);
        putShare(json, "precision", right, answered);
        if (answered > 0) {
            json.put("ece", round(reliability.expectedError()));
        } else {
            json.putNull("ece");
        }
        json.put("p50_ms", percentile(latencies, 0.50));
        json.put("p95_ms", percentile(latencies, 0.95));
        ObjectNode languages = json.putObject("by_language");
        Map<String, long[]> byLanguage = new TreeMap<>();
        for (Outcome o : outcomes) {
            long[] counts = byLanguage.computeIfAbsent(o.language(), l -> new long[2]);
            counts[0]++;
            counts[1] += o.right() ? 1 : 0;
        }
        byLanguage.forEach((language, counts) -> {
            ObjectNode entry = languages.putObject(language);
            entry.put("queries", counts[0]);
            putShare(entry, "accuracy", counts[1], counts[0]);
        });
        json.set("reliability", reliability.toJson());
        ArrayNode thresholds = json.putArray("thresholds");
        for (double threshold : THRESHOLDS) {
            long given = outcomes.stream().filter(o -> o.best() != null && o.bestConfidence() >= threshold).count();
            long good = outcomes.stream().filter(o -> o.bestRight() && o.bestConfidence() >= threshold).count();
            ObjectNode entry = thresholds.addObject();
            entry.put("min_confidence", threshold);
            putShare(entry, "answered", given, n);
            putShare(entry, "precision", good, given);
            putShare(entry, "accuracy", good, n);
        }
        // confident wrong answers first, then abstentions whose best candidate came closest to being answered
        List<Outcome> misses = outcomes.stream().filter(o -> !o.right())
                .sorted(Comparator.comparing((Outcome o) -> o.answer() == null)
                        .thenComparing(o -> -(o.answer() == null ? o.bestConfidence() : o.confidence())))
                .limit(worstMisses).toList();
        ArrayNode worst = json.putArray("worst_misses");
        for (Outcome o : misses) {
            ObjectNode entry = worst.addObject();
            entry.put("product_name", o.row().title());
            entry.put("brand", o.row().brand());
            entry.put("answer", o.answer());
            entry.put("confidence", round(o.answer() == null ? 0 : o.confidence()));
            entry.put("best_candidate", o.best());
            entry.put("best_confidence", round(o.bestConfidence()));
            entry.put("seen", o.seen());
            entry.put("written", o.written());
            entry.put("language", o.language());
        }
        return json;
    }

    private static void putShare(ObjectNode json, String field, long part, long whole) {
        if (whole == 0) {
            json.putNull(field);
        } else {
            json.put(field, round((double) part / whole));
        }
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /** Whether the service knows {@code brand} (GET /catalog/brands/{brand} finds it by name or alias). */
    private static boolean known(HttpClient http, String endpoint, String brand) throws Exception {
        String path = java.net.URLEncoder.encode(brand, StandardCharsets.UTF_8).replace("+", "%20");
        if (TextNormalizer.key(brand).isEmpty() || brand.contains("/") || brand.contains("%")) {
            return false;
        }
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + "/catalog/brands/" + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** The orchestrator and every agent GET /agents shows enabled (the LLM agent only with a model configured). */
    private static List<String> enabledMethods(HttpClient http, String endpoint) throws Exception {
        HttpResponse<String> agents = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/agents")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> methods = new ArrayList<>(List.of("orchestrator"));
        for (JsonNode agent : JSON.readTree(agents.body()).path("agents")) {
            if (agent.path("enabled").asBoolean(false)) {
                methods.add(agent.path("name").asText());
            }
        }
        return methods;
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

        /** The bins that hold answers: their range, answers, accuracy and mean confidence. */
        ArrayNode toJson() {
            ArrayNode bins = JSON.createArrayNode();
            for (int bin = 0; bin < BINS; bin++) {
                if (count[bin] > 0) {
                    ObjectNode entry = bins.addObject();
                    entry.put("from", bin / (double) BINS);
                    entry.put("to", (bin + 1) / (double) BINS);
                    entry.put("answers", count[bin]);
                    entry.put("accuracy", round((double) right[bin] / count[bin]));
                    entry.put("mean_confidence", round(confidence[bin] / count[bin]));
                }
            }
            return bins;
        }
    }

    /**
     * Waits until the NER tagger retrained after the load is in use, the agents' calibrations are done (GET /agents
     * shows the tagger not training and the RAG agent not calibrating) and the combination learnt from them (GET /health);
     * answers the tagger's description.
     */
    private static JsonNode awaitIdle(HttpClient http, String endpoint) {
        java.util.concurrent.atomic.AtomicReference<JsonNode> tagger = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> idleTagger(http, endpoint).map(found -> {
                        tagger.set(found);
                        return true;
                    }).orElse(false));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("the NER tagger was still training after 30 minutes", e);
        }
        return tagger.get();
    }

    /** The NER tagger's description once the service is idle (see {@link #awaitIdle}); empty while it is not. */
    private static java.util.Optional<JsonNode> idleTagger(HttpClient http, String endpoint) throws Exception {
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
            // the combination is learnt once both are done (GET /health shows it learning)
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (!JSON.readTree(health.body()).at("/combination/learning").asBoolean(false)) {
                return java.util.Optional.of(tagger);
            }
        }
        return java.util.Optional.empty();
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

    static long percentile(long[] sorted, double q) {
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
