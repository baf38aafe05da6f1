package app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The brand inference service: REST API, orchestrator and agents as Camel routes in one Spring Boot application. */
@SpringBootApplication(scanBasePackages = {"app", "routes", "processors"})
@ConfigurationPropertiesScan("app")
public class Application {

    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
