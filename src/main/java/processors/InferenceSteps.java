package processors;

import agents.Combiner;
import services.Agents;
import services.CombinationService;
import com.fasterxml.jackson.databind.JsonNode;
import inference.AgentRequest;
import inference.AgentResult;
import inference.AgentStatus;
import inference.ApiException;
import inference.InferRequest;
import inference.InferRequests;
import inference.InferResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import settings.InferenceSettings;
import settings.OrchestratorSettings;

/** The steps of POST /infer and /infer/batch: read and check the request, then turn agent results into the answer. */
@Component("inference")
public class InferenceSteps {

    private final InferenceSettings settings;
    private final List<String> methods;
    private final RequestContext requestContext;
    private final Combiner combiner;

    public InferenceSteps(InferenceSettings settings, OrchestratorSettings orchestrator, Agents agents,
                          RequestContext requestContext, ObjectProvider<CombinationService> combination) {
        this.settings = settings;
        this.methods = agents.methods();
        this.requestContext = requestContext;
        CombinationService learnt = combination.getIfAvailable();
        this.combiner = new Combiner(orchestrator.weights(), orchestrator.disagreementPenalty(), settings.minConfidence(),
                learnt == null ? () -> null : learnt::current);
    }

    /** Body: the raw HTTP request of POST /infer. Afterwards: the {@link AgentRequest} to answer. */
    public void readRequest(Exchange exchange) {
        var message = exchange.getMessage();
        HttpBodies.requireJson(message);
        JsonNode json = HttpBodies.parseJson(HttpBodies.readBounded(message, settings.maxBodyBytes()));
        accept(exchange, InferRequests.parse(json, methods, "orchestrator"));
        dropHttpHeaders(exchange);
    }

    /**
     * The HTTP request's headers are read (the request id, the API key, the content type): the routes from here on
     * do not need them, and every hand-off to another thread (each agent of the multicast, each circuit breaker,
     * each batch item) would copy them.
     */
    private static void dropHttpHeaders(Exchange exchange) {
        exchange.getMessage().getHeaders().clear();
    }

    /** Body: the raw HTTP request of POST /infer/batch. Afterwards: the list of its items (JSON nodes). */
    public void readBatch(Exchange exchange) {
        var message = exchange.getMessage();
        HttpBodies.requireJson(message);
        JsonNode json = HttpBodies.parseJson(HttpBodies.readBounded(message, settings.batch().maxBodyBytes()));
        JsonNode items = json.isObject() ? json.get("items") : null;
        if (items == null || !items.isArray()) {
            throw ApiException.badRequest("invalid_batch", "expected a JSON object with an array 'items'");
        }
        if (items.size() > settings.batch().maxItems()) {
            throw new ApiException(413, "too_many_items", "the batch has " + items.size() + " items, the limit is "
                    + settings.batch().maxItems() + " (inference.batch.max-items)");
        }
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        exchange.setVariable(Keys.BATCH_ID, RequestContext.requestId(exchange));
        exchange.setVariable(Keys.BATCH_STARTED, exchange.getVariable(Keys.STARTED));
        exchange.getMessage().setBody(list);
        dropHttpHeaders(exchange);
    }

    /** Body: one batch item (JSON node), inside the split. Afterwards: its {@link AgentRequest}. */
    public void readItem(Exchange exchange) {
        Integer index = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        String id = exchange.getVariable(Keys.BATCH_ID, String.class) + "-" + index;
        exchange.setVariable(Keys.REQUEST_ID, id);
        exchange.setVariable(Keys.STARTED, System.nanoTime());
        MDC.put(Keys.MDC_REQUEST_ID, id);
        JsonNode item = exchange.getMessage().getBody(JsonNode.class);
        accept(exchange, InferRequests.parse(item, methods, "orchestrator"));
    }

    /** Makes {@code request} the one the exchange answers: its variables, and its {@link AgentRequest} as the body. */
    void accept(Exchange exchange, InferRequest request) {
        exchange.setVariable(Keys.INFER_REQUEST, request);
        exchange.setVariable(Keys.METHOD, request.method());
        exchange.getMessage().setBody(new AgentRequest(RequestContext.requestId(exchange), request.productName(),
                InferRequests.language(request), request.category(), List.of()));
    }

    /** Body: one agent's {@link AgentResult}. Afterwards: the {@link InferResponse}; 503 when the agent could not answer. */
    public InferResponse answerFromAgent(Exchange exchange) {
        InferRequest request = exchange.getVariable(Keys.INFER_REQUEST, InferRequest.class);
        AgentResult result = shown(exchange, exchange.getMessage().getBody(AgentResult.class));
        if (result.status() != AgentStatus.OK) {
            throw new ApiException(503, "method_unavailable", "method '" + request.method() + "' is "
                    + result.status().wire() + (result.message() == null ? "" : ": " + result.message()));
        }
        Combiner.Combined combined = combiner.combine(List.of(result));
        return response(exchange, request, combined, List.of(result));
    }

    /** Body: every orchestrated agent's {@link AgentResult}, in order. Afterwards: the combined {@link InferResponse}. */
    @SuppressWarnings("unchecked")
    public InferResponse answerFromAgents(Exchange exchange) {
        InferRequest request = exchange.getVariable(Keys.INFER_REQUEST, InferRequest.class);
        List<AgentResult> results = exchange.getMessage().getBody(List.class);
        return response(exchange, request, combiner.combine(results), results);
    }

    private InferResponse response(Exchange exchange, InferRequest request, Combiner.Combined combined,
                                   List<AgentResult> results) {
        return new InferResponse(RequestContext.requestId(exchange), request.productName(),
                InferRequests.language(request), request.method(), combined.brand(), combined.confidence(),
                combined.candidates(), results.stream().map(result -> shown(exchange, result)).toList(),
                RequestContext.elapsedMs(exchange));
    }

    /** {@code result} as this exchange's caller may see it ({@link RequestContext#details}). */
    private AgentResult shown(Exchange exchange, AgentResult result) {
        return requestContext.details(exchange) ? result : result.withoutDetails();
    }

    /** Writes the body as the JSON answer, status 200. */
    public void write(Exchange exchange) throws Exception {
        ApiErrors.write(exchange, 200, exchange.getMessage().getBody());
    }

    /** Body: the answers of a batch, in order. Afterwards: the JSON answer {@code {"items":[...]}}. */
    public void writeBatch(Exchange exchange) throws Exception {
        // the split hands back the variables of one of its parts: restore the batch's own request id and start time
        exchange.setVariable(Keys.REQUEST_ID, exchange.getVariable(Keys.BATCH_ID));
        exchange.setVariable(Keys.STARTED, exchange.getVariable(Keys.BATCH_STARTED));
        MDC.put(Keys.MDC_REQUEST_ID, exchange.getVariable(Keys.BATCH_ID, String.class));
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("request_id", RequestContext.requestId(exchange));
        body.put("items", exchange.getMessage().getBody());
        body.put("latency_ms", RequestContext.elapsedMs(exchange));
        ApiErrors.write(exchange, 200, body);
    }

    /** The error slot of a batch item that could not be answered. */
    public Object itemError(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof ApiException api) {
            return ApiErrors.error(api.code(), api.getMessage(), RequestContext.requestId(exchange));
        }
        return ApiErrors.error("internal_error", "this item failed; the logs have the details under this request_id",
                RequestContext.requestId(exchange));
    }
}
