package app;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import services.AwsClients;
import settings.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The clients of the S3 inboxes (s3.catalog-inbox.enabled, s3.title-inbox.enabled): S3, and SQS for the queues the
 * bucket sends its object events to ({@link AwsClients}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${s3.catalog-inbox.enabled:false}' == 'true' or '${s3.title-inbox.enabled:false}' == 'true'")
public class S3Config {

    @Bean(destroyMethod = "close")
    S3Client s3Client(S3Settings s3) {
        return AwsClients.s3(s3);
    }

    @Bean(destroyMethod = "close")
    SqsClient s3EventsSqsClient(S3Settings s3) {
        return AwsClients.sqs(s3);
    }
}
