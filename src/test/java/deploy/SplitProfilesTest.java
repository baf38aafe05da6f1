package deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.Http;
import support.ServiceInstance;

/**
 * One service per agent: a {@code ner} and a {@code rag} instance, and an {@code orchestrator} instance that reaches them
 * over HTTP, answer exactly as one {@code all} instance does.
 */
class SplitProfilesTest {

    static ServiceInstance all;
    static ServiceInstance ner;
    static ServiceInstance rag;
    static ServiceInstance orchestrator;

    static Map<String, String> own(String name) throws Exception {
        Path work = Files.createTempDirectory("mpi-" + name + "-");
        Map<String, String> properties = new HashMap<>();
        properties.put("data.dir", work.resolve("data").toString());
        properties.put("catalog.inbox", work.resolve("inbox").toString());
        properties.put("routes.dir", work.resolve("routes").toString());
        return properties;
    }

    @BeforeAll
    static void start() throws Exception {
        all = ServiceInstance.start("all", own("all"));
        ner = ServiceInstance.start("ner", own("ner"));
        rag = ServiceInstance.start("rag", own("rag"));
        Map<String, String> properties = own("orchestrator");
        properties.put("agents.ner.endpoint", ner.url() + "/agents/ner/infer");
        properties.put("agents.rag.endpoint", rag.url() + "/agents/rag/infer");
        orchestrator = ServiceInstance.start("orchestrator", properties);
        // first requests to a new instance start its servlet and HTTP client: keep that out of the agents' time limits
        for (ServiceInstance agent : new ServiceInstance[] {ner, rag}) {
            agent.http().get("/agents");
        }
        orchestrator.http().postJson("/infer", "{\"product_name\":\"warm-up\"}");
        all.http().postJson("/infer", "{\"product_name\":\"warm-up\"}");
    }

    @AfterAll
    static void stop() {
        for (ServiceInstance instance : new ServiceInstance[] {orchestrator, rag, ner, all}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    void theSplitDeploymentAnswersLikeTheSingleProcess() {
        for (String title : List.of("ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์", "colgate whitening toothpaste",
                "มาม่า รสต้มยำกุ้ง แพ็ค 10", "พัดลมตั้งพื้น 16 นิ้ว สีขาว", "Samsung Galaxy A35 5G")) {
            String request = Http.json(Map.of("product_name", title));
            JsonNode one = all.http().postJson("/infer", request).json();
            Http.Answer split = orchestrator.http().postJson("/infer", request);
            assertThat(split.status()).as(split.text()).isEqualTo(200);
            JsonNode two = split.json();
            assertThat(two.get("brand")).as(title).isEqualTo(one.get("brand"));
            assertThat(two.get("confidence")).as(title).isEqualTo(one.get("confidence"));
            assertThat(two.get("candidates")).as(title).isEqualTo(one.get("candidates"));
            for (int i = 0; i < 2; i++) {
                assertThat(two.at("/agents/" + i + "/status").asText()).isEqualTo("ok");
                assertThat(two.at("/agents/" + i + "/evidence")).isEqualTo(one.at("/agents/" + i + "/evidence"));
            }
        }
    }

    @Test
    void requestsWhoseContentARemoteAgentRefusesDoNotOpenItsCircuitAtTheOrchestrator() {
        // as a route at the orchestrator would ask, without /infer's checks: a category with a line break
        org.apache.camel.CamelContext camel = orchestrator.bean(org.apache.camel.CamelContext.class);
        org.apache.camel.ProducerTemplate template = camel.createProducerTemplate();
        List<inference.AgentResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            results.add(template.requestBody("direct:ask-rag", new inference.AgentRequest("content-" + i, "TOA paint",
                    "en", "Paint\r\nx", List.of()), inference.AgentResult.class));
        }
        assertThat(orchestrator.bean(processors.AgentBreakers.class).breaker("rag").getState().name())
                .as("%s", results).isEqualTo("CLOSED");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(inference.AgentStatus.FAILED);
            assertThat(result.message()).contains("not counted by its circuit breaker");
        });
        Http.Answer plain = orchestrator.http().postJson("/infer", "{\"product_name\":\"TOA paint 9 L\"}");
        assertThat(plain.json().at("/agents/1/status").asText()).as(plain.text()).isEqualTo("ok");
    }

    @Test
    void eachServiceShowsWhatItHosts() {
        JsonNode agents = orchestrator.http().get("/agents").json().get("agents");
        assertThat(agents.get(0).get("endpoint").asText()).isEqualTo(ner.url() + "/agents/ner/infer");
        assertThat(agents.get(0).get("hosted_here").asBoolean()).isFalse();
        assertThat(ner.http().get("/agents/ner/health").status()).isEqualTo(200);
        assertThat(ner.http().postJson("/agents/ner/infer", "{\"product_name\":\"TOA paint\"}").json()
                .get("brand").asText()).isEqualTo("TOA");
        assertThat(ner.http().postJson("/agents/rag/infer", "{\"product_name\":\"TOA paint\"}").status())
                .isEqualTo(404);
        assertThat(ner.http().postJson("/infer", "{\"product_name\":\"TOA paint\"}").status()).isEqualTo(404);
        Http.Answer noStore = orchestrator.http().post("/catalog", "text/csv", "product_name,brand\na,b\n");
        assertThat(noStore.status()).isEqualTo(503);
        assertThat(noStore.json().at("/error/code").asText()).isEqualTo("no_knowledge_base");
        // NER and RAG combine as learnt only where one process hosts both: the single process, not the split services
        assertThat(all.http().get("/health").json().has("combination")).isTrue();
        for (ServiceInstance split : new ServiceInstance[] {ner, rag, orchestrator}) {
            assertThat(split.http().get("/health").json().has("combination")).isFalse();
        }
    }

    @Test
    void prodRefusesToStartWithoutAnApiKey() throws Exception {
        Map<String, String> properties = own("prod");
        properties.put("security.api-key", "");
        assertThatThrownBy(() -> ServiceInstance.start("prod", properties).close())
                .hasRootCauseMessage("security.require-api-key is on (prod profile) but no security.api-key is set: "
                        + "set the environment variable API_KEY");
    }
}
