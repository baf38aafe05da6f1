package inference;

import java.util.List;

/**
 * What an agent is asked: the title, its language, the product's category when the caller gave one, and (in a
 * pipeline) what earlier steps proposed.
 *
 * @param language detected or hinted: en, th, mixed or other
 * @param category the category the RAG agent searches in (exactly as loaded); null: every product
 */
public record AgentRequest(String requestId, String productName, String language, String category,
                           List<Candidate> priorCandidates) {

    public AgentRequest {
        priorCandidates = priorCandidates == null ? List.of() : List.copyOf(priorCandidates);
    }

    /** A request without a category. */
    public AgentRequest(String requestId, String productName, String language, List<Candidate> priorCandidates) {
        this(requestId, productName, language, null, priorCandidates);
    }
}
