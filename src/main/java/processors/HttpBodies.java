package processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import inference.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/** Reading request bodies safely: content type checked, size bounded, JSON parsed with a clear error. */
public final class HttpBodies {

    /**
     * Request attribute the web layer ({@code web.RequestGuard}) sets, to the endpoint's limit (a Long), when it cut a
     * body sent without a length at that limit.
     */
    public static final String BODY_OVER_LIMIT = "mpi.body-over-limit";

    private HttpBodies() {
    }

    /** The media type of the request without parameters, lower-cased, or "" when absent. */
    public static String mediaType(Message message) {
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    public static void requireJson(Message message) {
        String type = mediaType(message);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw new ApiException(415, "unsupported_media_type", "expected Content-Type application/json, got "
                    + (type.isEmpty() ? "none" : "'" + text.SafeText.value(type) + "'"));
        }
    }

    /**
     * Fails with 413 when the web layer cut the request's body at the endpoint's limit; the first step of every REST
     * route ({@code routes.ApiErrorHandling}).
     */
    public static void refuseCutBody(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null
                && http.getRequest().getAttribute(BODY_OVER_LIMIT) instanceof Long limit) {
            throw tooLarge(limit + 1, limit);
        }
    }

    /** Fails with 413 when the declared Content-Length is over {@code maxBytes}. */
    public static void checkDeclaredLength(Message message, long maxBytes) {
        Long declared = message.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > maxBytes) {
            throw tooLarge(declared, maxBytes);
        }
    }

    /** The whole body, at most {@code maxBytes} of it: more gives 413, whatever the Content-Length said. */
    public static byte[] readBounded(Message message, long maxBytes) {
        checkDeclaredLength(message, maxBytes);
        Object body = message.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            if (bytes.length > maxBytes) {
                throw tooLarge(bytes.length, maxBytes);
            }
            return bytes;
        }
        try (InputStream in = message.getBody(InputStream.class)) {
            if (in == null) {
                return new byte[0];
            }
            // one byte over the limit at most. The body Camel has cached says what is left (available()): read into an
            // array of that size, returned as it is when the stream then ends, rather than through a buffer of 8 KB per
            // request; a stream that says less (or nothing) is read on to its end
            long limit = Math.min(maxBytes + 1, Integer.MAX_VALUE - 8);
            int said = in.available();
            byte[] first = new byte[(int) Math.min(limit, said > 0 ? said : 512)];
            int read = in.readNBytes(first, 0, first.length);
            if (read < first.length) {
                return java.util.Arrays.copyOf(first, read);
            }
            if (read > maxBytes) {
                throw tooLarge(read, maxBytes);
            }
            int next = in.read();
            if (next < 0) {
                return first;
            }
            byte[] rest = in.readNBytes((int) (limit - read - 1));
            long total = read + 1L + rest.length;
            if (total > maxBytes) {
                throw tooLarge(total, maxBytes);
            }
            byte[] all = java.util.Arrays.copyOf(first, (int) total);
            all[read] = (byte) next;
            System.arraycopy(rest, 0, all, read + 1, rest.length);
            return all;
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable_body", "the request body could not be read: " + e.getMessage());
        }
    }

    public static JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("empty_body", "the request body is empty: expected a JSON object");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("empty_body", "the request body is empty: expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "the body is not valid JSON: " + e.getMessage());
        }
    }

    static ApiException tooLarge(long size, long maxBytes) {
        return new ApiException(413, "payload_too_large", "the request body is " + (size > maxBytes ? "over " : "")
                + maxBytes + " bytes, the limit for this endpoint");
    }
}
