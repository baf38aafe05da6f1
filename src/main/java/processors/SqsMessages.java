package processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inference.ApiException;
import inference.InferRequests;
import inference.InferResponse;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The queue worker's side of a request message (routes.SqsRoutes): its body is a /infer request with an optional
 * {@code correlation_id} (the SQS message id when absent); the result message is the /infer answer with that
 * {@code correlation_id}, also as a message attribute. A message that can never be answered (not JSON, no product_name,
 * an unknown method) is a {@link PoisonMessage}: it goes to the dead-letter queue at once with the reason as its
 * {@code mpi_reason} attribute.
 */
@Component("sqsMessages")
public class SqsMessages {

    public static final String CORRELATION_ID = "correlation_id";
    /** Variable: the message body as received (what goes to the dead-letter queue). */
    private static final String RECEIVED = "sqsReceived";

    private final InferenceSteps inference;
    private final services.Agents agents;

    public SqsMessages(InferenceSteps inference, services.Agents agents) {
        this.inference = inference;
        this.agents = agents;
    }

    /** A message that no retry can answer. */
    public static final class PoisonMessage extends RuntimeException {
        public PoisonMessage(String message) {
            super(message);
        }
    }

    /** Body: the message text. Afterwards: the {@link inference.AgentRequest} to answer; the correlation id header. */
    public void read(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        exchange.setVariable(RECEIVED, body);
        // until the message's correlation id is known to be sane, its log lines go under its SQS message id
        String messageId = RequestContext.requestIdOrNew(exchange.getMessage().getHeader(Sqs2Constants.MESSAGE_ID,
                String.class));
        exchange.setVariable(Keys.REQUEST_ID, messageId);
        MDC.put(Keys.MDC_REQUEST_ID, messageId);
        // the consumer's thread goes on to the next message: its log lines are not this one's
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                MDC.remove(Keys.MDC_REQUEST_ID);
            }
        });
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PoisonMessage("malformed_json: the message is not JSON: " + e.getOriginalMessage());
        }
        if (json == null || json.isMissingNode()) {
            throw new PoisonMessage("empty_body: the message is empty");
        }
        String correlationId = correlationId(json, messageId);
        exchange.getMessage().setHeader(CORRELATION_ID, correlationId);
        exchange.setVariable(Keys.REQUEST_ID, correlationId);
        exchange.setVariable(Keys.STARTED, System.nanoTime());
        MDC.put(Keys.MDC_REQUEST_ID, correlationId);
        try {
            inference.accept(exchange, InferRequests.parse(json, agents.methods(), "orchestrator"));
        } catch (ApiException e) {
            throw new PoisonMessage(e.code() + ": " + e.getMessage());
        }
    }

    /**
     * The message's {@code correlation_id}, checked as the {@code X-Request-Id} header is (it names the request in
     * every log line, and the dedupe window keeps the last {@code sqs.dedup-window} of them): 1 to 64 letters, digits
     * or {@code ._:-}; {@code messageId} when the message has none. Any other value makes the message a poison one.
     */
    static String correlationId(JsonNode json, String messageId) {
        JsonNode given = json.get(CORRELATION_ID);
        if (given == null || given.isNull()) {
            return messageId;
        }
        if (!given.isTextual() || !RequestContext.saneId(given.asText())) {
            throw new PoisonMessage("invalid_correlation_id: correlation_id must be a string of 1 to 64 letters, "
                    + "digits or ._:- (as the X-Request-Id header), got " + (given.isTextual()
                    ? "'" + text.SafeText.value(given.asText()) + "'" : given.getNodeType().name().toLowerCase(
                    java.util.Locale.ROOT)));
        }
        return given.asText();
    }

    /** Body: the {@link InferResponse}. Afterwards: the result message, its correlation id its only attribute. */
    public void result(Exchange exchange) {
        String correlationId = exchange.getMessage().getHeader(CORRELATION_ID, String.class);
        ObjectNode answer = Json.MAPPER.valueToTree(exchange.getMessage().getBody(InferResponse.class));
        answer.put(CORRELATION_ID, correlationId);
        exchange.getMessage().removeHeaders("*", "Camel*"); // the receipt handle stays: the request is deleted with it
        exchange.getMessage().setHeader(CORRELATION_ID, correlationId);
        exchange.getMessage().setBody(answer.toString());
    }

    private static String describe(Throwable cause) {
        return cause instanceof ApiException api ? api.code() + ": " + api.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Whether the message of {@code exchange} was received {@code maxReceives} times or more (its last chance). */
    public static boolean lastReceive(Exchange exchange, int maxReceives) {
        return receiveCount(exchange) >= maxReceives;
    }

    /**
     * How many times the message was received, this time included (its ApproximateReceiveCount attribute, which the
     * consumer asks for with {@code attributeNames=ApproximateReceiveCount}); 0 when it is not there.
     */
    public static int receiveCount(Exchange exchange) {
        Object attributes = exchange.getMessage().getHeader(Sqs2Constants.ATTRIBUTES);
        if (attributes instanceof java.util.Map<?, ?> map) {
            Object count = map.get(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName
                    .APPROXIMATE_RECEIVE_COUNT);
            if (count == null) {
                count = map.get("ApproximateReceiveCount");
            }
            return count == null ? 0 : Integer.parseInt(count.toString());
        }
        return 0;
    }

    /**
     * After a {@link PoisonMessage}, or a failure on the last receive: the message as received, with the reason as its
     * only attribute.
     */
    public void poison(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown" : cause instanceof PoisonMessage ? cause.getMessage()
                : "failed on receive " + receiveCount(exchange) + ": " + describe(cause);
        exchange.getMessage().removeHeaders("*", "Camel*"); // the receipt handle stays: the request is deleted with it
        // the reason echoes parts of the message and is logged (routes.SqsRoutes)
        exchange.getMessage().setHeader("mpi_reason", text.SafeText.message(reason));
        exchange.getMessage().setBody(exchange.getVariable(RECEIVED, String.class));
    }
}
