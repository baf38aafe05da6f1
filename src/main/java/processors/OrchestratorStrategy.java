package processors;

import inference.AgentResult;
import inference.AgentStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;

/**
 * The orchestrator's multicast strategy: keeps every agent's {@link AgentResult} in the agent's slot, so that nothing is
 * lost. An agent whose call threw is recorded as failed; one that had not answered when the multicast timed out is
 * recorded as timed out. On completion the body is the list of results in the order of {@code orchestrator.agents}.
 */
public class OrchestratorStrategy implements AggregationStrategy {

    private final List<String> agents;
    private final long timeoutMs;

    public OrchestratorStrategy(List<String> agents, long timeoutMs) {
        this.agents = List.copyOf(agents);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        AgentResult[] slots = slots(result);
        int index = newExchange.getProperty(ExchangePropertyKey.MULTICAST_INDEX, Integer.class);
        String agent = agents.get(index);
        Exception failure = newExchange.getException();
        if (failure != null) {
            slots[index] = AgentResult.unavailable(agent, AgentStatus.FAILED, failure.getMessage());
            newExchange.setException(null);
        } else {
            AgentResult answer = newExchange.getMessage().getBody(AgentResult.class);
            slots[index] = answer != null ? answer
                    : AgentResult.unavailable(agent, AgentStatus.FAILED, "the agent answered with no result");
        }
        return result;
    }

    @Override
    public void timeout(Exchange oldExchange, int index, int total, long timeout) {
        if (oldExchange != null) {
            fillMissing(slots(oldExchange));
        }
    }

    /**
     * {@code exchange} is null when no agent answered before the multicast timed out: then the input carries the
     * results, every agent recorded as timed out.
     */
    @Override
    public void onCompletion(Exchange exchange, Exchange input) {
        Exchange target = exchange != null ? exchange : input;
        AgentResult[] slots = slots(target);
        fillMissing(slots);
        target.removeProperty(Keys.AGENT_RESULTS);
        target.getMessage().setBody(new ArrayList<>(List.of(slots)));
    }

    private void fillMissing(AgentResult[] slots) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                slots[i] = AgentResult.unavailable(agents.get(i), AgentStatus.TIMEOUT,
                        "no answer within the orchestrator's " + timeoutMs + " ms").withLatency(timeoutMs);
            }
        }
    }

    private AgentResult[] slots(Exchange exchange) {
        AgentResult[] slots = exchange.getProperty(Keys.AGENT_RESULTS, AgentResult[].class);
        if (slots == null) {
            slots = new AgentResult[agents.size()];
            exchange.setProperty(Keys.AGENT_RESULTS, slots);
        }
        return slots;
    }
}
