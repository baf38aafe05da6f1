package tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ServiceInstance;

/** The load runner against a real service: counts, latencies, accuracy on gold brands, the rate cap, report and plot. */
class LoadRunnerTest {

    static ServiceInstance service;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceInstance.start("all", ServiceInstance.ownDirectories(Files.createTempDirectory("mpi-load-")));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aShortLoadIsAnsweredAndReportedWithAccuracyOnGoldBrands() throws Exception {
        Path data = dir.resolve("queries.csv");
        Files.writeString(data, """
                product_name,brand
                ยาสีฟัน Colgate Total 150g,Colgate
                TOA สีน้ำอะคริลิก 9 ลิตร,TOA
                Pepsodent toothpaste 150g,Colgate
                """);
        List<LoadRunner.Query> queries = LoadRunner.read(data);
        LoadRunner.Settings settings = new LoadRunner.Settings(service.url(), 4, Duration.ofSeconds(3),
                Duration.ofSeconds(1), 0, "orchestrator", queries);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadRunner.Result result = LoadRunner.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(result.requests()).isGreaterThan(10);
        assertThat(result.errors()).isEmpty();
        assertThat(result.judged()).isEqualTo(result.requests());
        // the third title is not Colgate's: two of every three are right
        assertThat(result.right()).isBetween(result.judged() * 2 / 3 - 2, result.judged() * 2 / 3 + 2);
        assertThat(result.p50Ms()).isPositive().isLessThanOrEqualTo(result.p99Ms());
        assertThat(result.p99Ms()).isLessThanOrEqualTo(result.maxMs());
        assertThat(result.timeline()).hasSizeBetween(3, 4);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("requests", "p99");

        JsonNode json = result.toJson(settings);
        assertThat(json.get("latency_ms").get("p95").asDouble()).isPositive();
        assertThat(json.get("accuracy").asDouble()).isBetween(60.0, 70.0);
        assertThat(json.get("timeline")).hasSize(result.timeline().size());

        Path plot = dir.resolve("latency.png");
        LoadRunner.plot(result, settings, plot);
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isEqualTo(1000);
    }

    @Test
    void theRateCapHoldsAndFailuresAreCountedByStatus() throws Exception {
        LoadRunner.Settings settings = new LoadRunner.Settings(service.url(), 8, Duration.ofSeconds(2),
                Duration.ZERO, 20, "no-such-method", List.of(new LoadRunner.Query("Colgate toothpaste", null)));
        LoadRunner.Result result = LoadRunner.run(settings, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        // one request per 50 ms slot, the first at once
        assertThat(result.requests()).isBetween(2L, 41L);
        assertThat(result.errors()).containsOnlyKeys("400").containsEntry("400", result.requests());
    }

    @Test
    void theShippedQueryFileLoadsAndIsAnswered() throws Exception {
        // the deployment guide's performance step: --test-data tests/data/load_test_queries.json
        List<LoadRunner.Query> queries = LoadRunner.read(Path.of("tests/data/load_test_queries.json"));
        assertThat(queries).hasSize(48).allMatch(q -> !q.title().isBlank());
        assertThat(queries.stream().filter(q -> q.brand() != null)).hasSize(42);
        LoadRunner.Settings settings = new LoadRunner.Settings(service.url(), 2, Duration.ofSeconds(2),
                Duration.ofSeconds(1), 0, "orchestrator", queries);
        LoadRunner.Result result = LoadRunner.run(settings,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(result.requests()).isGreaterThan(10);
        assertThat(result.errors()).isEmpty();
        // most of its brands are the demo catalogue's, written in the title
        assertThat(result.right()).isGreaterThan(result.judged() / 2);
    }

    @Test
    void testDataComesAsCsvOrJson() throws Exception {
        Path strings = dir.resolve("strings.json");
        Files.writeString(strings, "[\"Colgate 150g\", \"TOA 9L\"]");
        assertThat(LoadRunner.read(strings)).extracting(LoadRunner.Query::title).containsExactly("Colgate 150g",
                "TOA 9L");
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, "{\"queries\": [{\"query\": \"Mama tom yum\", \"expected_brand\": \"Mama\"}]}");
        assertThat(LoadRunner.read(seed)).containsExactly(new LoadRunner.Query("Mama tom yum", "Mama"));
        Path noTitle = dir.resolve("bad.csv");
        Files.writeString(noTitle, "title,brand\nx,y\n");
        assertThatThrownBy(() -> LoadRunner.read(noTitle)).hasMessageContaining("no product_name column");
    }
}
