package commands;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Part of the service's Spring configuration started without the web server, Camel or any auto-configuration, reading
 * the settings as the service reads them (application.yaml, {@code spring.profiles.active}, environment,
 * {@code --key=value} arguments): for the command-line modes and for agents run outside the service.
 */
public final class StandaloneContext {

    private StandaloneContext() {
    }

    /** Starts {@code configuration} (a {@code @Configuration} class) with {@code args} ({@code --key=value}). */
    public static ConfigurableApplicationContext start(Class<?> configuration, String... args) {
        return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false).properties("logging.level.root=warn").run(args);
    }
}
