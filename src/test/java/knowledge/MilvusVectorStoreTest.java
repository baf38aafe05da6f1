package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.TestMilvus;

/**
 * The store contract against a real Milvus, the one {@link TestMilvus} names (.ci/run starts the Milvus 2.3.5 server, or
 * Milvus Lite). Without one the tests are skipped with a message that says how to run them.
 */
class MilvusVectorStoreTest extends VectorStoreContract {

    private String collection;
    private MilvusVectorStore last;

    @BeforeEach
    void needsMilvus() {
        TestMilvus.assumeAvailable("the Milvus store tests are skipped");
        collection = "mpi_test_" + Long.toHexString(System.nanoTime());
    }

    @AfterEach
    void dropCollection() {
        if (last != null) {
            TestMilvus.location(collection).delete();
        }
    }

    @Override
    VectorStore fresh(Embedder embedder) {
        last = new MilvusVectorStore(TestMilvus.location(collection), embedder);
        return last;
    }

    @Override
    VectorStore reopen(Embedder embedder) {
        return new MilvusVectorStore(TestMilvus.location(collection), embedder);
    }

    /**
     * Services sharing a collection start at once (the split deployment): each finds it missing and creates it, and
     * all but the first are refused; each then uses the collection another created.
     */
    @Test
    void servicesStartingAtOnceOnAMissingCollectionAllOpenIt() throws Exception {
        int services = 6;
        List<VectorStore> stores = new java.util.ArrayList<>();
        stores.add(fresh(EMBEDDER));
        for (int i = 1; i < services; i++) {
            stores.add(reopen(EMBEDDER));
        }
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(services);
        try {
            List<java.util.concurrent.Future<String>> opened = new java.util.ArrayList<>();
            for (VectorStore store : stores) {
                opened.add(pool.submit(() -> {
                    start.await();
                    return store.changeMarker();
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<String> marker : opened) {
                assertThat(marker.get(2, java.util.concurrent.TimeUnit.MINUTES)).as("no commit yet").isNull();
            }
        } finally {
            pool.shutdownNow();
            for (VectorStore store : stores) {
                store.close();
            }
        }
    }

    @Test
    void everyCommitMovesTheChangeMarkerThatOtherProcessesRead() throws Exception {
        try (VectorStore store = fresh(EMBEDDER); VectorStore other = reopen(EMBEDDER)) {
            store.create();
            assertThat(store.changeMarker()).as("no commit yet").isNull();
            store.upsert(entries(new Product("Mama instant noodles tom yum 55g", "Mama", "noodles", List.of())));
            store.commit();
            String first = store.changeMarker();
            assertThat(first).isNotNull();
            assertThat(other.changeMarker()).as("as another process reads it").isEqualTo(first);
            assertThat(store.changeMarker()).as("nothing written since").isEqualTo(first);
            store.beginReplace();
            store.upsert(entries(new Product("Nissin cup noodles seafood 60g", "Nissin", "noodles", List.of())));
            store.commit();
            assertThat(other.changeMarker()).isNotNull().isNotEqualTo(first);
        }
    }

    /**
     * The brand census and registry evidence one service derived are kept beside the collection: another service
     * reading the collection builds its registry from them, without reading the products, and reads them again only
     * when the collection changed.
     */
    @Test
    void theRegistryOneServiceDerivedIsReadByAnotherWithoutReadingTheProducts() throws Exception {
        String catalogue = """
                product_name,brand,category,aliases
                Colgate Total toothpaste 150g,Colgate,oral care,คอลเกต
                ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม,Colgate,oral care,
                Mama instant noodles tom yum 55g,Mama,noodles,มาม่า
                """;
        try (KnowledgeBase writer = new KnowledgeBase(fresh(EMBEDDER), EMBEDDER, 2, 100)) {
            writer.load(new java.io.ByteArrayInputStream(catalogue.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    CatalogFormat.CSV);
            Counting other = new Counting(reopen(EMBEDDER));
            try (KnowledgeBase reader = new KnowledgeBase(other, EMBEDDER, 2, 100)) {
                assertThat(reader.registry().find("คอลเกต").orElseThrow().name()).isEqualTo("Colgate");
                assertThat(other.productReads).as("built from what the writer kept").hasValue(0);

                writer.load(new java.io.ByteArrayInputStream("product_name,brand\nNissin cup noodles 60g,Nissin\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)), CatalogFormat.CSV);
                assertThat(reader.follow()).isTrue();
                assertThat(reader.registry().find("Nissin")).isPresent();
                assertThat(other.productReads).hasValue(0);
            }
        }
        // a text longer than one chunk, with a pair of surrogates across the chunks' border, comes back whole
        try (MilvusVectorStore store = (MilvusVectorStore) reopen(EMBEDDER)) {
            VectorStore.Derived kept = store.derived("long-text");
            String text = "ก".repeat(MilvusDerived.CHUNK_CHARS - 1) + "\uD83D\uDE00" + "x".repeat(MilvusDerived.CHUNK_CHARS);
            kept.write(text);
            assertThat(kept.read()).isEqualTo(text);
            assertThat(store.derived("another").read()).isNull();
        }
    }

    /** A store that counts the times every product is read (census and scan). */
    private static final class Counting extends ForwardingStore {
        final java.util.concurrent.atomic.AtomicInteger productReads = new java.util.concurrent.atomic.AtomicInteger();

        Counting(VectorStore store) {
            super(store);
        }

        @Override
        public BrandCensus census() {
            productReads.incrementAndGet();
            return super.census();
        }

        @Override
        public void scan(java.util.function.BiConsumer<String, String> visitor) {
            productReads.incrementAndGet();
            super.scan(visitor);
        }
    }

    @Test
    void aCatalogueInTheEmbeddedStorePopulatesMilvus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        StoreLocation embedded = new StoreLocation.Lucene(dir.resolve("index"));
        try (KnowledgeBase kb = new KnowledgeBase(embedded.open(EMBEDDER), EMBEDDER, 2, 100)) {
            kb.load(new java.io.ByteArrayInputStream("""
                    product_name,brand,category,aliases
                    Colgate Total toothpaste 150g,Colgate,oral care,คอลเกต
                    Mama instant noodles tom yum 55g,Mama,noodles,
                    """.getBytes(java.nio.charset.StandardCharsets.UTF_8)), CatalogFormat.CSV);
        }
        try (KnowledgeBase kb = new KnowledgeBase(fresh(OTHER), OTHER, 2, 100)) {
            Reindex.Result result = kb.reindexFrom(embedded, spoolDir);
            assertThat(result.exported()).isEqualTo(2);
            assertThat(kb.productCount()).isEqualTo(2);
            assertThat(kb.nearest("Mama noodles", 1, "noodles").get(0).brand()).isEqualTo("Mama");
        }
        assertThat(embedded.inspect()).as("the source stays as it was").containsEntry("rows", 2L);
        assertThat(MilvusVectorStore.inspect(TestMilvus.location(collection)))
                .containsEntry("reachable", true).containsEntry("loaded", true).containsEntry("rows", 2L)
                .containsEntry("built_with", OTHER.id()).containsEntry("metric", "COSINE")
                .containsKey("indexed_rows");
    }

    /** TLS with a certificate a private authority signed: without that authority's PEM the handshake fails, saying so. */
    @Test
    void aCertificateTheServiceDoesNotTrustIsSaidSo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestMilvus.CA_CERT != null, "MILVUS_CA_CERT is not set: the test "
                + "Milvus does not use TLS with a private authority (.ci/run starts one that does)");
        StoreLocation.Milvus jvmTrust = new StoreLocation.Milvus(TestMilvus.URI, TestMilvus.TOKEN, collection, 5000);
        try (MilvusVectorStore store = new MilvusVectorStore(jvmTrust, EMBEDDER)) {
            assertThat(store.status()).containsEntry("reachable", false);
            assertThat((String) store.status().get("error")).startsWith("the TLS handshake with Milvus at "
                    + TestMilvus.URI + " failed (its certificate is checked against the JVM's certificate authorities; "
                    + "for one a private authority signed, give that authority's PEM file in milvus.ca-cert")
                    .contains("PKIX path building failed");
        }
    }

    @Test
    void healthReportsReachabilityLoadStateAndRows() throws Exception {
        try (MilvusVectorStore store = (MilvusVectorStore) fresh(EMBEDDER)) {
            assertThat(store.status()).containsEntry("reachable", true).containsEntry("loaded", true)
                    .containsEntry("rows", 0L);
        }
        try (MilvusVectorStore unreachable = new MilvusVectorStore(
                new StoreLocation.Milvus("http://127.0.0.1:9", null, "x", 1000), EMBEDDER)) {
            assertThat(unreachable.status()).containsEntry("reachable", false).containsKey("error");
        }
    }
}
