package routefiles;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The route files of {@code ROUTES_DIR} whose last reload failed (routefiles.SafeRouteReload), each with where and why, until
 * a reload of that file succeeds: {@code /health} shows them.
 */
@Component
public class ReloadFailures {

    /** A reload that failed: the file, the line (and column) the error points at when it says, the error, when. */
    public record Failure(String file, Integer line, Integer column, String error, Instant at) {

        public Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("file", file);
            view.put("line", line);
            view.put("column", column);
            view.put("error", error);
            view.put("at", at.toString());
            return view;
        }

        /** {@code file:line:column: error}, as compilers write it. */
        public String describe() {
            return file + (line == null ? "" : ":" + line + (column == null ? "" : ":" + column)) + ": " + error;
        }
    }

    // YAML parse errors: "in file:/x/a.camel.yaml, line 20, column 20"
    private static final Pattern YAML_MARK = Pattern.compile("line (\\d+), column (\\d+)");

    private final Map<String, Failure> failures = new ConcurrentSkipListMap<>();

    public void succeeded(String file) {
        failures.remove(file);
    }

    /**
     * Records that {@code file} failed to reload with {@code error}, at the line a YAML error gives, else at
     * {@code line} (where the caller found the step that failed; null when unknown).
     */
    public Failure failed(String file, Throwable error, Integer line) {
        Failure failure = failure(file, error);
        if (failure.line() == null && line != null) {
            failure = new Failure(file, line, null, failure.error(), failure.at());
        }
        failures.put(file, failure);
        return failure;
    }

    public List<Failure> failures() {
        return new ArrayList<>(failures.values());
    }

    /** Where {@code error} (or an error it wraps) points in {@code file}, and its first line of message. */
    public static Failure failure(String file, Throwable error) {
        Integer line = null;
        Integer column = null;
        String message = null;
        for (Throwable e = error; e != null && e.getCause() != e; e = e.getCause()) {
            String text = e.getMessage();
            if (text == null) {
                continue;
            }
            if (message == null || e.getClass().getName().startsWith("org.apache.camel.dsl.yaml")) {
                message = text.lines().findFirst().orElse(text).strip();
            }
            Matcher mark = YAML_MARK.matcher(text);
            if (line == null && mark.find()) {
                line = Integer.valueOf(mark.group(1));
                column = Integer.valueOf(mark.group(2));
            }
        }
        return new Failure(file, line, column, message == null ? error.toString() : message, Instant.now());
    }

    /**
     * For a route that parsed but could not be created: the line of the step Camel names ({@code at: >>> step <<<})
     * in the new route definition, else of the route's input; null when the model does not say (line numbers are
     * kept with {@code camel.main.source-location-enabled}, on in the dev profile).
     */
    public static Integer failedStepLine(org.apache.camel.model.Model model, java.util.Set<String> locations,
                                         Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof org.apache.camel.FailedToCreateRouteException failed) {
                org.apache.camel.model.RouteDefinition route = model.getRouteDefinition(failed.getRouteId());
                if (route == null || route.getResource() == null
                        || !locations.contains(route.getResource().getLocation())) {
                    return null;
                }
                java.util.regex.Matcher at = AT.matcher(String.valueOf(failed.getMessage()));
                Integer step = at.find() ? lineOf(route.getOutputs(), at.group(1)) : null;
                int input = route.getInput() == null ? -1 : route.getInput().getLineNumber();
                return step != null ? step : input > 0 ? Integer.valueOf(input) : null;
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern AT = java.util.regex.Pattern.compile("at: >>> (.*?) <<< in route");

    private static Integer lineOf(List<org.apache.camel.model.ProcessorDefinition<?>> outputs, String step) {
        for (org.apache.camel.model.ProcessorDefinition<?> output : outputs) {
            if (step.equals(output.toString()) && output.getLineNumber() > 0) {
                return output.getLineNumber();
            }
            Integer inner = lineOf(output.getOutputs(), step);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }
}
