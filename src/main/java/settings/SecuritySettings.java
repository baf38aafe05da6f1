package settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The API key (security.*).
 *
 * @param apiKey        the key requests must carry in X-API-Key (empty: none)
 * @param requireApiKey whether a key must be set (the prod profile): the start fails without one
 */
@ConfigurationProperties("security")
@Validated
public record SecuritySettings(String apiKey, boolean requireApiKey) {

    public SecuritySettings {
        apiKey = apiKey == null ? "" : apiKey;
        if (requireApiKey && apiKey.isBlank()) {
            throw new IllegalStateException("security.require-api-key is on (prod profile) but no security.api-key "
                    + "is set: set the environment variable API_KEY");
        }
    }

    @Override
    public String toString() {
        return "SecuritySettings[apiKey=" + (apiKey.isEmpty() ? "" : "***") + ", requireApiKey=" + requireApiKey + "]";
    }
}
