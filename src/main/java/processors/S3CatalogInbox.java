package processors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import text.SafeText;

/**
 * The steps of the S3 catalogue inbox (routes.S3InboxRoutes): which objects an event of the bucket names, loading one as
 * POST /catalog loads it, and filing it under done/ or error/ with its report beside it. How events become objects, and
 * objects are filed, is {@link S3Inbox}'s: one task loads an object however many run, an event that comes again after
 * its object was filed is dropped, and an object whose load was started more than {@code max-receives} times without
 * finishing goes to error/ unloaded with a report saying so.
 */
@Component("s3CatalogInbox")
@ConditionalOnProperty(name = "s3.catalog-inbox.enabled", havingValue = "true")
public class S3CatalogInbox {

    private static final Logger LOG = LoggerFactory.getLogger(S3CatalogInbox.class);
    private static final String METER = "mpi.catalog.objects";
    private static final String DESCRIPTION = "Objects of the S3 catalogue inbox, by outcome: done (every row stored), "
            + "error (a row rejected, unreadable, or never finished), dropped (an event whose object was already filed "
            + "or replaced)";

    private final S3Inbox inbox;
    private final CatalogLoads loads;
    private final Counter done;
    private final Counter failed;

    public S3CatalogInbox(S3Client s3Client, S3Settings settings, CatalogLoads loads, MeterRegistry meters) {
        this.inbox = new S3Inbox(s3Client, settings.catalogInbox(), "Catalogue object",
                S3Inbox.objects(meters, METER, DESCRIPTION, "dropped"));
        this.loads = loads;
        this.done = S3Inbox.objects(meters, METER, DESCRIPTION, "done");
        this.failed = S3Inbox.objects(meters, METER, DESCRIPTION, "error");
    }

    /** An object read (or given up on), its report, the version read (null: the bucket keeps no versions), its ETag. */
    public record Loaded(S3Inbox.Entry object, LoadReport report, String versionId, String eTag) {
    }

    /** Body: a message of the events queue. Returns the objects it says were created under incoming/. */
    public List<S3Inbox.Entry> objects(@Body String body, Exchange exchange) {
        return inbox.entries(body, SqsMessages.receiveCount(exchange));
    }

    /**
     * Loads the object (its format from the key's extension, else its content type). Returns null when there is nothing
     * to load: the object was filed already or replaced since the event.
     */
    public Loaded load(@Body S3Inbox.Entry object) {
        ResponseInputStream<GetObjectResponse> in = inbox.open(object);
        if (in == null) {
            return null;
        }
        String version = S3Inbox.version(in.response());
        if (inbox.givenUp(object)) {
            in.abort();
            LOG.warn("Catalogue object {}: its load was started {} times without finishing; moved to {} unloaded",
                    SafeText.value(object.uri()), object.receives() - 1, inbox.settings().error());
            return new Loaded(object, new LoadReport(0, 1, List.of(new LoadReport.RowError(1, "its load was started "
                    + (object.receives() - 1) + " times and never finished (the service stopped while loading it: a "
                    + "crash, an out-of-memory exit or a deploy; or S3 could not be read: see the log), so it is not "
                    + "loaded again: rows before the point where it stopped may be stored. Check the file (a huge or "
                    + "unclosed quoted field?) and put it again")), false), version, in.response().eTag());
        }
        LoadReport report = loads.load("Catalogue object " + SafeText.value(object.uri()), inbox.name(object),
                in.response().contentType(), () -> in);
        return new Loaded(object, report, version, in.response().eTag());
    }

    /**
     * Files a loaded object: its report at {@code <done|error>/<name>.report.json}, the object moved to
     * {@code <done|error>/<name>} (error/ when a row was rejected or it could not be read).
     */
    public void file(@Body Loaded loaded) throws Exception {
        S3Inbox.Entry object = loaded.object();
        boolean ok = loaded.report().rejected() == 0;
        String folder = ok ? inbox.settings().done() : inbox.settings().error();
        inbox.put(object, folder + inbox.name(object) + ".report.json",
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(loaded.report()), "application/json");
        boolean moved = inbox.move(object, loaded.versionId(), loaded.eTag(), folder);
        (ok ? done : failed).increment();
        LOG.info("Catalogue object {}: {} with its report in {}", SafeText.value(object.uri()),
                moved ? "moved" : "replaced meanwhile, so not moved,", folder);
    }
}
