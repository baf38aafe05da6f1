package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import knowledge.CatalogFormat;
import knowledge.CharNgramEmbedder;
import knowledge.Embedder;
import knowledge.KnowledgeBase;
import knowledge.Reindex;
import knowledge.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Http;
import support.ServiceInstance;
import support.TestMilvus;

/**
 * What a service finds at start in a data directory a reindex left: a spool (the reindex was interrupted) is loaded
 * again, as the reindex would have, and the demo catalogue is loaded over neither a spool nor a store that is there,
 * even an empty one.
 */
class InterruptedReindexTest {

    @TempDir
    Path work;

    /** The embedder of the default settings. */
    private static final Embedder EMBEDDER = new CharNgramEmbedder(512, 2, 4);

    private static final String CATALOG = """
            product_name,brand,category,aliases
            Colgate Total toothpaste 150g,Colgate,oral care,คอลเกต
            ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม,Colgate,oral care,
            Mama instant noodles tom yum 55g,Mama,noodles,มาม่า
            """;

    private Map<String, String> settings() {
        Map<String, String> settings = ServiceInstance.ownDirectories(work);
        settings.put("knowledge-base.demo-catalog", "true");
        return settings;
    }

    private StoreLocation.Lucene location() {
        return new StoreLocation.Lucene(work.resolve("data/index"));
    }

    @Test
    void aSpoolLeftInTheDataDirectoryIsLoadedAtStartNotTheDemoCatalogue() throws Exception {
        StoreLocation.Lucene location = location();
        try (KnowledgeBase kb = new KnowledgeBase(location.open(EMBEDDER), EMBEDDER, 100, 10)) {
            kb.load(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
        }
        // a reindex that wrote its spool, emptied the store and was killed
        Reindex.Spool spool = Reindex.spool(location, work.resolve("data/reindex"));
        assertThat(spool.products()).isEqualTo(3);
        try (KnowledgeBase kb = new KnowledgeBase(location.open(EMBEDDER), EMBEDDER, 100, 10)) {
            kb.clear();
        }
        try (ServiceInstance service = ServiceInstance.start("all", settings())) {
            Http http = service.http();
            assertThat(http.get("/catalog/stats").json().get("products").asLong()).isEqualTo(3);
            Http.Answer answer = http.postJson("/infer", """
                    {"product_name": "ยาสีฟัน คอลเกต 150g"}""");
            assertThat(answer.json().get("brand").asText()).as(answer.text()).isEqualTo("Colgate");
        }
        assertThat(Files.exists(spool.file())).as("the spool goes once loaded").isFalse();
    }

    /**
     * {@code collection reindex} for another embedder killed half-way: the index is still the old embedder's, which the
     * service would refuse; the spool is loaded into the index rebuilt for the configured one.
     */
    @Test
    void aSpoolOfAReindexForTheConfiguredEmbedderIsLoadedOverAnIndexOfAnotherOne() throws Exception {
        StoreLocation.Lucene location = location();
        Embedder before = new CharNgramEmbedder(256, 2, 4);
        try (KnowledgeBase kb = new KnowledgeBase(location.open(before), before, 100, 10)) {
            kb.load(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
        }
        Reindex.Spool spool = Reindex.spool(location, work.resolve("data/reindex"));
        try (ServiceInstance service = ServiceInstance.start("all", settings())) {
            assertThat(service.http().get("/catalog/stats").json().get("products").asLong()).isEqualTo(3);
        }
        assertThat(location.inspect()).containsEntry("dimension", 512).containsEntry("rows", 3L);
        assertThat(Files.exists(spool.file())).isFalse();
    }

    @Test
    void aSpoolLeftForAMilvusCollectionIsLoadedIntoItAtStart() throws Exception {
        TestMilvus.assumeAvailable("the Milvus half of the interrupted-reindex tests is skipped");
        StoreLocation.Milvus location = TestMilvus.location("mpi_restore_" + Long.toHexString(System.nanoTime()));
        try {
            try (KnowledgeBase kb = new KnowledgeBase(location.open(EMBEDDER), EMBEDDER, 100, 10)) {
                kb.load(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
                Reindex.spool(location, work.resolve("data/reindex"));
                // a reindex from another store that had written one product when its process died
                kb.store().beginReplace();
                knowledge.Product nissin = new knowledge.Product("Nissin cup noodles 60g", "Nissin", null,
                        java.util.List.of());
                kb.store().upsert(java.util.List.of(new knowledge.VectorStore.Entry(KnowledgeBase.productId(nissin),
                        nissin, EMBEDDER.embed(nissin.productName()))));
                assertThat(kb.productCount()).isEqualTo(4);
            }
            Map<String, String> settings = settings();
            settings.put("knowledge-base.store", "milvus");
            settings.put("milvus.uri", location.uri());
            settings.put("milvus.collection", location.collection());
            try (ServiceInstance service = ServiceInstance.start("all", settings)) {
                assertThat(service.http().get("/catalog/stats").json().get("products").asLong()).isEqualTo(3);
            }
            try (var spools = Files.list(work.resolve("data/reindex"))) {
                assertThat(spools).isEmpty();
            }
        } finally {
            location.delete();
        }
    }

    /** A spool for another store kind is not loaded here, and keeps the demo catalogue out all the same. */
    @Test
    void aSpoolForAnotherStoreKindIsLeftAloneAndNoDemoCatalogueIsLoaded() throws Exception {
        StoreLocation.Lucene elsewhere = new StoreLocation.Lucene(work.resolve("elsewhere/index"));
        try (KnowledgeBase kb = new KnowledgeBase(elsewhere.open(EMBEDDER), EMBEDDER, 100, 10)) {
            kb.load(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
        }
        Reindex.Spool spool = Reindex.spool(elsewhere, "milvus", work.resolve("data/reindex"));
        try (ServiceInstance service = ServiceInstance.start("all", settings())) {
            assertThat(service.http().get("/catalog/stats").json().get("products").asLong()).isZero();
        }
        assertThat(spool.file()).exists();
    }

    @Test
    void theDemoCatalogueIsNotLoadedOverAStoreThatIsThereEmpty() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(location().open(EMBEDDER), EMBEDDER, 100, 10)) {
            kb.load(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
            kb.clear();
        }
        try (ServiceInstance service = ServiceInstance.start("all", settings())) {
            assertThat(service.http().get("/catalog/stats").json().get("products").asLong()).isZero();
        }
    }
}
