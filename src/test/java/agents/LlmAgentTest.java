package agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inference.AgentRequest;
import inference.AgentResult;
import inference.Candidate;
import java.util.List;
import java.util.Map;
import knowledge.BrandCensus;
import knowledge.BrandRegistry;
import org.junit.jupiter.api.Test;

/** Reading a model's answer: the JSON asked for, whole brands, no-brand answers, and the guard against made-up brands. */
class LlmAgentTest {

    private final BrandRegistry registry = BrandRegistry.of(new BrandCensus(Map.of("Colgate", 5L, "Clear Nose", 2L),
            Map.of("Colgate", Map.of("คอลเกต", 3L))));
    private final LlmAgent agent = new LlmAgent(() -> registry, 0.3);

    private AgentResult read(String title, String answer, Candidate... prior) {
        return agent.read(new AgentRequest("t", title, "auto", List.of(prior)), answer, Map.of("model", "m"));
    }

    @Test
    void readsTheObjectInsideFencesAndText() throws Exception {
        assertThat(LlmAnswer.parse("{\"brand\": \"Colgate\", \"confidence\": 0.9, \"reason\": \"named\"}"))
                .isEqualTo(new LlmAnswer("Colgate", 0.9, "named"));
        assertThat(LlmAnswer.parse("```json\n{\"brand\": \"Clear Nose\", \"confidence\": 0.8, \"reason\": \"x\"}\n```")
                .brand()).isEqualTo("Clear Nose");
        assertThat(LlmAnswer.parse("Here is the answer: {\"reason\": \"a {nested} } brace\", \"brand\": "
                + "\"วันเดอร์สไมล์\", \"confidence\": 85} Hope it helps.")).isEqualTo(
                new LlmAnswer("วันเดอร์สไมล์", 0.85, "a {nested} } brace"));
        assertThat(LlmAnswer.parse("{\"note\": 1} then {\"brand\": \"Mama\", \"confidence\": \"0.7\"}"))
                .isEqualTo(new LlmAnswer("Mama", 0.7, ""));
    }

    @Test
    void noBrandAnswersAreNull() throws Exception {
        for (String none : new String[] {"\"unknown\"", "\"None\"", "null", "\"N/A\"", "\"\"", "\"Unknown.\""}) {
            LlmAnswer answer = LlmAnswer.parse("{\"brand\": " + none + ", \"confidence\": 0.6}");
            assertThat(answer.brand()).as(none).isNull();
            assertThat(answer.confidence()).isZero();
        }
        assertThat(read("USB-C cable 1m", "{\"brand\": null, \"confidence\": 0.1, \"reason\": \"none\"}").brand())
                .isNull();
    }

    @Test
    void whatIsNotTheJsonAskedForIsUnreadable() {
        assertThatThrownBy(() -> LlmAnswer.parse("Brand name: Clear Nose")).isInstanceOf(LlmAnswer.Unreadable.class)
                .hasMessageContaining("no JSON object");
        assertThatThrownBy(() -> LlmAnswer.parse("{\"name\": \"Clear Nose\"}"))
                .hasMessageContaining("no \"brand\" field");
        assertThatThrownBy(() -> LlmAnswer.parse("{\"brand\": [\"a\"]}")).hasMessageContaining("not a string");
        assertThatThrownBy(() -> LlmAnswer.parse("{\"brand\": \"Colgate\", ")).hasMessageContaining("no JSON");
        AgentResult result = read("Colgate toothpaste", "Brand name: Colgate");
        assertThat(result.brand()).isNull();
        assertThat(result.evidence().get("unreadable").toString()).contains("Brand name: Colgate");
    }

    @Test
    void aKnownBrandAnswersWithItsCanonicalNameAndWholeWords() {
        AgentResult result = read("ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม", "{\"brand\": \"คอลเกต\", \"confidence\": 0.9}");
        assertThat(result.brand()).isEqualTo("Colgate");
        assertThat(result.confidence()).isEqualTo(0.9);
        assertThat(result.evidence()).containsEntry("in_title", true).containsEntry("grounded", true)
                .containsEntry("known_brand", true).containsEntry("answered", "คอลเกต");
        assertThat(read("CLEAR NOSE acne serum", "{\"brand\": \"clear nose\", \"confidence\": 0.8}").brand())
                .isEqualTo("Clear Nose");
        // a brand the registry does not know, written in the title: kept as the model spelt it
        assertThat(read("Wonder smile toothpaste kid", "{\"brand\": \"Wonder Smile\", \"confidence\": 0.8}").brand())
                .isEqualTo("Wonder Smile");
    }

    @Test
    void aBrandNeitherInTheTitleNorProposedIsCapped() {
        AgentResult madeUp = read("ยาสีฟัน สูตรเกลือ 150 กรัม", "{\"brand\": \"Sensodyne\", \"confidence\": 0.95}");
        assertThat(madeUp.brand()).isEqualTo("Sensodyne");
        assertThat(madeUp.confidence()).isEqualTo(0.3);
        assertThat(madeUp.evidence()).containsEntry("grounded", false).containsEntry("in_title", false);
        // proposed by an earlier agent: grounded, as confident as the model says
        AgentResult proposed = read("ยาสีฟัน สูตรเกลือ 150 กรัม", "{\"brand\": \"Colgate\", \"confidence\": 0.7}",
                new Candidate("COLGATE", 0.4, List.of("rag")));
        assertThat(proposed.confidence()).isEqualTo(0.7);
        assertThat(proposed.evidence()).containsEntry("among_candidates", true).containsEntry("grounded", true);
        // a short name inside a longer Latin word is not written there
        assertThat(LlmAgent.writtenIn("Lgbt pride flag", "LG", java.util.Optional.empty(), registry)).isFalse();
        assertThat(LlmAgent.writtenIn("LG 32 inch TV", "LG", java.util.Optional.empty(), registry)).isTrue();
    }
}
