package support;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** An embedded ElasticMQ (the SQS API) on a free loopback port, with an SQS client on it; closing stops both. */
public final class ElasticMq implements AutoCloseable {

    private final SQSRestServer server;
    private final String endpoint;
    private final SqsClient client;

    private ElasticMq(SQSRestServer server, String endpoint, SqsClient client) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = client;
    }

    public static ElasticMq start() throws java.io.IOException {
        int port = TcpForwarder.freePort();
        SQSRestServer server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1").start();
        server.waitUntilStarted();
        String endpoint = "http://127.0.0.1:" + port;
        SqsClient client = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
        return new ElasticMq(server, endpoint, client);
    }

    /** Where the service's {@code sqs.endpoint} points. */
    public String endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
