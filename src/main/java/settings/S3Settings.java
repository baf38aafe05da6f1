package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Amazon S3 and the queues of its object events, for the cloud file drops and the models (s3.*).
 *
 * @param region          the buckets' and the events queues' region
 * @param endpoint        another S3 that also serves SQS (moto, LocalStack), addressed by path; empty: AWS
 * @param accessKeyId     credentials for such an endpoint; empty: the AWS default chain
 * @param secretAccessKey with accessKeyId
 * @param modelCache      models given as s3://bucket/prefix/ (embedding.model.path, ner.model.path) are copied here,
 *                        and reused at the next start when unchanged in S3
 * @param catalogInbox    catalogue objects put under a prefix of a bucket are loaded
 * @param titleInbox      title files put under a prefix of a bucket are answered
 */
@ConfigurationProperties("s3")
@Validated
public record S3Settings(@NotBlank String region, String endpoint, String accessKeyId, String secretAccessKey,
                         @NotNull Path modelCache, @NotNull @Valid CatalogInbox catalogInbox,
                         @NotNull @Valid TitleInbox titleInbox) {

    public S3Settings {
        endpoint = endpoint == null ? "" : endpoint.strip();
        accessKeyId = accessKeyId == null ? "" : accessKeyId;
        secretAccessKey = secretAccessKey == null ? "" : secretAccessKey;
        if (!accessKeyId.isBlank() && secretAccessKey.isBlank()) {
            throw new IllegalStateException("s3.access-key-id is set without s3.secret-access-key");
        }
    }

    /**
     * An S3 inbox: objects put under {@code <prefix>incoming/} of {@code bucket}, which the bucket tells
     * {@code events-queue} of (an S3 event notification); each event goes to one consumer, so one task takes an object
     * however many run. Once taken, an object moves under {@code <prefix>done/} or {@code <prefix>error/}.
     */
    public interface Inbox {
        /** Whether this process takes the objects. */
        boolean enabled();

        /** The bucket. */
        String bucket();

        /** incoming/, done/, error/ (and results/ of the title inbox) are under it; ends with '/', or is empty. */
        String prefix();

        /** The SQS queue the bucket sends its object-created events to. */
        String eventsQueue();

        /** An object whose work was started this many times without finishing goes to error/. */
        int maxReceives();

        /** An event is hidden from the other consumers this long, renewed every half of it while its object is taken. */
        int visibilityTimeoutSeconds();

        /** Long polling of the events queue. */
        int waitTimeSeconds();

        default String incoming() {
            return prefix() + "incoming/";
        }

        default String done() {
            return prefix() + "done/";
        }

        default String error() {
            return prefix() + "error/";
        }

        /** Checks the settings of the inbox named {@code name} (catalog-inbox, title-inbox). */
        static void check(String name, boolean enabled, String bucket, String prefix, String eventsQueue) {
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                throw new IllegalStateException("s3." + name + ".prefix must end with '/' (or be empty), got '"
                        + prefix + "'");
            }
            if (enabled && (bucket.isEmpty() || eventsQueue.isEmpty())) {
                throw new IllegalStateException("s3." + name + ".enabled is true but "
                        + (bucket.isEmpty() ? "s3." + name + ".bucket" : "")
                        + (bucket.isEmpty() && eventsQueue.isEmpty() ? " and " : "")
                        + (eventsQueue.isEmpty() ? "s3." + name + ".events-queue" : "") + " is not set");
            }
        }
    }

    /**
     * The S3 catalogue inbox (s3.catalog-inbox.*): an object put under {@code <prefix>incoming/} is loaded as POST
     * /catalog loads it, then moved under {@code <prefix>done/} or {@code <prefix>error/} with its report beside it.
     *
     * @param enabled                  whether this process loads the objects (the one that writes the store: rag)
     * @param bucket                   the bucket (the deployment's training bucket)
     * @param prefix                   incoming/, done/ and error/ are under it; ends with '/' (or is empty)
     * @param eventsQueue              the SQS queue the bucket sends its object-created events to
     * @param maxReceives              an object whose load was started this many times without finishing goes to error/
     * @param visibilityTimeoutSeconds an event is hidden from the other consumers this long, renewed every half of it
     *                                 while its object loads
     * @param waitTimeSeconds          long polling of the events queue
     */
    public record CatalogInbox(boolean enabled, String bucket, @NotNull String prefix, String eventsQueue,
                               @Positive int maxReceives, @Min(2) @Max(43200) int visibilityTimeoutSeconds,
                               @PositiveOrZero @Max(20) int waitTimeSeconds) implements Inbox {

        public CatalogInbox {
            bucket = bucket == null ? "" : bucket.strip();
            eventsQueue = eventsQueue == null ? "" : eventsQueue.strip();
            Inbox.check("catalog-inbox", enabled, bucket, prefix, eventsQueue);
        }
    }

    /**
     * The S3 title inbox (s3.title-inbox.*): a file of titles put under {@code <prefix>incoming/} is answered into
     * {@code <prefix>results/<name>.results.csv}, uploaded in parts of {@code part-size-bytes} and completed once every
     * line is answered; the input then moves under {@code <prefix>done/} (or {@code <prefix>error/}).
     *
     * @param enabled                  whether this process answers the files (one that answers /infer: the worker)
     * @param bucket                   the bucket (the deployment's training bucket)
     * @param prefix                   incoming/, results/, done/ and error/ are under it; ends with '/' (or is empty)
     * @param eventsQueue              the SQS queue the bucket sends its object-created events to
     * @param maxReceives              a file whose answering was started this many times without finishing goes to
     *                                 error/
     * @param visibilityTimeoutSeconds an event is hidden from the other consumers this long, renewed every half of it
     *                                 while its file is answered
     * @param waitTimeSeconds          long polling of the events queue
     * @param partSizeBytes            the results are uploaded in parts of this many bytes (S3's least is 5 MiB): what
     *                                 one file holds in memory for its results
     */
    public record TitleInbox(boolean enabled, String bucket, @NotNull String prefix, String eventsQueue,
                             @Positive int maxReceives, @Min(2) @Max(43200) int visibilityTimeoutSeconds,
                             @PositiveOrZero @Max(20) int waitTimeSeconds,
                             @Min(5 * 1024 * 1024) int partSizeBytes) implements Inbox {

        public TitleInbox {
            bucket = bucket == null ? "" : bucket.strip();
            eventsQueue = eventsQueue == null ? "" : eventsQueue.strip();
            Inbox.check("title-inbox", enabled, bucket, prefix, eventsQueue);
        }

        public String results() {
            return prefix + "results/";
        }
    }

    @Override
    public String toString() {
        return "S3Settings[region=" + region + ", endpoint=" + endpoint + ", modelCache=" + modelCache
                + ", catalogInbox=" + catalogInbox + ", titleInbox=" + titleInbox + "]";
    }
}
