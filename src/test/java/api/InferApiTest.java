package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import support.Http;

class InferApiTest extends ApiTestBase {

    private JsonNode infer(Map<String, Object> request) {
        Http.Answer answer = http().postJson("/infer", Http.json(request));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void withoutABedrockModelTheLlmAgentIsDisabledAndLeftOut() {
        Http.Answer llm = http().postJson("/infer", "{\"product_name\": \"Colgate toothpaste\", \"method\": \"llm\"}");
        assertThat(llm.status()).isEqualTo(503);
        assertThat(llm.json().at("/error/code").asText()).isEqualTo("method_unavailable");
        assertThat(llm.json().at("/error/message").asText()).contains("disabled").contains("llm.model-id");
        Http.Answer orchestrated = http().postJson("/infer", "{\"product_name\": \"Colgate toothpaste\"}");
        assertThat(orchestrated.json().findValuesAsText("agent")).containsExactly("ner", "rag");
        var agents = http().get("/agents").json().get("agents");
        assertThat(agents.get(3).get("name").asText()).isEqualTo("llm");
        assertThat(agents.get(3).get("status").asText()).isEqualTo("disabled");
        assertThat(agents.get(3).get("in_orchestrator").asBoolean()).isFalse();
        assertThat(http().get("/health").json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void mixedTitleGetsTheBrandWithEvidenceFromBothAgents() {
        String title = "ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์";
        JsonNode body = infer(Map.of("product_name", title));
        assertThat(body.get("brand").asText()).isEqualTo("Wonder Smile");
        assertThat(body.get("language").asText()).isEqualTo("mixed");
        assertThat(body.get("method").asText()).isEqualTo("orchestrator");
        assertThat(body.get("product_name").asText()).isEqualTo(title);
        assertThat(body.get("request_id").asText()).isNotBlank();
        assertThat(body.get("confidence").asDouble()).isBetween(0.5, 1.0);
        assertThat(body.get("candidates").size()).isBetween(1, 5);
        assertThat(body.at("/candidates/0/agents").toString()).contains("ner", "rag");
        JsonNode ner = body.at("/agents/0");
        assertThat(ner.get("agent").asText()).isEqualTo("ner");
        assertThat(ner.get("status").asText()).isEqualTo("ok");
        JsonNode span = ner.at("/evidence/matches/0");
        assertThat(span.get("span").asText()).isEqualTo("Wonder smile");
        assertThat(title.substring(span.get("start").asInt(), span.get("end").asInt())).isEqualTo("Wonder smile");
        JsonNode rag = body.at("/agents/1");
        assertThat(rag.get("agent").asText()).isEqualTo("rag");
        assertThat(rag.at("/evidence/neighbours/0/brand").asText()).isEqualTo("Wonder Smile");
        assertThat(rag.at("/evidence/neighbours/0/similarity").asDouble()).isGreaterThan(0.9);
        assertThat(rag.at("/evidence/neighbours/0/brand_written").asBoolean()).isTrue();
        assertThat(body.get("latency_ms").asLong()).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest
    @CsvSource({
        "colgate total whitening toothpaste 100g, Colgate, en",
        "ยาสีฟันคอลเกต สูตรใหม่ ฟันขาว 100 กรัม, Colgate, th",
        "มาม่า บะหมี่กึ่งสำเร็จรูป รสหมูสับ แพ็ค 6, Mama, th",
        "HATARI พัดลมตั้งพื้น 18 นิ้ว, Hatari, mixed"
    })
    void englishThaiAndMixedTitlesNotInTheCatalogue(String title, String brand, String language) {
        JsonNode body = infer(Map.of("product_name", title));
        assertThat(body.get("brand").asText()).isEqualTo(brand);
        assertThat(body.get("language").asText()).isEqualTo(language);
    }

    @ParameterizedTest
    @CsvSource({"ner, 1", "rag, 1", "hybrid, 1"})
    void eachAgentCanBeAskedAlone(String method, int agents) {
        JsonNode body = infer(Map.of("product_name", "Colgate Plax mouthwash 500ml", "method", method));
        assertThat(body.get("method").asText()).isEqualTo(method);
        assertThat(body.get("agents").size()).isEqualTo(agents);
        assertThat(body.at("/agents/0/agent").asText()).isEqualTo(method);
        assertThat(body.get("brand").asText()).isEqualTo("Colgate");
    }

    @Test
    void hybridStopsAfterASureNerAnswer() {
        JsonNode body = infer(Map.of("product_name", "Colgate Plax mouthwash 500ml", "method", "hybrid"));
        JsonNode evidence = body.at("/agents/0/evidence");
        assertThat(evidence.get("stopped_at").asText()).isEqualTo("ner");
        assertThat(evidence.get("steps").size()).isEqualTo(1);
    }

    @Test
    void nerFindsAMisspeltBrandWithItsSimilarity() {
        JsonNode body = infer(Map.of("product_name", "Samsumg Galaxy A15 สีดำ", "method", "ner"));
        assertThat(body.get("brand").asText()).isEqualTo("Samsung");
        JsonNode match = body.at("/agents/0/evidence/matches/0");
        assertThat(match.get("match_type").asText()).isEqualTo("fuzzy");
        assertThat(match.get("span").asText()).isEqualTo("Samsumg");
        assertThat(match.get("similarity").asDouble()).isEqualTo(0.857);
    }

    @Test
    void nerTagsABrandTheCatalogueNeverHad() {
        awaitTaggerIdle();
        String title = "ZEBRONIX wireless mouse 2.4GHz";
        JsonNode body = infer(Map.of("product_name", title, "method", "ner"));
        JsonNode match = body.at("/agents/0/evidence/matches/0");
        assertThat(match.get("match_type").asText()).isEqualTo("tagger");
        assertThat(match.get("span").asText()).isEqualTo("ZEBRONIX");
        assertThat(title.substring(match.get("start").asInt(), match.get("end").asInt())).isEqualTo("ZEBRONIX");
        assertThat(match.get("calibrated_confidence").asDouble()).isEqualTo(body.at("/agents/0/confidence").asDouble());
        assertThat(match.get("tagger_version").asText()).isNotBlank();
    }

    @Test
    void aTitleWithNoKnownBrandGetsNull() {
        awaitTaggerIdle();
        JsonNode body = infer(Map.of("product_name", "ถุงขยะ สีดำ ขนาด 30x40 นิ้ว 1 กิโลกรัม"));
        assertThat(body.get("brand").isNull()).isTrue();
        assertThat(body.get("confidence").asDouble()).isLessThan(0.5);
    }

    @Test
    void languageHintAndItsAliasAreHonoured() {
        assertThat(infer(Map.of("product_name", "Mama noodles", "language", "th")).get("language").asText())
                .isEqualTo("th");
        assertThat(infer(Map.of("product_name", "Mama noodles", "language_hint", "auto")).get("language").asText())
                .isEqualTo("en");
    }

    @Test
    void theClientsRequestIdIsKept() {
        Http.Answer answer = http().post("/infer", "application/json", "{\"product_name\":\"Mama noodles\"}",
                "X-Request-Id", "abc-123");
        assertThat(answer.requestId()).isEqualTo("abc-123");
        assertThat(answer.json().get("request_id").asText()).isEqualTo("abc-123");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{}                                           | missing_product_name",
        "{\"product_name\":null}                      | missing_product_name",
        "{\"product_name\":\"   \"}                   | empty_product_name",
        "{\"product_name\":42}                        | invalid_product_name",
        "{\"product_name\":[\"a\"]}                   | invalid_product_name",
        "{\"product_name\":\"a\",\"method\":\"gpt\"}  | invalid_method",
        "{\"product_name\":\"a\",\"method\":7}        | invalid_method",
        "{\"product_name\":\"a\",\"language_hint\":\"fr\"} | invalid_language_hint",
        "[{\"product_name\":\"a\"}]                   | invalid_request",
        "\"just a string\"                            | invalid_request",
        "{\"product_name\": \"a\"                     | malformed_json",
        "not json at all                              | malformed_json"
    })
    void badRequestsGet400WithWhatWasWrong(String body, String code) {
        Http.Answer answer = http().postJson("/infer", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo(code);
        assertThat(answer.json().at("/error/message").asText()).isNotBlank();
        assertThat(answer.json().get("request_id").asText()).isEqualTo(answer.requestId());
    }

    @Test
    void emptyBodyAndTooLongTitleAre400() {
        assertThat(http().postJson("/infer", "").json().at("/error/code").asText()).isEqualTo("empty_body");
        Http.Answer tooLong = http().postJson("/infer", Http.json(Map.of("product_name", "ก".repeat(1001))));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().at("/error/code").asText()).isEqualTo("product_name_too_long");
        assertThat(http().postJson("/infer", Http.json(Map.of("product_name", "  " + "a".repeat(1000) + "  ")))
                .status()).isEqualTo(200);
    }

    @Test
    void bodyThatIsNotJsonIs415() {
        Http.Answer plain = http().post("/infer", "text/plain", "Mama noodles");
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.json().at("/error/code").asText()).isEqualTo("unsupported_media_type");
        assertThat(http().post("/infer", "application/x-www-form-urlencoded", "product_name=x").status())
                .isEqualTo(415);
        assertThat(http().post("/infer", null, "{\"product_name\":\"x\"}").status()).isEqualTo(415);
    }

    @Test
    void bodyOverTheLimitIs413() {
        Http.Answer answer = http().postJson("/infer", "{\"product_name\":\"" + "a".repeat(70_000) + "\"}");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("payload_too_large");
        assertThat(answer.json().at("/error/message").asText()).contains("65536");
    }

    @Test
    void bodyOverTheLimitWithoutALengthIs413Too() {
        byte[] body = ("{\"product_name\":\"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Http.Answer answer = http().post("/infer", "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("payload_too_large");
    }
}
