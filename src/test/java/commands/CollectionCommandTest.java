package commands;

import commands.CollectionCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import knowledge.CatalogFormat;
import knowledge.CharNgramEmbedder;
import knowledge.Embedder;
import knowledge.KnowledgeBase;
import knowledge.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import processors.Json;
import support.TestMilvus;

/** The {@code collection} command of the jar, run as {@code Application.main} runs it, on the embedded store and Milvus. */
class CollectionCommandTest {

    @TempDir
    Path dir;

    /** What one run printed, and its exit status. */
    record Run(int status, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CollectionCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String[] args(String command, String... more) {
        List<String> all = new ArrayList<>(List.of(command, "--data.dir=" + dir.resolve("data")));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The catalogue a service with the default embedder (dimension 512) would have stored. */
    private void loadCatalogue(StoreLocation location) throws Exception {
        Embedder embedder = new CharNgramEmbedder(512, 2, 4);
        try (KnowledgeBase kb = new KnowledgeBase(location.open(embedder), embedder, 100, 10)) {
            kb.load(new ByteArrayInputStream("""
                    product_name,brand,category,aliases
                    Colgate Total toothpaste 150g,Colgate,oral care,คอลเกต
                    ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม,Colgate,oral care,
                    Mama instant noodles tom yum 55g,Mama,noodles,มาม่า
                    """.getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
        }
    }

    @Test
    void managesTheEmbeddedStore() throws Exception {
        Run empty = run(args("stats"));
        assertThat(empty.status()).as(empty.err()).isZero();
        assertThat(empty.json().get("kind").asText()).isEqualTo("lucene");
        assertThat(empty.json().get("exists").asBoolean()).isFalse();

        Run created = run(args("create"));
        assertThat(created.status()).as(created.err()).isZero();
        assertThat(created.json().get("created").asBoolean()).isTrue();
        assertThat(run(args("create")).json().get("created").asBoolean()).isFalse();

        loadCatalogue(new StoreLocation.Lucene(dir.resolve("data/index")));
        Run stats = run(args("stats"));
        assertThat(stats.json().get("rows").asLong()).isEqualTo(3);
        assertThat(stats.json().get("built_with_configured_embedder").asBoolean()).isTrue();

        // another embedder: the store is rebuilt for it, every product kept
        Run reindexed = run(args("reindex", "--knowledge-base.embedding.dimension=256"));
        assertThat(reindexed.status()).as(reindexed.err()).isZero();
        assertThat(reindexed.json().at("/reindexed/exported").asLong()).isEqualTo(3);
        assertThat(reindexed.json().at("/reindexed/load/accepted").asLong()).isEqualTo(3);
        assertThat(reindexed.json().get("dimension").asInt()).isEqualTo(256);
        assertThat(reindexed.json().get("built_with_configured_embedder").asBoolean()).isTrue();
        assertThat(run(args("stats")).json().get("built_with_configured_embedder").asBoolean())
                .as("the default embedder no longer built it").isFalse();

        Run unconfirmed = run(args("drop"));
        assertThat(unconfirmed.status()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("--yes");
        Run dropped = run(args("drop", "--yes"));
        assertThat(dropped.status()).as(dropped.err()).isZero();
        assertThat(dropped.json().get("dropped").asBoolean()).isTrue();
        assertThat(run(args("stats")).json().get("exists").asBoolean()).isFalse();
    }

    @Test
    void aStoreInUseIsNotDeletedAndNothingIsLost() throws Exception {
        StoreLocation location = new StoreLocation.Lucene(dir.resolve("data/index"));
        loadCatalogue(location);
        Embedder embedder = new CharNgramEmbedder(512, 2, 4);
        try (var open = location.open(embedder)) {
            Run drop = run(args("drop", "--yes"));
            assertThat(drop.status()).isEqualTo(1);
            assertThat(drop.err()).contains("in use");
            Run reindex = run(args("reindex"));
            assertThat(reindex.status()).isEqualTo(1);
            assertThat(reindex.err()).contains("in use");
            assertThat(open.count()).isEqualTo(3);
        }
        assertThat(dir.resolve("data/reindex").toFile().list()).as("no spool left behind").isEmpty();
    }

    @Test
    void badCommandsAreRefusedWithTheUsage() {
        Run none = run();
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("usage:");
        Run unknown = run(args("compact"));
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command: compact");
        Run source = run(args("reindex", "--source=postgres"));
        assertThat(source.status()).isEqualTo(2);
        assertThat(source.err()).contains("lucene or milvus");
        Run store = run(args("stats", "--knowledge-base.store=redis"));
        assertThat(store.status()).isEqualTo(1);
        assertThat(store.err()).contains("knowledge-base.store must be lucene or milvus");
    }

    @Test
    void populatesMilvusFromTheEmbeddedStore() throws Exception {
        TestMilvus.assumeAvailable("the collection command's Milvus test is skipped");
        loadCatalogue(new StoreLocation.Lucene(dir.resolve("data/index")));
        String collection = "mpi_cli_" + Long.toHexString(System.nanoTime());
        String[] milvus = {"--knowledge-base.store=milvus", "--milvus.uri=" + TestMilvus.URI, "--milvus.collection=" + collection};
        try {
            Run populated = run(args("reindex", concat(milvus, "--source=lucene")));
            assertThat(populated.status()).as(populated.err()).isZero();
            assertThat(populated.json().at("/reindexed/exported").asLong()).isEqualTo(3);
            assertThat(populated.json().get("rows").asLong()).isEqualTo(3);
            assertThat(populated.json().get("loaded").asBoolean()).isTrue();
            Run stats = run(args("stats", milvus));
            assertThat(stats.json().get("collection").asText()).isEqualTo(collection);
            assertThat(stats.json().get("rows").asLong()).isEqualTo(3);
            Run dropped = run(args("drop", concat(milvus, "--yes")));
            assertThat(dropped.json().get("dropped").asBoolean()).isTrue();
        } finally {
            TestMilvus.location(collection).delete();
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
