package agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import inference.AgentResult;
import inference.AgentStatus;
import inference.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import text.TextNormalizer;

/**
 * The learnt combination on held-out answers of known shape: what it must learn is that an unknown span of the tagger
 * beats RAG's rival answer (RAG cannot propose a brand the catalogue lacks), which the rule cannot know, and that the
 * probabilities it reports are the rates at which such answers were right.
 */
class CombinationTest {

    /** A registry name written in the title: right 97 times in 100, and RAG agrees. */
    private static final double REGISTRY_RIGHT = 0.97;
    /** The tagger's span that is no registry brand, against RAG's vote for a catalogue brand: the span is right 80%. */
    private static final double UNSEEN_SPAN_RIGHT = 0.8;
    private static final double UNSEEN_RAG_RIGHT = 0.1;
    /** NER finds nothing, RAG votes at 0.5: right half the time. */
    private static final double RAG_ALONE_RIGHT = 0.5;

    private static AgentResult ner(String brand, double confidence, String matchType) {
        if (brand == null) {
            return AgentResult.answer("ner", List.of(), Map.of("matches", List.of()));
        }
        Map<String, Object> span = new java.util.LinkedHashMap<>();
        span.put("brand", brand);
        span.put("span", brand);
        span.put("match_type", matchType);
        if (matchType.equals("tagger")) {
            span.put("tagger_version", "test");
        }
        return AgentResult.answer("ner", List.of(new Candidate(brand, confidence, List.of("ner"))),
                Map.of("matches", List.of(span)));
    }

    private static AgentResult rag(String brand, double confidence) {
        return AgentResult.answer("rag", List.of(new Candidate(brand, confidence, List.of("rag"))), Map.of());
    }

    private record Case(AgentResult ner, AgentResult rag) {
    }

    private static final Case REGISTRY = new Case(ner("Colgate", 0.9, "name"), rag("Colgate", 0.8));
    private static final Case UNSEEN = new Case(ner("Zelkova", 0.6, "tagger"), rag("Darlie", 0.7));
    private static final Case RAG_ALONE = new Case(ner(null, 0, null), rag("Mama", 0.5));

    /** Held-out examples: the three cases in proportion 6:3:1, each title's brand drawn at the case's rates. */
    private static List<Combination.Example> heldOut(int titles, long seed) {
        Random random = new Random(seed);
        List<Combination.Example> examples = new ArrayList<>();
        for (int i = 0; i < titles; i++) {
            double u = random.nextDouble();
            double draw = random.nextDouble();
            if (u < 0.6) {
                examples.add(example(REGISTRY, draw < REGISTRY_RIGHT ? "Colgate" : "Other" + i));
            } else if (u < 0.9) {
                String brand = draw < UNSEEN_SPAN_RIGHT ? "Zelkova"
                        : draw < UNSEEN_SPAN_RIGHT + UNSEEN_RAG_RIGHT ? "Darlie" : "Other" + i;
                examples.add(example(UNSEEN, brand));
            } else {
                examples.add(example(RAG_ALONE, draw < RAG_ALONE_RIGHT ? "Mama" : "Other" + i));
            }
        }
        return examples;
    }

    private static Combination.Example example(Case c, String brand) {
        return new Combination.Example(c.ner(), c.rag(), TextNormalizer.key(brand));
    }

    /** NER's answer of {@code c} with its span at {@code start}, saying whether it {@code leads} the title. */
    private static AgentResult at(Case c, int start, Boolean leads) {
        Map<String, Object> span = new java.util.LinkedHashMap<>();
        ((Map<?, ?>) ((List<?>) c.ner().evidence().get("matches")).get(0)).forEach((k, v) -> span.put((String) k, v));
        span.put("start", start);
        if (leads != null) {
            span.put("leads", leads);
        }
        return AgentResult.answer("ner", c.ner().candidates(), Map.of("matches", List.of(span)));
    }

