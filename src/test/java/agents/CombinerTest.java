package agents;

import static org.assertj.core.api.Assertions.assertThat;

import inference.AgentResult;
import inference.AgentStatus;
import inference.Candidate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CombinerTest {

    private final Combiner combiner = new Combiner(Map.of(), 0.3, 0.5);

    private static AgentResult says(String agent, String brand, double confidence) {
        return AgentResult.answer(agent, List.of(new Candidate(brand, confidence, List.of(agent))), Map.of());
    }

    @Test
    void agreementRaisesConfidence() {
        Combiner.Combined combined = combiner.combine(List.of(says("ner", "Colgate", 0.7), says("rag", "Colgate", 0.7)));
        assertThat(combined.brand()).isEqualTo("Colgate");
        assertThat(combined.confidence()).isEqualTo(0.91);
        assertThat(combined.candidates().get(0).agents()).containsExactly("ner", "rag");
    }

    @Test
    void disagreementLowersTheWinner() {
        Combiner.Combined combined = combiner.combine(List.of(says("ner", "Colgate", 0.9), says("rag", "Darlie", 0.6)));
        assertThat(combined.brand()).isEqualTo("Colgate");
        assertThat(combined.confidence()).isEqualTo(Math.round(0.9 * (1 - 0.3 * 0.6) * 1000) / 1000.0);
        assertThat(combined.candidates()).extracting(Candidate::brand).containsExactly("Colgate", "Darlie");
    }

    /** NER's answer found by its tagger; {@code known}: the span names a catalogue brand. */
    private static AgentResult tagged(String brand, double confidence, boolean known) {
        Map<String, Object> span = new java.util.HashMap<>(Map.of("brand", brand, "span", brand, "start", 9,
                "end", 9 + brand.length(), "match_type", "tagger"));
        if (known) {
            span.put("matched", brand);
        }
        return AgentResult.answer("ner", List.of(new Candidate(brand, confidence, List.of("ner"))),
                Map.of("matches", List.of(span)));
    }

    @Test
    void ragsRivalDoesNotCountAgainstASpanNamingNoCatalogueBrand() {
        // RAG votes among catalogue products: it cannot propose the brand of a span the catalogue lacks
        Combiner.Combined unknown = combiner.combine(List.of(tagged("Maybelline", 0.75, false),
                says("rag", "Mistine", 0.77)));
        assertThat(unknown.brand()).isEqualTo("Maybelline");
        assertThat(unknown.confidence()).isEqualTo(0.75);
        assertThat(unknown.candidates().get(1).confidence()).isEqualTo(Math.round(0.77 * (1 - 0.3 * 0.75) * 1000)
                / 1000.0);
        // a span naming a catalogue brand, and the LLM's rival, still count
        Combiner.Combined known = combiner.combine(List.of(tagged("Mistine", 0.75, true),
                says("rag", "Srichand", 0.77)));
        assertThat(known.candidates().stream().filter(c -> c.brand().equals("Mistine")).findFirst().orElseThrow()
                .confidence()).isEqualTo(Math.round(0.75 * (1 - 0.3 * 0.77) * 1000)
                / 1000.0);
        Combiner.Combined llm = combiner.combine(List.of(tagged("Maybelline", 0.75, false),
                says("llm", "Mistine", 0.5)));
        assertThat(llm.confidence()).isEqualTo(Math.round(0.75 * (1 - 0.3 * 0.5) * 1000) / 1000.0);
    }

    @Test
    void onlyAgentsThatAnsweredCountAndWeakAnswersAreNull() {
        Combiner.Combined combined = combiner.combine(List.of(
                AgentResult.unavailable("ner", AgentStatus.TIMEOUT, "slow"), says("rag", "Mama", 0.4)));
        assertThat(combined.brand()).isNull();
        assertThat(combined.confidence()).isEqualTo(0.4);
        assertThat(combined.candidates()).extracting(Candidate::brand).containsExactly("Mama");
    }

    @Test
    void weightsScaleAnAgentsSay() {
        Combiner weighted = new Combiner(Map.of("rag", 0.5), 0.0, 0.0);
        assertThat(weighted.combine(List.of(says("rag", "Mama", 0.8))).confidence()).isEqualTo(0.4);
    }
}
