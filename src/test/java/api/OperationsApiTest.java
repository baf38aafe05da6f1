package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.Http;

class OperationsApiTest extends ApiTestBase {

    @Test
    void healthShowsEveryAgent() {
        Http.Answer health = http().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("agents").findValuesAsText("name")).containsExactly("ner", "rag", "hybrid", "llm");
        assertThat(health.json().at("/knowledge_base/products").asLong()).isPositive();
    }

    @Test
    void agentsAndTheirHealth() {
        // where each agent is reached is shown to callers with the key only (InternalsTest)
        JsonNode agents = http().call("GET", "/agents", "X-Api-Key", API_KEY).json().get("agents");
        assertThat(agents.size()).isEqualTo(4);
        assertThat(http().get("/agents").json().get("agents").get(0).has("endpoint")).isFalse();
        JsonNode ner = agents.get(0);
        assertThat(ner.get("name").asText()).isEqualTo("ner");
        assertThat(ner.get("status").asText()).isEqualTo("up");
        assertThat(ner.get("endpoint").asText()).isEqualTo("direct:agent-ner");
        assertThat(ner.get("timeout_ms").asLong()).isEqualTo(1000);
        assertThat(ner.get("circuit_breaker").asText()).isEqualTo("closed");
        JsonNode tagger = ner.get("tagger");
        assertThat(tagger.get("status").asText()).isEqualTo("ready");
        assertThat(tagger.get("trained_on").asInt()).isGreaterThanOrEqualTo(50);
        assertThat(tagger.get("version").asText()).isNotBlank();
        assertThat(http().get("/agents/rag/health").status()).isEqualTo(200);
        // the orchestrator is not an agent, but answers for itself and the agents it asks (the deployment guide's check)
        Http.Answer orchestrator = http().get("/agents/orchestrator/health");
        assertThat(orchestrator.status()).as(orchestrator.text()).isEqualTo(200);
        assertThat(orchestrator.json().get("name").asText()).isEqualTo("orchestrator");
        assertThat(orchestrator.json().get("status").asText()).isEqualTo("UP");
        assertThat(orchestrator.json().get("agents").findValuesAsText("name")).containsExactly("ner", "rag");
        assertThat(orchestrator.json().get("agents").get(0).has("endpoint")).isFalse();
        Http.Answer unknown = http().get("/agents/nope/health");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("unknown_agent");
    }

    @Test
    void anAgentCanBeAskedDirectlyAsRemoteOrchestratorsDo() {
        Http.Answer answer = http().postJson("/agents/ner/infer",
                Http.json(Map.of("request_id", "r-1", "product_name", "TOA สีน้ำ 9 ลิตร")));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("agent").asText()).isEqualTo("ner");
        assertThat(answer.json().get("brand").asText()).isEqualTo("TOA");
        assertThat(http().postJson("/agents/ner/infer", "{\"product_name\":\"\"}").status()).isEqualTo(400);
        assertThat(http().postJson("/agents/nope/infer", "{\"product_name\":\"x\"}").status()).isEqualTo(404);
        Http.Answer llm = http().postJson("/agents/llm/infer", "{\"product_name\":\"x\"}");
        assertThat(llm.json().get("status").asText()).as("hosted, but no model is configured").isEqualTo("disabled");
    }

    @Test
    void openApiDocument() {
        Http.Answer doc = http().get("/api-doc");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("paths").has("/infer")).isTrue();
        assertThat(doc.json().get("paths").has("/catalog")).isTrue();
    }

    @Test
    void actuatorProbesAndCamelRouteHealth() {
        // the file consumers' health checks are DOWN until their first poll, a second after the start
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> http().get("/actuator/health").status() == 200);
        Http.Answer health = http().get("/actuator/health");
        assertThat(health.status()).as(health.text()).isEqualTo(200);
        assertThat(health.text()).contains("camelHealth");
        assertThat(health.text()).contains("route:orchestrator");
        assertThat(http().get("/actuator/health/liveness").json().get("status").asText()).isEqualTo("UP");
        JsonNode readiness = http().get("/actuator/health/readiness").json();
        assertThat(readiness.get("status").asText()).isEqualTo("UP");
        // the service's own health model, the one /health renders
        assertThat(readiness.get("components").fieldNames()).toIterable()
                .contains("readinessState", "agents", "knowledgeBase", "routeReloads", "models");
        assertThat(readiness.at("/components/agents/details/agents/0/name").asText()).isEqualTo("ner");
        assertThat(readiness.at("/components/models/details/embedder/id").asText()).isNotBlank();
        assertThat(http().get("/actuator/health/liveness").json().has("components")).isFalse();
    }

    @Test
    void prometheusHasAgentAndRouteMetricsWithoutProductText() {
        String title = "Sunsilk shampoo metrics-probe-title";
        http().postJson("/infer", Http.json(Map.of("product_name", title)));
        Http.Answer metrics = http().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("mpi_agent_calls_total{agent=\"ner\"");
        assertThat(metrics.text()).contains("mpi_agent_latency_seconds_bucket");
        // per-route timers for the API's and the agents' routes, not for those inside every request (application.yaml)
        assertThat(metrics.text()).contains("routeId=\"infer-http\"", "routeId=\"agent-ner\"")
                .doesNotContain("routeId=\"ask-ner\"", "routeId=\"orchestrator\"", "routeId=\"infer\"");
        assertThat(metrics.text()).doesNotContain("metrics-probe-title");
    }

    @Test
    void everyAnswerHasTheSecurityHeadersAndNoneAllowsOtherOrigins() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String base = "http://localhost:" + port;
        java.util.List<java.net.http.HttpRequest> requests = java.util.List.of(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/")).build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health")).build(),
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/infer"))
                        .header("Content-Type", "application/json").header("Origin", "https://elsewhere.example")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"product_name\":\"Colgate 150g\"}"))
                        .build(),
                // refused by the filter before any route: 401
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/catalog"))
                        .header("Content-Type", "text/csv")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("product_name,brand\n")).build());
        for (java.net.http.HttpRequest request : requests) {
            java.net.http.HttpResponse<String> answer = client.send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            var headers = answer.headers();
            assertThat(headers.firstValue("X-Content-Type-Options")).as(request.uri().toString()).hasValue("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).as(request.uri().toString()).hasValue("DENY");
            assertThat(headers.firstValue("Referrer-Policy")).as(request.uri().toString()).hasValue("no-referrer");
            assertThat(headers.firstValue("Content-Security-Policy")).as(request.uri().toString())
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
            // CORS is off: no answer lets a page of another origin read it
            assertThat(headers.firstValue("Access-Control-Allow-Origin")).as(request.uri().toString()).isEmpty();
        }
    }
}
