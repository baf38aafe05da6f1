package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The LLM agent: a model on Amazon Bedrock, asked through camel-aws-bedrock's converse operation (llm.*).
 *
 * @param modelId              a model id, an inference profile id or a custom model deployment ARN; empty: the agent
 *                             is disabled
 * @param region               the Bedrock region
 * @param endpoint             another Bedrock Runtime endpoint (a VPC endpoint, a test server); empty: the region's
 * @param temperature          sent with every call
 * @param topP                 sent with every call
 * @param maxTokens            sent with every call
 * @param ungroundedConfidence an answer neither written in the title nor proposed by an earlier agent gets at most this
 * @param retries              throttling (429) and server errors (5xx) are retried this many times
 * @param retryDelayMs         after this long, doubling each time, with jitter
 * @param cache                answers kept per normalised title
 */
@ConfigurationProperties("llm")
@Validated
public record LlmSettings(String modelId, @NotBlank String region, String endpoint,
                          @DecimalMin("0") double temperature,
                          @DecimalMin("0") @DecimalMax("1") double topP, @Positive int maxTokens,
                          @DecimalMin("0") @DecimalMax("1") double ungroundedConfidence, @PositiveOrZero int retries,
                          @Positive long retryDelayMs, @NotNull @Valid Cache cache) {

    public LlmSettings {
        modelId = modelId == null ? "" : modelId.strip();
        endpoint = endpoint == null ? "" : endpoint;
    }

    /** Whether a model is configured: without one the LLM agent is disabled. */
    public boolean configured() {
        return !modelId.isBlank();
    }

    /**
     * llm.cache.*.
     *
     * @param maxTitles  at most this many titles' answers are kept
     * @param ttlMinutes for this long
     */
    public record Cache(@PositiveOrZero int maxTitles, @Positive long ttlMinutes) {
    }
}
