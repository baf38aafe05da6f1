package tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import text.TextNormalizer;

/**
 * A load on {@code POST /infer}: {@code concurrent-users} users, each sending its next title as soon as the previous one
 * was answered (closed loop), for {@code duration} seconds after an optional ramp-up (user i starts at i/N of it), at
 * most {@code rate} requests per second over all users when given. Latencies go into HdrHistogram recorders (one
 * interval per second, for the latency-over-time plot); the report has throughput, p50, p95, p99 and max, errors by
 * status, and, when the test data carries gold brands, the share answered with the right one.
 *
 * <p>Test data: a CSV with a {@code product_name} column (and {@code brand} for accuracy), or JSON: an array of titles,
 * or of objects with {@code product_name} (or {@code query}, {@code title}) and optionally {@code brand} (or
 * {@code expected_brand}), or an object holding such an array under {@code queries}.
 *
 * <p>Usage: {@code LoadRunner --endpoint URL [--concurrent-users 10] [--duration 60] [--test-data FILE]
 * [--ramp-up 0] [--rate 0] [--method orchestrator] [--warm-up 0] [--report FILE.json] [--plot FILE.png]}. Without
 * test data it sends the titles of the demo catalogue. {@code --warm-up S} first puts the same load on for S seconds
 * without reporting it (the service's and the runner's JIT compile their hot paths meanwhile).
 */
