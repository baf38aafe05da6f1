package processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import inference.AgentResult;
import inference.AgentStatus;
import inference.RequestContentException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GuardedCall} and {@link AgentBreakers} in a plain Camel context: the agent is a route whose behaviour each test
 * sets; the agent's pool has one thread, so that a hanging call holds it.
 */
class GuardedCallTest {

    interface Behaviour {
        void on(Exchange exchange) throws Exception;
    }

    static final long TIME_LIMIT_MS = 300;
    static final CircuitBreaker SHARED = CircuitBreaker.ofDefaults("shared");

    final AtomicReference<Behaviour> agent = new AtomicReference<>();
    final AtomicInteger callsMade = new AtomicInteger();
    final AtomicInteger completions = new AtomicInteger();
    final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService afterTimeouts = Executors.newCachedThreadPool();
    DefaultCamelContext camel;
    AgentBreakers breakers;
    ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Resilience4jConfigurationDefinition everyAgent = new Resilience4jConfigurationDefinition();
        everyAgent.setSlidingWindowSize("4");
        everyAgent.setMinimumNumberOfCalls("4");
        everyAgent.setWaitDurationInOpenState("60");
        model.setResilience4jConfiguration(everyAgent);
        Resilience4jConfigurationDefinition llm = new Resilience4jConfigurationDefinition();
        llm.setBulkheadEnabled("true");
        llm.setBulkheadMaxConcurrentCalls("1");
        llm.setFailureRateThreshold("25");
        model.addResilience4jConfiguration("llm", llm);
        Resilience4jConfigurationDefinition rag = new Resilience4jConfigurationDefinition();
        rag.setRecordExceptions(List.of(IllegalStateException.class.getName()));
        rag.setIgnoreExceptions(List.of(IllegalArgumentException.class.getName()));
        model.addResilience4jConfiguration("rag", rag);
        Resilience4jConfigurationDefinition hybrid = new Resilience4jConfigurationDefinition();
        hybrid.setCircuitBreaker("sharedBreaker");
        model.addResilience4jConfiguration("hybrid", hybrid);
        camel.getRegistry().bind("sharedBreaker", SHARED);
        breakers = new AgentBreakers(camel);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask-with-completion")
                        .process(exchange -> exchange.getExchangeExtension().addOnCompletion(
                                new org.apache.camel.support.SynchronizationAdapter() {
                                    @Override
                                    public void onDone(Exchange done) {
                                        completions.incrementAndGet();
                                    }
                                }))
                        .policy(new GuardedCall("ner", TIME_LIMIT_MS, breakers, pool, timer, afterTimeouts))
                            .to("direct:agent")
                        .end();
                for (String name : List.of("ner", "llm")) {
                    from("direct:ask-" + name)
                            .policy(new GuardedCall(name, "llm".equals(name) ? 10_000 : TIME_LIMIT_MS, breakers, pool,
                                    timer, afterTimeouts))
                                .to("direct:agent")
                            .end();
                }
                from("direct:agent").process(exchange -> {
                    callsMade.incrementAndGet();
                    agent.get().on(exchange);
                });
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        pool.shutdownNow();
        timer.shutdownNow();
        afterTimeouts.shutdownNow();
    }

    private AgentResult ask(String name) {
        return template.requestBody("direct:ask-" + name, "title", AgentResult.class);
    }

    private static AgentResult ok() {
        return new AgentResult("ner", AgentStatus.OK, "Colgate", 0.9, List.of(), Map.of(), 0, null);
    }

    @Test
    void theAgentsAnswerComesBackAndCountsAsASuccess() {
        agent.set(exchange -> exchange.getMessage().setBody(ok()));
        assertThat(ask("ner").brand()).isEqualTo("Colgate");
        assertThat(breakers.breaker("ner").getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    }

    @Test
    void theCallersExchangeCompletesOnceWhenItIsDoneNotWhenTheCallIs() {
        AtomicInteger seenByAgent = new AtomicInteger(-1);
        agent.set(exchange -> {
            seenByAgent.set(completions.get());
            exchange.getMessage().setBody(ok());
        });
        AgentResult result = template.requestBody("direct:ask-with-completion", "title", AgentResult.class);
        assertThat(result.brand()).isEqualTo("Colgate");
        assertThat(seenByAgent.get()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> completions.get() >= 1);
        assertThat(completions.get()).isEqualTo(1);
    }

    @Test
    void aHangingCallTimesOutKeepsItsThreadAndACallWhoseTimeRanOutInTheQueueIsNeverMade() throws Exception {
        CountDownLatch hang = new CountDownLatch(1);
        agent.set(exchange -> {
            hang.await();
            exchange.getMessage().setBody(ok());
        });
        try {
            AgentResult first = ask("ner");
            assertThat(first.status()).isEqualTo(AgentStatus.TIMEOUT);
            assertThat(first.message()).isEqualTo("no answer within 300 ms");
            // the pool's only thread is still with the first call: the second waits in the queue until its time is up
            AgentResult second = ask("ner");
            assertThat(second.status()).isEqualTo(AgentStatus.TIMEOUT);
            assertThat(pool.getActiveCount()).isEqualTo(1);
        } finally {
            hang.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.getCompletedTaskCount() == 2);
        assertThat(callsMade.get()).as("the queued call was not made once its time was up").isEqualTo(1);
        // the late answer changed nothing: two time-outs counted, no success
        CircuitBreaker.Metrics metrics = breakers.breaker("ner").getMetrics();
        assertThat(metrics.getNumberOfFailedCalls()).isEqualTo(2);
        assertThat(metrics.getNumberOfSuccessfulCalls()).isZero();
    }

    @Test
    void failuresOpenTheCircuitWhichThenRefusesWithoutCallingTheAgent() {
        agent.set(exchange -> {
            throw new IllegalStateException("NER is broken");
        });
        for (int i = 0; i < 4; i++) {
            AgentResult failed = ask("ner");
            assertThat(failed.status()).isEqualTo(AgentStatus.FAILED);
            assertThat(failed.message()).isEqualTo("IllegalStateException: NER is broken");
        }
        assertThat(breakers.breaker("ner").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        AgentResult refused = ask("ner");
        assertThat(refused.status()).isEqualTo(AgentStatus.OPEN_CIRCUIT);
        assertThat(callsMade.get()).isEqualTo(4);
    }

    @Test
    void theRequestsOwnContentIsNotCountedAgainstTheAgent() {
        agent.set(exchange -> {
            throw new RequestContentException("invalid_category", "the category has a line break");
        });
        for (int i = 0; i < 10; i++) {
            AgentResult refused = ask("ner");
            assertThat(refused.status()).isEqualTo(AgentStatus.FAILED);
            assertThat(refused.message()).isEqualTo(AgentCalls.CONTENT_REFUSED);
        }
        assertThat(breakers.breaker("ner").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.breaker("ner").getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void theExceptionsAnAgentsConfigurationRecordsAndIgnoresAndABreakerOfTheRegistry() {
        CircuitBreaker rag = breakers.guards("rag").breaker();
        rag.onError(1, TimeUnit.MILLISECONDS, new IllegalStateException("recorded"));
        rag.onError(1, TimeUnit.MILLISECONDS, new IllegalArgumentException("ignored"));
        rag.onError(1, TimeUnit.MILLISECONDS, new UnsupportedOperationException("not recorded: a success"));
        rag.onError(1, TimeUnit.MILLISECONDS, new RequestContentException("invalid_title", "always ignored"));
        assertThat(rag.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
        assertThat(rag.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
        assertThat(rag.getMetrics().getNumberOfBufferedCalls()).isEqualTo(2);
        assertThat(breakers.guards("hybrid").breaker()).isSameAs(SHARED);
    }

    @Test
    void anAgentsOwnConfigurationGoesOverEveryAgentsAndItsBulkheadRefusesAtOnce() throws Exception {
        assertThat(breakers.breaker("llm").getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(4);
        assertThat(breakers.breaker("llm").getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(25f);
        assertThat(breakers.breaker("ner").getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(50f);
        assertThat(breakers.breaker("ner").getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
                .isEqualTo(60_000L);
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        agent.set(exchange -> {
            inCall.countDown();
            release.await();
            exchange.getMessage().setBody(ok());
        });
        Future<AgentResult> first = afterTimeouts.submit(() -> ask("llm"));
        try {
            assertThat(inCall.await(5, TimeUnit.SECONDS)).isTrue();
            AgentResult refused = ask("llm");
            assertThat(refused.status()).isEqualTo(AgentStatus.FAILED);
            assertThat(refused.message()).startsWith("Bulkhead full");
        } finally {
            release.countDown();
        }
        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(AgentStatus.OK);
        assertThat(callsMade.get()).isEqualTo(1);
    }
}
