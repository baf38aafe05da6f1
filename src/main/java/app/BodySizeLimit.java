package app;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose declared Content-Length is over the limit of its endpoint before its body is read (Camel reads
 * and spools a body before the route starts). Bodies sent without a length are measured by the routes as they read them.
 */
@Component
public class BodySizeLimit extends OncePerRequestFilter {

    private final ServiceSettings settings;

    public BodySizeLimit(ServiceSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        long limit = limitFor(request.getRequestURI());
        if (declared > limit) {
            String id = UUID.randomUUID().toString();
            response.setStatus(413);
            response.setContentType("application/json");
            response.setHeader("X-Request-Id", id);
            response.setHeader("Connection", "close");
            response.getOutputStream().write(("{\"error\":{\"code\":\"payload_too_large\",\"message\":\"the request body "
                    + "is over " + limit + " bytes, the limit for this endpoint\"},\"request_id\":\"" + id + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
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
