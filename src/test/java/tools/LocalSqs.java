package tools;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS to try the queue worker on without AWS ({@code scripts/local-sqs.sh}; the service's profile {@code local-sqs}
 * points its worker here): an embedded ElasticMQ (the SQS API) on a port of the loopback interface, with the service's
 * three queues made, the requests queue with a redrive policy to the dead-letter queue. A development tool: not part of
 * the service's jar.
 *
 * <pre>
 *   LocalSqs [--port 9324] [--visibility-timeout-seconds 30] [--requests-queue mpi-requests]
 *            [--results-queue mpi-results] [--dead-letter-queue mpi-requests-dlq] [--max-receives 3]
 * </pre>
 * The queue names default to the service's (and to {@code SQS_REQUESTS_QUEUE}, {@code SQS_RESULTS_QUEUE} and
 * {@code SQS_DEAD_LETTER_QUEUE} when set, as the service reads them). It runs until stopped.
 */
public final class LocalSqs implements AutoCloseable {

    /** The queues to make, and how. */
    public record Queues(String requests, String results, String deadLetters, int visibilityTimeoutSeconds,
                         int maxReceives) {

        /** The service's queue names (from the environment as the service reads it), 30 s, 3 receives. */
        public static Queues ofService() {
            return new Queues(env("SQS_REQUESTS_QUEUE", "mpi-requests"), env("SQS_RESULTS_QUEUE", "mpi-results"),
                    env("SQS_DEAD_LETTER_QUEUE", "mpi-requests-dlq"), 30, 3);
        }

        private static String env(String name, String otherwise) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? otherwise : value;
        }
    }

    private final SQSRestServer server;
    private final String endpoint;

    private LocalSqs(SQSRestServer server, String endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts the server on {@code port} of 127.0.0.1 and makes {@code queues}. */
    public static LocalSqs start(int port, Queues queues) {
        SQSRestServer server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1").start();
        server.waitUntilStarted();
        String endpoint = "http://127.0.0.1:" + port;
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            String deadLetters = sqs.createQueue(b -> b.queueName(queues.deadLetters())).queueUrl();
            String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetters)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            // the worker dead-letters a message itself on its max-receives-th receive, with the reason; the redrive
            // policy is the backstop, as the deployment's queue has it
            int backstop = queues.maxReceives() + 2;
            sqs.createQueue(b -> b.queueName(queues.requests()).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(queues.visibilityTimeoutSeconds()),
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
                            + "\",\"maxReceiveCount\":\"" + backstop + "\"}")));
            sqs.createQueue(b -> b.queueName(queues.results()));
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw e;
        }
        return new LocalSqs(server, endpoint);
    }

    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 9324;
        Queues service = Queues.ofService();
        String requests = service.requests();
        String results = service.results();
        String deadLetters = service.deadLetters();
        int visibility = service.visibilityTimeoutSeconds();
        int maxReceives = service.maxReceives();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("no value after " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--port" -> port = number(args[i], value);
                case "--visibility-timeout-seconds" -> visibility = number(args[i], value);
                case "--max-receives" -> maxReceives = number(args[i], value);
                case "--requests-queue" -> requests = value;
                case "--results-queue" -> results = value;
                case "--dead-letter-queue" -> deadLetters = value;
                default -> usage("unknown option " + args[i]);
            }
        }
        LocalSqs sqs = start(port, new Queues(requests, results, deadLetters, visibility, maxReceives));
        Runtime.getRuntime().addShutdownHook(new Thread(sqs::close));
        System.out.printf("ElasticMQ (the SQS API) on %s, queues %s, %s and %s (dead letters); Ctrl-C stops it%n",
                sqs.endpoint(), requests, results, deadLetters);
        Thread.currentThread().join();
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(option + " takes a whole number, not '" + value + "'");
            return 0;
        }
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: scripts/local-sqs.sh [--port 9324] [--visibility-timeout-seconds 30] "
                + "[--requests-queue NAME] [--results-queue NAME] [--dead-letter-queue NAME] [--max-receives 3]");
        System.exit(2);
    }
}
