package support;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * moto's server standing in for S3 and SQS (MOTO_URL; .ci/run starts it): clients on it, and the settings that point
 * the service at it. Tests that need it are skipped, saying how to run them, when MOTO_URL is not set.
 */
public final class Moto {

    public static final String URL = System.getenv("MOTO_URL");

    private Moto() {
    }

    /** Skips the calling test when no moto server is given. */
    public static void assumeRunning(String skipped) {
        Assumptions.assumeTrue(URL != null && !URL.isBlank(), "MOTO_URL is not set: " + skipped + ". Run it with "
                + "moto's server: python3 -m venv v && v/bin/pip install 'moto[server]' && v/bin/moto_server -p 5000 &, "
                + "then MOTO_URL=http://127.0.0.1:5000 (.ci/run does this)");
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    public static S3Client s3() {
        return S3Client.builder().endpointOverride(URI.create(URL)).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    public static SqsClient sqs() {
        return SqsClient.builder().endpointOverride(URI.create(URL)).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    /** The service's settings for S3 (and the events queue) on moto. */
    public static java.util.Map<String, String> serviceSettings() {
        return new java.util.HashMap<>(java.util.Map.of("s3.endpoint", URL, "s3.region", "us-east-1",
                "s3.access-key-id", "testing", "s3.secret-access-key", "testing"));
    }
}
