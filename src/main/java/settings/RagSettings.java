package settings;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the RAG agent votes (agents.rag.*; how it is reached and guarded is in AgentsSettings).
 *
 * @param k                 the nearest products that vote
 * @param minSimilarity     products less similar than this do not vote
 * @param calibrationTitles at most this many catalogue titles calibrate its confidence after a load
 */
@ConfigurationProperties("agents.rag")
@Validated
public record RagSettings(@Positive int k, @DecimalMin("0") @DecimalMax("1") double minSimilarity,
                          @Positive int calibrationTitles) {
}
