package processors;

import static org.assertj.core.api.Assertions.assertThat;

import inference.AgentResult;
import inference.AgentStatus;
import inference.Candidate;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orchestrator's multicast and strategy on real Camel routes: every agent gets a slot, answered or not. */
class OrchestratorStrategyTest {

    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:quick").setBody(constant(AgentResult.answer("quick",
                        List.of(new Candidate("Mama", 0.9, List.of("quick"))), Map.of())));
                from("direct:slow").delay(3000).setBody(constant(AgentResult.answer("slow", List.of(), Map.of())));
                from("direct:broken").throwException(new IllegalStateException("broken agent"));
                from("direct:some-answer")
                        .multicast(new OrchestratorStrategy(List.of("quick", "slow", "broken"), 300))
                            .parallelProcessing().timeout(300)
                            .to("direct:quick", "direct:slow", "direct:broken")
                        .end();
                from("direct:no-answer")
                        .multicast(new OrchestratorStrategy(List.of("slow", "slow"), 300))
                            .parallelProcessing().timeout(300)
                            .to("direct:slow", "direct:slow")
                        .end();
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @SuppressWarnings("unchecked")
    private List<AgentResult> ask(String endpoint) {
        return camel.createProducerTemplate().requestBody(endpoint, "title", List.class);
    }

    @Test
    void eachAgentIsRecordedAsAnsweredFailedOrTimedOut() {
        List<AgentResult> results = ask("direct:some-answer");
        assertThat(results).extracting(AgentResult::agent).containsExactly("quick", "slow", "broken");
        assertThat(results).extracting(AgentResult::status)
                .containsExactly(AgentStatus.OK, AgentStatus.TIMEOUT, AgentStatus.FAILED);
        assertThat(results.get(1).message()).contains("300 ms");
        assertThat(results.get(2).message()).contains("broken agent");
    }

    @Test
    void whenNoAgentAnswersInTimeEveryOneIsRecordedAndTheCallReturns() {
        List<AgentResult> results = ask("direct:no-answer");
        assertThat(results).extracting(AgentResult::status).containsExactly(AgentStatus.TIMEOUT, AgentStatus.TIMEOUT);
    }
}
