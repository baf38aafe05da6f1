package api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import support.Http;
import support.ServiceInstance;

/**
 * Bedrock (WireMock speaking its Converse API) in a storm of throttling and server errors while the orchestrator asks
 * NER, RAG and the LLM: every /infer is answered from NER and RAG, the LLM is marked failed, its circuit opens (shown by
 * /agents, /health and the metrics while it lasts) and closes again once Bedrock answers.
 */
class BedrockStormTest {

    static final String TITLE = "ยาสีฟัน Colgate Total สูตรเกลือ 150g";

    WireMockServer bedrock;
    ServiceInstance service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (bedrock != null) {
            bedrock.stop();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private void storm() {
        bedrock.resetAll();
        // throttling and 5xx, one after the other, for every call
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).inScenario("storm")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Too many requests\"}"))
                .willSetStateTo("5xx"));
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).inScenario("storm").whenScenarioStateIs("5xx")
                .willReturn(aResponse().withStatus(503).withHeader("x-amzn-ErrorType", "ServiceUnavailableException")
                        .withHeader("Content-Type", "application/json").withBody("{\"message\": \"unavailable\"}"))
                .willSetStateTo(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED));
    }

    private void calm() {
        bedrock.resetAll();
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(LlmAgentApiTest.converse(
                        "{\"brand\": \"Colgate\", \"confidence\": 0.9, \"reason\": \"named in the title\"}"))));
    }

    /** The agent {@code name} in an answer of /infer ({@code agent}) or of /agents ({@code name}). */
    private static JsonNode agent(JsonNode answer, String name) {
        for (JsonNode agent : answer.path("agents")) {
            if (name.equals(agent.path("agent").asText(agent.path("name").asText()))) {
                return agent;
            }
        }
        throw new AssertionError("no " + name + " in " + answer);
    }

    @Test
    void theOrchestratorAnswersThroughAStormAndTheLlmCircuitOpensAndClosesAgain() throws Exception {
        bedrock = new WireMockServer(wireMockConfig().dynamicPort());
        bedrock.start();
        Map<String, String> properties = LlmAgentApiTest.withBedrock(bedrock,
                "anthropic.claude-3-haiku-20240307-v1:0", Files.createTempDirectory("mpi-storm-"));
        properties.put("llm.retry-delay-ms", "20");
        properties.put("agents.llm.breaker.sliding-window-size", "4");
        properties.put("agents.llm.breaker.minimum-calls", "4");
        properties.put("agents.llm.breaker.open-seconds", "1");
        properties.put("agents.llm.breaker.half-open-calls", "1");
        storm();
        service = ServiceInstance.start("all", properties);
        Http http = service.http();

        // the storm: every answer comes from NER and RAG; the LLM fails, then its circuit is open
        for (int i = 0; i < 4; i++) {
            Http.Answer answer = http.postJson("/infer", Http.json(Map.of("product_name", TITLE + " " + i)));
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.json().get("brand").asText()).isEqualTo("Colgate");
            assertThat(agent(answer.json(), "llm").get("status").asText()).as(answer.text()).isEqualTo("failed");
            assertThat(agent(answer.json(), "ner").get("status").asText()).isEqualTo("ok");
        }
        int callsWhenOpened = bedrock.getAllServeEvents().size();
        JsonNode refused = http.postJson("/infer", Http.json(Map.of("product_name", TITLE))).json();
        assertThat(agent(refused, "llm").get("status").asText()).isEqualTo("open_circuit");
        assertThat(refused.get("brand").asText()).isEqualTo("Colgate");
        assertThat(bedrock.getAllServeEvents()).as("an open circuit does not call Bedrock").hasSize(callsWhenOpened);
        JsonNode llm = agent(http.get("/agents").json(), "llm");
        assertThat(llm.get("circuit_breaker").asText()).isIn("open", "half_open");
        assertThat(http.get("/health").json().get("status").asText()).isEqualTo("DEGRADED");
        String metrics = http.get("/actuator/prometheus").text();
        assertThat(metrics).containsPattern("mpi_llm_throttled_total\\{[^}]*} [1-9]")
                .contains("mpi_agent_calls_total{agent=\"llm\",application=\"multilingual-product-inference\","
                        + "status=\"open_circuit\"}")
                .contains("mpi_agent_calls_total{agent=\"llm\",application=\"multilingual-product-inference\","
                        + "status=\"failed\"}");

        // Bedrock answers again: after the open second, a trial call closes the circuit
        calm();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> "ok".equals(agent(
                http.postJson("/infer", Http.json(Map.of("product_name", TITLE))).json(), "llm").get("status").asText()));
        assertThat(agent(http.get("/agents").json(), "llm").get("circuit_breaker").asText()).isEqualTo("closed");
        assertThat(http.get("/health").json().get("status").asText()).isEqualTo("UP");
    }
}
