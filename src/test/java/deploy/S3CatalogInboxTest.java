package deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import knowledge.KnowledgeBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import processors.Json;
import processors.S3CatalogInbox;
import processors.S3Inbox;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import support.Moto;
import support.ServiceInstance;

/**
 * The S3 catalogue inbox against moto's S3 and SQS: a versioned bucket that sends its object-created events under
 * catalog/incoming/ to a queue, as the storage stack sets it up, and two services consuming that queue, as two rag
 * tasks do. Each object is loaded by one of them, once, and filed under done/ or error/ with its report.
 */
class S3CatalogInboxTest {

    static S3Client s3;
    static SqsClient sqs;
    static String bucket;
    static String queueUrl;
    static final List<ServiceInstance> services = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Moto.assumeRunning("the S3 catalogue inbox test is skipped");
        s3 = Moto.s3();
        sqs = Moto.sqs();
        String id = UUID.randomUUID().toString().substring(0, 8);
        bucket = "mpi-training-" + id;
        String queue = "mpi-catalog-events-" + id;
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
                .status(BucketVersioningStatus.ENABLED)));
        queueUrl = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name("prefix")
                                .value("catalog/incoming/")))))));
        for (int i = 0; i < 2; i++) {
            Map<String, String> settings = ServiceInstance.ownDirectories(Files.createTempDirectory("mpi-s3-inbox-"));
            settings.putAll(Moto.serviceSettings());
            settings.put("knowledge-base.demo-catalog", "false");
            settings.put("s3.catalog-inbox.enabled", "true");
            settings.put("s3.catalog-inbox.bucket", bucket);
            settings.put("s3.catalog-inbox.events-queue", queue);
            settings.put("s3.catalog-inbox.wait-time-seconds", "1");
            settings.put("s3.catalog-inbox.visibility-timeout-seconds", "4");
            services.add(ServiceInstance.start("rag", settings));
        }
    }

    @AfterAll
    static void stop() {
        services.forEach(ServiceInstance::close);
    }

    static void put(String key, String contentType, String body) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString(body));
    }

    static boolean exists(String key) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().stream()
                .anyMatch(object -> object.key().equals(key));
    }

    static JsonNode json(String key) throws Exception {
        return Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }

    static List<String> keys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    /** The services whose knowledge base knows {@code brand}. */
    static long holding(String brand) {
        return services.stream().filter(service -> service.bean(KnowledgeBase.class).registry().find(brand)
                .isPresent()).count();
    }

    /** The products of {@code brand} over the services. */
    static long products(String brand) {
        return services.stream().mapToLong(service -> service.bean(KnowledgeBase.class).registry().find(brand)
                .map(knowledge.Brand::productCount).orElse(0L)).sum();
    }

    static double counted(String outcome) {
        return services.stream().mapToDouble(service -> service.bean(MeterRegistry.class).get("mpi.catalog.objects")
                .tag("outcome", outcome).counter().count()).sum();
    }

    @Test
    void eachObjectIsLoadedByOneServiceOnceAndFiledUnderDoneWithItsReport() throws Exception {
        int files = 6;
        int rows = 25;
        for (int f = 0; f < files; f++) {
            StringBuilder csv = new StringBuilder("id,product_name,brand\n");
            for (int r = 0; r < rows; r++) {
                csv.append("once-").append(f).append('-').append(r).append(",Oncebrand").append(f)
                        .append(" cordless drill ").append(r).append(" volt,Oncebrand").append(f).append('\n');
            }
            put("catalog/incoming/once/part-" + f + ".csv", "text/csv", csv.toString());
        }
        // each filed: its report written, the object copied to done/, then removed from incoming/
        await().atMost(Duration.ofSeconds(90)).until(() -> keys("catalog/done/once/").size() == 2 * files
                && keys("catalog/incoming/once/").isEmpty());
        for (int f = 0; f < files; f++) {
            JsonNode report = json("catalog/done/once/part-" + f + ".csv.report.json");
            assertThat(report.path("accepted").asLong()).isEqualTo(rows);
            assertThat(report.path("rejected").asLong()).isZero();
            assertThat(holding("Oncebrand" + f)).as("services holding Oncebrand" + f).isEqualTo(1);
            assertThat(products("Oncebrand" + f)).isEqualTo(rows);
        }
        // a copy of a filed object's event (SQS delivers at least once) finds nothing to load and is dropped
        double droppedBefore = counted("dropped");
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"catalog/incoming/once/part-0.csv\"}}}]}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> counted("dropped") == droppedBefore + 1);
        assertThat(holding("Oncebrand0")).isEqualTo(1);
        assertThat(json("catalog/done/once/part-0.csv.report.json").path("accepted").asLong()).isEqualTo(rows);
    }

    @Test
    void anObjectWithABadRowGoesToErrorWithItsReportAndItsGoodRowsAreStored() throws Exception {
        put("catalog/incoming/bad rows.csv", "text/csv", "product_name,brand\nBadrowbrand hammer 500 g,Badrowbrand\n"
                + ",Badrowbrand\nBadrowbrand chisel 20 mm,Badrowbrand\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> exists("catalog/error/bad rows.csv.report.json")
                && !exists("catalog/incoming/bad rows.csv"));
        JsonNode report = json("catalog/error/bad rows.csv.report.json");
        assertThat(report.path("accepted").asLong()).isEqualTo(2);
        assertThat(report.path("rejected").asLong()).isEqualTo(1);
        assertThat(report.path("errors").get(0).path("line").asLong()).isEqualTo(3);
        assertThat(report.path("errors").get(0).path("message").asText()).contains("product_name");
        assertThat(exists("catalog/error/bad rows.csv")).isTrue();
        assertThat(holding("Badrowbrand")).isEqualTo(1);
    }

    @Test
    void theFormatComesFromTheContentTypeWhenTheNameHasNoKnownExtension() throws Exception {
        put("catalog/incoming/feed-2026-12", "application/x-ndjson",
                "{\"product_name\":\"Typedbrand glass cleaner 500 ml\",\"brand\":\"Typedbrand\"}\n");
        put("catalog/incoming/notes.txt", "text/plain", "product_name,brand\nUntypedbrand soap,Untypedbrand\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> exists("catalog/done/feed-2026-12.report.json")
                && exists("catalog/error/notes.txt.report.json") && !exists("catalog/incoming/notes.txt"));
        assertThat(json("catalog/done/feed-2026-12.report.json").path("accepted").asLong()).isEqualTo(1);
        assertThat(holding("Typedbrand")).isEqualTo(1);
        JsonNode refused = json("catalog/error/notes.txt.report.json");
        assertThat(refused.path("accepted").asLong()).isZero();
        assertThat(refused.path("errors").get(0).path("message").asText()).contains("cannot tell the format of notes.txt")
                .contains("text/plain");
        assertThat(exists("catalog/error/notes.txt")).isTrue();
        assertThat(holding("Untypedbrand")).isZero();
    }

    /**
     * The steps called directly, on a versioned bucket that sends no events (so that only these calls see its objects):
     * an object whose load was started too often, and one replaced while it loaded.
     */
    @Test
    void anObjectStartedTooOftenGoesToErrorUnloadedAndOneReplacedWhileLoadingStaysForItsOwnEvent() throws Exception {
        String quiet = bucket + "-quiet";
        s3.createBucket(b -> b.bucket(quiet));
        s3.putBucketVersioning(b -> b.bucket(quiet).versioningConfiguration(v -> v
                .status(BucketVersioningStatus.ENABLED)));
        S3CatalogInbox inbox = services.get(0).bean(S3CatalogInbox.class);

        // the service stopped while loading it at each receive before: its event comes a fourth time
        // (s3.catalog-inbox.max-receives is 3)
        s3.putObject(b -> b.bucket(quiet).key("catalog/incoming/crashing.csv"),
                RequestBody.fromString("product_name,brand\nCrashbrand kettle 1.7 l,Crashbrand\n"));
        inbox.file(inbox.load(new S3Inbox.Entry(quiet, "catalog/incoming/crashing.csv", null, 4)));
        JsonNode report = Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(quiet)
                .key("catalog/error/crashing.csv.report.json")).asByteArray());
        assertThat(report.path("accepted").asLong()).isZero();
        assertThat(report.path("errors").get(0).path("message").asText())
                .contains("started 3 times and never finished");
        assertThat(holding("Crashbrand")).isZero();
        // that event once more (a copy, or a redelivery after the filing): nothing left to file
        assertThat(inbox.load(new S3Inbox.Entry(quiet, "catalog/incoming/crashing.csv", null, 5)))
                .isNull();

        // replaced between its load and its filing: what was loaded is filed with its report, the replacement stays
        s3.putObject(b -> b.bucket(quiet).key("catalog/incoming/replaced.csv"),
                RequestBody.fromString("product_name,brand\nFirstversionbrand mop,Firstversionbrand\n"));
        String eTag = s3.headObject(b -> b.bucket(quiet).key("catalog/incoming/replaced.csv")).eTag();
        S3CatalogInbox.Loaded loaded = inbox.load(new S3Inbox.Entry(quiet,
                "catalog/incoming/replaced.csv", eTag, 1));
        assertThat(loaded.report().accepted()).isEqualTo(1);
        s3.putObject(b -> b.bucket(quiet).key("catalog/incoming/replaced.csv"),
                RequestBody.fromString("product_name,brand\nSecondversionbrand broom,Secondversionbrand\n"));
        inbox.file(loaded);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(quiet).key("catalog/incoming/replaced.csv")).asUtf8String())
                .contains("Secondversionbrand");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(quiet).key("catalog/done/replaced.csv.report.json"))
                .asUtf8String()).contains("\"accepted\" : 1");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(quiet).key("catalog/done/replaced.csv")).asUtf8String())
                .contains("Firstversionbrand");
        // and the first version's event, if it comes again, does not load the replacement
        assertThat(inbox.load(new S3Inbox.Entry(quiet, "catalog/incoming/replaced.csv", eTag, 1)))
                .isNull();
        assertThat(holding("Firstversionbrand")).isEqualTo(1);
        assertThat(holding("Secondversionbrand")).isZero();

        List<String> keys = s3.listObjectsV2(b -> b.bucket(quiet)).contents().stream().map(S3Object::key).toList();
        assertThat(keys).containsExactlyInAnyOrder("catalog/error/crashing.csv", "catalog/error/crashing.csv.report.json",
                "catalog/incoming/replaced.csv", "catalog/done/replaced.csv", "catalog/done/replaced.csv.report.json");
    }
}
