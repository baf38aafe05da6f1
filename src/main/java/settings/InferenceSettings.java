package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How POST /infer and POST /infer/batch answer (inference.*).
 *
 * @param minConfidence an answer less sure than this has brand null (its candidates are still listed)
 * @param maxBodyBytes  a POST /infer body over this many bytes gets 413
 * @param answersTo     a Camel endpoint that gets a copy of every answer (empty: none)
 * @param batch         POST /infer/batch
 */
@ConfigurationProperties("inference")
@Validated
public record InferenceSettings(@DecimalMin("0") @DecimalMax("1") double minConfidence, @Positive long maxBodyBytes,
                                String answersTo, @NotNull @Valid Batch batch) {

    public InferenceSettings {
        answersTo = answersTo == null ? "" : answersTo.strip();
    }

    /**
     * inference.batch.*.
     *
     * @param maxItems          at most this many titles in one batch (more: 413)
     * @param maxBodyBytes      a batch body over this many bytes gets 413
     * @param maxConcurrent     at most this many batches answered at once (0: the number of cores)
     * @param retryAfterSeconds the Retry-After of a batch refused because that many are under way (429)
     */
    public record Batch(@Positive int maxItems, @Positive long maxBodyBytes, @PositiveOrZero int maxConcurrent,
                        @Min(1) int retryAfterSeconds) {

        /** How many batches are answered at once: maxConcurrent, or the number of cores when it is 0. */
        public int concurrentBatches() {
            return maxConcurrent == 0 ? Runtime.getRuntime().availableProcessors() : maxConcurrent;
        }
    }
}
