package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Amazon S3 and the queue of its object events, for the cloud file drops (s3.*).
 *
 * @param region          the buckets' and the events queue's region
 * @param endpoint        another S3 that also serves SQS (moto, LocalStack), addressed by path; empty: AWS
 * @param accessKeyId     credentials for such an endpoint; empty: the AWS default chain
 * @param secretAccessKey with accessKeyId
 * @param catalogInbox    catalogue objects put under a prefix of a bucket are loaded
 */
@ConfigurationProperties("s3")
@Validated
public record S3Settings(@NotBlank String region, String endpoint, String accessKeyId, String secretAccessKey,
                         @NotNull @Valid CatalogInbox catalogInbox) {

    public S3Settings {
        endpoint = endpoint == null ? "" : endpoint.strip();
        accessKeyId = accessKeyId == null ? "" : accessKeyId;
        secretAccessKey = secretAccessKey == null ? "" : secretAccessKey;
        if (!accessKeyId.isBlank() && secretAccessKey.isBlank()) {
            throw new IllegalStateException("s3.access-key-id is set without s3.secret-access-key");
        }
    }

    /**
     * The S3 catalogue inbox: an object put under {@code <prefix>incoming/} of {@code bucket} is loaded as POST /catalog
     * loads it, then moved under {@code <prefix>done/} or {@code <prefix>error/} with its report beside it. The bucket
     * tells {@code events-queue} of each object created there (an S3 event notification); each event goes to one
     * consumer, so one task loads the object however many run.
     *
     * @param enabled                  whether this process loads the objects (the one that writes the store: rag)
     * @param bucket                   the bucket (the deployment's training bucket)
     * @param prefix                   incoming/, done/ and error/ are under it; ends with '/' (or is empty: the bucket's top)
     * @param eventsQueue              the SQS queue the bucket sends its object-created events to
     * @param maxReceives              an object whose load was started this many times without finishing goes to error/
     * @param visibilityTimeoutSeconds an event is hidden from the other consumers this long, renewed every half of it
     *                                 while its object loads
     * @param waitTimeSeconds          long polling of the events queue
     */
    public record CatalogInbox(boolean enabled, String bucket, @NotNull String prefix, String eventsQueue,
                               @Positive int maxReceives, @Min(2) @Max(43200) int visibilityTimeoutSeconds,
                               @PositiveOrZero @Max(20) int waitTimeSeconds) {

        public CatalogInbox {
            bucket = bucket == null ? "" : bucket.strip();
            eventsQueue = eventsQueue == null ? "" : eventsQueue.strip();
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                throw new IllegalStateException("s3.catalog-inbox.prefix must end with '/' (or be empty), got '"
                        + prefix + "'");
            }
            if (enabled && (bucket.isEmpty() || eventsQueue.isEmpty())) {
                throw new IllegalStateException("s3.catalog-inbox.enabled is true but "
                        + (bucket.isEmpty() ? "s3.catalog-inbox.bucket (TRAINING_BUCKET)" : "")
                        + (bucket.isEmpty() && eventsQueue.isEmpty() ? " and " : "")
                        + (eventsQueue.isEmpty() ? "s3.catalog-inbox.events-queue (CATALOG_EVENTS_QUEUE)" : "")
                        + " is not set");
            }
        }

        public String incoming() {
            return prefix + "incoming/";
        }

        public String done() {
            return prefix + "done/";
        }

        public String error() {
            return prefix + "error/";
        }
    }

    @Override
    public String toString() {
        return "S3Settings[region=" + region + ", endpoint=" + endpoint + ", catalogInbox=" + catalogInbox + "]";
    }
}
