package routes;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling of the routes a caller waits on (inference, the orchestrator, the agents and the calls to them): none of
 * their own. A failure travels back to the calling route, which answers for it: the REST route's JSON error
 * ({@link ApiErrorHandling}), a batch item's slot, or the circuit breaker of the agent call, which counts it.
 */
@Component
public class CallerHandlesErrors extends RouteConfigurationBuilder {

    public static final String ID = "caller-handles-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID).errorHandler(noErrorHandler());
    }
}
