package routefiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import settings.FilesSettings;

/**
 * Decides which YAML route files Camel loads ({@code camel.main.routes-include-pattern}):
 * <ul>
 *   <li>the routes shipped in the jar ({@code classpath:routes/*.camel.yaml}), except those named in {@code routes.skip}
 *       (the orchestrator profile skips the catalogue inbox) and those replaced from the routes directory;</li>
 *   <li>every {@code *.camel.yaml} of {@code routes.dir} (ROUTES_DIR, default {@code ./routes}) when that directory exists
 *       (with {@code routes.reload}, the dev profile, where it is watched for changes, it is created). A file there
 *       named like a shipped route ({@code hybrid.camel.yaml}) replaces the shipped one, so the two never clash on
 *       their route id.</li>
 * </ul>
 */
public class RouteFileSelection implements EnvironmentPostProcessor {

    static final String INCLUDE = "camel.main.routes-include-pattern";
    static final String SHIPPED = "classpath:routes/";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        // before the beans: the routes settings bound here by themselves (FilesSettings.Routes, as the bean binds them)
        FilesSettings.Routes routes = Binder.get(env).bindOrCreate("routes", FilesSettings.Routes.class);
        Set<String> skipped = new LinkedHashSet<>(Arrays.asList(routes.skip().split("\\s*,\\s*")));
        List<String> include = new ArrayList<>();
        String dir = routes.dir();
        try {
            Path path = dir.isBlank() ? null : Path.of(dir).toAbsolutePath().normalize();
            if (path != null && routes.reload()) {
                Files.createDirectories(path);
            }
            if (path != null && Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".camel.yaml"))
                            .forEach(skipped::add);
                }
                include.add("file:" + path + "/*.camel.yaml");
            }
            // classpath*: every classpath root with a routes/ folder (with classpath: only the first, which in tests
            // can be test classes of a package named routes)
            for (Resource shipped : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:routes/*.camel.yaml")) {
                String name = shipped.getFilename();
                if (name != null && !skipped.contains(name)) {
                    include.add(0, SHIPPED + name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the YAML routes (routes.dir=" + dir + ")", e);
        }
        env.getPropertySources().addFirst(new MapPropertySource("routesDirectory",
                Map.of(INCLUDE, include.isEmpty() ? "false" : String.join(",", include))));
    }
}
