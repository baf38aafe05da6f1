package routes;

import app.ServiceSettings;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import processors.TitleBatches;

/**
 * Title files dropped in {@code batch.inbox} (CSV with a product_name column, or NDJSON), where this service answers
 * /infer: streamed in chunks through {@code direct:infer-batch} (each chunk in parallel, in order) into
 * {@code <name>.results.csv} in {@code batch.outbox} ({@code processors.TitleBatches}). The input then moves to
 * {@code .done/}; a file that cannot be read (no product_name column) moves to {@code .error/} and its partial results
 * are removed.
 */
@Component
public class TitleBatchRoutes extends RouteBuilder {

    private final ServiceSettings settings;

    public TitleBatchRoutes(ServiceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        if (!settings.apiEnabled()) {
            return;
        }
        // regular files only: a symbolic link dropped here would answer the file it points to (processors.InboxFiles)
        from("file:{{batch.inbox}}?include=.*\\.(csv|ndjson|jsonl)&filter=#regularFilesOnly"
                + "&move=.done&moveFailed=.error&readLock=changed&readLockMinAge=1000&delay=1000")
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
