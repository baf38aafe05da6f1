package app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds the YAML routes of {@code routes.dir} (ROUTES_DIR, default {@code ./routes}) to the routes Camel loads, when that
 * directory exists (in the dev profile, where it is watched for changes, it is created). A file there named like a
 * shipped route ({@code hybrid.camel.yaml}) replaces the shipped one: the classpath file is excluded, so the two never
 * clash on their route id.
 */
public class RoutesDirectory implements EnvironmentPostProcessor {

    static final String INCLUDE = "camel.main.routes-include-pattern";
    static final String EXCLUDE = "camel.main.routes-exclude-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String dir = env.getProperty("routes.dir");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path path = Path.of(dir).toAbsolutePath().normalize();
        boolean reload = env.getProperty("camel.main.routes-reload-enabled", Boolean.class, false);
        try {
            if (reload) {
                Files.createDirectories(path);
            }
            if (!Files.isDirectory(path)) {
                return;
            }
            Map<String, Object> properties = new HashMap<>();
            properties.put(INCLUDE, join(env.getProperty(INCLUDE), "file:" + path + "/*.camel.yaml"));
            List<String> replaced = new ArrayList<>();
            try (Stream<Path> files = Files.list(path)) {
                files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".camel.yaml")).sorted()
                        .forEach(name -> replaced.add("classpath:routes/" + name));
            }
            if (!replaced.isEmpty()) {
                properties.put(EXCLUDE, join(env.getProperty(EXCLUDE), String.join(",", replaced)));
            }
            env.getPropertySources().addFirst(new MapPropertySource("routesDirectory", properties));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the routes directory " + path, e);
        }
    }

    private static String join(String configured, String more) {
        return configured == null || configured.isBlank() ? more : configured + "," + more;
    }
}
