package tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.ServiceInstance;

/**
 * The evaluation client against a real service: the split, the methods it finds enabled, the figures of its JSON report
 * and how they add up, the worst misses, the Markdown report, the reliability diagrams, and the summary it writes into a
 * docs page.
 */
class EvaluateTest {

    static ServiceInstance service;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceInstance.start("all", ServiceInstance.ownDirectories(Files.createTempDirectory("mpi-eval-")));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** The demo catalogue's titles with their brands, and three titles of brands no catalogue has. */
    private Path labelled() throws Exception {
        Path data = dir.resolve("labelled.csv");
        List<CSVRecord> demo;
        try (InputStream in = getClass().getResourceAsStream("/demo/catalog.csv")) {
            demo = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
        }
        try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(data), CSVFormat.RFC4180)) {
            csv.printRecord("product_name", "brand");
            for (CSVRecord row : demo) {
                csv.printRecord(row.get("product_name"), row.get("brand"));
            }
            csv.printRecord("ZEBRONIX wireless mouse 2.4GHz", "ZEBRONIX");
            csv.printRecord("KORAT CHEF น้ำปลาแท้ 700 มล.", "KORAT CHEF");
            csv.printRecord("กระทะเคลือบ 28 ซม. ด้ามจับไม้", "SEAGULL");
        }
        return data;
    }

    @Test
    void theCapitalsRuleTakesTheFirstRunOfUpperCaseWordsThatAreNotUnits() {
        assertThat(CapitalsRule.answer("ซีเมนต์ซ่อมแซม JORAKAY 20 KG")).hasValue("JORAKAY");
        assertThat(CapitalsRule.answer("20 KG ปูนกาว NIPPON PAINT สีขาว")).hasValue("NIPPON PAINT");
        assertThat(CapitalsRule.answer("Colgate toothpaste 150g")).isEmpty();
        assertThat(CapitalsRule.answer("sony cyber-shot camera")).isEmpty();
    }

    @Test
    void aLabelledFileIsSplitLoadedQueriedAndReported() throws Exception {
        Path data = labelled();
        Path out = dir.resolve("reports");
        Path errors = dir.resolve("errors.csv");
        Evaluate.main(new String[] {"--endpoint", service.url(), "--data", data.toString(), "--out", out.toString(),
            "--errors", errors.toString()});

        JsonNode report = Evaluate.JSON.readTree(out.resolve("labelled.json").toFile());
        int rows = report.get("rows").asInt();
        assertThat(rows).isEqualTo(218);
        assertThat(report.get("loaded").asInt() + report.get("queries").asInt()).isEqualTo(rows);
        // 60% by a hash of the title: roughly, and the same on every run
        assertThat(report.get("loaded").asInt()).isBetween(100, 160);
        assertThat(report.get("seen_queries").asInt() + report.get("unseen_queries").asInt())
                .isEqualTo(report.get("queries").asInt());
        assertThat(report.get("first_run").asBoolean()).isFalse();
        assertThat(report.get("written_queries").asInt()).isBetween(1, report.get("queries").asInt());
        // no Bedrock model here: the LLM agent is disabled and not asked
        List<String> methods = new ArrayList<>();
        report.get("methods").forEach(m -> methods.add(m.get("method").asText()));
        assertThat(methods).containsExactly("orchestrator", "ner", "rag", "hybrid");

        for (JsonNode method : report.get("methods")) {
            int queries = method.get("queries").asInt();
            double answered = method.get("answered").asDouble();
            assertThat(answered + method.get("abstention").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset
                    .offset(1e-3));
            // accuracy = answered x precision
            assertThat(method.get("accuracy").asDouble()).isCloseTo(answered * method.get("precision").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-3));
            int binned = 0;
            for (JsonNode bin : method.get("reliability")) {
                binned += bin.get("answers").asInt();
                assertThat(bin.get("mean_confidence").asDouble()).isBetween(bin.get("from").asDouble(),
                        bin.get("to").asDouble());
            }
            assertThat(binned).isEqualTo((int) Math.round(answered * queries));
            assertThat(method.get("ece").asDouble()).isBetween(0.0, 1.0);
            assertThat(method.at("/thresholds/0/min_confidence").asDouble()).isZero();
            assertThat(method.get("by_language").size()).isPositive();
            // misses: wrong answers by falling confidence, then abstentions
            JsonNode misses = method.get("worst_misses");
            assertThat(misses.size()).isLessThanOrEqualTo(20);
            double last = Double.MAX_VALUE;
            boolean abstentions = false;
            for (JsonNode miss : misses) {
                assertThat(miss.get("answer").asText()).isNotEqualToIgnoringCase(miss.get("brand").asText());
                if (miss.get("answer").isNull()) {
                    abstentions = true;
                } else {
                    assertThat(abstentions).as("a wrong answer after an abstention").isFalse();
                    assertThat(miss.get("confidence").asDouble()).isLessThanOrEqualTo(last);
                    last = miss.get("confidence").asDouble();
                }
            }
        }
        JsonNode orchestrator = report.get("methods").get(0);
        // accuracy splits into the rows whose brand is written in the title and the others
        int writtenQueries = report.get("written_queries").asInt();
        int queries = report.get("queries").asInt();
        assertThat(orchestrator.get("written_accuracy").asDouble() * writtenQueries
                + (queries == writtenQueries ? 0 : orchestrator.get("unwritten_accuracy").asDouble()
                        * (queries - writtenQueries)))
                .isCloseTo(orchestrator.get("accuracy").asDouble() * queries, org.assertj.core.data.Offset.offset(0.5));
        // and by seen and unseen brands: the four cells hold every query and add up to the accuracy
        double rightInCells = 0;
        int queriesInCells = 0;
        for (String cell : java.util.List.of("seen_written", "seen_unwritten", "unseen_written", "unseen_unwritten")) {
            int cellQueries = orchestrator.get(cell + "_queries").asInt();
            queriesInCells += cellQueries;
            rightInCells += cellQueries == 0 ? 0 : orchestrator.get(cell + "_accuracy").asDouble() * cellQueries;
        }
        assertThat(queriesInCells).isEqualTo(queries);
        assertThat(orchestrator.get("seen_written_queries").asInt()
                + orchestrator.get("unseen_written_queries").asInt()).isEqualTo(writtenQueries);
        assertThat(rightInCells).isCloseTo(orchestrator.get("accuracy").asDouble() * queries,
                org.assertj.core.data.Offset.offset(0.5));
        // the demo titles carry their brands: most are found
        assertThat(orchestrator.get("seen_accuracy").asDouble()).isGreaterThan(0.8);
        long wrongOrMissing = Files.readAllLines(errors).stream().filter(l -> l.startsWith("orchestrator,")).count();
        long expectedMisses = Math.round((1 - orchestrator.get("accuracy").asDouble()) * orchestrator.get("queries")
                .asInt());
        assertThat(wrongOrMissing).isEqualTo(expectedMisses);

        // the capitals rule on the same queries, for comparison: its accuracy is the right share of the queries
        JsonNode baseline = report.get("baseline");
        assertThat(baseline.get("method").asText()).isEqualTo(CapitalsRule.NAME);
        assertThat(baseline.get("queries").asInt()).isEqualTo(queries);
        assertThat(baseline.get("accuracy").asDouble()).isCloseTo(baseline.get("answered").asDouble()
                * baseline.get("precision").asDouble(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(baseline.get("ece").isNull()).isTrue();

        String markdown = Files.readString(out.resolve("labelled.md"));
        assertThat(markdown).contains("| " + CapitalsRule.NAME + " |");
        assertThat(markdown).contains("# Evaluation: labelled.csv", "| orchestrator |", "| hybrid |",
                "## Accuracy by language", "## Calibration", "![rag reliability](labelled-rag-reliability.png)");
        for (String method : methods) {
            assertThat(ImageIO.read(out.resolve("labelled-" + method + "-reliability.png").toFile()).getWidth())
                    .isEqualTo(480);
        }

        // the summary goes between the markers of a docs page; the rest of the page stays
        Path page = dir.resolve("EVALUATION.md");
        Files.writeString(page, "# Evaluation\n\nintro\n\n<!-- results:begin -->\nold figures\n"
                + "<!-- results:end -->\n\n## Reading\n");
        EvaluationReport.main(new String[] {"--reports", out.toString(), "--into", page.toString()});
        String written = Files.readString(page);
        assertThat(written).startsWith("# Evaluation\n\nintro\n\n<!-- results:begin -->").endsWith(
                "<!-- results:end -->\n\n## Reading\n").doesNotContain("old figures")
                .contains("| [labelled](reports/labelled.md) |", "reports/labelled-ner-reliability.png",
                        "| " + CapitalsRule.NAME + " |");
    }

    @Test
    void theWorstMissesCanBeLeftOutAndAPageWithoutMarkersIsRefused() throws Exception {
        Path data = labelled();
        Path out = dir.resolve("reports");
        Evaluate.main(new String[] {"--endpoint", service.url(), "--data", data.toString(), "--out", out.toString(),
            "--methods", "ner", "--worst", "0", "--skip-load"});
        JsonNode report = Evaluate.JSON.readTree(out.resolve("labelled.json").toFile());
        assertThat(report.get("methods")).hasSize(1);
        assertThat(report.at("/methods/0/worst_misses")).isEmpty();
        assertThat(Files.readString(out.resolve("labelled.md"))).doesNotContain("Worst misses");

        Path page = dir.resolve("page.md");
        Files.writeString(page, "# no markers\n");
        assertThatThrownBy(() -> EvaluationReport.main(new String[] {"--reports", out.toString(), "--into",
            page.toString()})).hasMessageContaining("results:begin");
    }

    /**
     * First run: nothing loaded, every row asked of the service as it starts (here with its demo catalogue): a brand is
     * seen when the service knows it, and the titles that carry their brand are told apart (ZEBRONIX and KORAT CHEF are
     * written in theirs, SEAGULL is not).
     */
    @Test
    void aFirstRunAsksEveryRowAndCountsTheBrandsTheServiceKnows() throws Exception {
        Path data = labelled();
        Path out = dir.resolve("first-run");
        Evaluate.main(new String[] {"--endpoint", service.url(), "--data", data.toString(), "--out", out.toString(),
            "--methods", "orchestrator", "--train", "0", "--skip-load"});
        JsonNode report = Evaluate.JSON.readTree(out.resolve("labelled.json").toFile());
        assertThat(report.get("first_run").asBoolean()).isTrue();
        assertThat(report.get("queries").asInt()).isEqualTo(218);
        // the demo catalogue's brands are known; the three others are unless the other test loaded them
        assertThat(report.get("seen_queries").asInt()).isBetween(215, 218);
        assertThat(Evaluate.written("ZEBRONIX wireless mouse 2.4GHz", "ZEBRONIX")).isTrue();
        assertThat(Evaluate.written("KORAT CHEF น้ำปลาแท้ 700 มล.", "Korat-Chef")).isTrue();
        assertThat(Evaluate.written("กระทะเคลือบ 28 ซม. ด้ามจับไม้", "SEAGULL")).isFalse();
        assertThat(report.get("written_queries").asInt()).isBetween(2, 217);
        assertThat(report.at("/methods/0/written_precision").isNumber()).isTrue();
        assertThat(Files.readString(out.resolve("labelled.md"))).startsWith("# Evaluation: labelled.csv\n\nFirst run:");
    }
}
