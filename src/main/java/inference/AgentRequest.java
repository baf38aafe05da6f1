package inference;

import java.util.List;

/**
 * What an agent is asked: the title, its language, and (in a pipeline) what earlier steps proposed.
 *
 * @param language detected or hinted: en, th, mixed or other
 */
public record AgentRequest(String requestId, String productName, String language, List<Candidate> priorCandidates) {

    public AgentRequest {
        priorCandidates = priorCandidates == null ? List.of() : List.copyOf(priorCandidates);
    }
}
