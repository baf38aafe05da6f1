package routefiles;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import routefiles.ReloadFailures;
import settings.FilesSettings;

/**
 * Live reload of the YAML routes in {@code ROUTES_DIR} ({@code routes.reload=true}, the dev profile), where a broken
 * edit never takes a route away: Camel's route watcher, except that when a changed file cannot be loaded or its routes
 * cannot be created, the routes the file had before are put back as they were and keep serving, the failure is logged
 * with the file and line, and {@code /health} lists it ({@link ReloadFailures}) until a reload of the file succeeds.
 * (Camel's own watcher, {@code camel.main.routes-reload-enabled}, keeps a file's old routes only when the file does
 * not parse: a route that parses but cannot be created, such as one naming an unknown component, is removed.)
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "routes.reload", havingValue = "true")
public class SafeRouteReload {

    private static final Logger LOG = LoggerFactory.getLogger(SafeRouteReload.class);

    @Bean
    CamelContextConfiguration routeReloadingStrategy(FilesSettings files, ReloadFailures reloads) {
        String dir = Path.of(files.routes().dir()).toAbsolutePath().normalize().toString();
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                SafeReloadStrategy strategy = new SafeReloadStrategy(dir, reloads);
                strategy.setPattern("*.camel.yaml");
                // Java routes stay as they are
                strategy.setRemoveAllRoutes(false);
                try {
                    context.addService(strategy);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot watch " + dir + " for route changes", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                LOG.info("Reloading the routes of {} when a *.camel.yaml file there changes", dir);
            }
        };
    }

    /** The route watcher that puts a file's previous routes back when its new version fails. */
    static final class SafeReloadStrategy extends RouteWatcherReloadStrategy {

        private final ReloadFailures reloads;

        SafeReloadStrategy(String directory, ReloadFailures reloads) {
            super(directory, false);
            this.reloads = reloads;
        }

        @Override
        protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
            if (resources == null || resources.isEmpty()) {
                super.onRouteReload(resources, removeEverything);
                return;
            }
            Set<String> locations = resources.stream().map(Resource::getLocation).collect(Collectors.toSet());
            Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
            List<RouteDefinition> before = model.getRouteDefinitions().stream()
                    .filter(definition -> definition.getResource() != null
                            && locations.contains(definition.getResource().getLocation()))
                    .toList();
            for (Resource resource : resources) {
                if (isEmpty(resource)) {
                    // an editor writing the file in two steps (truncate, write): wait for the second
                    return;
                }
            }
            try {
                super.onRouteReload(resources, removeEverything);
                locations.forEach(location -> reloads.succeeded(file(location)));
            } catch (RuntimeException e) {
                Integer line = ReloadFailures.failedStepLine(model, locations, e);
                restore(model, locations, before);
                for (String location : locations) {
                    ReloadFailures.Failure failure = reloads.failed(file(location), e, line);
                    LOG.error("Routes not reloaded, the previous ones keep running: {}", failure.describe(), e);
                }
            }
        }

        private static boolean isEmpty(Resource resource) {
            try {
                Path path = Path.of(resource.getURI());
                return java.nio.file.Files.isRegularFile(path) && java.nio.file.Files.size(path) == 0;
            } catch (java.io.IOException | RuntimeException e) {
                return false;
            }
        }

        /** Removes what the failed reload of the files at {@code locations} left, then adds {@code before} again. */
        private void restore(Model model, Set<String> locations, List<RouteDefinition> before) {
            CamelContext context = getCamelContext();
            Set<String> ids = before.stream().map(RouteDefinition::getRouteId).collect(Collectors.toSet());
            try {
                for (Route route : List.copyOf(context.getRoutes())) {
                    boolean fromFile = route.getSourceResource() != null
                            && locations.contains(route.getSourceResource().getLocation());
                    if (fromFile || ids.contains(route.getRouteId())) {
                        context.getRouteController().stopRoute(route.getRouteId());
                        context.removeRoute(route.getRouteId());
                    }
                }
                for (RouteDefinition definition : List.copyOf(model.getRouteDefinitions())) {
                    boolean fromFile = definition.getResource() != null
                            && locations.contains(definition.getResource().getLocation());
                    if (fromFile || ids.contains(definition.getRouteId())) {
                        model.removeRouteDefinition(definition);
                    }
                }
                model.addRouteDefinitions(before);
            } catch (Exception e) {
                LOG.error("The previous routes of {} could not be put back: {}", locations, ids, e);
            }
        }

        private static String file(String location) {
            return location.startsWith("file:") ? location.substring("file:".length()) : location;
        }
    }
}
