package processors;

import inference.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import knowledge.CatalogFormatException;
import knowledge.StoreUnavailableException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import text.SafeText;

/**
 * Turns an exception caught in a REST route into the API's error answer:
 * {@code {"error":{"code":"...","message":"..."},"request_id":"..."}} with the right HTTP status.
 */
@Component("apiErrors")
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    /** The {@link StoreUnavailableException} behind {@code error}, or null. */
    private static StoreUnavailableException unavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException found) {
                return found;
            }
        }
        return null;
    }

    /** The {@link ApiException} behind {@code error} (a refusal raised while Camel read the body comes wrapped), or null. */
    private static ApiException refusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException found) {
                return found;
            }
        }
        return null;
    }

    public void respond(Exchange exchange) throws Exception {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException refusal = refusal(caught);
        Throwable cause = refusal != null ? refusal : caught;
        int status;
        String code;
        String message;
        if (cause instanceof ApiException api) {
            status = api.status();
            code = api.code();
            message = api.getMessage();
        } else if (cause instanceof CatalogFormatException format) {
            status = 400;
            code = "invalid_catalog";
            message = format.getMessage();
        } else if (unavailable(cause) != null) {
            status = 503;
            code = "store_unavailable";
            message = "the knowledge base's store cannot be reached, try again later: " + unavailable(cause).getMessage();
        } else {
            status = 500;
            code = "internal_error";
            message = "the service failed on this request; its logs have the details under this request_id";
            LOG.error("Request failed", SafeText.loggable(cause));
        }
        if (status < 500) {
            LOG.info("Refused with {} {}: {}", status, code, SafeText.message(message));
        }
        write(exchange, status, error(code, message, RequestContext.requestId(exchange)));
        if (cause instanceof ApiException api && api.retryAfterSeconds() > 0) {
            exchange.getMessage().setHeader("Retry-After", api.retryAfterSeconds());
        }
    }

    public static Map<String, Object> error(String code, String message, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        body.put("error", error);
        body.put("request_id", requestId);
        return body;
    }

    /** Writes {@code body} as the JSON answer with {@code status}. */
    public static void write(Exchange exchange, int status, Object body) throws Exception {
        var message = exchange.getMessage();
        // no request header goes back to the client (a pattern with exceptions would be matched as a regex per header)
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        String requestId = RequestContext.requestId(exchange);
        if (requestId != null) {
            message.setHeader(Keys.REQUEST_ID_HEADER, requestId);
        }
        message.setBody(Json.MAPPER.writeValueAsBytes(body));
        // the answer is written: this thread goes back to a pool and must not log the next request under this id
        MDC.remove(Keys.MDC_REQUEST_ID);
    }
}
