package processors;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import knowledge.LoadReport;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import settings.S3Settings;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import text.SafeText;

/**
 * The steps of the S3 catalogue inbox (routes.S3InboxRoutes): which objects an event of the bucket names, loading one as
 * POST /catalog loads it, and filing it under done/ or error/ with its report beside it.
 *
 * <p>Each event goes to one consumer of the events queue, so one task loads an object however many run. An event that
 * comes again after its object was filed finds nothing under incoming/ and is dropped; one for an object replaced since
 * (another ETag) is dropped too, as the replacement's own event loads it. An event received more than
 * {@code max-receives} times means its loads never finished (the service stopped while loading, a crash or an
 * out-of-memory exit, or S3 failed each time): the object goes to error/ unloaded, with a report saying so, so that one
 * file cannot stop the service at every attempt.
 */
@Component("s3CatalogInbox")
@ConditionalOnProperty(name = "s3.catalog-inbox.enabled", havingValue = "true")
public class S3CatalogInbox {

    private static final Logger LOG = LoggerFactory.getLogger(S3CatalogInbox.class);

    private final S3Client s3;
    private final S3Settings.CatalogInbox inbox;
    private final CatalogLoads loads;
    private final Counter done;
    private final Counter failed;
    private final Counter dropped;

    public S3CatalogInbox(S3Client s3Client, S3Settings settings, CatalogLoads loads, MeterRegistry meters) {
        this.s3 = s3Client;
        this.inbox = settings.catalogInbox();
        this.loads = loads;
        this.done = objects(meters, "done");
        this.failed = objects(meters, "error");
        this.dropped = objects(meters, "dropped");
    }

    private static Counter objects(MeterRegistry meters, String outcome) {
        return Counter.builder("mpi.catalog.objects").description("Objects of the S3 catalogue inbox, by outcome: "
                + "done (every row stored), error (a row rejected, unreadable, or never finished), dropped (an event "
                + "whose object was already filed or replaced)").tag("outcome", outcome).register(meters);
    }

    /** An object of the inbox that an event named, and how many times that event was received. */
    public record CatalogObject(String bucket, String key, String eTag, int receives) {

        String uri() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /**
     * An object read (or given up on), its report, the version read (null: the bucket keeps no versions, or it was not
     * read) and its ETag (null: not read).
     */
    public record Loaded(CatalogObject object, LoadReport report, String versionId, String eTag) {
    }

