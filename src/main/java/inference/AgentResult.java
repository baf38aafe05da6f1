package inference;

import java.util.List;
import java.util.Map;

/**
 * One agent's answer for one title.
 *
 * @param brand      the agent's best brand, or null when it has none
 * @param candidates the brands it considered, best first, each with this agent's confidence
 * @param evidence   why: the matched span for NER, the neighbours for RAG, the steps for hybrid
 * @param message    what went wrong, for a status other than ok
 */
public record AgentResult(String agent, AgentStatus status, String brand, double confidence,
                          List<Candidate> candidates, Map<String, Object> evidence, long latencyMs, String message) {

    public AgentResult {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        evidence = evidence == null ? Map.of() : evidence;
    }

    public static AgentResult answer(String agent, List<Candidate> candidates, Map<String, Object> evidence) {
        Candidate best = candidates.isEmpty() ? null : candidates.get(0);
        return new AgentResult(agent, AgentStatus.OK, best == null ? null : best.brand(),
                best == null ? 0 : best.confidence(), candidates, evidence, 0, null);
    }

    public static AgentResult unavailable(String agent, AgentStatus status, String message) {
        return new AgentResult(agent, status, null, 0, List.of(), Map.of(), 0, message);
    }

    /**
     * This result as a caller without the API key sees it: a failure's message names the kind of failure only, not its
     * details (which can hold hosts, URIs and paths); the service's log has them under the request id.
     */
    public AgentResult withoutDetails() {
        if (status != AgentStatus.FAILED || message == null) {
            return this;
        }
        int colon = message.indexOf(':');
        String kind = colon > 0 && message.substring(0, colon).matches("[A-Za-z][A-Za-z0-9_$. ]{0,80}")
                ? message.substring(0, colon) : "the agent failed";
        return new AgentResult(agent, status, brand, confidence, candidates, evidence, latencyMs,
                kind + " (the service's log has the details under this request_id)");
    }

    public AgentResult withLatency(long millis) {
        return new AgentResult(agent, status, brand, confidence, candidates, evidence, millis, message);
    }
}
