package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneVectorStoreTest extends VectorStoreContract {

    @TempDir
    Path dir;

    @Override
    VectorStore fresh(Embedder embedder) {
        return new LuceneVectorStore(dir.resolve("index"), embedder);
    }

    @Override
    VectorStore reopen(Embedder embedder) {
        return new LuceneVectorStore(dir.resolve("index"), embedder);
    }

    @Test
    void theVersionOfTheContentsChangesWithAWriteAndSurvivesMergesAndRestarts() throws Exception {
        String written;
        try (VectorStore store = fresh(EMBEDDER)) {
            String empty = store.derived("x").version();
            // one segment per commit: enough of them that Lucene merges some, and commits the merge when it closes
            for (int i = 0; i < 25; i++) {
                Product product = new Product("product " + i, "Brand " + (i % 3), null, List.of());
                store.upsert(List.of(new VectorStore.Entry("id" + i, product, EMBEDDER.embed(product.productName()))));
                store.commit();
            }
            written = store.derived("x").version();
            assertThat(written).isNotEqualTo(empty);
            assertThat(store.derived("x").where()).isEqualTo(dir.resolve("index").resolve("x").toString());
        }
        try (VectorStore store = reopen(EMBEDDER)) {
            assertThat(store.count()).isEqualTo(25);
            assertThat(store.derived("x").version()).isEqualTo(written);
            store.clear();
            assertThat(store.derived("x").version()).isNotEqualTo(written);
        }
    }

    /**
     * knowledge-base.hnsw.*: what a store writes gets a graph of at most twice max-connections neighbours per node on the
     * bottom layer, and another store with Lucene's defaults reads it and searches it.
     */
    @Test
    void theGraphIsBuiltAsConfiguredAndReadWhateverTheSettings() throws Exception {
        Path thin = dir.resolve("thin");
        Path usual = dir.resolve("usual");
        for (var written : java.util.Map.of(thin, new HnswGraph(4, 20), usual, HnswGraph.DEFAULT).entrySet()) {
            try (LuceneVectorStore store = new LuceneVectorStore(written.getKey(), EMBEDDER, 0, written.getValue())) {
                List<VectorStore.Entry> entries = new java.util.ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    Product product = new Product("product number " + i, "Brand " + (i % 7), null, List.of());
                    entries.add(new VectorStore.Entry("id" + i, product, EMBEDDER.embed(product.productName())));
                }
                store.upsert(entries);
                store.commit();
            }
        }
        assertThat(mostNeighbours(thin)).isBetween(1, 8);
        assertThat(mostNeighbours(usual)).isGreaterThan(8);
        try (LuceneVectorStore store = new LuceneVectorStore(thin, EMBEDDER)) {
            assertThat(store.count()).isEqualTo(300);
            assertThat(store.search(EMBEDDER.embed("product number 123"), 10, null))
                    .extracting(Neighbour::productName).contains("product number 123");
        }
    }

    /** The most neighbours a node of the index in {@code index} has on the bottom layer of its HNSW graphs. */
    private static int mostNeighbours(Path index) throws Exception {
        int most = 0;
        try (var reader = org.apache.lucene.index.DirectoryReader.open(FSDirectory.open(index))) {
            for (var leaf : reader.leaves()) {
                var vectors = (org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat.FieldsReader)
                        ((org.apache.lucene.index.CodecReader) leaf.reader()).getVectorReader();
                var graph = ((org.apache.lucene.codecs.hnsw.HnswGraphProvider)
                        vectors.getFieldReader(LuceneVectorStore.VECTOR)).getGraph(LuceneVectorStore.VECTOR);
                for (int node = 0; node < graph.size(); node++) {
                    graph.seek(0, node);
                    int neighbours = 0;
                    while (graph.nextNeighbor() != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS) {
                        neighbours++;
                    }
                    most = Math.max(most, neighbours);
                }
            }
        }
        return most;
    }

    @Test
    void aWriteIsMergedIntoOneSegmentUpToTheLimitAndNotAboveIt() throws Exception {
        try (LuceneVectorStore store = new LuceneVectorStore(dir.resolve("merged"), EMBEDDER, 100)) {
            writeInThreeCommits(store);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                store.commit();
                assertThat(store.segmentCount()).isEqualTo(1);
            });
            assertThat(store.count()).isEqualTo(30);
            Product wanted = new Product("product 7", "Brand 1", null, List.of());
            assertThat(store.search(EMBEDDER.embed(wanted.productName()), 1, null).get(0).productName())
                    .isEqualTo("product 7");
        }
        // over the limit (and with the merging off): the segments Lucene's own merge policy leaves, here one per commit
        for (long limit : new long[] {9, 0}) {
            try (LuceneVectorStore store = new LuceneVectorStore(dir.resolve("limit" + limit), EMBEDDER, limit)) {
                writeInThreeCommits(store);
                assertThat(store.segmentCount()).isEqualTo(3);
            }
        }
    }

    /**
     * A search without a category walks each segment's graph and merges their hits: over segments small enough for
     * their graphs to be complete (so each one's search is exact), with products replaced in earlier segments, it
     * returns the exact nearest live products, in order, with their brands.
     */
    @Test
    void aSearchOverSeveralSegmentsReturnsTheNearestLiveProductsInOrder() throws Exception {
        try (LuceneVectorStore store = new LuceneVectorStore(dir.resolve("segments"), EMBEDDER, 0)) {
            writeInThreeCommits(store);
            // ids 3..7 and 23..24 again with other titles: their first versions deleted from two segments
            java.util.Map<String, VectorStore.Entry> live = new java.util.LinkedHashMap<>();
            entries(0, 30).forEach(entry -> live.put(entry.id(), entry));
            for (int i : new int[] {3, 4, 5, 6, 7, 23, 24}) {
                Product product = new Product("replaced product " + i + " blue", "Brand R" + i, null, List.of());
                VectorStore.Entry entry = new VectorStore.Entry("id" + i, product,
                        EMBEDDER.embed(product.productName()));
                store.upsert(List.of(entry));
                live.put(entry.id(), entry);
            }
            store.commit();
            assertThat(store.segmentCount()).isEqualTo(4);
            for (String query : List.of("product 5", "replaced product 4", "product 2 blue", "product 27")) {
                float[] vector = EMBEDDER.embed(query);
                double[] exact = live.values().stream().mapToDouble(entry -> -dot(vector, entry.vector())).sorted()
                        .limit(6).map(negated -> -negated).toArray();
                java.util.Map<String, VectorStore.Entry> byName = new java.util.HashMap<>();
                live.values().forEach(entry -> byName.put(entry.product().productName(), entry));
                List<Neighbour> found = store.search(vector, 6, null);
                assertThat(found).as(query).hasSize(6);
                assertThat(found.stream().map(Neighbour::productName).distinct()).hasSize(6);
                for (int i = 0; i < 6; i++) {
                    // products of equal similarity may come in either order
                    VectorStore.Entry entry = byName.get(found.get(i).productName());
                    assertThat(entry).as(query + ": " + found.get(i).productName() + " is live").isNotNull();
                    assertThat(found.get(i).brand()).isEqualTo(entry.product().brand());
                    assertThat(found.get(i).similarity()).as(query + " #" + i)
                            .isCloseTo(dot(vector, entry.vector()), org.assertj.core.api.Assertions.within(1e-5))
                            .isCloseTo(exact[i], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
            // a vector that is not finite is refused, with a category or without, as Lucene's query refuses it
            float[] broken = EMBEDDER.embed("product 5");
            broken[7] = Float.NaN;
            for (String category : java.util.Arrays.asList(null, "tools")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.search(broken, 3, category))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void writeInThreeCommits(LuceneVectorStore store) {
        for (int commit = 0; commit < 3; commit++) {
            for (int i = commit * 10; i < commit * 10 + 10; i++) {
                Product product = new Product("product " + i, "Brand " + (i % 3), null, List.of());
                store.upsert(List.of(new VectorStore.Entry("id" + i, product, EMBEDDER.embed(product.productName()))));
            }
            store.commit();
        }
    }

    private static List<VectorStore.Entry> entries(int from, int to) {
        List<VectorStore.Entry> entries = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            Product product = new Product("product " + i, "Brand " + (i % 3), null, List.of());
            entries.add(new VectorStore.Entry("id" + i, product, EMBEDDER.embed(product.productName())));
        }
        return entries;
    }

    /** The products of the index's last commit in {@code index}: what a process started after a crash finds. */
    private static int committed(Path index) throws Exception {
        try (FSDirectory directory = FSDirectory.open(index);
             org.apache.lucene.index.DirectoryReader reader = org.apache.lucene.index.DirectoryReader.open(directory)) {
            return reader.numDocs();
        }
    }

    /**
     * A replace deletes every document and adds the new ones in one transaction: until its commit, the searches (even
     * after a refresh) and the index on disk hold the old documents, and a close before the commit leaves them there.
     */
    @Test
    void theOldProductsStayUntilAReplaceIsCommitted() throws Exception {
        Path index = dir.resolve("index");
        String before;
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            store.upsert(entries(0, 5));
            store.commit();
            before = store.derived("x").version();
            store.beginReplace();
            store.upsert(entries(100, 130));
            assertThat(store.refresh()).as("no refresh during a replace").isFalse();
            assertThat(store.count()).isEqualTo(5);
            assertThat(store.search(EMBEDDER.embed("product 3"), 1).get(0).productName()).isEqualTo("product 3");
            assertThat(committed(index)).isEqualTo(5);
        }
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            assertThat(store.count()).as("the replace closed before its commit is gone").isEqualTo(5);
            assertThat(store.derived("x").version()).isEqualTo(before);
            store.beginReplace();
            store.upsert(entries(100, 130));
            store.commit();
            assertThat(store.count()).isEqualTo(30);
            assertThat(committed(index)).isEqualTo(30);
        }
    }

    @Test
    void aReplaceRolledBackLeavesTheStoreAsItWasAndWritable() throws Exception {
        try (LuceneVectorStore store = new LuceneVectorStore(dir.resolve("index"), EMBEDDER)) {
            store.upsert(entries(0, 5));
            store.commit();
            String before = store.derived("x").version();
            store.beginReplace();
            store.upsert(entries(100, 110));
            store.rollback();
            assertThat(store.count()).isEqualTo(5);
            assertThat(store.derived("x").version()).isEqualTo(before);
            assertThat(store.refresh()).isTrue();
            assertThat(store.count()).isEqualTo(5);
            store.upsert(entries(5, 6));
            store.commit();
            assertThat(store.count()).isEqualTo(6);
            assertThat(committed(dir.resolve("index"))).isEqualTo(6);
        }
    }

    /** Rebuilt for another embedder: the old index (the old embedder's) stays on disk until the first commit. */
    @Test
    void aStoreRebuiltForAnotherEmbedderKeepsTheOldIndexUntilItsFirstCommit() throws Exception {
        Path index = dir.resolve("index");
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            store.upsert(entries(0, 5));
            store.commit();
        }
        try (LuceneVectorStore store = LuceneVectorStore.rebuilding(index, OTHER, 100, HnswGraph.DEFAULT)) {
            assertThat(store.count()).isZero();
            Product product = new Product("another product", "Brand", null, List.of());
            store.upsert(List.of(new VectorStore.Entry("other", product, OTHER.embed(product.productName()))));
            assertThat(committed(index)).isEqualTo(5);
            assertThat(store.derived("x")).as("nothing kept for a store not committed yet").isNull();
        }
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            assertThat(store.count()).isEqualTo(5);
        }
        try (LuceneVectorStore store = LuceneVectorStore.rebuilding(index, OTHER, 100, HnswGraph.DEFAULT)) {
            Product product = new Product("another product", "Brand", null, List.of());
            store.upsert(List.of(new VectorStore.Entry("other", product, OTHER.embed(product.productName()))));
            store.commit();
        }
        try (LuceneVectorStore store = new LuceneVectorStore(index, OTHER)) {
            assertThat(store.count()).isEqualTo(1);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LuceneVectorStore(index, EMBEDDER))
                .hasMessageContaining("reindex");
    }

    /**
     * An index written before the searches read names from doc values (only stored fields): its products are found
     * with their names, brands and categories, next to new ones, and after a merge that mixes both kinds of document.
     */
    @Test
    void productsStoredBeforeTheNamesHadDocValuesAreFoundWithTheirNames() throws Exception {
        Path index = dir.resolve("index");
        try (FSDirectory directory = FSDirectory.open(index);
             IndexWriter old = new IndexWriter(directory, new IndexWriterConfig())) {
            for (String[] row : List.of(new String[] {"Colgate Total toothpaste 150g", "Colgate", "oral care"},
                    new String[] {"Mama instant noodles tom yum 55g", "Mama", null})) {
                Document doc = new Document();
                doc.add(new StringField(LuceneVectorStore.ID, row[0], Field.Store.YES));
                doc.add(new StoredField(LuceneVectorStore.NAME, row[0]));
                doc.add(new StoredField(LuceneVectorStore.BRAND, row[1]));
                doc.add(new SortedDocValuesField(LuceneVectorStore.BRAND, new BytesRef(row[1])));
                if (row[2] != null) {
                    doc.add(new StringField(LuceneVectorStore.CATEGORY, row[2], Field.Store.YES));
                }
                doc.add(new KnnFloatVectorField(LuceneVectorStore.VECTOR, EMBEDDER.embed(row[0]),
                        VectorSimilarityFunction.DOT_PRODUCT));
                old.addDocument(doc);
            }
        }
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            Product added = new Product("Colgate MaxFresh toothpaste 160g", "Colgate", "oral care", List.of());
            store.upsert(List.of(new VectorStore.Entry("new", added, EMBEDDER.embed(added.productName()))));
            store.commit();
            assertThat(names(store.search(EMBEDDER.embed("Colgate toothpaste"), 3, null))).containsExactlyInAnyOrder(
                    "Colgate Total toothpaste 150g/Colgate/oral care",
                    "Colgate MaxFresh toothpaste 160g/Colgate/oral care", "Mama instant noodles tom yum 55g/Mama/null");
        }
        try (FSDirectory directory = FSDirectory.open(index);
             IndexWriter merging = new IndexWriter(directory, new IndexWriterConfig())) {
            merging.forceMerge(1);
        }
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            assertThat(names(store.search(EMBEDDER.embed("Colgate toothpaste"), 3, null))).containsExactlyInAnyOrder(
                    "Colgate Total toothpaste 150g/Colgate/oral care",
                    "Colgate MaxFresh toothpaste 160g/Colgate/oral care", "Mama instant noodles tom yum 55g/Mama/null");
        }
    }

    private static List<String> names(List<Neighbour> neighbours) {
        return neighbours.stream().map(n -> n.productName() + "/" + n.brand() + "/" + n.category()).toList();
    }
}
