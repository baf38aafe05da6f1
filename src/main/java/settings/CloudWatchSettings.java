package settings;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The service's own metrics to CloudWatch (metrics.cloudwatch.*, on in the prod profile).
 *
 * @param enabled   whether they are sent
 * @param namespace the CloudWatch namespace
 * @param region    its region
 * @param step      how often they are sent
 * @param include   the meters sent: names starting with one of these (comma-separated)
 * @param endpoint  another CloudWatch API endpoint (tests); empty: the region's
 */
@ConfigurationProperties("metrics.cloudwatch")
@Validated
public record CloudWatchSettings(boolean enabled, @NotBlank String namespace, @NotBlank String region,
                                 @NotNull Duration step, List<String> include, String endpoint) {

    public CloudWatchSettings {
        include = include == null ? List.of() : include.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        endpoint = endpoint == null ? "" : endpoint;
    }
}
