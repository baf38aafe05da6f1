package app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import processors.RequestContext;

/**
 * Sets the standard security headers on every answer, and refuses, before the body is read, what can be refused from
 * the request line and headers alone (Camel reads and spools a body before its route starts): a call without the
 * configured API key where one is needed (401), a form body (415: no endpoint takes one, and Camel would parse it
 * first), and a declared Content-Length over the endpoint's limit (413). Bodies sent without a length are measured by
 * the routes as they read them. This filter is the one place the API key is checked: writes to {@code /catalog} and
 * every call to {@code /admin} need it (when one is configured).
 */
@Component
public class RequestGuard extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

    private final ServiceSettings settings;

    public RequestGuard(ServiceSettings settings) {
        this.settings = settings;
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
        String path = request.getRequestURI();
        String key = settings.apiKey();
        boolean needsKey = "POST".equals(request.getMethod()) && path.startsWith("/catalog")
                || path.equals("/admin") || path.startsWith("/admin/");
        if (needsKey && key != null && !key.isEmpty()) {
            String given = request.getHeader("X-Api-Key");
            if (given == null || !MessageDigest.isEqual(sha256(key), sha256(given))) {
                refuse(request, response, 401, "unauthorized", given == null ? "this call needs the header X-Api-Key"
                        : "the X-Api-Key header does not match the configured key");
                return;
            }
        }
        // Camel's HTTP binding parses a form body before the route can refuse it, and fails on a malformed one:
        // no endpoint takes forms, so they are refused here
        String type = request.getContentType() == null ? ""
                : request.getContentType().toLowerCase(java.util.Locale.ROOT);
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
        chain.doFilter(request, response);
    }

    /**
     * The digest the keys are compared by: {@link MessageDigest#isEqual} takes the same time whatever the bytes, and
     * comparing digests of one length hides the key's length too.
     */
    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
                               String message) throws IOException {
        String id = RequestContext.requestIdOrNew(request.getHeader("X-Request-Id"));
        // as processors.ApiErrors logs the routes' refusals (never the key given or expected)
        LOG.info("Refused with {} {}: {} ({} {}, request {})", status, code, message, request.getMethod(),
                request.getRequestURI(), id);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("X-Request-Id", id);
        response.setHeader("Connection", "close");
        response.getOutputStream().write(("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\"},\"request_id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private long limitFor(String path) {
        if (path.startsWith("/catalog")) {
            return settings.maxCatalogBodyBytes();
        }
        if (path.startsWith("/infer/batch")) {
            return settings.maxBatchBodyBytes();
        }
        return settings.maxBodyBytes();
    }
}
