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
