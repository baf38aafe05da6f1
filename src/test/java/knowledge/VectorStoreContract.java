package knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store kind must have, run against each (the embedded Lucene store and Milvus), so they cannot
 * drift. A subclass gives a fresh, empty store for an embedder; {@link #reopen} gives the same store again.
 */
abstract class VectorStoreContract {

    static final Embedder EMBEDDER = new CharNgramEmbedder(128, 2, 4);

    /** A new, empty store. */
    abstract VectorStore fresh(Embedder embedder) throws Exception;

    /** The store {@link #fresh} made last, opened again (as after a restart) with {@code embedder}. */
    abstract VectorStore reopen(Embedder embedder) throws Exception;

    private static final String CATALOG = """
            product_name,brand,category,aliases
            ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์,Wonder Smile,oral care,วันเดอร์สไมล์
            Wonder Smile ยาสีฟันสมุนไพร 80g,Wonder Smile,oral care,
            Colgate Total toothpaste 150g,Colgate,oral care,คอลเกต|คอลเกท
            ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม,COLGATE,oral care,
            Mama instant noodles tom yum 55g,Mama,noodles,มาม่า
            """;

    private static ByteArrayInputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loadsUpsertsSearchesAndCounts() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            assertThat(kb.load(csv(CATALOG), CatalogFormat.CSV).accepted()).isEqualTo(5);
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            assertThat(kb.productCount()).isEqualTo(5);
            List<Neighbour> nearest = kb.nearest("Colgate Total toothpaste 150 g", 2);
            assertThat(nearest).hasSize(2);
            assertThat(nearest.get(0).productName()).isEqualTo("Colgate Total toothpaste 150g");
            assertThat(nearest.get(0).brand()).isEqualTo("Colgate");
            assertThat(nearest.get(0).category()).isEqualTo("oral care");
            assertThat(nearest.get(0).similarity()).isGreaterThan(0.9).isGreaterThan(nearest.get(1).similarity());
        }
    }

    @Test
    void theRegistryComesFromTheStoreAndSurvivesARestart() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
        }
        try (KnowledgeBase kb = new KnowledgeBase(reopen(EMBEDDER), EMBEDDER, 2, 100)) {
            assertThat(kb.productCount()).isEqualTo(5);
            assertThat(kb.registry().size()).isEqualTo(3);
            Brand colgate = kb.registry().find("คอลเกท").orElseThrow();
            assertThat(colgate.productCount()).isEqualTo(2);
            List<String> names = new java.util.ArrayList<>(colgate.aliases().stream().map(Brand.Alias::name).toList());
            names.add(colgate.name());
            assertThat(names).contains("คอลเกต", "คอลเกท", "COLGATE", "Colgate");
            List<String> scanned = new java.util.ArrayList<>();
            kb.store().scan((title, brand) -> scanned.add(brand));
            assertThat(scanned).hasSize(5).contains("Mama", "COLGATE");
            assertThat(kb.store().sample(3, 7L)).hasSize(3).isEqualTo(kb.store().sample(3, 7L));
        }
    }

    @Test
    void aStoreBuiltForOneEmbedderRefusesAnother() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
        }
        Embedder other = new CharNgramEmbedder(64, 2, 4);
        assertThatThrownBy(() -> {
            try (VectorStore store = reopen(other)) {
                store.count();
            }
        }).hasMessageContaining(EMBEDDER.id()).hasMessageContaining("reindex");
    }
}
