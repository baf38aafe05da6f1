package app;

import commands.CollectionCommand;
import commands.SettingsCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The brand inference service: REST API, orchestrator and agents as Camel routes in one Spring Boot application. */
@SpringBootApplication(scanBasePackages = {"app", "services", "web", "routefiles", "health", "routes", "processors"})
@ConfigurationPropertiesScan("settings")
public class Application {

    /**
     * Starts the service; {@code collection ...} runs a collection management command instead (CollectionCommand), and
     * {@code settings ...} prints the settings the service would use (SettingsCommand), and {@code validate-routes ...}
     * checks YAML route files (ValidateRoutesCommand).
     */
    public static void main(String[] args) {
        if (args.length > 0 && "collection".equals(args[0])) {
            System.exit(CollectionCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
        }
        if (args.length > 0 && "validate-routes".equals(args[0])) {
            System.exit(ValidateRoutesCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
        }
        if (args.length > 0 && "settings".equals(args[0])) {
            System.exit(SettingsCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
        }
        SpringApplication.run(Application.class, args);
    }
}
