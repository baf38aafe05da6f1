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
        JsonNode agents = http().get("/agents").json().get("agents");
        assertThat(agents.size()).isEqualTo(4);
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
        Http.Answer health = http().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).contains("camelHealth");
        assertThat(health.text()).contains("route:orchestrator");
        assertThat(http().get("/actuator/health/liveness").json().get("status").asText()).isEqualTo("UP");
        assertThat(http().get("/actuator/health/readiness").json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusHasAgentAndRouteMetricsWithoutProductText() {
        String title = "Sunsilk shampoo metrics-probe-title";
        http().postJson("/infer", Http.json(Map.of("product_name", title)));
        Http.Answer metrics = http().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("mpi_agent_calls_total{agent=\"ner\"");
        assertThat(metrics.text()).contains("mpi_agent_latency_seconds_bucket");
        assertThat(metrics.text()).contains("routeId=\"orchestrator\"");
        assertThat(metrics.text()).doesNotContain("metrics-probe-title");
    }
}
