package routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import processors.S3CatalogInbox;
import processors.S3TitleInbox;
import processors.TitleBatches;
import settings.ApiSettings;
import settings.S3Settings;

/**
 * The S3 inboxes, each where its setting switches it on. The bucket sends an event to the inbox's events queue for each
 * object put under {@code <prefix>incoming/}; each event goes to one consumer. The event stays hidden from the other
 * consumers while its object is taken (its visibility is renewed every half of {@code visibility-timeout-seconds}) and
 * is deleted once the object is filed; a failure leaves it to come back after the visibility timeout.
 * <ul>
 * <li>{@code s3-catalog-inbox} (s3.catalog-inbox.enabled, on the service that writes the store): loads the object as
 * POST /catalog loads it and moves it under done/ or error/ with its report ({@link S3CatalogInbox}).
 * <li>{@code s3-title-inbox} (s3.title-inbox.enabled, on a service that answers /infer): answers the file of titles in
 * chunks through {@code direct:infer-batch}, as the local title inbox does, into an S3 object uploaded in parts and
 * completed at the end, then moves the input under done/ ({@link S3TitleInbox}).
 * </ul>
 */
@Component
public class S3InboxRoutes extends RouteBuilder {

    private final S3Settings s3;
    private final ApiSettings api;

    public S3InboxRoutes(S3Settings s3, ApiSettings api) {
        this.s3 = s3;
        this.api = api;
    }

    @Override
    public void configure() {
        if (s3.catalogInbox().enabled()) {
            from(events(s3.catalogInbox()))
                    .routeId("s3-catalog-inbox")
                    .split(method("s3CatalogInbox", "objects"))
                        .bean("s3CatalogInbox", "load")
                        .filter(body().isNotNull())
                            .bean("s3CatalogInbox", "file")
                        .end()
                    .end();
        }
        if (s3.titleInbox().enabled()) {
            if (!api.inference().enabled()) {
                throw new IllegalStateException("s3.title-inbox.enabled is true on a service that does not answer "
                        + "/infer (api.inference.enabled=false, e.g. an agent's profile): switch it on where titles are "
                        + "answered (the worker, the orchestrator or the all-in-one service)");
            }
            from(events(s3.titleInbox()))
                    .routeId("s3-title-inbox")
                    .split(method("s3TitleInbox", "objects"))
                        .bean("s3TitleInbox", "open")
                        .filter(variable(TitleBatches.BATCH).isNotNull())
                            .doTry()
                                .split(variable(TitleBatches.BATCH)).streaming().stopOnException()
                                    .bean("titleBatches", "items")
                                    .to("direct:infer-batch")
                                    .bean("titleBatches", "write")
                                .end()
                                .bean("titleBatches", "close")
                                .bean("s3TitleInbox", "file")
                            .endDoTry()
                            .doCatch(Exception.class)
                                .bean("s3TitleInbox", "abandon")
                            .end()
                        .end()
                    .end();
        }
    }

    /** The consumer of an inbox's events queue. */
    private static String events(S3Settings.Inbox inbox) {
        return "aws2-sqs:" + inbox.eventsQueue() + "?amazonSQSClient=#s3EventsSqsClient"
                + "&waitTimeSeconds=" + inbox.waitTimeSeconds() + "&maxMessagesPerPoll=1"
                + "&visibilityTimeout=" + inbox.visibilityTimeoutSeconds() + "&extendMessageVisibility=true"
                + "&attributeNames=ApproximateReceiveCount&deleteAfterRead=true";
    }
}
