package knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseQueryHnswFormatTest {

    static final CharNgramEmbedder EMBEDDER = new CharNgramEmbedder(512, 2, 4);

    @TempDir
    Path dir;

    @Test
    void aSparseQueryScoresEveryStoredVectorAsLucenesDotProductDoesAndADenseOneGoesToLucene() throws Exception {
        Path index = dir.resolve("index");
        try (LuceneVectorStore store = new LuceneVectorStore(index, EMBEDDER)) {
            List<VectorStore.Entry> entries = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Product product = new Product("ยาสีฟัน product " + i + " toothpaste " + (i * 37 % 101) + "g",
                        "Brand " + (i % 7), null, List.of());
                entries.add(new VectorStore.Entry("id" + i, product, EMBEDDER.embed(product.productName())));
            }
            store.upsert(entries);
            store.commit();
        }
        float[] sparse = EMBEDDER.embed("Wonder smile toothpaste kid วันเดอร์สไมล์ 50g");
        float[] dense = new float[512];
        Random random = new Random(7);
        for (int i = 0; i < dense.length; i++) {
            dense[i] = (float) random.nextGaussian();
        }
        org.apache.lucene.util.VectorUtil.l2normalize(dense);
        var scorer = new SparseQueryHnswFormat.SparseQueryScorer(DefaultFlatVectorScorer.INSTANCE);
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(index))) {
            int nodes = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                assertThat(leaf.reader().getFieldInfos().fieldInfo(LuceneVectorStore.VECTOR)
                        .getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY))
                        .isEqualTo(SparseQueryHnswFormat.NAME);
                var values = (RandomAccessVectorValues.Floats) leaf.reader()
                        .getFloatVectorValues(LuceneVectorStore.VECTOR);
                RandomVectorScorer bySparse = scorer.getRandomVectorScorer(VectorSimilarityFunction.DOT_PRODUCT,
                        values.copy(), sparse);
                RandomVectorScorer byDense = scorer.getRandomVectorScorer(VectorSimilarityFunction.DOT_PRODUCT,
                        values.copy(), dense);
                assertThat(bySparse).isInstanceOf(SparseQueryHnswFormat.SparseDotProduct.class);
                assertThat(byDense).isNotInstanceOf(SparseQueryHnswFormat.SparseDotProduct.class);
                for (int node = 0; node < values.size(); node++, nodes++) {
                    float[] stored = values.vectorValue(node);
                    assertThat(bySparse.score(node)).isCloseTo(
                            VectorSimilarityFunction.DOT_PRODUCT.compare(sparse, stored), within(1e-6f));
                    assertThat(byDense.score(node)).isCloseTo(
                            VectorSimilarityFunction.DOT_PRODUCT.compare(dense, stored), within(1e-6f));
                }
            }
            assertThat(nodes).isEqualTo(200);
        }
    }

    @Test
    void theStoresSearchesGiveTheSimilaritiesOfAnExactSearch() throws Exception {
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            titles.add("HATARI พัดลม model " + i + " size " + (i % 13) + " นิ้ว colour " + (i % 5));
        }
        try (LuceneVectorStore store = new LuceneVectorStore(dir.resolve("index"), EMBEDDER)) {
            List<VectorStore.Entry> entries = new ArrayList<>();
            for (int i = 0; i < titles.size(); i++) {
                Product product = new Product(titles.get(i), "HATARI", null, List.of());
                entries.add(new VectorStore.Entry("id" + i, product, EMBEDDER.embed(product.productName())));
            }
            store.upsert(entries);
            store.commit();
            for (String query : List.of("HATARI พัดลม model 42 size 3 นิ้ว", "fan colour 4 model 7")) {
                float[] vector = EMBEDDER.embed(query);
                for (Neighbour neighbour : store.search(vector, 10, null)) {
                    double exact = 0;
                    float[] stored = EMBEDDER.embed(neighbour.productName());
                    for (int i = 0; i < vector.length; i++) {
                        exact += vector[i] * stored[i];
                    }
                    assertThat(neighbour.similarity()).as(neighbour.productName()).isCloseTo(exact, within(1e-5));
                }
            }
        }
    }
}
