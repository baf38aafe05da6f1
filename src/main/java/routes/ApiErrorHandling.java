package routes;

import org.apache.camel.builder.RouteConfigurationBuilder;
import processors.HttpBodies;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by the REST-facing routes: any exception becomes the API's JSON error answer with the status it
 * calls for (see {@code processors.ApiErrors}); nothing bubbles up as an empty 500. A request whose body was cut at the
 * endpoint's limit is answered 413 before the route's first step.
 */
@Component
public class ApiErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "api-errors";

    @Override
    public void configuration() {
        var configuration = routeConfiguration(ID);
        configuration.onException(Exception.class).handled(true)
                .bean("apiErrors", "respond");
        // a body the web layer cut at the endpoint's limit (web.RequestGuard) is refused before any step
        configuration.interceptFrom()
                .process(HttpBodies::refuseCutBody);
    }
}
