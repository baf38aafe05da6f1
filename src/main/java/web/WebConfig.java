package web;

import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web layer's settings. Every endpoint is a Camel route (platform-http): Spring MVC has one handler method, Camel's,
 * and validates nothing. Spring Boot would give MVC a Bean Validation validator because the validation API is on the
 * classpath (through the OpenAPI library), and Spring then scans that handler's annotations for validation groups on
 * every request, about a twentieth of a request's CPU under load (docs/PERFORMANCE.md). This validator supports
 * nothing, so that no method validation is set up; the routes check their input themselves.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfig implements WebMvcConfigurer {

    @Override
    public Validator getValidator() {
        return new Validator() {
            @Override
            public boolean supports(Class<?> type) {
                return false;
            }

            @Override
            public void validate(Object target, Errors errors) {
                // supports nothing: Spring MVC never calls this
            }
        };
    }
}
