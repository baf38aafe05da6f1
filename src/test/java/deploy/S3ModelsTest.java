package deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.UUID;
import models.ModelFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import support.Moto;
import support.ServiceInstance;

/**
 * Models given as {@code s3://bucket/prefix/} (embedding.model.path, ner.model.path), on moto's S3: the project's tiny
 * NER model and the quantised MiniLM embedder (from the test classpath) put in a bucket, copied to the model cache,
 * reused when unchanged, and used by a service; a missing model stops the start with a message naming the object.
 */
class S3ModelsTest {

    static final Path TINY_NER = Path.of("src/test/resources/tiny-ner-model");
    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void start() throws IOException {
        Moto.assumeRunning("the models-from-S3 test is skipped");
        s3 = Moto.s3();
        bucket = "mpi-models-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        for (String file : new String[] {"model.onnx", "tokenizer.json", "config.json"}) {
            s3.putObject(b -> b.bucket(bucket).key("ner/tiny/" + file), TINY_NER.resolve(file));
        }
        s3.putObject(b -> b.bucket(bucket).key("embedding/minilm/model.onnx"),
                RequestBody.fromBytes(classpath("all-minilm-l6-v2-q.onnx")));
        s3.putObject(b -> b.bucket(bucket).key("embedding/minilm/tokenizer.json"),
                RequestBody.fromBytes(classpath("all-minilm-l6-v2-q-tokenizer.json")));
        s3.putObject(b -> b.bucket(bucket).key("ner/partial/tokenizer.json"), TINY_NER.resolve("tokenizer.json"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    static byte[] classpath(String name) throws IOException {
        try (InputStream in = S3ModelsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the test classpath").isNotNull();
            return in.readAllBytes();
        }
    }

    static Map<String, String> settings(Path work) {
        Map<String, String> settings = ServiceInstance.ownDirectories(work);
        settings.putAll(Moto.serviceSettings());
        settings.put("s3.model-cache", work.resolve("model-cache").toString());
        return settings;
    }

    @Test
    void aModelPrefixIsCopiedOnceAndKeptUpToDate() throws Exception {
        Path cache = Files.createTempDirectory("mpi-model-cache-");
        ModelFiles models = new ModelFiles(cache, Moto::s3);
        String prefix = "copies/" + UUID.randomUUID().toString().substring(0, 8) + "/";
        s3.putObject(b -> b.bucket(bucket).key(prefix + "tokenizer.json"), TINY_NER.resolve("tokenizer.json"));
        s3.putObject(b -> b.bucket(bucket).key(prefix + "onnx/model.onnx"), TINY_NER.resolve("model.onnx"));
        s3.putObject(b -> b.bucket(bucket).key(prefix + "notes.txt"), RequestBody.fromString("first"));

        Path local = models.directory("s3://" + bucket + "/" + prefix);
        assertThat(local).isEqualTo(cache.resolve(bucket).resolve(prefix).toAbsolutePath().normalize());
        assertThat(local.resolve("onnx/model.onnx")).hasSameBinaryContentAs(TINY_NER.resolve("model.onnx"));
        assertThat(local.resolve("tokenizer.json")).hasSameBinaryContentAs(TINY_NER.resolve("tokenizer.json"));
        assertThat(local.resolve("notes.txt")).hasContent("first");

        // unchanged in S3: not copied again (a file's time is its copy's); a changed object is; a removed one goes
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(local.resolve("onnx/model.onnx"), old);
        Files.setLastModifiedTime(local.resolve("notes.txt"), old);
        s3.putObject(b -> b.bucket(bucket).key(prefix + "notes.txt"), RequestBody.fromString("second"));
        s3.deleteObject(b -> b.bucket(bucket).key(prefix + "tokenizer.json"));
        assertThat(models.directory("s3://" + bucket + "/" + prefix.substring(0, prefix.length() - 1)))
                .as("the same prefix without its last slash").isEqualTo(local);
        assertThat(Files.getLastModifiedTime(local.resolve("onnx/model.onnx"))).isEqualTo(old);
        assertThat(local.resolve("notes.txt")).hasContent("second");
        assertThat(local.resolve("tokenizer.json")).doesNotExist();

        // a copy damaged on disk (another size than the object) is copied again
        Files.writeString(local.resolve("onnx/model.onnx"), "truncated");
        models.directory("s3://" + bucket + "/" + prefix);
        assertThat(local.resolve("onnx/model.onnx")).hasSameBinaryContentAs(TINY_NER.resolve("model.onnx"));

        assertThatThrownBy(() -> models.directory("s3://" + bucket + "/absent/")).hasMessage(
                "there is no object under s3://" + bucket + "/absent/");
        assertThatThrownBy(() -> models.directory("s3://" + bucket + "-nobody/ner/")).hasMessageStartingWith(
                "cannot list s3://" + bucket + "-nobody/ner/: ");
        assertThat(models.directory("models/local-dir")).isEqualTo(Path.of("models/local-dir").toAbsolutePath());
    }

    @Test
    void aServiceUsesItsNerModelAndEmbedderFromS3AndReusesTheCopyAtItsNextStart() throws Exception {
        Path work = Files.createTempDirectory("mpi-s3-models-");
        Map<String, String> settings = settings(work);
        settings.put("ner.model.path", "s3://" + bucket + "/ner/tiny/");
        settings.put("embedding.model.path", "s3://" + bucket + "/embedding/minilm/");
        for (int start = 1; start <= 2; start++) {
            try (ServiceInstance service = ServiceInstance.start("all", settings)) {
                JsonNode stats = service.http().get("/catalog/stats").json();
                assertThat(stats.path("embedder").asText()).as("start " + start).contains("minilm");
                assertThat(stats.path("dimension").asInt()).isEqualTo(384 + 512);
                JsonNode tagger = service.http().get("/agents").json().at("/agents/0/tagger");
                assertThat(tagger.path("kind").asText()).isEqualTo("transformer");
                assertThat(tagger.path("entity").asText()).isEqualTo("BRAND");
                assertThat(service.http().postJson("/infer", """
                        {"product_name": "Colgate Plax น้ำยาบ้วนปาก เปปเปอร์มินต์ 750ml"}""").status()).isEqualTo(200);
            }
            Path copy = work.resolve("model-cache").resolve(bucket).resolve("ner/tiny/model.onnx");
            assertThat(copy).hasSameBinaryContentAs(TINY_NER.resolve("model.onnx"));
            if (start == 1) {
                Files.setLastModifiedTime(copy, FileTime.fromMillis(1_000_000_000_000L));
            } else {
                assertThat(Files.getLastModifiedTime(copy)).as("not copied again at the second start")
                        .isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
            }
        }
    }

    @Test
    void aMissingModelStopsTheStartNamingTheObject() throws Exception {
        Map<String, String> absent = settings(Files.createTempDirectory("mpi-s3-models-"));
        absent.put("ner.model.path", "s3://" + bucket + "/ner/absent/");
        assertThat(messages(() -> ServiceInstance.start("all", absent))).contains("ner.model.path=s3://" + bucket
                + "/ner/absent/: there is no object under s3://" + bucket + "/ner/absent/");

        Map<String, String> partial = settings(Files.createTempDirectory("mpi-s3-models-"));
        partial.put("embedding.model.path", "s3://" + bucket + "/ner/partial/");
        assertThat(messages(() -> ServiceInstance.start("all", partial))).contains("embedding.model.path=s3://"
                + bucket + "/ner/partial/: no model.onnx in s3://" + bucket + "/ner/partial (nor in its onnx/ folder)");
    }

    /** The messages of what {@code start} threw and of its causes, one per line (it must throw). */
    static String messages(Runnable start) {
        Throwable thrown = null;
        try {
            start.run();
        } catch (RuntimeException e) {
            thrown = e;
        }
        assertThat(thrown).as("the start fails").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