public final class LoadRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Latencies are recorded in microseconds, up to a minute, with 3 significant digits. */
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

    record Query(String title, String brand) {
    }

    record Settings(String endpoint, int users, Duration duration, Duration rampUp, double rate, String method,
            List<Query> queries) {
    }

    /** One second of the run: requests answered in it and their latency. */
    record Second(int second, long requests, long errors, double p50Ms, double p99Ms, double maxMs) {
    }

    record Result(long requests, double seconds, double throughput, double p50Ms, double p95Ms, double p99Ms,
            double maxMs, Map<String, Long> errors, long judged, long right, List<Second> timeline) {

        ObjectNode toJson(Settings settings) {
            ObjectNode json = JSON.createObjectNode();
            json.put("endpoint", settings.endpoint());
            json.put("method", settings.method());
            json.put("concurrent_users", settings.users());
            json.put("duration_s", settings.duration().toSeconds());
            json.put("ramp_up_s", settings.rampUp().toSeconds());
            json.put("rate_cap", settings.rate());
            json.put("requests", requests);
            json.put("seconds", round(seconds));
            json.put("throughput_rps", round(throughput));
            ObjectNode latency = json.putObject("latency_ms");
            latency.put("p50", round(p50Ms));
            latency.put("p95", round(p95Ms));
            latency.put("p99", round(p99Ms));
            latency.put("max", round(maxMs));
            ObjectNode errorNode = json.putObject("errors");
            errors.forEach(errorNode::put);
            if (judged > 0) {
                json.put("judged", judged);
                json.put("accuracy", round(100.0 * right / judged));
            }
            ArrayNode seconds = json.putArray("timeline");
            for (Second second : timeline) {
                seconds.addObject().put("second", second.second()).put("requests", second.requests())
                        .put("errors", second.errors()).put("p50_ms", round(second.p50Ms()))
                        .put("p99_ms", round(second.p99Ms())).put("max_ms", round(second.maxMs()));
            }
            return json;
        }
    }

    private LoadRunner() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Evaluate.options(args);
        String data = options.get("test-data");
        List<Query> queries = data == null ? demoTitles() : read(Path.of(data));
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no titles in " + data);
        }
        Settings settings = new Settings(Evaluate.required(options, "endpoint").replaceAll("/+$", ""),
                Integer.parseInt(options.getOrDefault("concurrent-users", "10")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "60"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("ramp-up", "0"))),
                Double.parseDouble(options.getOrDefault("rate", "0")),
                options.getOrDefault("method", "orchestrator"), queries);
        HttpClient http = client();
        long warmUp = Long.parseLong(options.getOrDefault("warm-up", "0"));
        if (warmUp > 0) {
            // the same client and JVM as the measured run, so that neither is measured while the JIT compiles it
            System.err.printf("warm-up: %d s, not reported%n", warmUp);
            run(http, new Settings(settings.endpoint(), settings.users(), Duration.ofSeconds(warmUp),
                    settings.rampUp(), settings.rate(), settings.method(), queries), System.err);
            System.err.println("measured run:");
        }
        Result result = run(http, settings, System.err);
        print(settings, result, System.out);
        if (options.containsKey("report")) {
            Files.writeString(Path.of(options.get("report")),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.toJson(settings)));
        }
        if (options.containsKey("plot")) {
            plot(result, settings, Path.of(options.get("plot")));
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Runs the load with a new client; a progress line goes to {@code progress} every 5 seconds. */
    static Result run(Settings settings, PrintStream progress) throws InterruptedException {
        return run(client(), settings, progress);
    }

    private static Result run(HttpClient http, Settings settings, PrintStream progress) throws InterruptedException {
        Recorder recorder = new Recorder(MAX_MICROS, 3);
        Histogram total = new Histogram(MAX_MICROS, 3);
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        LongAdder secondErrors = new LongAdder();
        LongAdder judged = new LongAdder();
        LongAdder right = new LongAdder();
        AtomicLong next = new AtomicLong();
        AtomicLong nextSlot = new AtomicLong(System.nanoTime());
        long intervalNanos = settings.rate() > 0 ? (long) (1e9 / settings.rate()) : 0;
        long start = System.nanoTime();
        long end = start + settings.rampUp().toNanos() + settings.duration().toNanos();

        List<Thread> users = new ArrayList<>();
        for (int u = 0; u < settings.users(); u++) {
            long startAt = start + settings.rampUp().toNanos() * u / settings.users();
            Thread user = new Thread(() -> {
                sleepUntil(startAt);
                while (System.nanoTime() < end) {
                    if (intervalNanos > 0) {
                        sleepUntil(nextSlot.getAndAdd(intervalNanos));
                        if (System.nanoTime() >= end) {
                            return;
                        }
                    }
                    Query query = settings.queries().get((int) (next.getAndIncrement() % settings.queries().size()));
                    long sent = System.nanoTime();
                    String outcome = ask(http, settings, query, judged, right);
                    recorder.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - sent) / 1000));
                    if (outcome != null) {
                        errors.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        secondErrors.increment();
                    }
                }
            }, "load-user-" + u);
            user.setDaemon(true);
            users.add(user);
            user.start();
        }

        List<Second> timeline = new ArrayList<>();
        Histogram interval = null;
        Histogram sinceProgress = new Histogram(MAX_MICROS, 3);
        for (int second = 1; ; second++) {
            long tick = start + TimeUnit.SECONDS.toNanos(second);
            boolean last = tick >= end;
            sleepUntil(Math.min(tick, end));
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            sinceProgress.add(interval);
            timeline.add(new Second(second, interval.getTotalCount(), secondErrors.sumThenReset(),
                    ms(interval.getValueAtPercentile(50)), ms(interval.getValueAtPercentile(99)),
                    ms(interval.getMaxValue())));
            if (second % 5 == 0 || last) {
                progress.printf(Locale.ROOT, "[%3d s] %d requests, %.0f/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                        second, total.getTotalCount(), sinceProgress.getTotalCount() / (second % 5 == 0 ? 5.0
                        : second % 5), ms(sinceProgress.getValueAtPercentile(50)),
                        ms(sinceProgress.getValueAtPercentile(99)), count(errors));
                sinceProgress.reset();
            }
            if (last) {
                break;
            }
        }
        for (Thread user : users) {
            // a user finishes the request it has under way
            user.join(TimeUnit.SECONDS.toMillis(30));
        }
        // what was answered after the last tick counts in the totals (not in the timeline)
        total.add(recorder.getIntervalHistogram());
        double seconds = (System.nanoTime() - start - settings.rampUp().toNanos()) / 1e9;
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((status, n) -> errorCounts.put(status, n.sum()));
        return new Result(total.getTotalCount(), seconds, total.getTotalCount() / seconds,
                ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(95)),
                ms(total.getValueAtPercentile(99)), ms(total.getMaxValue()), errorCounts, judged.sum(), right.sum(),
                timeline);
    }

    /** Sends one title; null when answered 200, else what went wrong (the HTTP status, or the exception's name). */
    private static String ask(HttpClient http, Settings settings, Query query, LongAdder judged, LongAdder right) {
        try {
            String body = JSON.writeValueAsString(Map.of("product_name", query.title(), "method", settings.method()));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(settings.endpoint() + "/infer"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return String.valueOf(response.statusCode());
            }
            if (query.brand() != null) {
                judged.increment();
                JsonNode brand = JSON.readTree(response.body()).get("brand");
                if (brand != null && !brand.isNull()
                        && TextNormalizer.key(brand.asText()).equals(TextNormalizer.key(query.brand()))) {
                    right.increment();
                }
            }
            return null;
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static long count(Map<String, LongAdder> errors) {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static void print(Settings settings, Result result, PrintStream out) {
        out.printf(Locale.ROOT, "%s/infer, method %s, %d users, %d s%s%s%n", settings.endpoint(), settings.method(),
                settings.users(), settings.duration().toSeconds(),
                settings.rampUp().isZero() ? "" : " after " + settings.rampUp().toSeconds() + " s ramp-up",
                settings.rate() > 0 ? ", at most " + settings.rate() + " requests/s" : "");
        out.printf(Locale.ROOT, "requests %d in %.1f s: %.0f requests/s%n", result.requests(), result.seconds(),
                result.throughput());
        out.printf(Locale.ROOT, "latency ms: p50 %.2f, p95 %.2f, p99 %.2f, max %.2f%n", result.p50Ms(),
                result.p95Ms(), result.p99Ms(), result.maxMs());
        out.println("errors: " + (result.errors().isEmpty() ? "none" : result.errors()));
        if (result.judged() > 0) {
            out.printf(Locale.ROOT, "accuracy: %.1f%% of %d answers with a gold brand%n",
                    100.0 * result.right() / result.judged(), result.judged());
        }
    }

    /** Latency over time: p50, p99 and max per second (log scale), and requests per second, as a PNG. */
    static void plot(Result result, Settings settings, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int width = 1000;
        int height = 500;
        int left = 70;
        int right = 70;
        int top = 40;
        int bottom = 50;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        List<Second> seconds = result.timeline();
        int n = Math.max(1, seconds.size());
        double maxLatency = Math.max(1, seconds.stream().mapToDouble(Second::maxMs).max().orElse(1));
        double minLatency = 0.1;
        long maxRequests = Math.max(1, seconds.stream().mapToLong(Second::requests).max().orElse(1));
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        java.util.function.DoubleUnaryOperator yLatency = ms -> top + plotHeight
                - plotHeight * (Math.log10(Math.max(minLatency, ms)) - Math.log10(minLatency))
                / (Math.log10(maxLatency) - Math.log10(minLatency) + 1e-9);
        java.util.function.IntUnaryOperator x = i -> left + (int) ((long) plotWidth * i / Math.max(1, n - 1));
        // axes, and a grid line per power of ten of latency
        g.setColor(Color.LIGHT_GRAY);
        for (double ms = minLatency; ms <= maxLatency * 10; ms *= 10) {
            int y = (int) yLatency.applyAsDouble(Math.min(ms, maxLatency));
            g.drawLine(left, y, width - right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, ms < 1 ? "%.1f ms" : "%.0f ms", ms), 5, y + 4);
            g.setColor(Color.LIGHT_GRAY);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotWidth, plotHeight);
        g.drawString(String.format(Locale.ROOT, "POST /infer (%s), %d users: %.0f requests/s, p50 %.2f ms, p99 %.2f ms",
                settings.method(), settings.users(), result.throughput(), result.p50Ms(), result.p99Ms()), left, 25);
        g.drawString("seconds: 1 .. " + n, left + plotWidth / 2 - 40, height - 15);
        g.drawString("requests/s (grey, right axis, up to " + maxRequests + ")", width - right - 260, height - 15);
        // requests per second, scaled to the right axis
        g.setColor(new Color(150, 150, 150));
        for (int i = 1; i < seconds.size(); i++) {
            g.drawLine(x.applyAsInt(i - 1), top + plotHeight - (int) (plotHeight * seconds.get(i - 1).requests()
                    / maxRequests), x.applyAsInt(i), top + plotHeight - (int) (plotHeight * seconds.get(i).requests()
                    / maxRequests));
        }
        g.setStroke(new BasicStroke(2));
        Color[] colors = {new Color(30, 110, 200), new Color(230, 120, 20), new Color(200, 30, 30)};
        String[] names = {"p50", "p99", "max"};
        for (int series = 0; series < 3; series++) {
            g.setColor(colors[series]);
            g.drawString(names[series], width - right + 10, top + 20 + 18 * series);
            for (int i = 1; i < seconds.size(); i++) {
                g.drawLine(x.applyAsInt(i - 1), (int) yLatency.applyAsDouble(value(seconds.get(i - 1), series)),
                        x.applyAsInt(i), (int) yLatency.applyAsDouble(value(seconds.get(i), series)));
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static double value(Second second, int series) {
        return switch (series) {
            case 0 -> second.p50Ms();
            case 1 -> second.p99Ms();
            default -> second.maxMs();
        };
    }

    /** The test data: CSV or JSON (see the class comment). */
    static List<Query> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        List<Query> queries = new ArrayList<>();
        if (text.startsWith("[") || text.startsWith("{")) {
            JsonNode root = JSON.readTree(text);
            JsonNode items = root.isArray() ? root : root.path("queries");
            if (!items.isArray()) {
                throw new IllegalArgumentException(file + ": JSON test data is an array of titles or objects, or an "
                        + "object with such an array under \"queries\"");
            }
            for (JsonNode item : items) {
                if (item.isTextual()) {
                    queries.add(new Query(item.asText(), null));
                } else {
                    String title = first(item, "product_name", "query", "title");
                    if (title == null) {
                        throw new IllegalArgumentException(file + ": an item has no product_name: " + item);
                    }
                    queries.add(new Query(title, first(item, "brand", "expected_brand")));
                }
            }
            return queries;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader);
            if (!csv.getHeaderMap().containsKey("product_name")) {
                throw new IllegalArgumentException(file + ": the CSV has no product_name column");
            }
            boolean gold = csv.getHeaderMap().containsKey("brand");
            for (CSVRecord row : csv) {
                String brand = gold ? row.get("brand") : null;
                queries.add(new Query(row.get("product_name"), brand == null || brand.isBlank() ? null : brand));
            }
        }
        return queries;
    }

    private static String first(JsonNode item, String... names) {
        for (String name : names) {
            JsonNode value = item.get(name);
            if (value != null && !value.isNull() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static List<Query> demoTitles() throws IOException {
        List<Query> queries = new ArrayList<>();
        try (Reader reader = new java.io.InputStreamReader(LoadRunner.class.getResourceAsStream("/demo/catalog.csv"),
                StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(reader)) {
                queries.add(new Query(row.get("product_name"), row.get("brand")));
            }
        }
        return queries;
    }
}
