package app;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Profile {@code local-sqs}, for trying the queue worker without AWS: an embedded ElasticMQ (the SQS API) on
 * {@code local-sqs.port} of the loopback interface, with the requests, results and dead-letter queues made (the requests
 * queue with a redrive policy to the dead-letter queue), and the worker's SQS client pointed at it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local-sqs")
public class LocalSqs {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

    @Bean(destroyMethod = "stopAndWait")
    SQSRestServer localSqsServer(Environment env) {
        int port = env.getRequiredProperty("local-sqs.port", Integer.class);
        SQSRestServer server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1").start();
        server.waitUntilStarted();
        LOG.info("Embedded ElasticMQ (SQS API) on http://127.0.0.1:{}", port);
        return server;
    }

    /** The worker's client, on the embedded server (any credentials do), with the queues made. */
    @Bean(destroyMethod = "close")
    SqsClient sqsClient(SQSRestServer localSqsServer, Environment env) {
        SqsClient sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + env.getRequiredProperty("local-sqs.port")))
                .region(Region.of(env.getRequiredProperty("sqs.region")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        String deadLetters = sqs.createQueue(b -> b.queueName(env.getRequiredProperty("sqs.dead-letter-queue")))
                .queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetters)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        int backstop = env.getRequiredProperty("sqs.max-receives", Integer.class) + 2;
        sqs.createQueue(b -> b.queueName(env.getRequiredProperty("sqs.requests-queue")).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, env.getRequiredProperty("local-sqs.visibility-timeout-seconds"),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
                        + "\",\"maxReceiveCount\":\"" + backstop + "\"}")));
        sqs.createQueue(b -> b.queueName(env.getRequiredProperty("sqs.results-queue")));
        return sqs;
    }
}
