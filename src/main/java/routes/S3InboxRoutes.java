package routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import processors.S3CatalogInbox;
import settings.S3Settings;

/**
 * The S3 catalogue inbox (s3.catalog-inbox.enabled, on the service that writes the store): the bucket sends an event
 * to {@code s3.catalog-inbox.events-queue} for each object put under {@code <prefix>incoming/}; each event goes to one
 * consumer, which loads the object as POST /catalog loads it and moves it under done/ or error/ with its report
 * ({@link S3CatalogInbox}). The event stays hidden from the other consumers while the object loads (its visibility is
 * renewed every half of {@code visibility-timeout-seconds}) and is deleted once the object is filed; a failure leaves it
 * to come back after the visibility timeout.
 */
@Component
@ConditionalOnProperty(name = "s3.catalog-inbox.enabled", havingValue = "true")
public class S3InboxRoutes extends RouteBuilder {

    private final S3Settings.CatalogInbox inbox;

    public S3InboxRoutes(S3Settings s3) {
        this.inbox = s3.catalogInbox();
    }

    @Override
    public void configure() {
        from("aws2-sqs:" + inbox.eventsQueue() + "?amazonSQSClient=#s3EventsSqsClient"
                + "&waitTimeSeconds=" + inbox.waitTimeSeconds() + "&maxMessagesPerPoll=1"
                + "&visibilityTimeout=" + inbox.visibilityTimeoutSeconds() + "&extendMessageVisibility=true"
                + "&attributeNames=ApproximateReceiveCount&deleteAfterRead=true")
                .routeId("s3-catalog-inbox")
                .split(method("s3CatalogInbox", "objects"))
                    .bean("s3CatalogInbox", "load")
                    .filter(body().isNotNull())
                        .bean("s3CatalogInbox", "file")
                    .end()
                .end();
    }
}
