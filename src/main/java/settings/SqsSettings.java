package settings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The queue worker (sqs.*, switched on by the profile sqs).
 *
 * @param enabled              whether this process runs the worker
 * @param requestsQueue        requests are read from this queue
 * @param resultsQueue         answers go to this queue
 * @param deadLetterQueue      messages that can never be answered go here, with the reason
 * @param region               the queues' region
 * @param endpoint             another SQS (ElasticMQ); empty: AWS
 * @param accessKeyId          credentials for such an endpoint; empty: the AWS default chain
 * @param secretAccessKey      with accessKeyId
 * @param waitTimeSeconds      long polling
 * @param maxMessagesPerPoll   messages per receive
 * @param concurrentConsumers  consumers (each answers its messages one after another)
 * @param dedupWindow          the last this many correlation ids answered are not answered again
 * @param maxReceives          a message whose answering fails on its this-many-th receive is dead-lettered
 */
@ConfigurationProperties("sqs")
@Validated
public record SqsSettings(boolean enabled, @NotBlank String requestsQueue, @NotBlank String resultsQueue,
                          @NotBlank String deadLetterQueue, @NotBlank String region, String endpoint,
                          String accessKeyId, String secretAccessKey, @PositiveOrZero @Max(20) int waitTimeSeconds,
                          @Min(1) @Max(10) int maxMessagesPerPoll, @Positive int concurrentConsumers,
                          @Positive int dedupWindow, @Positive int maxReceives) {

    public SqsSettings {
        endpoint = endpoint == null ? "" : endpoint;
        accessKeyId = accessKeyId == null ? "" : accessKeyId;
        secretAccessKey = secretAccessKey == null ? "" : secretAccessKey;
        if (!accessKeyId.isBlank() && secretAccessKey.isBlank()) {
            throw new IllegalStateException("sqs.access-key-id is set without sqs.secret-access-key");
        }
    }

    @Override
    public String toString() {
        return "SqsSettings[requestsQueue=" + requestsQueue + ", resultsQueue=" + resultsQueue + ", endpoint="
                + endpoint + ", region=" + region + "]";
    }
}
