package web;

import java.util.List;
import java.util.Set;

/**
 * The endpoints anyone may call when {@code security.api-key} is set: inference, the reads that show the service's state,
 * the playground page and the probes. Every other method and path needs the key, so an endpoint added later is protected
 * until it is listed here. Paths are matched on their canonical spelling ({@link RequestPath}); {@code *} stands for one
 * segment, {@code **} for one or more.
 */
public final class OpenEndpoints {

    private record Open(Set<String> methods, String pattern) {
    }

    private static final Set<String> READ = Set.of("GET", "HEAD");
    private static final Set<String> POST = Set.of("POST");

    private static final List<Open> OPEN = List.of(
            new Open(POST, "/infer"),
            new Open(POST, "/infer/batch"),
            // the agents' own endpoint (how an orchestrator reaches agents in other services); prior_candidates in its
            // body need the key all the same (processors.AgentRequests)
            new Open(POST, "/agents/*/infer"),
            new Open(READ, "/health"),
            new Open(READ, "/agents"),
            new Open(READ, "/agents/*/health"),
            new Open(READ, "/catalog/stats"),
            new Open(READ, "/catalog/brands/*"),
            new Open(READ, "/api-doc"),
            new Open(READ, "/"),
            new Open(READ, "/index.html"),
            new Open(READ, "/playground.js"),
            new Open(READ, "/playground.css"),
            new Open(READ, "/actuator/health"),
            new Open(READ, "/actuator/health/**"),
            new Open(READ, "/actuator/info"),
            new Open(READ, "/actuator/prometheus"));

    private OpenEndpoints() {
    }

    /** Whether {@code method} on the canonical {@code path} may be called without the API key. */
    public static boolean isOpen(String method, String path) {
        for (Open open : OPEN) {
            if (open.methods().contains(method) && matches(open.pattern(), path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        if (pattern.equals("/") || path.equals("/")) {
            return pattern.equals(path);
        }
        String[] wanted = pattern.substring(1).split("/");
        String[] given = path.substring(1).split("/", -1);
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i].equals("**")) {
                return given.length > i;
            }
            if (i >= given.length || !(wanted[i].equals("*") ? !given[i].isEmpty() : wanted[i].equals(given[i]))) {
                return false;
            }
        }
        return given.length == wanted.length;
    }
}
