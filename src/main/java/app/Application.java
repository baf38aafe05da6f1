package app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The brand inference service: REST API, orchestrator and agents as Camel routes in one Spring Boot application. */
@SpringBootApplication(scanBasePackages = {"app", "routes", "processors"})
@ConfigurationPropertiesScan("app")
public class Application {

    /** Starts the service; {@code collection ...} runs a collection management command instead (CollectionCommand). */
    public static void main(String[] args) {
        if (args.length > 0 && "collection".equals(args[0])) {
            System.exit(CollectionCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
        }
        SpringApplication.run(Application.class, args);
    }
}
