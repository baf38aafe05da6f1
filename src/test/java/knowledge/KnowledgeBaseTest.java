package knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeBaseTest {

    @TempDir
    Path dir;

    private static final String CATALOG = """
            product_name,brand,category,aliases
            ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์,Wonder Smile,oral care,วันเดอร์สไมล์
            Wonder Smile ยาสีฟันสมุนไพร 80g,Wonder Smile,oral care,
            Colgate Total toothpaste 150g,Colgate,oral care,คอลเกต
            ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม,Colgate,oral care,
            Mama instant noodles tom yum 55g,Mama,noodles,มาม่า
            """;

    private KnowledgeBase open(Embedder embedder) {
        return new KnowledgeBase(new LuceneVectorStore(dir.resolve("index"), embedder), embedder, 2, 100);
    }

    private static ByteArrayInputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loadingTwiceChangesNothingAndRestartKeepsEverything() throws Exception {
        Embedder embedder = new CharNgramEmbedder(256, 2, 4);
        try (KnowledgeBase kb = open(embedder)) {
            LoadReport first = kb.load(csv(CATALOG), CatalogFormat.CSV);
            assertThat(first.accepted()).isEqualTo(5);
            assertThat(kb.productCount()).isEqualTo(5);
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            assertThat(kb.productCount()).isEqualTo(5);
            assertThat(kb.registry().size()).isEqualTo(3);
        }
        try (KnowledgeBase kb = open(embedder)) {
            assertThat(kb.productCount()).isEqualTo(5);
            Brand colgate = kb.registry().find("คอลเกต").orElseThrow();
            assertThat(colgate.name()).isEqualTo("Colgate");
            assertThat(colgate.productCount()).isEqualTo(2);
            assertThat(colgate.aliases()).extracting(Brand.Alias::name, Brand.Alias::source)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("คอลเกต", "catalog"));
            assertThat(kb.nearest("Colgate toothpaste 150 g", 1).get(0).brand()).isEqualTo("Colgate");
        }
    }

    @Test
    void aKnowledgeBaseFollowsAStoreThatAnotherOneWrites() throws Exception {
        Embedder embedder = new CharNgramEmbedder(256, 2, 4);
        // two services over one store (as over one Milvus collection): one loads, the other follows
        VectorStore shared = new LuceneVectorStore(dir.resolve("index"), embedder);
        try (KnowledgeBase writer = new KnowledgeBase(shared, embedder, 2, 100)) {
            KnowledgeBase reader = new KnowledgeBase(shared, embedder, 2, 100);
            java.util.concurrent.atomic.AtomicInteger listened = new java.util.concurrent.atomic.AtomicInteger();
            reader.onLoaded(listened::incrementAndGet);
            assertThat(reader.follow()).as("nothing changed yet").isFalse();

            writer.load(csv(CATALOG), CatalogFormat.CSV);
            assertThat(reader.registry().find("คอลเกต")).isEmpty();
            assertThat(reader.follow()).isTrue();
            assertThat(reader.registry().find("คอลเกต").orElseThrow().name()).isEqualTo("Colgate");
            assertThat(listened).hasValue(1);
            assertThat(reader.follow()).as("read already").isFalse();

            writer.load(csv("product_name,brand\nColgate MaxFresh 160g,Colgate\n"), CatalogFormat.CSV);
            assertThat(reader.follow()).as("a new product of a known brand").isTrue();
            assertThat(reader.registry().find("Colgate").orElseThrow().productCount()).isEqualTo(3);
            assertThat(listened).hasValue(2);
        }
    }

    @Test
    void aFollowerReadsTheProductsOnlyWhenTheStoresChangeMarkerMoved() throws Exception {
        Embedder embedder = new CharNgramEmbedder(256, 2, 4);
        MarkedStore shared = new MarkedStore(new LuceneVectorStore(dir.resolve("index"), embedder));
        try (KnowledgeBase writer = new KnowledgeBase(shared, embedder, 2, 100)) {
            KnowledgeBase reader = new KnowledgeBase(shared, embedder, 2, 100);
            int atStart = shared.reads();
            assertThat(reader.follow()).isFalse();
            assertThat(reader.follow()).isFalse();
            assertThat(shared.reads()).as("the marker did not move: nothing read").isEqualTo(atStart);

            writer.load(csv(CATALOG), CatalogFormat.CSV);
            int censusesAfterLoad = shared.censuses.get();
            int keptAfterLoad = shared.kept.get();
            assertThat(reader.follow()).isTrue();
            assertThat(reader.registry().find("คอลเกต").orElseThrow().name()).isEqualTo("Colgate");
            assertThat(shared.censuses).as("the census and evidence the writer kept were read instead of the products")
                    .hasValue(censusesAfterLoad);
            assertThat(shared.kept.get()).isGreaterThan(keptAfterLoad);
            int followed = shared.reads();
            assertThat(reader.follow()).isFalse();
            assertThat(shared.reads()).as("read at the new marker already").isEqualTo(followed);

            shared.marker = null; // a store that keeps no marker: what is kept is read each time
            assertThat(reader.follow()).isFalse();
            assertThat(shared.reads()).isGreaterThan(followed);
            assertThat(shared.censuses).hasValue(censusesAfterLoad);

            shared.keeps = false; // nor anything derived: the products are read each time
            assertThat(reader.follow()).isFalse();
            assertThat(shared.censuses.get()).isGreaterThan(censusesAfterLoad);
        }
    }

    /**
     * A store whose change marker moves at each commit, which can be told to keep nothing derived, and which counts its
     * census reads and the times what it keeps is asked for.
     */
    private static final class MarkedStore extends ForwardingStore {
        final java.util.concurrent.atomic.AtomicInteger censuses = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger kept = new java.util.concurrent.atomic.AtomicInteger();
        volatile String marker = "0";
        volatile boolean keeps = true;

        MarkedStore(VectorStore store) {
            super(store);
        }

        int reads() {
            return censuses.get() + kept.get();
        }

        @Override
        public Derived derived(String name) {
            if (!keeps) {
                return null;
            }
            kept.incrementAndGet();
            return super.derived(name);
        }

    @Override
        public String changeMarker() {
            return marker;
        }

        @Override
        public void commit() {
            super.commit();
            if (marker != null) {
                marker = String.valueOf(Integer.parseInt(marker) + 1);
            }
        }

        @Override
        public BrandCensus census() {
            censuses.incrementAndGet();
            return super.census();
        }
    }

    @Test
    void aNameAndALongerOneTheCatalogueShowsAreOneBrandAreMerged() throws Exception {
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            kb.load(csv("""
                    product_name,brand
                    wausau paper 32519 exact eco copy paper,wausau
                    wausau paper astrobrights poster board,wausau paper
                    wausau paper bright white 500 sheets,wausau paper
                    wausau exact index card stock,wausau
                    wausau paper 20lb ream,wausau
                    KING ตู้แขวน ABS บานคู่,KING
                    KING ตู้ลอย บานเดี่ยว,KING
                    KING STELLA น้ำยาเช็ดกระจก 2500 มล.,KING STELLA
                    KING STELLA สเปรย์ปรับอากาศ 350 มล.,KING
                    """), CatalogFormat.CSV);
            // two titles labelled wausau write wausau paper: one brand, named as most products spell it
            Brand wausau = kb.registry().find("wausau paper").orElseThrow();
            assertThat(wausau.name()).isEqualTo("wausau");
            assertThat(wausau.productCount()).isEqualTo(5);
            assertThat(kb.registry().find("Wausau").orElseThrow()).isSameAs(wausau);
            assertThat(wausau.aliases()).extracting(Brand.Alias::name, Brand.Alias::source)
                    .contains(org.assertj.core.groups.Tuple.tuple("wausau paper", "spelling"));
            // one KING title writing KING STELLA (a mislabelled row) is not enough: two brands
            assertThat(kb.registry().find("KING").orElseThrow().name()).isEqualTo("KING");
            assertThat(kb.registry().find("KING STELLA").orElseThrow().name()).isEqualTo("KING STELLA");
        }
        assertThat(BrandRegistry.extendsName("startech.com", "StarTech")).isTrue();
        assertThat(BrandRegistry.extendsName("Lexar Media", "lexar")).isTrue();
        assertThat(BrandRegistry.extendsName("TOAST", "TOA")).isFalse();
        assertThat(BrandRegistry.extendsName("lexar", "lexar")).isFalse();
    }

    @Test
    void aLabelWhoseTitlesWriteAShorterBrandNameTakesItInWhenFewerProductsCarryThatName() throws Exception {
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            kb.load(csv("""
                    product_name,brand
                    griffin reflect case for ipod touch chrome,griffin technology
                    griffin powerblock dual universal charger,griffin technology
                    griffin technology elan form case black,griffin technology
                    griffin screen care kit 3 pack,griffin
                    sony ericsson w580i walkman phone,sony ericsson
                    sony w995 walkman phone black,sony ericsson
                    sony k850i cyber-shot phone,sony ericsson
                    sony bravia 40 inch lcd tv,sony
                    sony cyber-shot 12 mp camera,sony
                    sony walkman 8 gb mp3 player,sony
                    sony dvd player dvp-sr210p,sony
                    """), CatalogFormat.CSV);
            // two griffin technology titles write griffin alone, a name one product carries: one brand
            Brand griffin = kb.registry().find("griffin").orElseThrow();
            assertThat(griffin.name()).isEqualTo("griffin technology");
            assertThat(griffin.productCount()).isEqualTo(4);
            // two sony ericsson titles write sony alone, but four products carry sony: two brands
            assertThat(kb.registry().find("sony").orElseThrow().name()).isEqualTo("sony");
            assertThat(kb.registry().find("sony ericsson").orElseThrow().name()).isEqualTo("sony ericsson");
        }
    }

    @Test
    void spellingVariantsTheTitlesShowAreOneBrand() throws Exception {
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            kb.load(csv("""
                    product_name,brand
                    KING'S STELLA น้ำยาเช็ดกระจก 5200 มล.,KING STELLA
                    KING'S STELLA สเปรย์ปรับอากาศ 300 ซีซี,KING STELLA
                    คิงส์สเตลล่า น้ำยาถูพื้น 5000 มล.,KING STELLA
                    KINGS STELLA เจลล้างมือ 450 มล.,KINGS STELLA
                    victor mouse trap 2 pack,victor
                    victory mouse trap refill,victor
                    victory garden seeds tomato,victory
                    """), CatalogFormat.CSV);
            // two KING STELLA titles write KING'S STELLA, another brand's name one letter away: one brand
            Brand stella = kb.registry().find("KINGS STELLA").orElseThrow();
            assertThat(stella.name()).isEqualTo("KING STELLA");
            assertThat(stella.productCount()).isEqualTo(4);
            // one victor title writing victory is not enough
            assertThat(kb.registry().find("victory").orElseThrow().name()).isEqualTo("victory");
        }
        assertThat(BrandRegistry.spellingVariant("KINGSTELLA", "KINGSSTELLA")).isTrue();
        assertThat(BrandRegistry.spellingVariant("ROSOFF", "RASOFF")).isTrue();
        assertThat(BrandRegistry.spellingVariant("VICTOR", "VICTORY")).isTrue();
        assertThat(BrandRegistry.spellingVariant("DOVE", "DOVER")).as("too short").isFalse();
        assertThat(BrandRegistry.spellingVariant("ROSOFF", "ROSOFF")).isFalse();
        assertThat(BrandRegistry.spellingVariant("KINGSTELLA", "KINGSTELLAS1")).isFalse();
        assertThat(BrandRegistry.spellingVariant("RASOFFX", "ROSOFFY")).isFalse();
    }

    private static final String LEARNING_CATALOG = """
            product_name,brand
            จระเข้ กาวยาแนว สีขาว 1 กก.,JORAKAY
            ซีเมนต์ซ่อมแซมโครงสร้าง จระเข้ 20 Kg.,JORAKAY
            ปูนกาว จระเข้ เขียว 20 กก.,JORAKAY
            JORAKAY กาวยาแนว สีเทา,JORAKAY
            LANKO กาวยาแนว สีขาว 1 กก.,LANKO
            wausau paper 32519 exact eco copy paper,wausau
            wausau paper astrobrights poster board,wausau paper
            wausau paper 20lb ream,wausau
            """;

    @Test
    void aRestartReadsTheRegistrysEvidenceBackUntilTheProductsChange() throws Exception {
        Embedder embedder = new CharNgramEmbedder(256, 2, 4);
        Path kept = dir.resolve("index").resolve(RegistryEvidence.FILE);
        try (KnowledgeBase kb = open(embedder)) {
            kb.load(csv(LEARNING_CATALOG), CatalogFormat.CSV);
            assertThat(kb.registry().find("จระเข้").orElseThrow().name()).isEqualTo("JORAKAY");
            assertThat(kb.registry().find("wausau paper").orElseThrow().name()).isEqualTo("wausau");
        }
        assertThat(kept).exists();
        // what the file says is what a restart uses: an alias only the file names proves it was read, not derived
        java.nio.file.Files.writeString(kept, java.nio.file.Files.readString(kept).replace("จระเข้", "ตราจระเข้"));
        try (KnowledgeBase kb = open(embedder)) {
            assertThat(kb.registry().find("ตราจระเข้").orElseThrow().name()).isEqualTo("JORAKAY");
            assertThat(kb.registry().find("wausau paper").orElseThrow().name()).isEqualTo("wausau");
            // a load changes the products: the registry is derived again and kept for them
            kb.load(csv("product_name,brand\nLANKO ปูนกาว 20 กก.,LANKO\n"), CatalogFormat.CSV);
            assertThat(kb.registry().find("ตราจระเข้")).isEmpty();
            assertThat(kb.registry().find("จระเข้").orElseThrow().name()).isEqualTo("JORAKAY");
        }
        assertThat(java.nio.file.Files.readString(kept)).doesNotContain("ตราจระเข้");
        java.nio.file.Files.writeString(kept, java.nio.file.Files.readString(kept).replace("จระเข้", "ตราจระเข้"));
        // other learning settings: derived again
        try (KnowledgeBase kb = new KnowledgeBase(new LuceneVectorStore(dir.resolve("index"), embedder), embedder, 2,
                100, 3, 0.7)) {
            assertThat(kb.registry().find("ตราจระเข้")).isEmpty();
            assertThat(kb.registry().find("จระเข้").orElseThrow().name()).isEqualTo("JORAKAY");
        }
        // a file that cannot be read: derived again
        java.nio.file.Files.writeString(kept, "{\"format\": 1, \"learnt\": [");
        try (KnowledgeBase kb = open(embedder)) {
            assertThat(kb.registry().find("จระเข้").orElseThrow().name()).isEqualTo("JORAKAY");
            assertThat(kb.registry().find("wausau paper").orElseThrow().name()).isEqualTo("wausau");
        }
    }

    /** An embedder that runs {@code during} before its {@code at}-th batch (counted from 1) once armed. */
    private static final class Watching implements Embedder {
        final Embedder delegate = new CharNgramEmbedder(256, 2, 4);
        final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger(-1);
        final int at;
        final Runnable during;

        Watching(int at, Runnable during) {
            this.at = at;
            this.during = during;
        }

        void arm() {
            batches.set(0);
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public float[] embed(String text) {
            return delegate.embed(text);
        }

        @Override
        public java.util.List<float[]> embedAll(java.util.List<String> texts) {
            if (batches.get() >= 0 && batches.incrementAndGet() == at) {
                during.run();
            }
            return delegate.embedAll(texts);
        }
    }

    @Test
    void aReindexThatFailsHalfwayKeepsEveryProductAndTheSpool() throws Exception {
        Watching failing = new Watching(2, () -> {
            throw new IllegalStateException("the embedder broke");
        });
        try (KnowledgeBase kb = open(failing)) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            failing.arm();
            assertThatThrownBy(() -> kb.reindexFrom(kb.store().location(), dir.resolve("reindex")))
                    .hasMessageContaining("the embedder broke").hasMessageContaining("every product is saved in");
            assertThat(kb.productCount()).isEqualTo(5);
            assertThat(kb.registry().size()).isEqualTo(3);
            assertThat(kb.nearest("Colgate Total toothpaste 150 g", 1).get(0).brand()).isEqualTo("Colgate");
            // the store goes on taking loads, which do not commit a half reindex
            kb.load(csv("product_name,brand\nColgate MaxFresh 160g,Colgate\n"), CatalogFormat.CSV);
            assertThat(kb.productCount()).isEqualTo(6);
        }
        try (var spools = java.nio.file.Files.list(dir.resolve("reindex"))) {
            // kept, under a name a start does not load again over the loads that came since
            assertThat(spools.map(f -> f.getFileName().toString())).as("the spool is kept").singleElement()
                    .satisfies(name -> assertThat(name).startsWith("failed-reindex-").endsWith(".ndjson"));
        }
        assertThat(Reindex.interrupted(dir.resolve("reindex"), "lucene")).isEmpty();
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            assertThat(kb.productCount()).isEqualTo(6);
        }
    }

    /** A service stopping (its knowledge base closed) in the middle of a reindex: the next start does the reindex. */
    @Test
    void aReindexStoppedByACloseKeepsTheProductsAndItsSpoolForTheNextStart() throws Exception {
        java.util.concurrent.atomic.AtomicReference<KnowledgeBase> opened = new java.util.concurrent.atomic.AtomicReference<>();
        Watching closing = new Watching(2, () -> opened.get().close());
        try (KnowledgeBase kb = open(closing)) {
            opened.set(kb);
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            closing.arm();
            assertThatThrownBy(() -> kb.reindexFrom(kb.store().location(), dir.resolve("reindex")))
                    .hasMessageContaining("is loaded at the next start");
        }
        assertThat(Reindex.interrupted(dir.resolve("reindex"), "lucene")).singleElement()
                .satisfies(spool -> assertThat(spool.products()).isEqualTo(5));
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            assertThat(kb.productCount()).isEqualTo(5);
        }
    }

    @Test
    void searchesDuringAReindexSeeEveryProduct() throws Exception {
        java.util.concurrent.atomic.AtomicReference<KnowledgeBase> opened = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.List<Long> seen = new java.util.ArrayList<>();
        java.util.List<String> found = new java.util.ArrayList<>();
        Watching watching = new Watching(3, () -> {
            seen.add(opened.get().productCount());
            found.add(opened.get().nearest("Mama instant noodles tom yum", 1).get(0).brand());
        });
        try (KnowledgeBase kb = open(watching)) {
            opened.set(kb);
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            watching.arm();
            Reindex.Result result = kb.reindexFrom(kb.store().location(), dir.resolve("reindex"));
            assertThat(result.load().accepted()).isEqualTo(5);
            assertThat(seen).as("the products while the last batch of the reindex was embedded").containsExactly(5L);
            assertThat(found).containsExactly("Mama");
            assertThat(kb.productCount()).isEqualTo(5);
        }
    }

    @Test
    void nearestNeighboursComeWithCosineSimilarity() throws Exception {
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
            var neighbours = kb.nearest("Mama instant noodles tom yum 55g", 3);
            assertThat(neighbours.get(0).brand()).isEqualTo("Mama");
            assertThat(neighbours.get(0).similarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(neighbours.get(1).similarity()).isLessThan(neighbours.get(0).similarity());
        }
    }

    @Test
    void anotherEmbedderIsRefusedWithHowToReindex() throws Exception {
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            kb.load(csv(CATALOG), CatalogFormat.CSV);
        }
        assertThatThrownBy(() -> open(new CharNgramEmbedder(128, 2, 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was built with embedder").hasMessageContaining("collection reindex");
    }

    @Test
    void rowsReadBeforeTheInputBrokeAreStored() throws Exception {
        byte[] rows = "product_name,brand\nA title,A\nB title,B\nC title,C\n".getBytes(StandardCharsets.UTF_8);
        java.io.InputStream breaking = new java.io.SequenceInputStream(new ByteArrayInputStream(rows),
                new java.io.InputStream() {
                    @Override
                    public int read() {
                        throw new IllegalStateException("body over the size limit");
                    }
                });
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            assertThatThrownBy(() -> kb.load(breaking, CatalogFormat.CSV)).hasMessageContaining("over the size limit");
            assertThat(kb.productCount()).isEqualTo(3);
        }
    }

    @Test
    void goodRowsAreKeptWhenOthersAreRejected() throws Exception {
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            LoadReport report = kb.load(csv("product_name,brand\nA title,A\n,B\nC title,\nD title,D\n"),
                    CatalogFormat.CSV);
            assertThat(report.accepted()).isEqualTo(2);
            assertThat(report.rejected()).isEqualTo(2);
            assertThat(report.errors()).extracting(LoadReport.RowError::line).containsExactly(3L, 4L);
            assertThat(kb.productCount()).isEqualTo(2);
        }
    }

    @Test
    void aFieldOverTheStoresTermLimitRejectsItsRowAloneAndTheRowsAfterItAreStored() throws Exception {
        // 11,000 Thai characters: 33,000 UTF-8 bytes, over Lucene's 32,766-byte term
        String huge = "\u0e01".repeat(11_000);
        StringBuilder catalog = new StringBuilder("product_name,brand,category,aliases\n");
        for (int i = 0; i < 7; i++) {
            catalog.append("Title ").append(i).append(",Brand").append(i % 3).append(',')
                    .append(i == 2 ? huge : "food").append(',').append(i == 4 ? "Alias " + huge : "").append('\n');
        }
        try (KnowledgeBase kb = open(new CharNgramEmbedder(256, 2, 4))) {
            LoadReport report = kb.load(csv(catalog.toString()), CatalogFormat.CSV);
            assertThat(report.errors()).extracting(LoadReport.RowError::line).containsExactly(4L, 6L);
            assertThat(report.errors().get(0).message()).contains("category").contains("the limit is");
            assertThat(report.errors().get(1).message()).contains("alias").contains("the limit is");
            assertThat(report.accepted()).isEqualTo(5);
            assertThat(kb.productCount()).isEqualTo(5);
        }
    }

    @Test
    void anEntryTheStoreRefusesIsARejectedRowWithItsLineAndTheOthersAreStored() throws Exception {
        Embedder embedder = new CharNgramEmbedder(256, 2, 4);
        VectorStore lucene = new LuceneVectorStore(dir.resolve("index"), embedder);
        // a store that cannot hold one product (as a Milvus whose schema is narrower than the reader's limits)
        VectorStore refusing = new ForwardingStore(lucene) {
            @Override
            public List<Rejected> upsert(List<Entry> entries) {
                List<Entry> kept = new java.util.ArrayList<>();
                List<Integer> keptAt = new java.util.ArrayList<>();
                List<Rejected> rejected = new java.util.ArrayList<>();
                for (int i = 0; i < entries.size(); i++) {
                    if (entries.get(i).product().productName().contains("refused")) {
                        rejected.add(new Rejected(i, "the store refused it"));
                    } else {
                        kept.add(entries.get(i));
                        keptAt.add(i);
                    }
                }
                for (Rejected r : lucene.upsert(kept)) {
                    rejected.add(new Rejected(keptAt.get(r.index()), r.reason()));
                }
                return rejected;
            }
        };
        try (KnowledgeBase kb = new KnowledgeBase(refusing, embedder, 2, 100)) {
            LoadReport report = kb.load(csv("product_name,brand\nA title,A\nB refused,B\nC title,C\n,D\n"
                    + "E title,E\nF refused,F\n"), CatalogFormat.CSV);
            assertThat(report.errors()).extracting(LoadReport.RowError::line).containsExactly(3L, 5L, 7L);
            assertThat(report.errors().get(0).message()).contains("the store refused it");
            assertThat(report.accepted()).isEqualTo(3);
            assertThat(report.rejected()).isEqualTo(3);
            assertThat(kb.productCount()).isEqualTo(3);
        }
    }

    @Test
    void productsOutsideTheStoreAreLabelledWithWhereTheirBrandIsWritten() {
        List<KnowledgeBase.LabelledTitle> titles = KnowledgeBase.labelled(List.of(
                new Product("ยาสีฟันคอลเกต 150 กรัม", "Colgate", "oral care", List.of("คอลเกต")),
                new Product("Sensodyne Repair 100g", "Sensodyne", "oral care", List.of()),
                new Product("น้ำยาล้างจาน 500 มล.", "Sunlight", "kitchen", List.of())));
        // by a name given as an alias, in Thai, glued to the product noun
        assertThat(titles.get(0).title().substring(titles.get(0).start(), titles.get(0).end())).isEqualTo("คอลเกต");
        assertThat(titles.get(1).start()).isZero();
        assertThat(titles.get(1).end()).isEqualTo("Sensodyne".length());
        // not written at all
        assertThat(titles.get(2).start()).isEqualTo(-1);
        assertThat(titles.get(2).brand()).isEqualTo("Sunlight");
    }
}
