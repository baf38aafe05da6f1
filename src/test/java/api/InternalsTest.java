package api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.Http;
import support.ServiceInstance;

/**
 * What a caller without the API key sees of the service's internals, on a service with a key whose NER agent is remote
 * (WireMock playing it, answering 500): no agent endpoint, no store path and no raw error message in {@code /health},
 * {@code /agents} and the agents of an {@code /infer} answer, while a caller with the key sees them all; the key is sent
 * on to the remote agent; and an agent's endpoint takes caller-supplied prior candidates only with the key.
 */
class InternalsTest {

    static final String KEY = "internals-key";
    static WireMockServer remoteNer;
    static ServiceInstance service;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        remoteNer = new WireMockServer(wireMockConfig().dynamicPort());
        remoteNer.start();
        remoteNer.stubFor(post(urlEqualTo("/agents/ner/infer")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"code\":\"internal_error\"}}")));
        Map<String, String> properties = ServiceInstance.ownDirectories(Files.createTempDirectory("mpi-internals-"));
        properties.put("security.api-key", KEY);
        properties.put("agents.ner.endpoint", remoteNer.baseUrl() + "/agents/ner/infer");
        // failures are expected here: keep the circuit closed so that every call reaches WireMock
        properties.put("agents.ner.breaker.minimum-calls", "100");
        properties.put("agents.ner.breaker.sliding-window-size", "100");
        service = ServiceInstance.start("all", properties);
        http = service.http();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        remoteNer.stop();
    }

    @Test
    void internalsAreShownOnlyWithTheKey() {
        String host = "localhost:" + remoteNer.port();
        JsonNode open = http.get("/agents").json().get("agents");
        assertThat(open.toString()).doesNotContain(host, "direct:", "\"endpoint\"", "\"path\"");
        assertThat(open.get(0).path("status").asText()).isEqualTo("up");
        JsonNode keyed = http.call("GET", "/agents", "X-Api-Key", KEY).json().get("agents");
        assertThat(keyed.get(0).path("endpoint").asText()).isEqualTo(remoteNer.baseUrl() + "/agents/ner/infer");
        assertThat(http.get("/health").text()).doesNotContain(host, "\"endpoint\"", "\"directory\"");
        assertThat(http.call("GET", "/health", "X-Api-Key", KEY).text()).contains(host);
        assertThat(http.get("/agents/ner/health").text()).doesNotContain(host);

        String title = "{\"product_name\":\"Colgate Total 150g\"}";
        Http.Answer answer = http.postJson("/infer", title);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode ner = answer.json().get("agents").get(0);
        assertThat(ner.path("status").asText()).isEqualTo("failed");
        assertThat(ner.path("message").asText()).doesNotContain(host, "http:")
                .contains("the service's log has the details");
        Http.Answer keyedAnswer = http.post("/infer", "application/json", title, "X-Api-Key", KEY);
        assertThat(keyedAnswer.json().get("agents").get(0).path("message").asText()).contains(host);
        // the key goes on to the remote agent
        remoteNer.verify(postRequestedFor(urlEqualTo("/agents/ner/infer")).withHeader("X-Api-Key", equalTo(KEY)));
    }

    @Test
    void priorCandidatesNeedTheKey() {
        String request = Http.json(Map.of("product_name", "Colgate Total 150g", "prior_candidates",
                List.of(Map.of("brand", "Made Up Brand", "confidence", 0.99))));
        Http.Answer refused = http.postJson("/agents/rag/infer", request);
        assertThat(refused.status()).as(refused.text()).isEqualTo(401);
        assertThat(refused.json().at("/error/message").asText()).contains("prior_candidates");
        Http.Answer accepted = http.post("/agents/rag/infer", "application/json", request, "X-Api-Key", KEY);
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
        assertThat(http.postJson("/agents/rag/infer", "{\"product_name\":\"Colgate Total 150g\"}").status())
                .isEqualTo(200);
    }
}
