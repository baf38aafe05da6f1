package health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import routefiles.ReloadFailures;

/**
 * The YAML routes reloaded from {@code routes.dir} (the indicator {@code routeReloads}, in the readiness group):
 * {@link ServiceHealth#DEGRADED} while a changed file failed to load, its previous routes still serving, with each failure
 * (file, line, error) in its details; UP otherwise.
 */
@Component
public class RouteReloadsHealthIndicator implements HealthIndicator {

    private final ReloadFailures reloads;

    public RouteReloadsHealthIndicator(ReloadFailures reloads) {
        this.reloads = reloads;
    }

    @Override
    public Health health() {
        var failures = reloads.failures();
        if (failures.isEmpty()) {
            return Health.up().build();
        }
        return Health.status(ServiceHealth.DEGRADED)
                .withDetail("failed_route_reloads", failures.stream().map(ReloadFailures.Failure::view).toList())
                .build();
    }
}
