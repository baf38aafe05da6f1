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
