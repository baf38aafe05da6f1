package routes;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling shared by the REST-facing routes: any exception becomes the API's JSON error answer with the status it
 * calls for (see {@code processors.ApiErrors}); nothing bubbles up as an empty 500.
 */
@Component
public class ApiErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "api-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class).handled(true)
                .bean("apiErrors", "respond");
    }
}
