package api;

import static org.assertj.core.api.Assertions.assertThat;

import app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import inference.AgentRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import processors.AgentBreakers;
import processors.BatchSlots;
import processors.Json;
import support.Http;

/**
 * Cheap requests that would cost everyone: batches over {@code inference.batch.max-concurrent} (1 here) are refused at
 * once with 429 and Retry-After while /infer goes on answering; agent requests whose own content the agent refuses, however
 * many, do not open its circuit.
 */
@CamelSpringBootTest
@SpringBootTest(classes = {Application.class, OverloadTest.Gated.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "routes.dir=target/test-routes/none")
class OverloadTest {

    /** Titles with this word wait at the RAG agent until {@link #gate} opens. */
    static final String HOLD = "HOLD";
    /** Titles with this word reach the RAG agent without a product name, as a careless caller sends them. */
    static final String BLANK = "BLANK";
    /** Titles with this word reach the RAG agent with a line break in the category (which /infer refuses). */
    static final String BROKEN_CATEGORY = "BROKENCATEGORY";
    static volatile CountDownLatch gate = new CountDownLatch(0);
    static volatile CountDownLatch held = new CountDownLatch(1);

    /** In front of the real RAG agent: holds some requests, and sends others on as a caller without /infer's checks. */
    @TestConfiguration
    static class Gated {
        @Bean
        RouteBuilder gatedRag() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:gated-rag").routeId("gated-rag")
                            .process(exchange -> {
                                AgentRequest request = exchange.getMessage().getBody(AgentRequest.class);
                                String title = request.productName();
                                if (title.contains(HOLD)) {
                                    held.countDown();
                                    gate.await(30, TimeUnit.SECONDS);
                                }
                                if (title.contains(BLANK)) {
                                    title = " ";
                                }
                                String category = title.contains(BROKEN_CATEGORY) ? "Toothpaste\r\nx" : request.category();
                                exchange.getMessage().setBody(new AgentRequest(request.requestId(), title,
                                        request.language(), category, request.priorCandidates()));
                            })
                            .to("direct:agent-rag");
                }
            };
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory("mpi-overload-");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", () -> work.resolve("inbox").toString());
        registry.add("inference.batch.max-concurrent", () -> "1");
        registry.add("agents.rag.endpoint", () -> "direct:gated-rag");
        registry.add("agents.rag.timeout-ms", () -> "30000");
        registry.add("agents.rag.breaker.sliding-window-size", () -> "4");
        registry.add("agents.rag.breaker.minimum-calls", () -> "4");
        registry.add("agents.rag.breaker.open-seconds", () -> "60");
        registry.add("agents.hybrid.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    AgentBreakers breakers;

    @Autowired
    org.apache.camel.CamelContext camel;

    @Autowired
    BatchSlots batchSlots;

    @BeforeEach
    void closedCircuits() {
        breakers.breaker("rag").transitionToClosedState();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBatchOverTheLimitIsRefusedWithRetryAfterWhileInferStillAnswers() throws Exception {
        gate = new CountDownLatch(1);
        held = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/infer/batch", "{\"items\":[{\"product_name\":\"" + HOLD + " Colgate Total 150g\","
                        + "\"method\":\"rag\"}]}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the first batch reached the agent").isTrue();
            HttpResponse<String> refused = post("/infer/batch",
                    "{\"items\":[{\"product_name\":\"Colgate Total 150g\",\"method\":\"ner\"}]}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
            JsonNode error = Json.MAPPER.readTree(refused.body());
            assertThat(error.at("/error/code").asText()).isEqualTo("too_busy");
            assertThat(error.at("/error/message").asText()).contains("inference.batch.max-concurrent");
            // single titles are not held up
            Http.Answer single = Http.onPort(port).postJson("/infer",
                    "{\"product_name\":\"Colgate Total 150g\",\"method\":\"ner\"}");
            assertThat(single.status()).as(single.text()).isEqualTo(200);
            assertThat(single.json().get("brand").asText()).isEqualTo("Colgate");
        } finally {
            gate.countDown();
        }
        assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // the slot is given back once, whether the batch was answered or refused for its content, and before the
        // answer is written: a client that sends its next batch on reading one never finds its own slot taken
        assertThat(post("/infer/batch", "{\"items\": 5}").statusCode()).isEqualTo(400);
        assertThat(batchSlots.available()).isEqualTo(1);
        HttpResponse<String> after = post("/infer/batch",
                "{\"items\":[{\"product_name\":\"Colgate Total 150g\",\"method\":\"ner\"}]}");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(batchSlots.available()).isEqualTo(1);
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500))
                .atMost(java.time.Duration.ofSeconds(2)).until(() -> batchSlots.available() == 1);
    }

    /**
     * The slot is free once the answer is made, not once the exchange completes after the answer was written: here the
     * exchange's completion is held until the client has checked, as a busy machine can delay it.
     */
    @Test
    void aBatchsSlotIsFreeBeforeItsAnswerIsWritten() throws Exception {
        CountDownLatch completed = new CountDownLatch(1);
        org.apache.camel.builder.AdviceWith.adviceWith(camel, "infer-batch-http", route -> route.weaveAddLast()
                .process(exchange -> exchange.getExchangeExtension().addOnCompletion(
                        new org.apache.camel.support.SynchronizationAdapter() {
                            @Override
                            public void onDone(org.apache.camel.Exchange done) {
                                try {
                                    completed.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        })));
        try {
            HttpResponse<String> answered = post("/infer/batch",
                    "{\"items\":[{\"product_name\":\"Colgate Total 150g\",\"method\":\"ner\"}]}");
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(batchSlots.available()).as("free while the exchange has not completed").isEqualTo(1);
        } finally {
            completed.countDown();
        }
    }

    @Test
    void requestsWhoseContentTheAgentRefusesDoNotOpenItsCircuit() {
        Http http = Http.onPort(port);
        java.util.List<JsonNode> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String marker = i % 2 == 0 ? BLANK : BROKEN_CATEGORY;
            Http.Answer answer = http.postJson("/infer", "{\"product_name\":\"" + marker + " Colgate Total 150g\"}");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            answers.add(answer.json().at("/agents/1"));
        }
        assertThat(breakers.breaker("rag").getState().name())
                .as("%s", answers).isEqualTo("CLOSED");
        for (JsonNode rag : answers) {
            assertThat(rag.get("agent").asText()).isEqualTo("rag");
            assertThat(rag.get("status").asText()).as(rag.toString()).isEqualTo("failed");
            assertThat(rag.get("message").asText()).contains("not counted by its circuit breaker");
        }
        // and the agent answers everyone else
        Http.Answer plain = http.postJson("/infer", "{\"product_name\":\"Colgate Total 150g\"}");
        assertThat(plain.json().at("/agents/1/status").asText()).isEqualTo("ok");
        assertThat(plain.json().get("brand").asText()).isEqualTo("Colgate");
    }
}
