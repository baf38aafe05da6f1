package knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every store kind must have, run against each (the embedded Lucene store and Milvus), so they cannot
 * drift. A subclass gives a fresh, empty store for an embedder; {@link #reopen} gives the same store again.
 */
abstract class VectorStoreContract {

    static final Embedder EMBEDDER = new CharNgramEmbedder(128, 2, 4);
    static final Embedder OTHER = new CharNgramEmbedder(64, 2, 4);

    /** Where reindex spools go. */
    @TempDir
    Path spoolDir;

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
    void theSampleDependsOnWhatTheStoreHoldsNotOnTheOrderItWasLoadedIn() throws Exception {
        List<String> rows = CATALOG.lines().skip(1).toList();
        List<Product> forward;
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            forward = kb.store().sample(3, 7L);
        }
        List<String> reversed = new ArrayList<>(rows);
        java.util.Collections.reverse(reversed);
        // the same products loaded one per load in the other order (into the same Lucene index, each is deleted and added
        // again): the store now visits them in another order
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 1, 100)) {
            for (String row : reversed) {
                kb.load(csv(CATALOG.lines().findFirst().orElseThrow() + "\n" + row + "\n"), CatalogFormat.CSV);
            }
            assertThat(kb.store().sample(3, 7L)).hasSize(3).isEqualTo(forward);
            // a larger sample holds the smaller one; asking for more than the store holds gives all of them
            assertThat(kb.store().sample(5, 7L)).hasSize(5).containsAll(forward);
            assertThat(kb.store().sample(100, 7L)).hasSize(5);
            assertThat(kb.store().sample(0, 7L)).isEmpty();
        }
    }

    @Test
    void aStoreBuiltForOneEmbedderRefusesAnother() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
        }
        assertThatThrownBy(() -> {
            try (VectorStore store = reopen(OTHER)) {
                store.count();
            }
        }).hasMessageContaining(EMBEDDER.id()).hasMessageContaining("reindex");
    }

    @Test
    void aCategoryKeepsTheSearchToItsProducts() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            assertThat(kb.nearest("Colgate Total toothpaste", 5, "noodles")).extracting(Neighbour::brand)
                    .containsExactly("Mama");
            assertThat(kb.nearest("Mama instant noodles", 5, "oral care")).hasSize(4)
                    .allSatisfy(n -> assertThat(n.category()).isEqualTo("oral care"));
            assertThat(kb.nearest("Colgate Total toothpaste", 5, "Oral Care")).as("exact, as loaded").isEmpty();
            assertThat(kb.nearest("Colgate Total toothpaste", 5, "say \"cheese\" \\ 'x'")).isEmpty();
        }
    }

    @Test
    void clearingEmptiesTheStoreWhichStaysUsable() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            int[] loads = {0};
            kb.onLoaded(() -> loads[0]++);
            kb.clear();
            assertThat(loads[0]).as("listeners hear of it").isEqualTo(1);
            assertThat(kb.productCount()).isZero();
            assertThat(kb.registry().size()).isZero();
            assertThat(kb.nearest("Colgate", 3)).isEmpty();
            assertThat(kb.store().create()).as("the store is there, empty").isFalse();
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            assertThat(kb.productCount()).isEqualTo(5);
        }
    }

    static List<VectorStore.Entry> entries(Product... products) {
        return java.util.Arrays.stream(products).map(product -> new VectorStore.Entry(KnowledgeBase.productId(product),
                product, EMBEDDER.embed(product.productName()))).toList();
    }

    @Test
    void aReplaceEndsWithExactlyItsProductsAndTheOldOnesAreSearchableUntilThen() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            VectorStore store = kb.store();
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            store.beginReplace();
            store.upsert(entries(new Product("Mama instant noodles tom yum 55g", "Mama", "noodles", List.of()),
                    new Product("Nissin cup noodles seafood 60g", "Nissin", "noodles", List.of())));
            assertThat(store.search(EMBEDDER.embed("Colgate Total toothpaste 150g"), 1).get(0).brand())
                    .as("an old product during the replace").isEqualTo("Colgate");
            store.commit();
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.search(EMBEDDER.embed("Colgate Total toothpaste 150g"), 5)).extracting(Neighbour::brand)
                    .containsExactlyInAnyOrder("Mama", "Nissin");
        }
        try (VectorStore store = reopen(EMBEDDER)) {
            assertThat(store.count()).isEqualTo(2);
        }
    }

    @Test
    void aLocationIsInspectedExportedAndDeletedWhateverEmbedderBuiltIt() throws Exception {
        StoreLocation location;
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            location = kb.store().location();
        }
        Map<String, Object> view = location.inspect();
        assertThat(view).containsEntry("exists", true).containsEntry("rows", 5L)
                .containsEntry("built_with", EMBEDDER.id()).containsEntry("dimension", 128);
        List<Product> products = new ArrayList<>();
        assertThat(location.export(products::add)).isEqualTo(5);
        assertThat(products).contains(new Product("Colgate Total toothpaste 150g", "Colgate", "oral care",
                List.of("คอลเกต", "คอลเกท")), new Product("Wonder Smile ยาสีฟันสมุนไพร 80g", "Wonder Smile",
                "oral care", List.of()));
        assertThat(location.delete()).isTrue();
        assertThat(location.inspect()).containsEntry("exists", false);
        assertThat(location.export(products::add)).isZero();
        assertThat(location.delete()).isFalse();
    }

    @Test
    void reindexingRebuildsAStoreForAnotherEmbedderWithEveryProduct() throws Exception {
        StoreLocation location;
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            location = kb.store().location();
        }
        Reindex.Spool spool = Reindex.spool(location, spoolDir);
        assertThat(spool.products()).isEqualTo(5);
        assertThat(location.delete()).isTrue();
        try (KnowledgeBase kb = new KnowledgeBase(reopen(OTHER), OTHER, 2, 100)) {
            LoadReport report = Reindex.load(spool, kb);
            assertThat(report.accepted()).isEqualTo(5);
            assertThat(report.rejected()).isZero();
            assertThat(Files.exists(spool.file())).as("the spool goes once loaded").isFalse();
            assertThat(kb.nearest("Colgate Total toothpaste 150 g", 1).get(0).brand()).isEqualTo("Colgate");
            assertThat(kb.registry().find("คอลเกท")).as("given aliases come along").isPresent();
        }
        assertThat(location.inspect()).containsEntry("built_with", OTHER.id()).containsEntry("dimension", 64);
    }

    @Test
    void reindexingInPlaceKeepsEveryProduct() throws Exception {
        try (KnowledgeBase kb = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            Reindex.Result result = kb.reindexFrom(kb.store().location(), spoolDir);
            assertThat(result.exported()).isEqualTo(5);
            assertThat(result.load().accepted()).isEqualTo(5);
            assertThat(kb.productCount()).isEqualTo(5);
            assertThat(kb.nearest("Mama instant noodles tom yum", 1).get(0).category()).isEqualTo("noodles");
            try (var spools = Files.list(spoolDir)) {
                assertThat(spools).isEmpty();
            }
        }
    }

    @Test
    void anEntryTheStoreCannotHoldIsLeftOutAloneAndTheOthersAreStored() throws Exception {
        try (VectorStore store = fresh(EMBEDDER)) {
            // 11,000 Thai characters: 33,000 UTF-8 bytes, over Lucene's term and Milvus' VARCHAR limits
            Product huge = new Product("huge category product", "Brand", "\u0e01".repeat(11_000), List.of());
            List<VectorStore.Entry> entries = new ArrayList<>();
            for (Product product : List.of(new Product("first product", "Brand", "food", List.of()), huge,
                    new Product("third product", "Brand", "food", List.of()))) {
                entries.add(new VectorStore.Entry(KnowledgeBase.productId(product), product,
                        EMBEDDER.embed(product.productName())));
            }
            List<VectorStore.Rejected> rejected = store.upsert(entries);
            store.commit();
            assertThat(rejected).extracting(VectorStore.Rejected::index).containsExactly(1);
            assertThat(rejected.get(0).reason()).isNotBlank();
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.search(EMBEDDER.embed("third product"), 1).get(0).productName())
                    .isEqualTo("third product");
        }
    }
}
