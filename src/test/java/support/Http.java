package support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Real HTTP calls to a running service, with the answer's status, headers and JSON body. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public static Http onPort(int port) {
        return new Http("http://localhost:" + port);
    }

    /** An answer: status, the X-Request-Id header, the raw body and the body as JSON (null when it is not JSON). */
    public record Answer(int status, String requestId, String contentType, String text, JsonNode json) {
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A request without a body, with {@code headers} (name, value, name, value ...). */
    public Answer call(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(5));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Answer postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    public Answer post(String path, String contentType, String body, String... headers) {
        return post(path, contentType, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
    }

    public Answer post(String path, String contentType, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(body)
                .timeout(Duration.ofMinutes(5));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            try {
                json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // the answer is not JSON (for example Prometheus text); json stays null
            }
            return new Answer(response.statusCode(), response.headers().firstValue("X-Request-Id").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
