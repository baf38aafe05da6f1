package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which public endpoints this process serves (api.*).
 *
 * @param inference POST /infer, /infer/batch and the title files (off where a process only hosts agents)
 */
@ConfigurationProperties("api")
@Validated
public record ApiSettings(@NotNull @Valid Inference inference) {

    /** @param enabled whether this process answers POST /infer and the title files */
    public record Inference(boolean enabled) {
    }
}
