package deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import support.GeneratedLines;
import support.Http;
import support.Moto;
import support.ServiceInstance;
import support.ServiceProcess;

/**
 * The S3 title inbox against moto's S3 and SQS: a versioned bucket that sends its object-created events under
 * titles/incoming/ to a queue, as the storage stack sets it up. A file of 100,000 titles is answered by a service
 * process with a 256 MB heap, which is killed once the first part of the results is uploaded; a second process answers
 * the file from its start, and the results hold every line once, in order.
 */
class S3TitleInboxTest {

    static final int LINES = 100_000;
    static S3Client s3;
    static SqsClient sqs;
    static String bucket;
    static String queue;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        Moto.assumeRunning("the S3 title inbox test is skipped");
        s3 = Moto.s3();
        sqs = Moto.sqs();
        String id = UUID.randomUUID().toString().substring(0, 8);
        bucket = "mpi-titles-" + id;
        queue = "mpi-title-events-" + id;
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
                .status(BucketVersioningStatus.ENABLED)));
        String queueUrl = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name("prefix").value("titles/incoming/")))))));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
            sqs.close();
        }
    }

    static List<String> settings(Path dir) {
        List<String> settings = new ArrayList<>();
        Map<String, String> all = ServiceInstance.ownDirectories(dir);
        all.putAll(Moto.serviceSettings());
        all.put("s3.title-inbox.enabled", "true");
        all.put("s3.title-inbox.bucket", bucket);
        all.put("s3.title-inbox.events-queue", queue);
        all.put("s3.title-inbox.wait-time-seconds", "1");
        // an event comes back soon after its task was killed
        all.put("s3.title-inbox.visibility-timeout-seconds", "6");
        all.put("s3.title-inbox.part-size-bytes", String.valueOf(5 * 1024 * 1024));
        all.forEach((key, value) -> settings.add("--" + key + "=" + value));
        return settings;
    }

    static boolean exists(String key) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().stream()
                .anyMatch(object -> object.key().equals(key));
    }

    static List<MultipartUpload> uploads(String key) {
        return s3.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads();
    }

    /** The most heap the service's process used, read from its metrics while it runs. */
    static long heapUsed(int port) {
        String metrics = Http.onPort(port).get("/actuator/prometheus").text();
        long used = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    @Test
    void aHundredThousandTitlesComeBackCompleteAndInOrderAfterTheServiceIsKilledMidFile() throws Exception {
        Path input = work.resolve("big.csv");
        try (InputStream lines = GeneratedLines.of("id,product_name", LINES, i -> i + ",ยาสีฟัน Brand" + (i % 500)
                + " toothpaste " + (i % 97) + " g สูตร " + i)) {
            Files.copy(lines, input);
        }
        String results = "titles/results/big.csv.results.csv";
        int port = freePort();
        Process first = start(port, "first.log");
        AtomicLong heap = new AtomicLong();
        try {
            s3.putObject(b -> b.bucket(bucket).key("titles/incoming/big.csv").contentType("text/csv"), input);
            // killed once the first part of the results is uploaded, mid-file
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                heap.accumulateAndGet(heapUsed(port), Math::max);
                List<MultipartUpload> uploads = uploads(results);
                return !uploads.isEmpty() && !s3.listParts(b -> b.bucket(bucket).key(results)
                        .uploadId(uploads.get(0).uploadId())).parts().isEmpty();
            });
        } finally {
            first.destroyForcibly().waitFor();
        }
        assertThat(exists(results)).as("no results before the file is answered whole").isFalse();

        Process second = start(port, "second.log");
        try {
            // the results complete, then the input filed (copied to done/, then removed from incoming/: the file's
            // last step)
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                heap.accumulateAndGet(heapUsed(port), Math::max);
                return exists("titles/done/big.csv") && !exists("titles/incoming/big.csv");
            });
            System.out.println("[S3TitleInboxTest] " + LINES + " titles answered by a process with -Xmx256m; heap "
                    + "used at most " + heap.get() / (1024 * 1024) + " MB (sampled from /actuator/prometheus)");
        } finally {
            second.destroyForcibly().waitFor();
        }
        String log = Files.readString(work.resolve("second.log"));
        assertThat(log).contains("an unfinished upload of an earlier attempt aborted");

        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(results));
             CSVParser csv = CSVParser.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                     CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(csv.getHeaderNames()).containsExactly("id", "product_name", "brand", "confidence", "language",
                    "status", "error");
            long expected = 0;
            for (CSVRecord record : csv) {
                assertThat(record.get("id")).isEqualTo(String.valueOf(expected));
                assertThat(record.get("status")).as("line " + expected).isEqualTo("ok");
                expected++;
            }
            assertThat(expected).isEqualTo(LINES);
        }
        assertThat(uploads(results)).as("no upload left unfinished").isEmpty();
    }

    @Test
    void aFileWithoutProductNameGoesToErrorWithWhyAndAnNdjsonFileIsAnswered() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>();
        for (String setting : settings(Files.createTempDirectory("mpi-s3-titles-"))) {
            String[] pair = setting.substring(2).split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        try (ServiceInstance service = ServiceInstance.start("all", settings)) {
            s3.putObject(b -> b.bucket(bucket).key("titles/incoming/no-title.csv"),
                    RequestBody.fromString("sku,name\n1,Colgate Total 150g\n"));
            s3.putObject(b -> b.bucket(bucket).key("titles/incoming/small.ndjson"),
                    RequestBody.fromString("{\"product_name\": \"ยาสีฟัน Colgate Total 150g\", \"sku\": \"A1\"}\n"
                            + "{\"sku\": \"A2\"}\n"));
            await().atMost(Duration.ofSeconds(60)).until(() -> exists("titles/error/no-title.csv.error.txt")
                    && exists("titles/results/small.ndjson.results.csv"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("titles/error/no-title.csv.error.txt"))
                    .asUtf8String()).contains("This file cannot be read").contains("product_name");
            assertThat(exists("titles/error/no-title.csv")).isTrue();
            assertThat(exists("titles/results/no-title.csv.results.csv")).isFalse();
            String answered = s3.getObjectAsBytes(b -> b.bucket(bucket).key("titles/results/small.ndjson.results.csv"))
                    .asUtf8String();
            List<String> rows = answered.lines().toList();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(1)).contains("Colgate").contains(",ok,");
            assertThat(rows.get(2)).contains("A2").contains(",error,");
            // each input filed: copied to its folder, then removed from incoming/
            await().atMost(Duration.ofSeconds(10)).until(() -> exists("titles/done/small.ndjson")
                    && !exists("titles/incoming/small.ndjson") && !exists("titles/incoming/no-title.csv"));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process start(int port, String log) throws IOException {
        return ServiceProcess.start(port, work.resolve(log), "-Xmx256m", settings(work.resolve("service")));
    }
}
