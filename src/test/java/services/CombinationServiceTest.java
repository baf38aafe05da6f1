package services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import agents.Combination;
import agents.NerAgent;
import agents.RagAgent;
import agents.SpanTagger;
import inference.AgentResult;
import inference.Candidate;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import knowledge.CatalogFormat;
import knowledge.CharNgramEmbedder;
import knowledge.KnowledgeBase;
import knowledge.KnowledgeBase.LabelledTitle;
import knowledge.LuceneVectorStore;
import knowledge.ProductLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import text.TextNormalizer;

/** What the learnt combination is fitted on: held-out catalogue titles, and an unseen stratum standing for new brands. */
class CombinationServiceTest {

    private static final String[] PRODUCTS = {"ceiling fan", "door handle", "wireless mouse", "rice cooker", "LED bulb",
        "garden hose", "desk lamp", "kettle"};

    @TempDir
    Path dir;

    @Test
    void brandsTheOtherFoldsLackAreStoodForByEveryUnlearntBrandAnsweredWithoutItsProducts() throws Exception {
        // 60 brands of four titles (almost never all in one fold) and 40 of one (always unseen in their fold)
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("product_name,brand\n");
        for (int b = 0; b < 100; b++) {
            String brand = name(random);
            for (int t = 0; t < (b < 60 ? 4 : 1); t++) {
                csv.append(brand).append(' ').append(PRODUCTS[random.nextInt(PRODUCTS.length)]).append(" model ")
                        .append((char) ('A' + random.nextInt(26))).append(random.nextInt(10_000)).append(',')
                        .append(brand).append('\n');
            }
        }
        CharNgramEmbedder embedder = new CharNgramEmbedder(64, 2, 3);
        try (KnowledgeBase kb = new KnowledgeBase(new LuceneVectorStore(dir.resolve("index"), embedder), embedder,
                64, 10)) {
            kb.load(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
            try (TaggerService tagger = new TaggerService(kb, dir.resolve("tagger"), 2000, 50, List::of, 0,
                    ProductLines.none());
                 RagCalibrationService ragCalibration = new RagCalibrationService(kb, new RagAgent(kb, 10, 0.3), 500);
                 CombinationService combination = new CombinationService(kb, tagger, ragCalibration,
                         new NerAgent(kb::registry, tagger::tagger, tagger::matchCalibration, ProductLines.none()),
                         new RagAgent(kb, 10, 0.3), 2000, 100, List::of)) {
                List<LabelledTitle> sample = kb.labelledTitles(2000);
                SpanTagger model = tagger.tagger().orElseThrow();
                CombinationService.HeldOut heldOut = combination.heldOut(sample);

                // every singleton brand is unseen in its fold, and a four-title brand seldom is
                assertThat(heldOut.naturallyUnseen()).isBetween(40, 45);
                // the stratum: every sampled title of a brand the tagger did not learn, each brand weighing the same,
                // all of them as much as the titles they stand for
                Set<String> unlearnt = new HashSet<>();
                for (LabelledTitle title : sample) {
                    String key = TextNormalizer.key(title.brand());
                    if (!model.mayHaveLearnt(title.title(), key)) {
                        unlearnt.add(key);
                    }
                }
                Map<String, Double> weightOfBrand = new HashMap<>();
                heldOut.unseen().forEach(e -> weightOfBrand.merge(e.brandKey(), e.weight(), Double::sum));
                assertThat(weightOfBrand.keySet()).isEqualTo(unlearnt).hasSizeGreaterThan(10);
                double each = (double) heldOut.naturallyUnseen() / unlearnt.size();
                weightOfBrand.values().forEach(weight -> assertThat(weight).isCloseTo(each, within(1e-9)));
                assertThat(heldOut.unseen().size()).isGreaterThan(heldOut.naturallyUnseen());

                // answered as if the catalogue lacked the brand: RAG cannot propose it, NER finds it by its tagger only
                int foundByTagger = 0;
                for (Combination.Example example : heldOut.unseen()) {
                    assertThat(example.rag().candidates()).extracting(c -> TextNormalizer.key(c.brand()))
                            .doesNotContain(example.brandKey());
                    if (proposes(example.ner(), example.brandKey())) {
                        assertThat(example.ner().evidence().toString()).contains("match_type=tagger")
                                .doesNotContain("matched=");
                        foundByTagger++;
                    }
                }
                assertThat(foundByTagger).isGreaterThan(heldOut.unseen().size() / 2);
                // RAG answers a seen title as it answers a query: among every product but the title itself, those of
                // the title's own fold included
                int sameFold = 0;
                for (Combination.Example example : heldOut.seen()) {
                    for (Object item : (List<?>) example.rag().evidence().get("neighbours")) {
                        String neighbour = String.valueOf(((Map<?, ?>) item).get("product_name"));
                        assertThat(neighbour).isNotEqualTo(example.title());
                        sameFold += CombinationService.fold(neighbour) == CombinationService.fold(example.title()) ? 1 : 0;
                    }
                }
                assertThat(sameFold).isGreaterThan(heldOut.seen().size());
                // the titles of brands the other folds lack are not among the others
                Set<String> seenKeys = new HashSet<>();
                heldOut.seen().forEach(e -> seenKeys.add(e.brandKey()));
                assertThat(seenKeys).doesNotContainAnyElementsOf(singletons(sample));
            }
        }
    }

    private static boolean proposes(AgentResult result, String brandKey) {
        for (Candidate candidate : result.candidates()) {
            if (TextNormalizer.key(candidate.brand()).equals(brandKey)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> singletons(List<LabelledTitle> sample) {
        Map<String, Integer> counts = new HashMap<>();
        sample.forEach(t -> counts.merge(TextNormalizer.key(t.brand()), 1, Integer::sum));
        Set<String> once = new HashSet<>();
        counts.forEach((key, count) -> {
            if (count == 1) {
                once.add(key);
            }
        });
        return once;
    }

    /** An invented upper-case brand name of two or three syllables. */
    private static String name(Random random) {
        String[] syllables = {"KOR", "VAN", "MEL", "SID", "TRU", "NO", "ZAL", "THER", "BRIS", "KEL", "QUO", "RRA", "VEL",
            "TA", "NIM", "BRO", "OR", "LISK", "PEX", "TRA"};
        StringBuilder name = new StringBuilder();
        for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
            name.append(syllables[random.nextInt(syllables.length)]);
        }
        return name.toString();
    }
}
