package agents;

import static org.assertj.core.api.Assertions.assertThat;

import inference.AgentRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import knowledge.CatalogFormat;
import knowledge.CharNgramEmbedder;
import knowledge.KnowledgeBase;
import knowledge.LuceneVectorStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NerCalibratorTest {

    @TempDir
    Path dir;

    @Test
    void registryAnswersGetTheConfidenceMeasuredForTheirClassOnHeldOutTitles() throws Exception {
        StringBuilder csv = new StringBuilder("product_name,brand\n");
        String[] accessories = {"cover", "case", "strap", "stand", "charger", "cable", "sleeve"};
        for (int i = 0; i < 40; i++) {
            // the brand leads its own titles...
            csv.append("ACME widget model ").append(i).append(",ACME\n");
            // ...and accessories of twenty other makers name it further in: naming it there is wrong
            csv.append(accessories[i % accessories.length]).append(" for ACME widget ").append(i)
                    .append(",MAKER").append(i % 20).append('\n');
        }
        CharNgramEmbedder embedder = new CharNgramEmbedder(64, 2, 3);
        try (KnowledgeBase kb = new KnowledgeBase(new LuceneVectorStore(dir.resolve("index"), embedder), embedder,
                64, 10)) {
            kb.load(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
            MatchCalibration calibration = NerCalibrator.measure(kb.labelledTitles(1000), kb::registryOf,
                    knowledge.ProductLines.none(), 5);

            assertThat(calibration.measuredOn()).isEqualTo(80);
            assertThat(calibration.summary().get("classes").toString())
                    .contains("name|lead={", "name|inner|for={");
            NerAgent uncalibrated = new NerAgent(kb::registry, Optional::empty);
            NerAgent calibrated = new NerAgent(kb::registry, Optional::empty, () -> calibration);

            String leading = "ACME widget model 99";
            String inner = "cover for ACME widget 99";
            // the prior: 0.9 for a name, less 0.3 after a word saying the product fits it
            assertThat(uncalibrated.infer(request(inner)).confidence()).isEqualTo(0.6);
            // measured: never right after "for" (prior 0.6 weighs 10 titles against 40 wrong ones), always when leading
            assertThat(calibrated.infer(request(inner)).confidence()).isEqualTo(0.12);
            assertThat(calibrated.infer(request(leading)).confidence()).isEqualTo(0.99);
            assertThat(calibrated.infer(request(inner)).evidence().toString()).contains("match_class=name|inner|for");
        }
    }

    private static AgentRequest request(String title) {
        return new AgentRequest("t", title, "auto", java.util.List.of());
    }
}
