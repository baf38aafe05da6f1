package api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.Http;
import support.ServiceInstance;

/**
 * The LLM agent against WireMock playing the Bedrock Runtime Converse API (llm.endpoint): the request the route sends
 * (model in the path, system prompt, messages, inferenceConfig, a SigV4 signature) and what the service makes of recorded
 * answers: clean JSON, JSON in a fence, multi-word and Thai-script brands, "unknown", a made-up brand, malformed output,
 * throttling then success, a 500, a reply slower than the agent's time limit, and the answer cache.
 */
class LlmAgentApiTest {

    /** A custom model deployment (a fine-tuned model): its ARN is the model id. */
    static final String MODEL = "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/a1b2c3d4e5f6";
    static WireMockServer bedrock;
    static ServiceInstance service;
    static Http http;

    @BeforeAll
    static void start() throws IOException {
        bedrock = new WireMockServer(wireMockConfig().dynamicPort());
        bedrock.start();
        Map<String, String> properties = withBedrock(bedrock, MODEL, Files.createTempDirectory("mpi-llm-"));
        properties.put("llm.retry-delay-ms", "50");
        properties.put("agents.llm.timeout-ms", "2000");
        // failures are expected here: keep the circuit closed so that every test reaches WireMock
        properties.put("agents.llm.breaker.minimum-calls", "100");
        properties.put("agents.llm.breaker.sliding-window-size", "100");
        service = ServiceInstance.start("all", properties);
        http = service.http();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        bedrock.stop();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /**
     * Settings of a service of its own (under {@code work}) whose LLM agent asks {@code model} on {@code bedrock}, with
     * made-up AWS credentials (the default credentials chain reads these system properties first; clear them after).
     */
    static Map<String, String> withBedrock(WireMockServer bedrock, String model, Path work) {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("llm.model-id", model);
        properties.put("llm.region", "us-east-1");
        properties.put("llm.endpoint", bedrock.baseUrl());
        return properties;
    }

    /** A Converse answer whose text is {@code text}. */
    static String converse(String text) {
        return Http.json(Map.of(
                "output", Map.of("message", Map.of("role", "assistant", "content", java.util.List.of(Map.of("text", text)))),
                "stopReason", "end_turn",
                "usage", Map.of("inputTokens", 412, "outputTokens", 23, "totalTokens", 435),
                "metrics", Map.of("latencyMs", 180)));
    }

    /** Bedrock answers {@code text} to prompts whose question names {@code title}. */
    static void answer(String title, String text) {
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).withRequestBody(containing("Title: " + title))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(converse(text))));
    }

    static JsonNode infer(String title) {
        Http.Answer answer = http.postJson("/infer", Http.json(Map.of("product_name", title, "method", "llm")));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    static int callsFor(String title) {
        return bedrock.countRequestsMatching(postRequestedFor(urlPathMatching("/model/.+/converse"))
                .withRequestBody(containing("Title: " + title)).build()).getCount();
    }

    @Test
    void sendsTheModelPromptAndSettingsSignedAndReadsACleanAnswer() {
        String title = "ยาสีฟัน Colgate Total สูตรเกลือ 150g";
        answer(title, "{\"brand\": \"Colgate\", \"confidence\": 0.92, \"reason\": \"named in the title\"}");
        JsonNode body = infer(title);
        assertThat(body.get("brand").asText()).isEqualTo("Colgate");
        assertThat(body.get("confidence").asDouble()).isEqualTo(0.92);
        JsonNode agent = body.at("/agents/0");
        assertThat(agent.get("agent").asText()).isEqualTo("llm");
        assertThat(agent.get("status").asText()).isEqualTo("ok");
        assertThat(agent.at("/evidence/model").asText()).isEqualTo(MODEL);
        assertThat(agent.at("/evidence/input_tokens").asInt()).isEqualTo(412);
        assertThat(agent.at("/evidence/grounded").asBoolean()).isTrue();

        bedrock.verify(1, postRequestedFor(urlPathMatching("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012"
                + "%3Acustom-model-deployment%2Fa1b2c3d4e5f6/converse"))
                .withRequestBody(containing("Title: " + title))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/"
                        + "bedrock/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}"))
                .withRequestBody(matchingJsonPath("$.inferenceConfig.maxTokens", matching("200")))
                .withRequestBody(matchingJsonPath("$.inferenceConfig.temperature", matching("0(\\.0)?")))
                .withRequestBody(matchingJsonPath("$.inferenceConfig.topP", matching("0\\.9")))
                .withRequestBody(matchingJsonPath("$.system[0].text", containing("BRAND")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", matching("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].role", matching("assistant"))));

        String metrics = http.get("/actuator/prometheus").text();
        assertThat(metrics).contains("mpi_llm_tokens_total{application=\"multilingual-product-inference\","
                + "type=\"input\"}").contains("mpi_agent_calls_total{agent=\"llm\"");
    }

    @Test
    void readsFencedJsonAndWholeMultiWordAndThaiBrands() {
        answer("CLEAR NOSE Oil Control Powder 4g", "```json\n{\"brand\": \"Clear Nose\", \"confidence\": 0.88, "
                + "\"reason\": \"two words\"}\n```");
        assertThat(infer("CLEAR NOSE Oil Control Powder 4g").get("brand").asText()).isEqualTo("Clear Nose");
        answer("น้ำปลาแท้ ตราทิพรส 700 มล.", "Sure! {\"brand\": \"ทิพรส\", \"confidence\": 0.8, \"reason\": \"Thai\"}");
        JsonNode thai = infer("น้ำปลาแท้ ตราทิพรส 700 มล.");
        assertThat(thai.get("brand").asText()).isEqualTo("ทิพรส");
        assertThat(thai.at("/agents/0/evidence/in_title").asBoolean()).isTrue();
    }

    @Test
    void unknownAMadeUpBrandAndMalformedOutputGiveNoBrand() {
        answer("USB-C charging cable 2 m braided", "{\"brand\": \"unknown\", \"confidence\": 0.2, \"reason\": \"none\"}");
        JsonNode unknown = infer("USB-C charging cable 2 m braided");
        assertThat(unknown.get("brand").isNull()).isTrue();
        assertThat(unknown.at("/agents/0/status").asText()).isEqualTo("ok");

        answer("ยาสีฟัน สูตรสมุนไพร 160 กรัม", "{\"brand\": \"Sensodyne\", \"confidence\": 0.97, \"reason\": \"guess\"}");
        JsonNode madeUp = infer("ยาสีฟัน สูตรสมุนไพร 160 กรัม");
        assertThat(madeUp.get("brand").isNull()).as("capped under min-confidence").isTrue();
        assertThat(madeUp.at("/candidates/0/brand").asText()).isEqualTo("Sensodyne");
        assertThat(madeUp.at("/candidates/0/confidence").asDouble()).isEqualTo(0.3);
        assertThat(madeUp.at("/agents/0/evidence/grounded").asBoolean()).isFalse();

        answer("Stainless steel water bottle 750ml", "Brand name: Stanley");
        JsonNode malformed = infer("Stainless steel water bottle 750ml");
        assertThat(malformed.get("brand").isNull()).isTrue();
        assertThat(malformed.at("/agents/0/evidence/unreadable").asText()).contains("Brand name: Stanley");
        String metrics = http.get("/actuator/prometheus").text();
        assertThat(metrics).containsPattern("mpi_llm_answers_total\\{[^}]*outcome=\"unreadable\"[^}]*} [1-9]")
                .containsPattern("mpi_llm_answers_total\\{[^}]*outcome=\"no_brand\"[^}]*} [1-9]");
    }

    @Test
    void throttlingIsRetriedAndCounted() {
        String title = "Mama instant noodles tom yum 55g x 10";
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).withRequestBody(containing("Title: " + title))
                .inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\": \"Too many requests, please wait before trying again.\"}"))
                .willSetStateTo("answered"));
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).withRequestBody(containing("Title: " + title))
                .inScenario("throttled").whenScenarioStateIs("answered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(converse("{\"brand\": \"Mama\", \"confidence\": 0.9, \"reason\": \"named\"}"))));
        assertThat(infer(title).get("brand").asText()).isEqualTo("Mama");
        assertThat(callsFor(title)).isEqualTo(2);
        assertThat(http.get("/actuator/prometheus").text()).containsPattern("mpi_llm_throttled_total\\{[^}]*} [1-9]");
    }

    @Test
    void aServerErrorAndASlowReplyMakeTheMethodUnavailable() {
        String failing = "Philips LED bulb 9W warm white";
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).withRequestBody(containing("Title: " + failing))
                .willReturn(aResponse().withStatus(500).withHeader("x-amzn-ErrorType", "InternalServerException")
                        .withHeader("Content-Type", "application/json").withBody("{\"message\": \"internal\"}")));
        Http.Answer failed = http.postJson("/infer", Http.json(Map.of("product_name", failing, "method", "llm")));
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.json().at("/error/code").asText()).isEqualTo("method_unavailable");
        assertThat(failed.json().at("/error/message").asText()).contains("failed");
        assertThat(callsFor(failing)).as("the first call and 2 retries").isEqualTo(3);

        String slow = "Tefal frying pan 28 cm non-stick";
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).withRequestBody(containing("Title: " + slow))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay(4000).withBody(converse("{\"brand\": \"Tefal\", \"confidence\": 0.9}"))));
        Http.Answer late = http.postJson("/infer", Http.json(Map.of("product_name", slow, "method", "llm")));
        assertThat(late.status()).isEqualTo(503);
        assertThat(late.json().at("/error/message").asText()).contains("timeout");
        assertThat(http.get("/actuator/prometheus").text())
                .contains("mpi_agent_calls_total{agent=\"llm\",application=\"multilingual-product-inference\","
                        + "status=\"failed\"}")
                .contains("mpi_agent_calls_total{agent=\"llm\",application=\"multilingual-product-inference\","
                        + "status=\"timeout\"}");
    }

    @Test
    void aTitleAnsweredLatelyComesFromTheCache() {
        String title = "Scotch-Brite sponge scrubber 3 pieces";
        answer(title, "{\"brand\": \"Scotch-Brite\", \"confidence\": 0.9, \"reason\": \"named\"}");
        assertThat(infer(title).at("/agents/0/evidence/cached").isMissingNode()).isTrue();
        JsonNode again = infer("  scotch-brite SPONGE scrubber 3 pieces ");
        assertThat(again.get("brand").asText()).isEqualTo("Scotch-Brite");
        assertThat(again.at("/agents/0/evidence/cached").asBoolean()).isTrue();
        assertThat(callsFor(title)).isEqualTo(1);
        assertThat(http.get("/actuator/prometheus").text()).containsPattern("mpi_llm_cache_hits_total\\{[^}]*} [1-9]");
    }

    @Test
    void theOrchestratorAsksTheLlmNextToTheOtherAgents() {
        String title = "Wonder smile toothpaste kid 80g";
        answer(title, "{\"brand\": \"Wonder Smile\", \"confidence\": 0.9, \"reason\": \"named\"}");
        Http.Answer answer = http.postJson("/infer", Http.json(Map.of("product_name", title)));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().findValuesAsText("agent")).contains("ner", "rag", "llm");
    }

    @Test
    void aBadRequestIsNotRetried() {
        String title = "Nivea body lotion 400 ml";
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).withRequestBody(containing("Title: " + title))
                .willReturn(aResponse().withStatus(400).withHeader("x-amzn-ErrorType", "ValidationException")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\": \"The provided model identifier is invalid.\"}")));
        Http.Answer answer = http.postJson("/infer", Http.json(Map.of("product_name", title, "method", "llm")));
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().at("/error/message").asText()).contains("ValidationException");
        assertThat(callsFor(title)).isEqualTo(1);
    }

    @Test
    void theHybridPipelineAsksTheLlmLastWithTheCandidatesOfTheStepsBefore() {
        // no brand written (NER has none), toothpaste of several demo brands (RAG is not sure)
        String title = "ยาสีฟัน สูตรเกลือ ฟันขาว สดชื่น 150 กรัม";
        answer(title, "{\"brand\": null, \"confidence\": 0.1, \"reason\": \"no brand\"}");
        Http.Answer answer = http.postJson("/infer", Http.json(Map.of("product_name", title, "method", "hybrid")));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode steps = answer.json().at("/agents/0/evidence/steps");
        assertThat(steps.findValuesAsText("agent")).containsExactly("ner", "rag", "llm");
        assertThat(steps.get(2).get("status").asText()).isEqualTo("ok");
        bedrock.verify(1, postRequestedFor(urlPathMatching("/model/.+/converse"))
                .withRequestBody(containing("Title: " + title))
                .withRequestBody(containing("Candidates from other agents:")));
    }

    @Test
    void theLlmRunsAsItsOwnServiceBehindAnOrchestrator() throws IOException {
        Path work = Files.createTempDirectory("mpi-llm-split-");
        Map<String, String> llmProperties = ServiceInstance.ownDirectories(work.resolve("llm"));
        llmProperties.put("llm.model-id", MODEL);
        llmProperties.put("llm.endpoint", bedrock.baseUrl());
        Map<String, String> orchestratorProperties = ServiceInstance.ownDirectories(work.resolve("orchestrator"));
        orchestratorProperties.put("agents.ner.endpoint", service.url() + "/agents/ner/infer");
        orchestratorProperties.put("agents.rag.endpoint", service.url() + "/agents/rag/infer");
        try (ServiceInstance llm = ServiceInstance.start("llm", llmProperties)) {
            orchestratorProperties.put("agents.llm.endpoint", llm.url() + "/agents/llm/infer");
            orchestratorProperties.put("agents.llm.enabled", "true");
            try (ServiceInstance orchestrator = ServiceInstance.start("orchestrator", orchestratorProperties)) {
                String title = "ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม แพ็ค 3";
                answer(title, "{\"brand\": \"คอลเกต\", \"confidence\": 0.9, \"reason\": \"Thai name\"}");
                Http.Answer answer = orchestrator.http().postJson("/infer", Http.json(Map.of("product_name", title)));
                assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                JsonNode agents = answer.json().get("agents");
                assertThat(agents.findValuesAsText("agent")).containsExactly("ner", "rag", "llm");
                assertThat(agents.get(2).get("status").asText()).isEqualTo("ok");
                assertThat(agents.get(2).get("brand").asText()).as("mapped by the llm service's own catalogue")
                        .isEqualTo("Colgate");
                assertThat(answer.json().get("brand").asText()).isEqualTo("Colgate");
                assertThat(llm.http().postJson("/agents/ner/infer", "{\"product_name\": \"x\"}").status())
                        .isEqualTo(404);
            }
        }
    }

    @Test
    void theBulkheadRefusesCallsOverItsLimit() throws Exception {
        Path work = Files.createTempDirectory("mpi-llm-bulkhead-");
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("llm.model-id", MODEL);
        properties.put("llm.endpoint", bedrock.baseUrl());
        properties.put("agents.llm.max-concurrent-calls", "1");
        String slow = "Zojirushi rice cooker 1.8 L";
        bedrock.stubFor(post(urlPathMatching("/model/.+/converse")).withRequestBody(containing("Title: " + slow))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay(1500).withBody(converse("{\"brand\": \"Zojirushi\", \"confidence\": 0.9}"))));
        String other = "Zojirushi vacuum flask 0.5 L";
        answer(other, "{\"brand\": \"Zojirushi\", \"confidence\": 0.9}");
        try (ServiceInstance limited = ServiceInstance.start("all", properties)) {
            Http client = limited.http();
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.postJson("/infer",
                    Http.json(Map.of("product_name", slow, "method", "llm"))));
            // the first call holds the only permit once it has reached Bedrock
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> callsFor(slow) == 1);
            Http.Answer refused = client.postJson("/infer", Http.json(Map.of("product_name", other, "method", "llm")));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().at("/error/message").asText()).contains("Bulkhead");
            assertThat(first.get().status()).isEqualTo(200);
            assertThat(callsFor(other)).as("refused before Bedrock").isZero();
        }
    }
}
