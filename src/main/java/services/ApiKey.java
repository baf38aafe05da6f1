package services;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.stereotype.Component;
import settings.SecuritySettings;

/**
 * The configured {@code security.api-key} and the one way a given key is compared with it: {@link MessageDigest#isEqual}
 * on SHA-256 digests takes the same time whatever the bytes, and comparing digests of one length hides the key's length
 * too. With no key configured every caller is allowed.
 */
@Component
public class ApiKey {

    /** The request header that carries the key. */
    public static final String HEADER = "X-Api-Key";

    private final String key;
    private final byte[] digest;

    public ApiKey(SecuritySettings settings) {
        this.key = settings.apiKey();
        this.digest = key.isEmpty() ? null : sha256(key);
    }

    /** Whether a key is configured, so that calls outside {@link OpenEndpoints} need it. */
    public boolean configured() {
        return digest != null;
    }

    /** Whether a caller that sent {@code given} (null when it sent none) is allowed what the key guards. */
    public boolean allows(String given) {
        return digest == null || given != null && MessageDigest.isEqual(digest, sha256(given));
    }

    /** The key to send to the agents of other services, or null when none is configured. */
    public String forOutgoingCalls() {
        return digest == null ? null : key;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
