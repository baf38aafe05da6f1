package knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsWriter;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactVectorsTest {

    static final CharNgramEmbedder EMBEDDER = new CharNgramEmbedder(512, 2, 4);
    static final String QUERY = "Wonder smile toothpaste kid วันเดอร์สไมล์ 50g";

    @TempDir
    Path dir;

    @Test
    void theCopyOfTheNgramEmbeddersVectorsIsExactAndTheSearchScoresOnIt() throws Exception {
        Path index = dir.resolve("index");
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            store.upsert(titles(0, 200));
            store.commit();
        }
        try (Directory directory = FSDirectory.open(index); DirectoryReader reader = DirectoryReader.open(directory)) {
            assertThat(reader.leaves()).allSatisfy(leaf -> assertThat(hasCopy(leaf)).isTrue());
            assertEveryScoreIsExact(reader, EMBEDDER.embed(QUERY), 200, 1e-6);
            for (LeafReaderContext leaf : reader.leaves()) {
                assertScoredOnTheCopy(leaf, EMBEDDER.embed(QUERY));
            }
        }
    }

    @Test
    void vectorsWithoutACommonUnitGetNoCopyAndAreSearchedOnTheirFloats() throws Exception {
        Path index = dir.resolve("index");
        Random random = new Random(11);
        List<VectorStore.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(new VectorStore.Entry("id" + i, new Product("product " + i, "Brand " + (i % 9), null,
                    List.of()), sparse(random)));
        }
        float[] query = sparse(random);
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            store.upsert(entries);
            store.commit();
            for (Neighbour neighbour : store.search(query, 10, null)) {
                int id = Integer.parseInt(neighbour.productName().substring("product ".length()));
                assertThat(neighbour.similarity()).as(neighbour.productName())
                        .isCloseTo(dot(query, entries.get(id).vector()), within(1e-5));
            }
        }
        try (Directory directory = FSDirectory.open(index); DirectoryReader reader = DirectoryReader.open(directory)) {
            assertThat(reader.leaves()).allSatisfy(leaf -> assertThat(hasCopy(leaf)).isFalse());
            assertEveryScoreIsExact(reader, query, 300, 1e-6);
        }
    }

    @Test
    void aUnitIsFoundForCountsAndNoneForOtherVectors() {
        float[] counts = new float[512];
        counts[3] = 1;
        counts[40] = 2;
        counts[41] = -0.5f;
        counts[300] = 3.5f;
        org.apache.lucene.util.VectorUtil.l2normalize(counts);
        assertThat(CompactVectors.unit(counts)).isCloseTo(counts[41] / -1, within(1e-9f));
        assertThat(CompactVectors.unit(EMBEDDER.embed(QUERY))).isGreaterThan(0);
        assertThat(CompactVectors.unit(sparse(new Random(3)))).isNaN();
        float[] wide = new float[512];
        wide[0] = 1;
        wide[1] = 200;
        assertThat(CompactVectors.unit(wide)).as("more than 127 units").isNaN();
        float[] dense = new float[512];
        java.util.Arrays.fill(dense, 1);
        assertThat(CompactVectors.unit(dense)).isNaN();
        assertThat(CompactVectors.unit(new float[512])).isZero();
    }

    @Test
    void aMergeAfterReplacedProductsKeepsTheCopyInStepWithTheVectors() throws Exception {
        Path index = dir.resolve("index");
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            store.upsert(titles(0, 100));
            store.commit();
            store.upsert(titles(100, 200));
            store.commit();
            // the same ids again, other titles: the first ones deleted
            List<VectorStore.Entry> replaced = new ArrayList<>();
            for (VectorStore.Entry entry : titles(0, 30)) {
                String title = entry.product().productName() + " refill";
                replaced.add(new VectorStore.Entry(entry.id(), new Product(title, entry.product().brand(), null,
                        List.of()), EMBEDDER.embed(title)));
            }
            store.upsert(replaced);
            store.commit();
        }
        try (Directory directory = FSDirectory.open(index)) {
            try (IndexWriter writer = new IndexWriter(directory,
                    new IndexWriterConfig().setCodec(LuceneVectorStore.codec(HnswGraph.DEFAULT)))) {
                writer.forceMerge(1);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertThat(reader.leaves()).hasSize(1);
                assertThat(reader.numDocs()).isEqualTo(200);
                assertThat(hasCopy(reader.leaves().get(0))).isTrue();
                assertEveryScoreIsExact(reader, EMBEDDER.embed(QUERY), 200, 1e-6);
            }
        }
    }

    @Test
    void aSegmentWrittenWithoutTheCopyIsSearchedOnItsFloats() throws Exception {
        try (Directory directory = FSDirectory.open(dir.resolve("index"))) {
            KnnVectorsFormat before = new KnnVectorsFormat(SparseQueryHnswFormat.NAME) {
                private final Lucene99FlatVectorsFormat flat = new Lucene99FlatVectorsFormat(
                        SparseQueryHnswFormat.scorer());

                @Override
                public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
                    return new Lucene99HnswVectorsWriter(state, 16, 100, flat.fieldsWriter(state), 1, null);
                }

                @Override
                public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
                    return new Lucene99HnswVectorsReader(state, flat.fieldsReader(state));
                }

                @Override
                public int getMaxDimensions(String fieldName) {
                    return DEFAULT_MAX_DIMENSIONS;
                }
            };
            Codec codec = new Lucene912Codec() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return before;
                }
            };
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setCodec(codec))) {
                for (VectorStore.Entry entry : titles(0, 150)) {
                    Document document = new Document();
                    document.add(new KnnFloatVectorField(LuceneVectorStore.VECTOR, entry.vector(),
                            VectorSimilarityFunction.DOT_PRODUCT));
                    writer.addDocument(document);
                }
            }
            // read as the service reads it: the format named in the segment, found by Lucene's SPI
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertThat(reader.leaves()).allSatisfy(leaf -> assertThat(hasCopy(leaf)).isFalse());
                assertEveryScoreIsExact(reader, EMBEDDER.embed(QUERY), 150, 1e-6);
            }
        }
    }

    @Test
    void denseVectorsGetNoCopy() throws Exception {
        Path index = dir.resolve("index");
        Random random = new Random(5);
        List<VectorStore.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            float[] vector = new float[512];
            for (int c = 0; c < vector.length; c++) {
                vector[c] = (float) random.nextGaussian();
            }
            org.apache.lucene.util.VectorUtil.l2normalize(vector);
            entries.add(new VectorStore.Entry("id" + i, new Product("product " + i, "Brand", null, List.of()),
                    vector));
        }
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            store.upsert(entries);
            store.commit();
        }
        try (Directory directory = FSDirectory.open(index); DirectoryReader reader = DirectoryReader.open(directory)) {
            assertThat(reader.leaves()).allSatisfy(leaf -> assertThat(hasCopy(leaf)).isFalse());
        }
    }

    /**
     * Searches each segment for all its vectors and checks every score against Lucene's DOT_PRODUCT on the stored
     * floats, within {@code tolerance}.
     */
    private static void assertEveryScoreIsExact(DirectoryReader reader, float[] query, int expected,
                                                  double tolerance) throws IOException {
        int scored = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            int size = leaf.reader().getFloatVectorValues(LuceneVectorStore.VECTOR).size();
            ScoreDoc[] hits = leaf.reader().searchNearestVectors(LuceneVectorStore.VECTOR, query, size,
                    leaf.reader().getLiveDocs(), Integer.MAX_VALUE).scoreDocs;
            for (ScoreDoc hit : hits) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(LuceneVectorStore.VECTOR);
                assertThat(values.advance(hit.doc)).isEqualTo(hit.doc);
                float exact = VectorSimilarityFunction.DOT_PRODUCT.compare(query, values.vectorValue());
                assertThat((double) hit.score).isCloseTo(exact, within(tolerance));
                scored++;
            }
        }
        assertThat(scored).isGreaterThanOrEqualTo(expected * 9 / 10);
    }

    /** Whether the segment holds a compact copy file, in its compound file or beside it. */
    private static boolean hasCopy(LeafReaderContext leaf) {
        SegmentInfo info = ((SegmentReader) leaf.reader()).getSegmentInfo().info;
        try (Directory compound = compound(info)) {
            String[] files = compound != null ? compound.listAll() : info.files().toArray(String[]::new);
            return Arrays.stream(files).anyMatch(file -> file.endsWith("." + CompactVectors.EXTENSION));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Opens the segment's vectors as the format does ({@link SparseQueryHnswFormat#fieldsReader}: the copy's reader
     * around Lucene's flat one) and checks that a sparse query is scored on the copy, as the floats score it.
     */
    private static void assertScoredOnTheCopy(LeafReaderContext leaf, float[] query) throws IOException {
        SegmentReader segment = (SegmentReader) leaf.reader();
        SegmentInfo info = segment.getSegmentInfo().info;
        try (Directory compound = compound(info)) {
            // the per-field format's files carry its name and a number
            SegmentReadState state = new SegmentReadState(compound != null ? compound : info.dir, info,
                    segment.getFieldInfos(), IOContext.DEFAULT, SparseQueryHnswFormat.NAME + "_0");
            try (CompactVectors.Reader vectors = new CompactVectors.Reader(
                    new Lucene99FlatVectorsFormat(SparseQueryHnswFormat.scorer()).fieldsReader(state), state)) {
                RandomVectorScorer scorer = vectors.getRandomVectorScorer(LuceneVectorStore.VECTOR, query);
                assertThat(scorer).isInstanceOf(CompactVectors.CompactDotProduct.class);
                var floats = (RandomAccessVectorValues.Floats) segment.getFloatVectorValues(LuceneVectorStore.VECTOR);
                for (int ord = 0; ord < scorer.maxOrd(); ord++) {
                    assertThat(scorer.score(ord)).isCloseTo(
                            VectorSimilarityFunction.DOT_PRODUCT.compare(query, floats.vectorValue(ord)), within(1e-6f));
                }
            }
        }
    }

    /** The segment's compound file as a directory, or null when its files stand on their own. */
    private static Directory compound(SegmentInfo info) throws IOException {
        return info.getUseCompoundFile()
                ? info.getCodec().compoundFormat().getCompoundReader(info.dir, info, IOContext.DEFAULT) : null;
    }

    private static List<VectorStore.Entry> titles(int from, int to) {
        List<VectorStore.Entry> entries = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Product product = new Product("ยาสีฟัน product " + i + " toothpaste " + (i * 37 % 101) + "g",
                    "Brand " + (i % 7), null, List.of());
            entries.add(new VectorStore.Entry("id" + i, product, EMBEDDER.embed(product.productName())));
        }
        return entries;
    }

    /** A unit vector with 60 of its 512 coordinates set to Gaussian values: sparse, on no lattice. */
    private static float[] sparse(Random random) {
        float[] vector = new float[512];
        for (int i = 0; i < 60; i++) {
            vector[random.nextInt(vector.length)] = (float) random.nextGaussian();
        }
        org.apache.lucene.util.VectorUtil.l2normalize(vector);
        return vector;
    }

    private static double dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
