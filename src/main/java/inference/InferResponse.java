package inference;

import java.util.List;

/** The answer of POST /infer. {@code brand} is null when no candidate reaches the minimum confidence. */
public record InferResponse(String requestId, String productName, String language, String method, String brand,
                            double confidence, List<Candidate> candidates, List<AgentResult> agents, long latencyMs) {
}
