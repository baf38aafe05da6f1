package api;

import static org.assertj.core.api.Assertions.assertThat;

import app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import support.Http;

/**
 * The examples of docs/ROUTES.md, as an integrator deploys them: the files of docs/routes/ in ROUTES_DIR, and the
 * settings the guide gives. A rules agent written only in YAML, registered with the orchestrator by configuration; the
 * hybrid agent with another order and threshold.
 */
@CamelSpringBootTest
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"routes.dir=" + RoutesGuideTest.ROUTES_DIR,
                "agents.rules.enabled=true", "agents.rules.local=true", "agents.rules.endpoint=direct:agent-rules",
                "agents.rules.timeout-ms=200", "orchestrator.agents=ner,rag,llm,rules",
                // an agent nothing answers for (no route at its endpoint), asked only by the template test below
                "agents.absent.enabled=true", "agents.absent.local=false", "agents.absent.endpoint=direct:agent-absent",
                "agents.absent.timeout-ms=5000",
                "inference.answers-to=seda:answered"})
class RoutesGuideTest {

    /** routes.dir is read before the context starts (routefiles.RouteFileSelection), so it is fixed here, under target/. */
    static final String ROUTES_DIR = "target/test-routes/guide";
    static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("mpi-guide-");
            Path routes = Files.createDirectories(Path.of(ROUTES_DIR));
            try (Stream<Path> examples = Files.list(Path.of("docs/routes"))) {
                for (Path example : examples.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                    Files.copy(example, routes.resolve(example.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("data.dir", () -> WORK.resolve("data").toString());
        registry.add("catalog.inbox", () -> WORK.resolve("inbox").toString());
        registry.add("review.dir", () -> WORK.resolve("review").toString());
    }

    @LocalServerPort
    int port;

    private Http.Answer infer(Map<String, String> request) {
        return Http.onPort(port).postJson("/infer", Http.json(request));
    }

    private static JsonNode agent(JsonNode answer, String name) {
        for (JsonNode agent : answer.path("agents")) {
            if (name.equals(agent.path("agent").asText())) {
                return agent;
            }
        }
        return null;
    }

    @Test
    void aRulesAgentWrittenInYamlIsAskedByTheOrchestrator() {
        Http.Answer answer = infer(Map.of("product_name", "ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม"));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode rules = agent(answer.json(), "rules");
        assertThat(rules).as(answer.text()).isNotNull();
        assertThat(rules.path("status").asText()).isEqualTo("ok");
        assertThat(rules.path("brand").asText()).isEqualTo("Colgate");
        assertThat(rules.path("evidence").path("rule").asText()).isEqualTo("keyword of Colgate");
        assertThat(answer.json().path("brand").asText()).isEqualTo("Colgate");
        assertThat(answer.json().at("/candidates/0/agents").toString()).contains("rules");

        // asked alone, as a method; a title without a keyword has no brand from it
        Http.Answer alone = infer(Map.of("product_name", "มาม่า รสต้มยำกุ้ง 55 กรัม", "method", "rules"));
        assertThat(alone.status()).as(alone.text()).isEqualTo(200);
        assertThat(alone.json().path("brand").asText()).isEqualTo("Mama");
        Http.Answer none = infer(Map.of("product_name", "Sensodyne Repair & Protect 100g", "method", "rules"));
        assertThat(none.json().path("brand").isNull()).as(none.text()).isTrue();

        // listed and hosted like the built-in agents
        JsonNode agents = Http.onPort(port).get("/agents").json();
        JsonNode listed = null;
        for (JsonNode one : agents.path("agents")) {
            if ("rules".equals(one.path("name").asText())) {
                listed = one;
            }
        }
        assertThat(listed).as(agents.toString()).isNotNull();
        assertThat(listed.path("status").asText()).isEqualTo("up");
        assertThat(listed.path("in_orchestrator").asBoolean()).isTrue();
        assertThat(listed.path("hosted_here").asBoolean()).isTrue();
        assertThat(Http.onPort(port).get("/agents/rules/health").status()).isEqualTo(200);
        assertThat(Http.onPort(port).get("/health").text()).contains("\"name\":\"rules\"");
        Http.Answer hosted = Http.onPort(port).postJson("/agents/rules/infer",
                Http.json(Map.of("product_name", "Colgate Total 150g")));
        assertThat(hosted.status()).as(hosted.text()).isEqualTo(200);
        assertThat(hosted.json().path("brand").asText()).isEqualTo("Colgate");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.ProducerTemplate template;

    @Test
    void aRouteFromTheTemplateCallsTheAgentWithinItsTimeLimit() {
        inference.AgentRequest request = new inference.AgentRequest("guide-1", "Colgate Total toothpaste 150g", "en",
                null, java.util.List.of());
        inference.AgentResult result = template.requestBody("direct:ask-rag-within-300ms", request,
                inference.AgentResult.class);
        assertThat(result.agent()).isEqualTo("rag");
        assertThat(result.status()).isEqualTo(inference.AgentStatus.OK);
        assertThat(result.brand()).isEqualTo("Colgate");
        // the same template for an agent that does not answer (no route at direct:agent-absent): its fallback's result
        String routeId = org.apache.camel.builder.TemplatedRouteBuilder.builder(template.getCamelContext(),
                        "ask-agent").parameter("agent", "absent").parameter("name", "ask-absent-within-100ms")
                .parameter("timeoutMs", "100").add();
        assertThat(routeId).isNotBlank();
        inference.AgentResult fallback = template.requestBody("direct:ask-absent-within-100ms", request,
                inference.AgentResult.class);
        assertThat(fallback.agent()).isEqualTo("absent");
        assertThat(fallback.status()).isEqualTo(inference.AgentStatus.TIMEOUT);
        assertThat(fallback.message()).startsWith("no answer within 100 ms");
    }

    @Test
    void answersWithoutABrandOrUnsureAreKeptForReview() throws Exception {
        // a title naming no brand, which the first run's tagger (trained on the demo catalogue) is far from answering
        assertThat(infer(Map.of("product_name", "กระเช้าของขวัญ ชุดใหญ่ 12 ชิ้น")).json().path("brand").isNull())
                .isTrue();
        assertThat(infer(Map.of("product_name", "Colgate Total toothpaste 150g")).json().path("brand").asText())
                .isEqualTo("Colgate");
        Path review = WORK.resolve("review").resolve("low-confidence-" + java.time.LocalDate.now() + ".ndjson");
        // one more unsure answer after the sure one: once it is in the file, the sure one had its turn
        assertThat(infer(Map.of("product_name", "ชุดของขวัญ")).json().path("brand").isNull()).isTrue();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> Files.exists(review) && Files.readString(review).contains("กระเช้าของขวัญ ชุดใหญ่")
                        && Files.readString(review).contains("ชุดของขวัญ"));
        List<String> lines = Files.readAllLines(review);
        JsonNode kept = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.stream()
                .filter(line -> line.contains("กระเช้าของขวัญ ชุดใหญ่")).findFirst().orElseThrow());
        assertThat(kept.path("product_name").asText()).isEqualTo("กระเช้าของขวัญ ชุดใหญ่ 12 ชิ้น");
        assertThat(kept.path("brand").isNull()).isTrue();
        assertThat(kept.has("agents")).isTrue();
        assertThat(lines).noneMatch(line -> line.contains("Colgate Total toothpaste 150g"));
    }

    @Test
    void theHybridAgentRunsInTheOrderAndWithTheThresholdOfTheReplacingFile() {
        Http.Answer answer = infer(Map.of("product_name", "ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์",
                "method", "hybrid"));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode evidence = agent(answer.json(), "hybrid").path("evidence");
        assertThat(evidence.at("/steps/0/agent").asText()).as(evidence.toString()).isEqualTo("rag");
        assertThat(evidence.path("stop_confidence").asDouble()).isEqualTo(0.95);
    }
}
