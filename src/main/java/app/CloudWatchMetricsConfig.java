package app;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import settings.CloudWatchSettings;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * The service's own metrics to Amazon CloudWatch ({@code metrics.cloudwatch.enabled}, on in the prod profile): every
 * {@code metrics.cloudwatch.step} the meters whose names start with one of {@code metrics.cloudwatch.include} go to
 * namespace {@code metrics.cloudwatch.namespace}, with their tags as dimensions; timers also carry their p50, p95 and p99
 * (computed here, as CloudWatch takes no histograms). Credentials come from the AWS default chain (the ECS task role).
 * Prometheus keeps every meter: Spring Boot puts both registries behind one composite.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "metrics.cloudwatch.enabled", havingValue = "true")
public class CloudWatchMetricsConfig {

    @Bean(destroyMethod = "close")
    CloudWatchAsyncClient cloudWatchClient(CloudWatchSettings settings) {
        var builder = CloudWatchAsyncClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder.build();
    }

    @Bean
    CloudWatchMeterRegistry cloudWatchMeterRegistry(CloudWatchAsyncClient cloudWatchClient,
                                                    CloudWatchSettings settings) {
        String namespace = settings.namespace();
        Duration step = settings.step();
        CloudWatchConfig config = new CloudWatchConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String namespace() {
                return namespace;
            }

            @Override
            public Duration step() {
                return step;
            }
        };
        CloudWatchMeterRegistry registry = new CloudWatchMeterRegistry(config, Clock.SYSTEM, cloudWatchClient);
        List<String> include = settings.include();
        registry.config()
                .meterFilter(MeterFilter.denyUnless(id -> include.stream().anyMatch(id.getName()::startsWith)))
                .meterFilter(new MeterFilter() {
                    @Override
                    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                        if (id.getType() != Meter.Type.TIMER) {
                            return config;
                        }
                        return DistributionStatisticConfig.builder().percentiles(0.5, 0.95, 0.99).build()
                                .merge(config);
                    }
                });
        return registry;
    }
}
