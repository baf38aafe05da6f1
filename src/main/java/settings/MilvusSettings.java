package settings;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Milvus store (milvus.*, used when knowledge-base.store=milvus).
 *
 * @param uri        the server's address (https:// for TLS)
 * @param token      its credentials (user:password or an API key); empty: none
 * @param caCert     the authority that signed the server's certificate (PEM file), for a private one; empty: the JVM's
 * @param collection the collection of the products
 * @param timeoutMs  the time limit of one call to the server
 */
@ConfigurationProperties("milvus")
@Validated
public record MilvusSettings(@NotBlank String uri, String token, String caCert, @NotBlank String collection,
                             @Positive long timeoutMs) {

    public MilvusSettings {
        token = token == null ? "" : token;
        caCert = caCert == null ? "" : caCert;
    }

    @Override
    public String toString() {
        return "MilvusSettings[uri=" + uri + ", token=" + (token.isEmpty() ? "" : "***") + ", caCert=" + caCert
                + ", collection=" + collection + ", timeoutMs=" + timeoutMs + "]";
    }
}
