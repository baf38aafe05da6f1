package routes;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import processors.SqsMessages;
import settings.SqsSettings;

/**
 * The queue worker (profile {@code sqs}): consumes {@code sqs.requests-queue} with long polling, answers each message
 * like POST /infer and sends the answer to {@code sqs.results-queue}. A request message is deleted only once its route
 * completed, that is after its result was sent: a failure leaves it to come back after the visibility timeout; on its
 * {@code sqs.max-receives}-th receive a failure sends it to {@code sqs.dead-letter-queue} with the reason (the queue's
 * own redrive policy, set higher, is the backstop). A message that can never be answered goes there at once with its
 * reason ({@link SqsMessages.PoisonMessage}). A
 * correlation id answered lately (the last {@code sqs.dedup-window} ids) is not answered again. Each consumer polls
 * again at once after a poll that brought messages ({@code greedy}), and waits the scheduler's delay only after an empty
 * one (which long polling already made wait).
 */
@Component
@ConditionalOnProperty(name = "sqs.enabled", havingValue = "true")
public class SqsRoutes extends RouteBuilder {

    private final SqsSettings sqs;

    public SqsRoutes(SqsSettings sqs) {
        this.sqs = sqs;
    }

    @Override
    public void configure() {
        int maxReceives = sqs.maxReceives();
        // never answerable, or failed on its last allowed receive: to the dead-letter queue with the reason, and deleted
        onException(Exception.class)
                .onWhen(exchange -> exchange.getException() instanceof SqsMessages.PoisonMessage
                        || SqsMessages.lastReceive(exchange, maxReceives))
                .handled(true)
                .bean("sqsMessages", "poison")
                .to("aws2-sqs:" + sqs.deadLetterQueue() + "?amazonSQSClient=#sqsClient")
                .log("Request message sent to the dead-letter queue: ${header.mpi_reason}");

        from("aws2-sqs:" + sqs.requestsQueue() + "?amazonSQSClient=#sqsClient&waitTimeSeconds=" + sqs.waitTimeSeconds()
                + "&maxMessagesPerPoll=" + sqs.maxMessagesPerPoll() + "&concurrentConsumers=" + sqs.concurrentConsumers()
                + "&deleteAfterRead=true&deleteIfFiltered=true&messageAttributeNames=All"
                + "&attributeNames=ApproximateReceiveCount&greedy=true")
                .routeId("sqs-requests")
                .bean("sqsMessages", "read")
                .idempotentConsumer(header(SqsMessages.CORRELATION_ID), MemoryIdempotentRepository
                        .memoryIdempotentRepository(sqs.dedupWindow()))
                    .to("direct:infer")
                    .bean("sqsMessages", "result")
                    .to("aws2-sqs:" + sqs.resultsQueue() + "?amazonSQSClient=#sqsClient")
                .end();
    }
}
