package processors;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import settings.S3Settings;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import text.SafeText;

/**
 * What the S3 inboxes share (the catalogue inbox, {@link S3CatalogInbox}, and the title inbox, {@link S3TitleInbox}):
 * reading which objects an event of the bucket names under {@code <prefix>incoming/}, opening the version an event
 * named, and filing an object under another folder of the prefix.
 *
 * <p>Each event goes to one consumer of the events queue, so one task takes an object however many run. An event that
 * comes again after its object was filed finds nothing under incoming/ and is dropped; one for an object replaced since
 * (another ETag) is dropped too, as the replacement's own event takes it. An event received more than
 * {@code max-receives} times means its work never finished (the service stopped each time, or S3 failed each time): the
 * inbox files the object under error/ unprocessed, so that one file cannot stop the service at every attempt.
 */
public final class S3Inbox {

    private static final Logger LOG = LoggerFactory.getLogger(S3Inbox.class);

    private final S3Client s3;
    private final S3Settings.Inbox inbox;
    /** What the log calls an object: "Catalogue object", "Title file". */
    private final String what;
    private final Counter dropped;

    S3Inbox(S3Client s3, S3Settings.Inbox inbox, String what, Counter dropped) {
        this.s3 = s3;
        this.inbox = inbox;
        this.what = what;
        this.dropped = dropped;
    }

    /** The counter {@code meter} of an inbox's objects by outcome. */
    static Counter objects(MeterRegistry meters, String meter, String description, String outcome) {
        return Counter.builder(meter).description(description).tag("outcome", outcome).register(meters);
    }

    /** An object of the inbox that an event named, and how many times that event was received. */
    public record Entry(String bucket, String key, String eTag, int receives) {

        public String uri() {
            return "s3://" + bucket + "/" + key;
        }
    }

    S3Settings.Inbox settings() {
        return inbox;
    }

    /** The object's name: its key below incoming/. */
    String name(Entry entry) {
        return entry.key().substring(inbox.incoming().length());
    }

    /** Whether the event of {@code entry} came more than max-receives times: its work never finished. */
    boolean givenUp(Entry entry) {
        return entry.receives() > inbox.maxReceives();
    }

    /**
     * The objects that a message of the events queue says were created under incoming/ (none for the test event S3
     * sends when the notification is set up, or for a message that is not an S3 event: logged and dropped).
     */
    List<Entry> entries(String body, int receives) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            event = null;
        }
        if (event != null && "s3:TestEvent".equals(event.path("Event").asText())) {
            LOG.info("The bucket {} sends its object events to the queue {} (its test event came)",
                    SafeText.value(event.path("Bucket").asText()), inbox.eventsQueue());
            return List.of();
        }
        if (event == null || !event.path("Records").isArray()) {
            LOG.warn("A message of the queue {} is not an S3 event, dropped: {}", inbox.eventsQueue(),
                    SafeText.value(body));
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            String name = record.path("eventName").asText();
            String bucket = record.path("s3").path("bucket").path("name").asText();
            // keys come URL-encoded in events, a space as '+'
            String key = URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
            // events give the ETag bare; If-Match wants it quoted
            String eTag = record.path("s3").path("object").path("eTag").asText("");
            eTag = eTag.isEmpty() ? null : eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
            if (!name.startsWith("ObjectCreated:") || !key.startsWith(inbox.incoming()) || key.endsWith("/")) {
                LOG.debug("Queue {}: {} of {} is not a put under {}, ignored", inbox.eventsQueue(), name, key,
                        inbox.incoming());
            } else if (!bucket.equals(inbox.bucket())) {
                LOG.warn("Queue {}: an event of the bucket {}, not of {}: s3://{}/{} not taken", inbox.eventsQueue(),
                        SafeText.value(bucket), inbox.bucket(), SafeText.value(bucket), SafeText.value(key));
            } else {
                entries.add(new Entry(bucket, key, eTag, receives));
            }
        }
        return entries;
    }

    /**
     * The object as the event named it (by its ETag), or null when there is nothing to take: it was filed already or
     * replaced since the event. S3 failing to give the object throws, so that the event comes back after its visibility
     * timeout.
     */
    ResponseInputStream<GetObjectResponse> open(Entry entry) {
        try {
            return s3.getObject(b -> b.bucket(entry.bucket()).key(entry.key()).ifMatch(entry.eTag()));
        } catch (NoSuchKeyException e) {
            LOG.info("{} {} is no longer in {} (filed already, or deleted): event dropped", what,
                    SafeText.value(entry.uri()), inbox.incoming());
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw e;
            }
            LOG.info("{} {} was replaced since this event (another ETag): its own event takes it", what,
                    SafeText.value(entry.uri()));
        }
        dropped.increment();
        return null;
    }

    /** The version of an object read: null where the bucket keeps no versions ("null" is such an object's version). */
    static String version(GetObjectResponse response) {
        return "null".equals(response.versionId()) ? null : response.versionId();
    }

    /** Writes {@code bytes} at {@code key} of the entry's bucket. */
    void put(Entry entry, String key, byte[] bytes, String contentType) {
        s3.putObject(b -> b.bucket(entry.bucket()).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    /**
     * Moves the object read (its version, or in a bucket without versions the object as long as it has the ETag read) to
     * {@code <folder><name>}. A replacement put meanwhile stays for its own event: then nothing is moved and this
     * returns false.
     */
    boolean move(Entry entry, String version, String eTag, String folder) {
        String name = name(entry);
        try {
            s3.copyObject(b -> b.sourceBucket(entry.bucket()).sourceKey(entry.key()).sourceVersionId(version)
                    .copySourceIfMatch(version == null ? eTag : null)
                    .destinationBucket(entry.bucket()).destinationKey(folder + name));
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw e;
            }
            LOG.info("{} {} was replaced while it was taken: the replacement stays for its own event", what,
                    SafeText.value(entry.uri()));
            return false;
        }
        s3.deleteObject(b -> b.bucket(entry.bucket()).key(entry.key()).versionId(version));
        return true;
    }
}
