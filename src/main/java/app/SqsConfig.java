package app;

import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS client of the queue worker (profile sqs): the AWS default credentials chain, an optional endpoint. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sqs.enabled", havingValue = "true")
public class SqsConfig {

    /** The client of a real SQS (or one at sqs.endpoint); the local-sqs profile has its own (LocalSqs). */
    @Bean(destroyMethod = "close")
    @Profile("!local-sqs")
    SqsClient sqsClient(Environment env) {
        var builder = SqsClient.builder().region(Region.of(env.getRequiredProperty("sqs.region")))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        String endpoint = env.getProperty("sqs.endpoint", "");
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
