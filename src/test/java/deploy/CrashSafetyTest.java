package deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.GeneratedLines;
import support.Http;
import support.ServiceProcess;

/**
 * The service process killed with SIGKILL in the middle of a large catalogue load: the index it leaves is not corrupt
 * (Lucene's CheckIndex), the restarted service holds exactly what was committed before the load (the load's rows are
 * committed together at its end, so each is absent), answers and is healthy, and posting the same file again completes
 * it without duplicates. And killed in the middle of a reindex: the restarted service holds every product (not the
 * demo catalogue), having loaded the reindex's spool again.
 */
class CrashSafetyTest {

    static final int ROWS = 30_000;
    static final int BEFORE = 300;
    static final int KILL_AFTER_LINES = 12_000;

    @TempDir
    Path work;

    static InputStream catalogue(int rows, AtomicInteger linesRead) {
        return GeneratedLines.of("product_name,brand", rows, i -> {
            linesRead.incrementAndGet();
            return "Brand%03d ครีมกันแดด SPF%d สูตร %d ขนาด %d ml,Brand%03d".formatted(i % 400, 15 + i % 40, i, 10 + i % 490,
                    i % 400);
        });
    }

    @Test
    void aServiceKilledDuringALargeLoadRestartsConsistentAndThePostedFileAgainCompletesIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Http http = Http.onPort(port);
        Process first = start(port, "first.log", false);
        try {
            // what is committed before the crash: the first rows of the same file
            Http.Answer before = http.post("/catalog", "text/csv",
                    HttpRequest.BodyPublishers.ofInputStream(() -> catalogue(BEFORE, new AtomicInteger())));
            assertThat(before.status()).as(before.text()).isEqualTo(200);
            assertThat(before.json().get("accepted").asInt()).isEqualTo(BEFORE);

            // the large load, streamed; the process is killed once the client has sent part of it
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<HttpResponse<String>> load = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/catalog"))
                            .header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> catalogue(ROWS, sent))).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(120)).until(() -> sent.get() >= KILL_AFTER_LINES || load.isDone());
            assertThat(load.isDone()).as("the load was still running when the process was killed").isFalse();
            first.destroyForcibly(); // SIGKILL
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(137);
        } finally {
            first.destroyForcibly();
        }

        // the index on disk is whole: its last commit checks clean
        try (FSDirectory index = FSDirectory.open(work.resolve("data/index"));
             CheckIndex check = new CheckIndex(index)) {
            CheckIndex.Status status = check.checkIndex();
            assertThat(status.clean).isTrue();
        }

        Process second = start(port, "second.log", false);
        try {
            assertThat(http.get("/catalog/stats").json().get("products").asInt())
                    .as("the killed load's rows are absent, the earlier ones present").isEqualTo(BEFORE);
            assertThat(http.get("/health").json().get("status").asText()).isEqualTo("UP");
            Http.Answer answer = http.postJson("/infer", Http.json(Map.of("product_name", "Brand042 ครีมกันแดด SPF50")));
            assertThat(answer.json().get("brand").asText()).as(answer.text()).isEqualTo("Brand042");

            // the same file again: every row stored once (the load is an upsert)
            Http.Answer again = http.post("/catalog", "text/csv",
                    HttpRequest.BodyPublishers.ofInputStream(() -> catalogue(ROWS, new AtomicInteger())));
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            assertThat(again.json().get("accepted").asInt()).isEqualTo(ROWS);
            assertThat(http.get("/catalog/stats").json().get("products").asInt()).isEqualTo(ROWS);
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    @Test
    void aServiceKilledDuringAReindexRestartsWithEveryProduct() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Http http = Http.onPort(port);
        Path spools = work.resolve("data/reindex");
        Path index = work.resolve("data/index");
        // no merge after the load: the only files the index gets during the reindex are the reindex's
        Process first = start(port, "first.log", false, "--knowledge-base.merge-max-products=0");
        try {
            Http.Answer loaded = http.post("/catalog", "text/csv",
                    HttpRequest.BodyPublishers.ofInputStream(() -> catalogue(ROWS, new AtomicInteger())));
            assertThat(loaded.status()).as(loaded.text()).isEqualTo(200);
            assertThat(http.get("/catalog/stats").json().get("products").asInt()).isEqualTo(ROWS);

            CompletableFuture<HttpResponse<String>> reindex = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/collection/reindex"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            // every product is in the spool: the reindex goes on to the store
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> reindex.isDone() || spooled(spools) == ROWS);
            List<String> before = files(index);
            // and the store is being written: a file it did not have before
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> reindex.isDone() || !before.containsAll(files(index)));
            assertThat(reindex.isDone()).as("the reindex was still running when the process was killed").isFalse();
            first.destroyForcibly(); // SIGKILL
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(137);
        } finally {
            first.destroyForcibly();
        }

        // with the demo catalogue on: it is not loaded over the data directory, whatever the store says
        Process second = start(port, "second.log", true, "--knowledge-base.merge-max-products=0");
        try {
            assertThat(http.get("/catalog/stats").json().get("products").asInt())
                    .as("every product, no demo catalogue").isEqualTo(ROWS);
            assertThat(Files.readString(work.resolve("second.log"))).contains("interrupted reindex");
            assertThat(files(spools)).as("the spool goes once loaded").isEmpty();
            Http.Answer answer = http.postJson("/infer", Http.json(Map.of("product_name", "Brand042 ครีมกันแดด SPF50")));
            assertThat(answer.json().get("brand").asText()).as(answer.text()).isEqualTo("Brand042");
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    /** The most products a spool file in {@code directory} holds, complete lines (0: none there). */
    private static long spooled(Path directory) throws IOException {
        long most = 0;
        for (String name : files(directory)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(directory.resolve(name));
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // renamed meanwhile
            }
            long lines = 0;
            for (byte b : bytes) {
                if (b == '\n') {
                    lines++;
                }
            }
            most = Math.max(most, lines);
        }
        return most;
    }

    /** The names of the files in {@code directory} (none when it is not there), but Lucene's lock. */
    private static List<String> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var listed = Files.list(directory)) {
            return listed.map(path -> path.getFileName().toString()).filter(name -> !name.equals("write.lock"))
                    .toList();
        }
    }

    /**
     * The service in a process of its own, on the test's classpath and {@code work}'s directories, once ready; with the
     * demo catalogue on or off, and {@code settings} ({@code --key=value}).
     */
    private Process start(int port, String log, boolean demo, String... settings) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--data.dir=" + work.resolve("data"),
                "--catalog.inbox=" + work.resolve("inbox"), "--batch.inbox=" + work.resolve("titles"),
                "--batch.outbox=" + work.resolve("results"), "--routes.dir=" + work.resolve("routes"),
                "--knowledge-base.demo-catalog=" + demo, "--agents.ner.tagger.max-titles=2000"));
        arguments.addAll(List.of(settings));
        return ServiceProcess.start(port, work.resolve(log), "-Xmx512m", arguments);
    }
}
