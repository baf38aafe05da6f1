package processors;

import agents.NerAgent;
import agents.RagAgent;
import com.fasterxml.jackson.databind.JsonNode;
import inference.AgentRequest;
import inference.AgentResult;
import inference.ApiException;
import inference.InferRequests;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import text.LanguageDetector;

/** The agents' own side: runs the NER and RAG agents this process hosts, and reads agent requests sent over HTTP. */
@Component("agentHost")
public class AgentHost {

    private final ObjectProvider<NerAgent> ner;
    private final ObjectProvider<RagAgent> rag;
    private final RequestContext requestContext;
    private final app.ServiceSettings settings;

    public AgentHost(ObjectProvider<NerAgent> ner, ObjectProvider<RagAgent> rag, RequestContext requestContext,
                     app.ServiceSettings settings) {
        this.ner = ner;
        this.rag = rag;
        this.requestContext = requestContext;
        this.settings = settings;
    }

    public AgentResult ner(AgentRequest request) {
        return ner.getObject().infer(checked(request));
    }

    public AgentResult rag(AgentRequest request) {
        return rag.getObject().infer(checked(request));
    }

    private static AgentRequest checked(AgentRequest request) {
        if (request == null || request.productName() == null || request.productName().isBlank()) {
            throw new IllegalArgumentException("expected an agent request with a product name, got "
                    + text.SafeText.value(String.valueOf(request)));
        }
        return request;
    }

    /** Body: the HTTP request of POST /agents/{name}/infer. Afterwards: the {@link AgentRequest} it carries. */
    public void readRequest(Exchange exchange) {
        var message = exchange.getMessage();
        HttpBodies.requireJson(message);
        JsonNode json = HttpBodies.parseJson(HttpBodies.readBounded(message, settings.maxBodyBytes()));
        if (!json.isObject() || !json.path("product_name").isTextual() || json.path("product_name").asText().isBlank()) {
            throw ApiException.badRequest("invalid_agent_request",
                    "expected a JSON object with a non-empty string product_name");
        }
        AgentRequest request;
        try {
            request = Json.MAPPER.treeToValue(json, AgentRequest.class);
        } catch (Exception e) {
            throw ApiException.badRequest("invalid_agent_request", "the agent request could not be read: "
                    + e.getMessage());
        }
        String name = request.productName().strip();
        if (name.length() > InferRequests.MAX_NAME_LENGTH) {
            throw ApiException.badRequest("product_name_too_long", "product_name is " + name.length()
                    + " characters long after trimming, the limit is " + InferRequests.MAX_NAME_LENGTH);
        }
        requestContext.adopt(exchange, request.requestId());
        String language = request.language() == null ? LanguageDetector.detect(name) : request.language();
        String category = request.category() == null || request.category().isBlank() ? null
                : request.category().strip();
        exchange.getMessage().setBody(new AgentRequest(RequestContext.requestId(exchange), name, language, category,
                request.priorCandidates() == null ? List.of() : request.priorCandidates()));
    }
}
