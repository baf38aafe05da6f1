package services;

import java.net.URI;
import settings.S3Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The S3 client and the client of the S3 events queue as {@code s3.*} describes them: on {@code s3.endpoint} when it is
 * set (moto, LocalStack serve S3 and SQS on one endpoint; S3 addressed by path there), with the AWS default credentials
 * chain unless {@code s3.access-key-id} is given. The caller closes them.
 */
public final class AwsClients {

    private AwsClients() {
    }

    public static S3Client s3(S3Settings s3) {
        var builder = S3Client.builder().region(Region.of(s3.region())).credentialsProvider(credentials(s3));
        if (!s3.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(s3.endpoint())).forcePathStyle(true);
        }
        return builder.build();
    }

    public static SqsClient sqs(S3Settings s3) {
        var builder = SqsClient.builder().region(Region.of(s3.region())).credentialsProvider(credentials(s3));
        if (!s3.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(s3.endpoint()));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings s3) {
        return credentials(s3.accessKeyId(), s3.secretAccessKey());
    }

    /** The given key for an endpoint that is not AWS; with no key id, the AWS default credentials chain. */
    public static AwsCredentialsProvider credentials(String accessKeyId, String secretAccessKey) {
        return accessKeyId.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }
}