    /**
     * Body: a message of the events queue. Returns the objects it says were created under incoming/ (none for the test
     * event S3 sends when the notification is set up, or a message that is not an S3 event: logged and dropped).
     */
    public List<CatalogObject> objects(@Body String body, Exchange exchange) {
        int receives = SqsMessages.receiveCount(exchange);
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            event = null;
        }
        if (event != null && "s3:TestEvent".equals(event.path("Event").asText())) {
            LOG.info("The bucket {} sends its object events to the catalogue events queue (its test event came)",
                    SafeText.value(event.path("Bucket").asText()));
            return List.of();
        }
        if (event == null || !event.path("Records").isArray()) {
            LOG.warn("A message of the catalogue events queue is not an S3 event, dropped: {}", SafeText.value(body));
            return List.of();
        }
        List<CatalogObject> objects = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            String name = record.path("eventName").asText();
            String bucket = record.path("s3").path("bucket").path("name").asText();
            // keys come URL-encoded in events, a space as '+'
            String key = URLDecoder.decode(record.path("s3").path("object").path("key").asText(), StandardCharsets.UTF_8);
            // events give the ETag bare; If-Match wants it quoted
            String eTag = record.path("s3").path("object").path("eTag").asText("");
            eTag = eTag.isEmpty() ? null : eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
            if (!name.startsWith("ObjectCreated:") || !key.startsWith(inbox.incoming()) || key.endsWith("/")) {
                LOG.debug("Catalogue events queue: {} of {} is not a catalogue put under {}, ignored", name, key,
                        inbox.incoming());
            } else if (!bucket.equals(inbox.bucket())) {
                LOG.warn("Catalogue events queue: an event of the bucket {}, not of {}: s3://{}/{} not loaded",
                        SafeText.value(bucket), inbox.bucket(), SafeText.value(bucket), SafeText.value(key));
            } else {
                objects.add(new CatalogObject(bucket, key, eTag, receives));
            }
        }
        return objects;
    }

    /**
     * Loads the object (its format from the key's extension, else its content type). Returns null when there is nothing
     * to load: the object was filed already or replaced since the event. S3 failing to give the object throws, so that
     * the event comes back after its visibility timeout.
     */
    public Loaded load(@Body CatalogObject object) {
        String name = object.key().substring(inbox.incoming().length());
        if (object.receives() > inbox.maxReceives()) {
            LOG.warn("Catalogue object {}: its load was started {} times without finishing; moved to {} unloaded",
                    SafeText.value(object.uri()), object.receives() - 1, inbox.error());
            return new Loaded(object, new LoadReport(0, 1, List.of(new LoadReport.RowError(1, "its load was started "
                    + (object.receives() - 1) + " times and never finished (the service stopped while loading it: a "
                    + "crash, an out-of-memory exit or a deploy; or S3 could not be read: see the log), so it is not "
                    + "loaded again: rows before the point where it stopped may be stored. Check the file (a huge or "
                    + "unclosed quoted field?) and put it again")), false), null, null);
        }
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(b -> b.bucket(object.bucket()).key(object.key()).ifMatch(object.eTag()));
        } catch (NoSuchKeyException e) {
            LOG.info("Catalogue object {} is no longer in {} (filed already, or deleted): event dropped",
                    SafeText.value(object.uri()), inbox.incoming());
            dropped.increment();
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw e;
            }
            LOG.info("Catalogue object {} was replaced since this event (another ETag): its own event loads it",
                    SafeText.value(object.uri()));
            dropped.increment();
            return null;
        }
        LoadReport report = loads.load("Catalogue object " + SafeText.value(object.uri()), name,
                in.response().contentType(), () -> in);
        // "null" is the version of an object put while the bucket kept no versions: the next such put replaces it
        String version = "null".equals(in.response().versionId()) ? null : in.response().versionId();
        return new Loaded(object, report, version, in.response().eTag());
    }

    /**
     * Files a loaded object: its report at {@code <done|error>/<name>.report.json}, the object moved to
     * {@code <done|error>/<name>} (error/ when a row was rejected or it could not be read).
     */
    public void file(@Body Loaded loaded) throws Exception {
        CatalogObject object = loaded.object();
        String name = object.key().substring(inbox.incoming().length());
        boolean ok = loaded.report().rejected() == 0;
        String folder = ok ? inbox.done() : inbox.error();
        byte[] report = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(loaded.report());
        s3.putObject(b -> b.bucket(object.bucket()).key(folder + name + ".report.json").contentType("application/json"),
                RequestBody.fromBytes(report));
        // the version read, not whatever the key holds now: a replacement put meanwhile stays for its own event (in a
        // bucket without versions, the ETag read tells whether the key still holds it)
        String version = loaded.versionId();
        try {
            s3.copyObject(b -> b.sourceBucket(object.bucket()).sourceKey(object.key()).sourceVersionId(version)
                    .copySourceIfMatch(version == null ? loaded.eTag() : null)
                    .destinationBucket(object.bucket()).destinationKey(folder + name));
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw e;
            }
            (ok ? done : failed).increment();
            LOG.info("Catalogue object {} was replaced while it loaded: its report is in {}, the replacement stays for "
                    + "its own event", SafeText.value(object.uri()), folder);
            return;
        }
        s3.deleteObject(b -> b.bucket(object.bucket()).key(object.key()).versionId(version));
        (ok ? done : failed).increment();
        LOG.info("Catalogue object {} moved to {} with its report", SafeText.value(object.uri()), folder);
    }
}
