package processors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
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
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import text.SafeText;

/**
 * The steps of the S3 title inbox (routes.S3InboxRoutes): a file of titles an event names is read from S3 as a stream
 * and answered chunk by chunk as the local title inbox answers its files ({@link TitleBatches}), its rows uploaded to
 * {@code <prefix>results/<name>.results.csv} in parts ({@link S3MultipartResults}) and completed once every line is
 * answered; the input then moves to {@code <prefix>done/} (or {@code <prefix>error/} when a CSV record over the limit
 * cut it short, as locally).
 *
 * <p>A task that stops mid-file leaves the event to come back: the next task aborts the unfinished upload of the
 * results and answers the file from its start, so the results, which appear only when complete, hold each line once. A
 * file that cannot be read (no product_name column), or whose answering was started more than {@code max-receives}
 * times without finishing, goes to {@code <prefix>error/} unanswered with {@code <name>.error.txt} saying why. Events
 * are read as {@link S3Inbox} reads them.
 */
@Component("s3TitleInbox")
@ConditionalOnProperty(name = "s3.title-inbox.enabled", havingValue = "true")
public class S3TitleInbox {

    private static final Logger LOG = LoggerFactory.getLogger(S3TitleInbox.class);
    /** The variable the route keeps the file being answered in ({@link Taken}). */
    public static final String TAKEN = "s3TitleFile";
    private static final String METER = "mpi.batch.objects";
    private static final String DESCRIPTION = "Files of the S3 title inbox, by outcome: done (every line answered), "
            + "error (unreadable, cut short or never finished), dropped (an event whose file was already filed or "
            + "replaced)";

    private final S3Client s3;
    private final S3Inbox inbox;
    private final S3Settings.TitleInbox settings;
    private final TitleBatches titles;
    private final Counter done;
    private final Counter failed;

    public S3TitleInbox(S3Client s3Client, S3Settings s3, TitleBatches titles, MeterRegistry meters) {
        this.s3 = s3Client;
        this.settings = s3.titleInbox();
        this.inbox = new S3Inbox(s3Client, settings, "Title file", S3Inbox.objects(meters, METER, DESCRIPTION,
                "dropped"));
        this.titles = titles;
        this.done = S3Inbox.objects(meters, METER, DESCRIPTION, "done");
        this.failed = S3Inbox.objects(meters, METER, DESCRIPTION, "error");
    }

    /** The file being answered: which object, the version and ETag read. */
    public record Taken(S3Inbox.Entry entry, String versionId, String eTag) {
    }

    /** Body: a message of the events queue. Returns the files it says were put under incoming/. */
    public List<S3Inbox.Entry> objects(@Body String body, Exchange exchange) {
        return inbox.entries(body, SqsMessages.receiveCount(exchange));
    }

    /**
     * Body: a file of the inbox. Sets the variable {@link TitleBatches#BATCH} to its lines in chunks, for the route to
     * split, their rows going to the results object, and {@link #TAKEN} to the file; or neither when there is nothing
     * to answer: the file was filed already or replaced since the event, cannot be read, or was given up on (those two
     * are filed under error/ here).
     */
    public void open(@Body S3Inbox.Entry entry, Exchange exchange) {
        Iterator<List<TitleBatches.Line>> lines = lines(entry, exchange);
        if (lines != null) {
            exchange.setVariable(TitleBatches.BATCH, lines);
        }
    }

    private Iterator<List<TitleBatches.Line>> lines(S3Inbox.Entry entry, Exchange exchange) {
        ResponseInputStream<GetObjectResponse> in = inbox.open(entry);
        if (in == null) {
            return null;
        }
        Taken taken = new Taken(entry, S3Inbox.version(in.response()), in.response().eTag());
        String name = inbox.name(entry);
        if (inbox.givenUp(entry)) {
            in.abort();
            giveUp(taken, "The service stopped while it was answering this file, " + (entry.receives() - 1)
                    + " times (a crash, an out-of-memory exit or a deploy; or S3 could not be read or written: see "
                    + "the log), so it was not answered again and has no results. Check the file (a huge line, or a "
                    + "quoted field that never closes?) and put it again.");
            return null;
        }
        String results = settings.results() + name + ".results.csv";
        abortUnfinished(entry.bucket(), results);
        try {
            Iterator<List<TitleBatches.Line>> lines = titles.open(name, in, new S3MultipartResults(s3, entry.bucket(),
                    results, settings.partSizeBytes()));
            exchange.setVariable(TAKEN, taken);
            LOG.info("Title file {}: answering into s3://{}/{}", SafeText.value(entry.uri()), entry.bucket(),
                    SafeText.value(results));
            return lines;
        } catch (Exception e) {
            in.abort();
            giveUp(taken, "This file cannot be read: " + SafeText.message(e.getMessage()));
            return null;
        }
    }

    /** Aborts the uploads of {@code key} that a task which stopped mid-file left unfinished. */
    private void abortUnfinished(String bucket, String key) {
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(key)).uploads()) {
            if (upload.key().equals(key)) {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload.uploadId()));
                LOG.info("Title file results s3://{}/{}: an unfinished upload of an earlier attempt aborted",
                        bucket, SafeText.value(key));
            }
        }
    }

    private void giveUp(Taken taken, String why) {
        S3Inbox.Entry entry = taken.entry();
        LOG.warn("Title file {}: moved to {} unanswered: {}", SafeText.value(entry.uri()), settings.error(),
                SafeText.message(why));
        inbox.put(entry, settings.error() + inbox.name(entry) + ".error.txt",
                (why + "\n").getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        inbox.move(entry, taken.versionId(), taken.eTag(), settings.error());
        failed.increment();
    }

    /**
     * After {@link TitleBatches#close}: the input moves to done/, or to error/ when a CSV record over the limit cut it
     * short ({@link TitleBatches#OUTCOME}; the results say at which line).
     */
    public void file(Exchange exchange) {
        Taken taken = exchange.getVariable(TAKEN, Taken.class);
        boolean ok = ".done".equals(exchange.getVariable(TitleBatches.OUTCOME, String.class));
        String folder = ok ? settings.done() : settings.error();
        boolean moved = inbox.move(taken.entry(), taken.versionId(), taken.eTag(), folder);
        (ok ? done : failed).increment();
        LOG.info("Title file {}: {} {}", SafeText.value(taken.entry().uri()),
                moved ? "moved to" : "replaced meanwhile, so not moved to", folder);
    }

    /**
     * When answering the file failed: its unfinished results are aborted ({@link TitleBatches#abandon}) and the
     * failure goes on, so that the event comes back after its visibility timeout and the file is answered again.
     */
    public void abandon(Exchange exchange) throws Exception {
        titles.abandon(exchange);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        throw cause != null ? cause : new IllegalStateException("answering the title file failed");
    }
}
