package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import processors.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import support.CapturedLog;
import support.ElasticMq;
import support.ServiceInstance;
import support.TcpForwarder;
import tools.LocalSqs;

/**
 * The queue worker against ElasticMQ (embedded, speaking the SQS API): requests in, results out with their correlation
 * id exactly once, poison messages to the dead-letter queue at once with their reason, duplicates answered once.
 */
class SqsWorkerTest {

    static ElasticMq elasticMq;
    static SqsClient sqs;
    static ServiceInstance worker;
    static String requests;
    static String results;
    static String deadLetters;

    @BeforeAll
    static void start() throws Exception {
        elasticMq = ElasticMq.start();
        String endpoint = elasticMq.endpoint();
        sqs = elasticMq.client();
        deadLetters = sqs.createQueue(b -> b.queueName("mpi-requests-dlq")).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetters)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        requests = sqs.createQueue(b -> b.queueName("mpi-requests").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "2",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn
                        + "\",\"maxReceiveCount\":\"3\"}"))).queueUrl();
        results = sqs.createQueue(b -> b.queueName("mpi-results")).queueUrl();
        System.setProperty("aws.accessKeyId", "x");
        System.setProperty("aws.secretAccessKey", "x");
        Path work = Files.createTempDirectory("mpi-sqs-");
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("sqs.enabled", "true");
        properties.put("sqs.endpoint", endpoint);
        properties.put("sqs.wait-time-seconds", "1");
        worker = ServiceInstance.start("all", properties);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        elasticMq.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /**
     * Receives from {@code queue} (deleting each message) the messages whose body contains {@code mark}, until
     * {@code count} of them came; at most two minutes. Messages of other tests are dropped.
     */
    static List<Message> receive(String queue, String mark, int count) {
        return receive(queue, body -> body.contains(mark), count);
    }

    /** As above, for the messages whose body passes {@code wanted}. */
    static List<Message> receive(String queue, java.util.function.Predicate<String> wanted, int count) {
        List<Message> received = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages()) {
                if (wanted.test(message.body())) {
                    received.add(message);
                }
                sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
            return received.size() >= count;
        });
        return received;
    }

    /** The correlation ids of result messages. */
    static List<String> ids(List<Message> messages) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Message message : messages) {
            ids.add(Json.MAPPER.readTree(message.body()).get("correlation_id").asText());
        }
        return ids;
    }

    @Test
    void everyRequestIsAnsweredOnceWithItsCorrelationId() throws Exception {
        int count = 1000;
        List<String> titles = List.of("ยาสีฟัน Colgate Total 150g", "TOA สีน้ำอะคริลิก 9 ลิตร", "มาม่า รสต้มยำกุ้ง แพ็ค 10");
        for (int start = 0; start < count; start += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = start; i < start + 10; i++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(Json.MAPPER.writeValueAsString(
                        Map.of("correlation_id", "c-" + i, "product_name", titles.get(i % 3)))).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(requests).entries(batch));
        }
        Map<String, JsonNode> answers = new ConcurrentHashMap<>();
        for (Message message : receive(results, "\"c-", count)) {
            JsonNode answer = Json.MAPPER.readTree(message.body());
            String id = answer.get("correlation_id").asText();
            assertThat(answers.put(id, answer)).as("answered once: " + id).isNull();
            assertThat(message.messageAttributes().get("correlation_id").stringValue()).isEqualTo(id);
        }
        assertThat(answers).hasSize(count);
        assertThat(answers.get("c-0").get("brand").asText()).isEqualTo("Colgate");
        assertThat(answers.get("c-1").get("brand").asText()).isEqualTo("TOA");
        assertThat(answers.get("c-0").get("agents")).isNotEmpty();
    }

    @Test
    void aMessageThatCanNeverBeAnsweredGoesToTheDeadLetterQueueWithItsReason() {
        sqs.sendMessage(b -> b.queueUrl(requests).messageBody("not json"));
        sqs.sendMessage(b -> b.queueUrl(requests).messageBody("{\"correlation_id\": \"p-1\", \"title\": \"x\"}"));
        sqs.sendMessage(b -> b.queueUrl(requests).messageBody("{\"correlation_id\": \"p-2\", \"product_name\": "
                + "\"x\", \"method\": \"gpt\"}"));
        List<Message> dead = receive(deadLetters, body -> body.equals("not json") || body.contains("\"p-"), 3);
        Map<String, String> reasons = new HashMap<>();
        for (Message message : dead) {
            MessageAttributeValue reason = message.messageAttributes().get("mpi_reason");
            reasons.put(message.body(), reason == null ? null : reason.stringValue());
        }
        assertThat(reasons.get("not json")).startsWith("malformed_json");
        assertThat(reasons.get("{\"correlation_id\": \"p-1\", \"title\": \"x\"}")).startsWith("missing_product_name");
        assertThat(reasons).hasSize(3).containsValue("invalid_method: method must be one of [orchestrator, ner, rag, "
                + "hybrid, llm], got 'gpt'");
    }

    @Test
    void aCorrelationIdThatIsNoSaneTokenIsRefusedAndNothingForgesALogLine() throws Exception {
        String forged = "FORGED-LINE INFO admin logged in";
        String breaks = Json.MAPPER.writeValueAsString(Map.of("correlation_id", "inj-1\r\n" + forged,
                "product_name", "x", "method", "gpt"));
        String reason = Json.MAPPER.writeValueAsString(Map.of("correlation_id", "inj-2",
                "product_name", "x", "method", "gpt\n" + forged));
        // a correlation id the size of a message would be kept in the dedupe window
        String huge = Json.MAPPER.writeValueAsString(Map.of("correlation_id", "inj-3" + "x".repeat(100_000),
                "product_name", "TOA paint 9 L"));
        try (CapturedLog log = new CapturedLog()) {
            for (String body : List.of(breaks, reason, huge)) {
                sqs.sendMessage(b -> b.queueUrl(requests).messageBody(body));
            }
            Map<String, String> reasons = new HashMap<>();
            for (Message message : receive(deadLetters, "\"inj-", 3)) {
                reasons.put(message.body(), message.messageAttributes().get("mpi_reason").stringValue());
            }
            assertThat(reasons.get(breaks)).startsWith("invalid_correlation_id: correlation_id must be a string of 1 "
                    + "to 64 letters, digits or ._:- (as the X-Request-Id header), got 'inj-1\\r\\nFORGED-LINE");
            assertThat(reasons.get(huge)).startsWith("invalid_correlation_id").endsWith("...'").hasSizeLessThan(300);
            assertThat(reasons.get(reason)).startsWith("invalid_method").contains("gpt\\n" + forged.toLowerCase(
                    java.util.Locale.ROOT));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.text()
                    .split("sent to the dead-letter queue", -1).length > 3);
            assertThat(log.lines()).as(log.text()).noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT)
                    .startsWith(forged.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Test
    void aDuplicateDeliveryIsAnsweredOnce() throws Exception {
        String body = "{\"correlation_id\": \"dup-1\", \"product_name\": \"TOA paint 9 L\"}";
        sqs.sendMessage(b -> b.queueUrl(requests).messageBody(body));
        assertThat(ids(receive(results, "dup-", 1))).containsExactly("dup-1");
        sqs.sendMessage(b -> b.queueUrl(requests).messageBody(body));
        sqs.sendMessage(b -> b.queueUrl(requests).messageBody(
                "{\"correlation_id\": \"dup-2\", \"product_name\": \"TOA paint 9 L\"}"));
        assertThat(ids(receive(results, "dup-", 1))).as("the duplicate of dup-1 was not answered").containsExactly("dup-2");
        // the duplicate was consumed (nothing left in the requests queue) and not answered
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "0".equals(sqs.getQueueAttributes(b -> b
                .queueUrl(requests).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        assertThat(sqs.receiveMessage(b -> b.queueUrl(results).waitTimeSeconds(3)).messages())
                .noneMatch(message -> message.body().contains("dup-"));
    }

    @Test
    void aRequestThatKeepsFailingIsRetriedThenDeadLetteredWithItsReason() {
        // the LLM agent has no model here: answering "method": "llm" fails (503) on every receive
        sqs.sendMessage(b -> b.queueUrl(requests).messageBody(
                "{\"correlation_id\": \"f-1\", \"product_name\": \"Colgate toothpaste\", \"method\": \"llm\"}"));
        Message dead = receive(deadLetters, "f-1", 1).get(0);
        assertThat(dead.body()).contains("f-1");
        assertThat(dead.messageAttributes().get("mpi_reason").stringValue())
                .startsWith("failed on receive 3: method_unavailable");
    }

    @Test
    void stoppingAndStartingTheConsumerLosesNothing() throws Exception {
        int count = 200;
        for (int start = 0; start < count; start += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = start; i < start + 10; i++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(Json.MAPPER.writeValueAsString(
                        Map.of("correlation_id", "s-" + i, "product_name", "TOA สีน้ำ " + i + " ลิตร"))).build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(requests).entries(batch));
        }
        var routes = worker.bean(org.apache.camel.CamelContext.class).getRouteController();
        java.util.Set<String> ids = new java.util.HashSet<>(ids(receive(results, "\"s-", 20)));
        routes.stopRoute("sqs-requests");
        routes.startRoute("sqs-requests");
        // messages taken but not answered when it stopped come back after the visibility timeout
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> {
            ids.addAll(ids(receive(results, "\"s-", 1)));
            return ids.size() == count;
        });
        assertThat(ids).hasSize(count);
    }

    @Test
    void theLocalSqsProfileRunsTheWorkerOnTheSqsOfLocalSqsSh() throws Exception {
        int port = TcpForwarder.freePort();
        Path work = Files.createTempDirectory("mpi-local-sqs-");
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("spring.profiles.include", "local-sqs");
        properties.put("local-sqs.port", String.valueOf(port));
        properties.put("sqs.wait-time-seconds", "1");
        try (LocalSqs localSqs = LocalSqs.start(port, LocalSqs.Queues.ofService());
             ServiceInstance local = ServiceInstance.start("all", properties);
             SqsClient client = SqsClient.builder().endpointOverride(URI.create(localSqs.endpoint()))
                     .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("x", "x"))).build()) {
            String in = client.getQueueUrl(b -> b.queueName("mpi-requests")).queueUrl();
            String out = client.getQueueUrl(b -> b.queueName("mpi-results")).queueUrl();
            client.sendMessage(b -> b.queueUrl(in).messageBody("{\"product_name\": \"TOA สีน้ำ 9 ลิตร\"}"));
            List<Message> answers = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                answers.addAll(client.receiveMessage(b -> b.queueUrl(out).waitTimeSeconds(1)).messages());
                return !answers.isEmpty();
            });
            JsonNode answer = Json.MAPPER.readTree(answers.get(0).body());
            assertThat(answer.get("brand").asText()).isEqualTo("TOA");
            assertThat(answer.get("correlation_id").asText()).as("the SQS message id").isNotBlank();
            assertThat(client.getQueueAttributes(b -> b.queueUrl(in).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                    .attributes().get(QueueAttributeName.REDRIVE_POLICY)).contains("mpi-requests-dlq");
            assertThat(local.bean(SqsClient.class).serviceClientConfiguration().credentialsProvider()
                    .resolveIdentity().join().accessKeyId()).as("the profile's credentials, not the default chain's")
                    .isEqualTo("local");
        }
    }
}
