package settings;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The hybrid pipeline (hybrid.*; its route, routes/hybrid.camel.yaml, reads them as placeholders).
 *
 * @param stopConfidence it stops at the first step whose answer reaches this confidence
 */
@ConfigurationProperties("hybrid")
@Validated
public record HybridSettings(@DecimalMin("0") @DecimalMax("1") double stopConfidence) {
}
