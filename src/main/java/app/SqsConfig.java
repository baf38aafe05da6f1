package app;

import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import services.AwsClients;
import settings.SqsSettings;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS client of the queue worker (profile sqs): an optional endpoint (another SQS, such as the ElasticMQ of
 * {@code scripts/local-sqs.sh} that the local-sqs profile points at), and the AWS default credentials chain unless
 * {@code sqs.access-key-id} and {@code sqs.secret-access-key} are given.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sqs.enabled", havingValue = "true")
public class SqsConfig {

    @Bean(destroyMethod = "close")
    SqsClient sqsClient(SqsSettings sqs) {
        var builder = SqsClient.builder().region(Region.of(sqs.region()))
                .credentialsProvider(AwsClients.credentials(sqs.accessKeyId(), sqs.secretAccessKey()));
        if (!sqs.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(sqs.endpoint()));
        }
        return builder.build();
    }
}
