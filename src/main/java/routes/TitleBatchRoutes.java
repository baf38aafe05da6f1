package routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import processors.TitleBatches;
import settings.ApiSettings;
import settings.FilesSettings;

/**
 * Title files dropped in {@code batch.inbox} (CSV with a product_name column, or NDJSON), where this service answers
 * /infer: streamed in chunks through {@code direct:infer-batch} (each chunk in parallel, in order) into
 * {@code <name>.results.csv} in {@code batch.outbox} ({@code processors.TitleBatches}). The file is first moved into
 * {@code .processing/}, so that a run that stops while answering it (a crash) does not answer it again: the next start
 * moves it to {@code .error/} with a note ({@code app.InboxRecovery}). The input then moves to {@code .done/}, or to
 * {@code .error/} when a CSV record over {@code batch.max-record-chars} (an unclosed quote) cut it short (its results
 * say at which line); a file that cannot be read (no product_name column) moves to {@code .error/} and its partial
 * results are removed.
 */
@Component
public class TitleBatchRoutes extends RouteBuilder {

    private final ApiSettings api;
    private final FilesSettings files;

    public TitleBatchRoutes(ApiSettings api, FilesSettings files) {
        this.api = api;
        this.files = files;
    }

    @Override
    public void configure() {
        if (!api.inference().enabled()) {
            return;
        }
        // regular files only: a symbolic link dropped here would answer the file it points to (processors.InboxFiles)
        from("file:" + files.batch().inbox() + "?include=.*\\.(csv|ndjson|jsonl)&filter=#regularFilesOnly"
                // out of the inbox before it is read: never answered twice, nor again after a crash
                + "&preMove=.processing/${file:onlyname}"
                + "&move=${variable." + TitleBatches.OUTCOME + "}/${file:onlyname}&moveFailed=.error/${file:onlyname}"
                + "&readLock=changed&readLockMinAge=1000&delay=1000")
                .routeId("title-batch")
                .onCompletion().onFailureOnly()
                    .bean("titleBatches", "abandon")
                .end()
                .setVariable(TitleBatches.BATCH, method("titleBatches", "open"))
                .split(variable(TitleBatches.BATCH)).streaming().stopOnException()
                    .bean("titleBatches", "items")
                    .to("direct:infer-batch")
                    .bean("titleBatches", "write")
                .end()
                .bean("titleBatches", "close");
    }
}
