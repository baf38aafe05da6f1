package web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import processors.HttpBodies;
import processors.RequestContext;
import services.ApiKey;
import settings.FilesSettings;
import settings.InferenceSettings;
import text.SafeText;

/**
 * Sets the standard security headers on every answer, and refuses, before the body is read, what can be refused from
 * the request line and headers alone (Camel reads and spools a body before its route starts):
 * <ul>
 * <li>a path that could be read two ways (400 {@code invalid_path}, {@link RequestPath});</li>
 * <li>a call without the configured API key to anything but the {@link OpenEndpoints} (401), checked on the same
 * canonical path the routing uses, so that no other spelling of a path gets around it;</li>
 * <li>a form body (415: no endpoint takes one, and Camel would parse it first);</li>
 * <li>a declared Content-Length over the endpoint's limit (413).</li>
 * </ul>
 * A body sent without a length (chunked) is counted as it is read and stops being read at the endpoint's limit, and the
 * request is answered 413 (see {@link BoundedBody}), so nothing past the limit is spooled.
 */
@Component
public class RequestGuard extends OncePerRequestFilter {


    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

    private final InferenceSettings inference;
    private final long maxCatalogBodyBytes;
    private final ApiKey apiKey;

    public RequestGuard(InferenceSettings inference, FilesSettings files, ApiKey apiKey) {
        this.inference = inference;
        this.maxCatalogBodyBytes = files.catalog().maxBodyBytes();
        this.apiKey = apiKey;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // standard security headers on every answer: no type sniffing, no framing, no referrer, and for the
        // playground page only its own scripts, styles and API calls
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        String path;
        try {
            path = RequestPath.canonical(request.getRequestURI());
        } catch (RequestPath.Refused e) {
            refuse(request, response, 400, "invalid_path", e.getMessage());
            return;
        }
        if (apiKey.configured() && !OpenEndpoints.isOpen(request.getMethod(), path)) {
            String given = request.getHeader(ApiKey.HEADER);
            if (!apiKey.allows(given)) {
                refuse(request, response, 401, "unauthorized", given == null ? "this call needs the header X-Api-Key"
                        : "the X-Api-Key header does not match the configured key");
                return;
            }
        }
        // Camel's HTTP binding parses a form body before the route can refuse it, and fails on a malformed one:
        // no endpoint takes forms, so they are refused here
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            refuse(request, response, 415, "unsupported_media_type", "form bodies are not accepted: send JSON "
                    + "(Content-Type application/json), or to /catalog CSV (text/csv) or NDJSON "
                    + "(application/x-ndjson)");
            return;
        }
        long limit = limitFor(path);
        if (request.getContentLengthLong() > limit) {
            refuse(request, response, 413, "payload_too_large", "the request body is over " + limit
                    + " bytes, the limit for this endpoint");
            return;
        }
        chain.doFilter(new BoundedBody(request, limit), response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
                               String message) throws IOException {
        String id = RequestContext.requestIdOrNew(request.getHeader("X-Request-Id"));
        // as processors.ApiErrors logs the routes' refusals (never the key given or expected); the path as sent,
        // escaped and cut short as every client value
        LOG.info("Refused with {} {}: {} ({} {}, request {})", status, code, message, request.getMethod(),
                SafeText.value(request.getRequestURI()), id);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("X-Request-Id", id);
        response.setHeader("Connection", "close");
        response.getOutputStream().write(("{\"error\":{\"code\":\"" + code + "\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"},\"request_id\":\"" + id + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private long limitFor(String path) {
        if (path.equals("/catalog") || path.startsWith("/catalog/")) {
            return maxCatalogBodyBytes;
        }
        if (path.equals("/infer/batch")) {
            return inference.batch().maxBodyBytes();
        }
        return inference.maxBodyBytes();
    }

    /**
     * The request with its body counted as it is read: once more than {@code limit} bytes came, the body ends (the
     * reader sees {@code limit + 1} bytes, so a route that bounds what it reads refuses it) and the request is marked
     * with {@link HttpBodies#BODY_OVER_LIMIT}, which {@code routes.ApiErrorHandling} answers with 413 before any route step. Camel
     * reads the whole body before the route starts and answers any failure of that read with a bare 500, so the read
     * ends instead of failing; nothing past the limit is read or spooled.
     */
    private static final class BoundedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream body;

        BoundedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new Counted(this, super.getInputStream(), limit);
            }
            return body;
        }
    }

    private static final class Counted extends ServletInputStream {

        private final HttpServletRequest request;
        private final ServletInputStream in;
        private final long limit;
        private long count;

        Counted(HttpServletRequest request, ServletInputStream in, long limit) {
            this.request = request;
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (count > limit) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (count > limit) {
                return -1;
            }
            // never past the limit by more than one byte: the byte after the limit is what shows it is passed
            int n = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > limit) {
                request.setAttribute(HttpBodies.BODY_OVER_LIMIT, limit);
            }
        }

        @Override
        public boolean isFinished() {
            return count > limit || in.isFinished();
        }

        @Override
        public boolean isReady() {
            return count > limit || in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
