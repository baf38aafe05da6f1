package processors;

import com.fasterxml.jackson.databind.JsonNode;
import inference.AgentRequest;
import inference.ApiException;
import inference.InferRequests;
import inference.RequestContentException;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import settings.InferenceSettings;
import text.LanguageDetector;
import text.SafeText;

/**
 * The requests an agent takes: checked for what an agent can take before it runs (whoever sent them: the orchestrator of
 * this or another service, a route), and read from the HTTP body of {@code POST /agents/{name}/infer}.
 */
@Component("agentRequests")
public class AgentRequests {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRequests.class);

    private final RequestContext requestContext;
    private final InferenceSettings inference;
    private final services.ApiKey apiKey;

    public AgentRequests(RequestContext requestContext, InferenceSettings inference, services.ApiKey apiKey) {
        this.requestContext = requestContext;
        this.inference = inference;
        this.apiKey = apiKey;
    }

    /**
     * {@code request} when its content is what an agent can take; otherwise a {@link RequestContentException} (which
     * the agents' circuit breakers do not count): /infer checks the same, but agent requests also come from other
     * orchestrators and from routes.
     */
    public static AgentRequest checked(AgentRequest request) {
        if (request == null || request.productName() == null || request.productName().isBlank()) {
            throw refused("invalid_agent_request", "expected an agent request with a product name, got "
                    + SafeText.value(String.valueOf(request)));
        }
        if (request.productName().length() > InferRequests.MAX_NAME_LENGTH) {
            throw refused("product_name_too_long", "product_name is " + request.productName().length()
                    + " characters long, the limit is " + InferRequests.MAX_NAME_LENGTH);
        }
        if (SafeText.hasControl(request.category())) {
            throw refused("invalid_category", "category must not hold control characters, got '"
                    + SafeText.value(request.category()) + "'");
        }
        return request;
    }

    /** The refusal, logged here: the caller's circuit breaker ignores it and its result only says it was refused. */
    private static RequestContentException refused(String code, String message) {
        LOG.info("Agent request refused for its content: {}: {}", code, message);
        return new RequestContentException(code, message);
    }

    /** Body: the HTTP request of POST /agents/{name}/infer. Afterwards: the {@link AgentRequest} it carries. */
    public void readRequest(Exchange exchange) {
        var message = exchange.getMessage();
        HttpBodies.requireJson(message);
        JsonNode json = HttpBodies.parseJson(HttpBodies.readBounded(message, inference.maxBodyBytes()));
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
        // prior candidates make an LLM answer count as grounded and enlarge its prompt: only the services of this
        // deployment (which send the key) may give them
        if (request.priorCandidates() != null && !request.priorCandidates().isEmpty()
                && !apiKey.allows(message.getHeader(services.ApiKey.HEADER, String.class))) {
            throw new ApiException(401, "unauthorized", "prior_candidates are accepted only with the X-Api-Key "
                    + "header (the orchestrator and hybrid agent of this deployment send it); ask without them");
        }
        requestContext.adopt(exchange, request.requestId());
        String language = request.language() == null ? LanguageDetector.detect(name) : request.language();
        String category = request.category() == null || request.category().isBlank() ? null
                : request.category().strip();
        exchange.getMessage().setBody(new AgentRequest(RequestContext.requestId(exchange), name, language, category,
                request.priorCandidates() == null ? List.of() : request.priorCandidates()));
    }
}
