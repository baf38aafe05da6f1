package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import processors.AgentBreakers;
import support.CapturedLog;
import support.Http;

/**
 * The orchestrator with a NER agent that can be made slow, failing or hanging (its thread blocked, as on a stuck
 * connection): the orchestrator keeps answering from RAG, the timeout or failure is recorded, the circuit opens and
 * closes again, and a disabled method is refused with 503.
 */
@CamelSpringBootTest
@SpringBootTest(classes = {Application.class, FaultsTest.Faulty.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "routes.dir=target/test-routes/none")
@AutoConfigureObservability
class FaultsTest {

    enum Mode { NORMAL, SLOW, FAILING, HANGING }

    static final AtomicReference<Mode> MODE = new AtomicReference<>(Mode.NORMAL);
    /** Released when a test that hangs the agent ends: the calls blocked on it then go on. */
    static volatile CountDownLatch hang = new CountDownLatch(0);
    /** The threads of each agent's call pool: few, so that the hanging NER uses all of its own. */
    static final int CALL_THREADS = 3;
    /** Agent calls blocked on {@link #hang} right now. */
    static final AtomicInteger BLOCKED = new AtomicInteger();
    static final String TITLE = "Colgate Total toothpaste 150g";

    /** A NER endpoint in front of the real NER agent that can be slowed down or made to fail. */
    @TestConfiguration
    static class Faulty {
        @Bean
        RouteBuilder faultyNer() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:faulty-ner").routeId("faulty-ner")
                            .delay().exchange(exchange -> MODE.get() == Mode.SLOW ? 2000L : 0L)
                            .process(exchange -> {
                                if (MODE.get() == Mode.HANGING) {
                                    BLOCKED.incrementAndGet();
                                    try {
                                        hang.await();
                                    } finally {
                                        BLOCKED.decrementAndGet();
                                    }
                                }
                            })
                            .filter(exchange -> MODE.get() == Mode.FAILING)
                                .log("NER failing on thread ${threadName}")
                                .throwException(new IllegalStateException("NER is broken"))
                            .end()
                            .to("direct:agent-ner");
                }
            };
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory("mpi-faults-");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", () -> work.resolve("inbox").toString());
        registry.add("agents.ner.endpoint", () -> "direct:faulty-ner");
        registry.add("agents.ner.timeout-ms", () -> "300");
        registry.add("agent-calls.threads", () -> String.valueOf(CALL_THREADS));
        registry.add("agents.ner.breaker.sliding-window-size", () -> "4");
        registry.add("agents.ner.breaker.minimum-calls", () -> "4");
        registry.add("agents.ner.breaker.open-seconds", () -> "1");
        registry.add("agents.ner.breaker.half-open-calls", () -> "1");
        registry.add("agents.hybrid.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    AgentBreakers breakers;

    @BeforeEach
    void healthyAndClosed() {
        MODE.set(Mode.NORMAL);
        hang.countDown();
        breakers.breaker("ner").transitionToClosedState();
    }

    private JsonNode infer() {
        Http.Answer answer = Http.onPort(port).postJson("/infer", "{\"product_name\":\"" + TITLE + "\"}");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void aSlowAgentIsRecordedAsTimedOutAndTheOthersStillAnswer() {
        MODE.set(Mode.SLOW);
        JsonNode body;
        try (CapturedLog log = new CapturedLog()) {
            Http.Answer answer = Http.onPort(port).post("/infer", "application/json",
                    "{\"product_name\":\"" + TITLE + "\"}", "X-Request-Id", "slow-one-7");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            body = answer.json();
            // told on the timer's thread, under the request's id
            assertThat(log.lines().stream().filter(line -> line.contains("Agent ner timeout")).findFirst()
                    .orElseThrow()).contains("[slow-one-7]");
        }
        assertThat(body.at("/agents/0/status").asText()).as(body.toString()).isEqualTo("timeout");
        assertThat(body.at("/agents/0/status").asText()).isEqualTo("timeout");
        assertThat(body.at("/agents/0/latency_ms").asLong()).isGreaterThanOrEqualTo(300);
        assertThat(body.at("/agents/1/status").asText()).isEqualTo("ok");
        assertThat(body.get("brand").asText()).isEqualTo("Colgate");
        assertThat(body.at("/candidates/0/agents").toString()).doesNotContain("ner");
    }

    @Test
    void aFailingAgentOpensItsCircuitWhichClosesAgainAfterRecovery() {
        Http http = Http.onPort(port);
        MODE.set(Mode.FAILING);
        for (int i = 0; i < 4; i++) {
            JsonNode body = infer();
            assertThat(body.at("/agents/0/status").asText()).isEqualTo("failed");
            assertThat(body.at("/agents/0/message").asText()).contains("NER is broken");
            assertThat(body.get("brand").asText()).isEqualTo("Colgate");
        }
        JsonNode refused = infer();
        assertThat(refused.at("/agents/0/status").asText()).isEqualTo("open_circuit");
        assertThat(refused.at("/agents/1/status").asText()).isEqualTo("ok");
        JsonNode ner = http.get("/agents").json().at("/agents/0");
        assertThat(ner.get("status").asText()).isEqualTo("open_circuit");
        assertThat(ner.get("circuit_breaker").asText()).isIn("open", "half_open");
        assertThat(http.get("/health").json().get("status").asText()).isEqualTo("DEGRADED");
        assertThat(http.get("/agents/ner/health").status()).isEqualTo(503);
        assertThat(http.get("/actuator/prometheus").text())
                .contains("mpi_agent_calls_total{agent=\"ner\",application=\"multilingual-product-inference\","
                        + "status=\"open_circuit\"}");

        MODE.set(Mode.NORMAL);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> "ok".equals(infer().at("/agents/0/status").asText()));
        assertThat(http.get("/agents").json().at("/agents/0/circuit_breaker").asText()).isEqualTo("closed");
        assertThat(http.get("/health").json().get("status").asText()).isEqualTo("UP");
    }

    /**
     * The request id is on the log lines written on the threads Camel hands the request to: the agent's own call
     * thread, on which the agent's route runs and its failure is recorded.
     */
    @Test
    void theLogLinesOfAnAgentsThreadsCarryTheRequestId() {
        MODE.set(Mode.FAILING);
        try (CapturedLog log = new CapturedLog()) {
            Http.Answer answer = Http.onPort(port).post("/infer", "application/json",
                    "{\"product_name\":\"" + TITLE + "\"}", "X-Request-Id", "trace-me-42");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> log.text().contains("Agent ner failed"));
            String onAgentThread = log.lines().stream().filter(line -> line.contains("NER failing on thread"))
                    .findFirst().orElseThrow();
            assertThat(onAgentThread).contains("[trace-me-42]").contains("agent-call-ner");
            assertThat(log.lines().stream().filter(line -> line.contains("Agent ner failed")).findFirst()
                    .orElseThrow()).contains("[trace-me-42]");
        }
    }

    @Test
    void aHangingAgentTimesOutOpensItsCircuitAndTheServiceGoesOnAnswering() {
        Http http = Http.onPort(port);
        hang = new CountDownLatch(1);
        MODE.set(Mode.HANGING);
        try {
            for (int i = 0; i < 4; i++) {
                JsonNode body = infer();
                assertThat(body.at("/agents/0/status").asText()).isEqualTo("timeout");
                assertThat(body.at("/agents/1/status").asText()).isEqualTo("ok");
                assertThat(body.get("brand").asText()).isEqualTo("Colgate");
            }
            // the blocked calls are not waited for again: the circuit is open, and many more requests are answered
            for (int i = 0; i < 50; i++) {
                JsonNode body = infer();
                assertThat(body.at("/agents/0/status").asText()).isIn("open_circuit", "timeout");
                assertThat(body.at("/agents/1/status").asText()).isEqualTo("ok");
                assertThat(body.get("brand").asText()).isEqualTo("Colgate");
            }
            assertThat(http.get("/agents").json().at("/agents/0/circuit_breaker").asText()).isIn("open", "half_open");
            assertThat(http.get("/health").json().get("status").asText()).isEqualTo("DEGRADED");
            // a timed-out call keeps its thread: NER's pool is used up, and RAG, on its own, answered all along
            assertThat(BLOCKED.get()).as("NER threads blocked").isEqualTo(CALL_THREADS);
            assertThat(http.get("/actuator/prometheus").text())
                    .contains("mpi_agent_calls_total{agent=\"ner\",application=\"multilingual-product-inference\","
                            + "status=\"timeout\"}");
        } finally {
            MODE.set(Mode.NORMAL);
            hang.countDown();
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> "ok".equals(infer().at("/agents/0/status").asText()));
        assertThat(http.get("/health").json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void aDisabledMethodIs503AndTheOrchestratorReportsItDisabled() {
        Http.Answer answer = Http.onPort(port).postJson("/infer",
                "{\"product_name\":\"" + TITLE + "\",\"method\":\"hybrid\"}");
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("method_unavailable");
        assertThat(answer.json().at("/error/message").asText()).contains("disabled");
        assertThat(Http.onPort(port).get("/agents").json().at("/agents/2/status").asText()).isEqualTo("disabled");
    }

    @Test
    void aSingleAgentThatFailsIs503() {
        MODE.set(Mode.FAILING);
        Http.Answer answer = Http.onPort(port).postJson("/infer",
                "{\"product_name\":\"" + TITLE + "\",\"method\":\"ner\"}");
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().at("/error/message").asText()).contains("failed");
    }
}
