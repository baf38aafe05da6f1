package bench;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import processors.Json;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import support.ElasticMq;
import support.ServiceInstance;

/**
 * Messages per second through the queue worker: the service (profile all, embedded defaults, the demo catalogue) with
 * {@code consumers} concurrent SQS consumers, against an embedded ElasticMQ on loopback. Each invocation queues
 * {@code messages} requests while the worker's route is stopped, then starts it and measures until every result has been
 * received (and deleted) from the results queue by this benchmark's own reader. Titles are the demo catalogue's with a
 * random model number, so none repeats. Run: {@code scripts/benchmark.sh bench.QueueBenchmark -p consumers=1,4,16 -f 1
 * -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class QueueBenchmark {

    @Param({"4"})
    int consumers;

    @Param({"2000"})
    int messages;

    private ElasticMq elasticMq;
    private SqsClient sqs;
    private ServiceInstance worker;
    private String requests;
    private String results;
    private final List<String> titles = new ArrayList<>();
    private final Random random = new Random(7);
    private long started;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        elasticMq = ElasticMq.start();
        String endpoint = elasticMq.endpoint();
        sqs = elasticMq.client();
        requests = sqs.createQueue(b -> b.queueName("mpi-requests")).queueUrl();
        results = sqs.createQueue(b -> b.queueName("mpi-results")).queueUrl();
        System.setProperty("aws.accessKeyId", "x");
        System.setProperty("aws.secretAccessKey", "x");
        Map<String, String> properties = ServiceInstance.ownDirectories(Files.createTempDirectory("mpi-queue-bench-"));
        properties.put("sqs.enabled", "true");
        properties.put("sqs.endpoint", endpoint);
        properties.put("sqs.wait-time-seconds", "1");
        properties.put("sqs.concurrent-consumers", String.valueOf(consumers));
        worker = ServiceInstance.start("all", properties);
        routes().stopRoute("sqs-requests");
        try (Reader reader = new InputStreamReader(getClass().getResourceAsStream("/demo/catalog.csv"),
                StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(reader)) {
                titles.add(row.get("product_name"));
            }
        }
    }

    private org.apache.camel.spi.RouteController routes() {
        return worker.bean(CamelContext.class).getRouteController();
    }

    @Setup(Level.Invocation)
    public void queueRequests() throws Exception {
        for (int start = 0; start < messages; start += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = start; i < Math.min(messages, start + 10); i++) {
                String title = titles.get(random.nextInt(titles.size())) + " รุ่น " + (char) ('A' + random.nextInt(26))
                        + random.nextInt(100_000);
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(Json.MAPPER
                        .writeValueAsString(Map.of("correlation_id", "c-" + i, "product_name", title))).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(requests).entries(batch));
        }
        started = System.nanoTime();
    }

    @Benchmark
    public int answerAll() throws Exception {
        routes().startRoute("sqs-requests");
        Set<String> answered = new HashSet<>();
        while (answered.size() < messages) {
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(results).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (received.isEmpty()) {
                continue;
            }
            List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
            for (Message message : received) {
                answered.add(Json.MAPPER.readTree(message.body()).get("correlation_id").asText());
                done.add(DeleteMessageBatchRequestEntry.builder().id(message.messageId())
                        .receiptHandle(message.receiptHandle()).build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(results).entries(done));
        }
        return answered.size();
    }

    @TearDown(Level.Invocation)
    public void report() throws Exception {
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%n[consumers=%d] %d requests answered in %.2f s: %.0f messages/s%n", consumers, messages,
                seconds, messages / seconds);
        routes().stopRoute("sqs-requests");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        worker.close();
        elasticMq.close();
    }
}