    @Test
    void aSpanAfterTheThaiProductNounCountsAsLeadingTheTitle() {
        // held-out titles: tagger spans that lead the title are right, those further in are not
        List<Combination.Example> examples = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean leads = i % 2 == 0;
            examples.add(new Combination.Example(at(UNSEEN, leads ? 0 : 14, null), UNSEEN.rag(),
                    TextNormalizer.key(leads ? "Zelkova" : "Darlie")));
        }
        Combination learnt = Combination.fit(examples);
        double leading = learnt.rank(at(UNSEEN, 0, null), UNSEEN.rag()).get(0).confidence();
        assertThat(learnt.rank(at(UNSEEN, 14, null), UNSEEN.rag()).get(0).brand()).isEqualTo("Darlie");
        // a span after the title's Thai product noun, as NER's evidence says, leads it; without the word, its start does
        List<Candidate> afterNoun = learnt.rank(at(UNSEEN, 8, true), UNSEEN.rag());
        assertThat(afterNoun.get(0).brand()).isEqualTo("Zelkova");
        assertThat(afterNoun.get(0).confidence()).isEqualTo(leading);
        assertThat(learnt.rank(at(UNSEEN, 8, null), UNSEEN.rag()).get(0).brand()).isEqualTo("Darlie");
        assertThat(learnt.rank(at(UNSEEN, 0, false), UNSEEN.rag()).get(0).brand()).isEqualTo("Darlie");
    }

    @Test
    void anUnknownSpanOfTheTaggerBeatsRagsRivalAtTheRateItWasRight() {
        Combination learnt = Combination.fit(heldOut(3000, 1));

        List<Candidate> ranked = learnt.rank(UNSEEN.ner(), UNSEEN.rag());
        assertThat(ranked).extracting(Candidate::brand).containsExactly("Zelkova", "Darlie");
        assertThat(ranked.get(0).confidence()).isCloseTo(UNSEEN_SPAN_RIGHT, within(0.05));
        assertThat(ranked.get(1).confidence()).isCloseTo(UNSEEN_RAG_RIGHT, within(0.05));
        // the rule knows only that RAG cannot propose the span's brand: the span first, at NER's own confidence
        Combiner.Combined rule = new Combiner(Map.of(), 0.3, 0.5).combine(List.of(UNSEEN.ner(), UNSEEN.rag()));
        assertThat(rule.brand()).isEqualTo("Zelkova");
        assertThat(rule.confidence()).isEqualTo(UNSEEN.ner().confidence());
    }

    @Test
    void itsProbabilitiesAreTheRatesAtWhichSuchAnswersWereRight() {
        Combination learnt = Combination.fit(heldOut(3000, 2));

        assertThat(learnt.rank(REGISTRY.ner(), REGISTRY.rag()).get(0).confidence())
                .isCloseTo(REGISTRY_RIGHT, within(0.03));
        assertThat(learnt.rank(RAG_ALONE.ner(), RAG_ALONE.rag()).get(0).confidence())
                .isCloseTo(RAG_ALONE_RIGHT, within(0.07));
        // agreement is not counted twice: the noisy-OR rule would say 1 - 0.1 * 0.2 = 0.98
        assertThat(learnt.info().answered()).isEqualTo(3000);
        assertThat(learnt.info().precision()).isCloseTo(0.6 * REGISTRY_RIGHT + 0.3 * UNSEEN_SPAN_RIGHT
                + 0.1 * RAG_ALONE_RIGHT, within(0.03));
    }

    @Test
    void howMuchRagsRivalCountsAgainstAnUnknownSpanIsLearntFromTheFewTitlesThatHaveOne() {
        // 20 unknown spans of the tagger among 2,000 held-out titles, as rare as on a real catalogue: right 9 times in 10
        // against a weak rival of RAG's, 3 in 10 against a strong one; against a registry name, RAG's rival says little
        Case weakRival = new Case(UNSEEN.ner(), rag("Darlie", 0.3));
        Case strongRival = new Case(UNSEEN.ner(), rag("Darlie", 0.9));
        Random random = new Random(6);
        List<Combination.Example> examples = new ArrayList<>();
        for (int i = 0; i < 1980; i++) {
            double draw = random.nextDouble();
            Case registry = new Case(REGISTRY.ner(), rag("Darlie", i % 2 == 0 ? 0.3 : 0.9));
            examples.add(i % 10 < 8 ? example(registry, draw < 0.95 ? "Colgate" : "Darlie")
                    : example(RAG_ALONE, draw < RAG_ALONE_RIGHT ? "Mama" : "Other" + i));
        }
        for (int i = 0; i < 10; i++) {
            examples.add(example(weakRival, i < 9 ? "Zelkova" : "Darlie"));
            examples.add(example(strongRival, i < 3 ? "Zelkova" : "Darlie"));
        }
        Combination learnt = Combination.fit(examples);

        Candidate againstWeak = learnt.rank(weakRival.ner(), weakRival.rag()).get(0);
        Candidate againstStrong = learnt.rank(strongRival.ner(), strongRival.rag()).get(0);
        assertThat(againstWeak.brand()).isEqualTo("Zelkova");
        assertThat(againstWeak.confidence()).isCloseTo(0.9, within(0.1));
        assertThat(againstStrong.brand()).isEqualTo("Darlie");
    }

    @Test
    void theCombinerUsesItWhenNerAndRagAnsweredAndFoldsOtherAgentsInByTheRule() {
        Combination learnt = Combination.fit(heldOut(3000, 3));
        Combiner combiner = new Combiner(Map.of(), 0.3, 0.5, () -> learnt);

        Combiner.Combined both = combiner.combine(List.of(UNSEEN.ner(), UNSEEN.rag()));
        assertThat(both.brand()).isEqualTo("Zelkova");
        assertThat(both.candidates().get(0).agents()).containsExactly("ner");

        // the LLM agrees with the span: the rule's noisy-OR over the learnt answer and the LLM's
        AgentResult llm = AgentResult.answer("llm", List.of(new Candidate("Zelkova", 0.5, List.of("llm"))), Map.of());
        Combiner.Combined withLlm = combiner.combine(List.of(UNSEEN.ner(), UNSEEN.rag(), llm));
        double span = both.confidence();
        assertThat(withLlm.confidence()).isCloseTo(1 - (1 - span) * 0.5, within(0.002));
        assertThat(withLlm.candidates().get(0).agents()).containsExactly("ner", "llm");

        // RAG timed out: NER's answer stands as it is
        Combiner.Combined nerAlone = combiner.combine(List.of(UNSEEN.ner(),
                AgentResult.unavailable("rag", AgentStatus.TIMEOUT, "slow")));
        assertThat(nerAlone.brand()).isEqualTo("Zelkova");
        assertThat(nerAlone.confidence()).isEqualTo(0.6);
    }

    @Test
    void anExampleWeighingTwoCountsAsTwo() {
        List<Combination.Example> once = heldOut(600, 4);
        List<Combination.Example> twice = new java.util.ArrayList<>();
        List<Combination.Example> weighted = new java.util.ArrayList<>();
        for (Combination.Example example : once) {
            boolean unseen = example.ner() == UNSEEN.ner();
            twice.add(example);
            if (unseen) {
                twice.add(example);
            }
            weighted.add(new Combination.Example(example.ner(), example.rag(), example.brand(), unseen ? 2 : 1));
        }
        assertThat(Combination.fit(weighted).rank(UNSEEN.ner(), UNSEEN.rag()))
                .isEqualTo(Combination.fit(twice).rank(UNSEEN.ner(), UNSEEN.rag()));
        assertThat(Combination.fit(weighted).weights()).isEqualTo(Combination.fit(twice).weights());
    }

    @Test
    void aSpanRagsNeighboursWriteIsMeasured() {
        Map<String, Object> near = Map.of("product_name", "Zelkova oak table", "brand", "Darlie");
        Map<String, Object> far = Map.of("product_name", "Darlie toothpaste", "brand", "Darlie");
        AgentResult rag = AgentResult.answer("rag", List.of(new Candidate("Darlie", 0.7, List.of("rag"))),
                Map.of("neighbours", List.of(near, far, far, far)));
        assertThat(Combination.spanInNeighbours(UNSEEN.ner(), rag)).isEqualTo(0.25);
        assertThat(Combination.spanInNeighbours(UNSEEN.ner(), UNSEEN.rag())).isZero();
    }

    /** The {@link #UNSEEN} case, RAG's answer given these neighbours in its evidence. */
    @SafeVarargs
    private static Case unseenWithNeighbours(Map<String, Object>... neighbours) {
        return new Case(UNSEEN.ner(), AgentResult.answer("rag", UNSEEN.rag().candidates(),
                Map.of("neighbours", List.of(neighbours))));
    }

    @Test
    void ragsBrandThatItsNeighboursWriteButTheTitleDoesNotCountsAsTheCatalogueShowed() {
        // RAG's neighbours write their brand, Darlie, and the title does not: a brand the catalogue lacks stands where
        // its brands are written (the tagger's span right 9 times in 10); where the neighbours do not write theirs
        // either, the brand is one its titles leave unwritten (RAG right 7 times in 10)
        Map<String, Object> writing = Map.of("product_name", "Darlie toothpaste mint", "brand", "Darlie",
                "brand_written", true);
        Map<String, Object> silent = Map.of("product_name", "Double action toothpaste mint", "brand", "Darlie",
                "brand_written", false);
        Case written = unseenWithNeighbours(writing, writing, silent);
        Case unwritten = unseenWithNeighbours(silent, silent, silent);
        List<Combination.Example> examples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            examples.add(example(written, i % 10 < 9 ? "Zelkova" : "Darlie"));
            examples.add(example(unwritten, i % 10 < 7 ? "Darlie" : "Zelkova"));
        }
        Combination learnt = Combination.fit(examples);

        assertThat(learnt.rank(written.ner(), written.rag()).get(0).brand()).isEqualTo("Zelkova");
        assertThat(learnt.rank(unwritten.ner(), unwritten.rag()).get(0).brand()).isEqualTo("Darlie");
        // NER finds RAG's brand in the title too: it is written, whatever the neighbours write
        AgentResult both = AgentResult.answer("ner", List.of(new Candidate("Zelkova", 0.6, List.of("ner")),
                new Candidate("Darlie", 0.5, List.of("ner"))), UNSEEN.ner().evidence());
        assertThat(learnt.rank(both, written.rag()).get(0).brand()).isEqualTo("Darlie");
    }

    @Test
    void ragsAnswerCountsByHowNearItsNeighboursAre() {
        // RAG at the same confidence: right 8 times in 10 when its neighbours are near the title, 2 in 10 when they are
        // far (a title unlike every catalogue product), where the tagger's span is right instead
        Map<String, Object> near = Map.of("product_name", "Darlie toothpaste mint", "brand", "Darlie",
                "similarity", 0.9, "brand_written", true);
        Map<String, Object> far = Map.of("product_name", "Darlie toothpaste mint", "brand", "Darlie",
                "similarity", 0.3, "brand_written", true);
        Case close = unseenWithNeighbours(near, near);
        Case distant = unseenWithNeighbours(far, far);
        List<Combination.Example> examples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            examples.add(example(close, i % 10 < 8 ? "Darlie" : "Zelkova"));
            examples.add(example(distant, i % 10 < 2 ? "Darlie" : "Zelkova"));
        }
        Combination learnt = Combination.fit(examples);

        assertThat(learnt.rank(close.ner(), close.rag()).get(0).brand()).isEqualTo("Darlie");
        assertThat(learnt.rank(distant.ner(), distant.rag()).get(0).brand()).isEqualTo("Zelkova");
    }

    @Test
    void howNerFoundABrandIsReadFromItsEvidence() {
        assertThat(Combination.howNerFound(REGISTRY.ner(), "colgate")).isEqualTo("registry");
        assertThat(Combination.howNerFound(UNSEEN.ner(), "zelkova")).isEqualTo("tagger_unknown");
        AgentResult known = ner("Colgate", 0.7, "tagger");
        @SuppressWarnings("unchecked")
        Map<String, Object> span = new java.util.LinkedHashMap<>(
                (Map<String, Object>) ((List<?>) known.evidence().get("matches")).get(0));
        span.put("matched", "COLGATE");
        AgentResult resolved = AgentResult.answer("ner", known.candidates(), Map.of("matches", List.of(span)));
        assertThat(Combination.howNerFound(resolved, "colgate")).isEqualTo("tagger_known");
        assertThat(Combination.howNerFound(ner("Colgat", 0.6, "fuzzy"), "colgat")).isEqualTo("near_miss");
    }

    @Test
    void anUnknownSpanNamingTheLabelledBrandToAnotherExtentIsRightButARegistryNameIsNot() {
        List<Combination.Example> examples = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // half the labels give the brand a word more: which words a brand the catalogue lacks goes by, none can tell
            examples.add(new Combination.Example(UNSEEN.ner(), UNSEEN.rag(), i % 2 == 0 ? "Zelkova" : "Zelkova Home"));
            // ...while a registry name is the catalogue's own: another extent of it is another brand's label
            examples.add(new Combination.Example(REGISTRY.ner(), REGISTRY.rag(),
                    i % 2 == 0 ? "Colgate" : "Colgate Palmolive"));
        }
        Combination learnt = Combination.fit(examples);
        assertThat(learnt.rank(UNSEEN.ner(), UNSEEN.rag()).get(0).confidence()).isGreaterThan(0.9);
        assertThat(learnt.rank(REGISTRY.ner(), REGISTRY.rag()).get(0).confidence()).isCloseTo(0.5, within(0.05));
        assertThat(learnt.info().byEvidence().get("tagger_unknown").precision()).isEqualTo(1.0);
        assertThat(learnt.info().byEvidence().get("registry").precision()).isEqualTo(0.5);
    }
}
