package knowledge;

import static knowledge.Vectors.dot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import models.OnnxTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX sentence embedder on the quantised all-MiniLM-L6-v2 (its model files are on the test classpath). */
class OnnxEmbedderTest {

    private static OnnxEmbedder embedder;

    @BeforeAll
    static void open() throws IOException {
        embedder = OnnxEmbedder.bundled("all-minilm-l6-v2-q", 128, 1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }


    @Test
    void meanPooledUnitVectorsThatPutSimilarTitlesClose() {
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(embedder.id()).startsWith("onnx-all-minilm-l6-v2-q-");
        float[] phone = embedder.embed("Samsung Galaxy A35 smartphone 128GB black");
        float[] otherPhone = embedder.embed("samsung galaxy a54 5g mobile phone");
        float[] toothpaste = embedder.embed("Colgate total whitening toothpaste 150g");
        assertThat(dot(phone, phone)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(dot(phone, otherPhone)).isGreaterThan(dot(phone, toothpaste) + 0.2);
    }

    /**
     * Batched and single embeddings agree closely, not exactly: the quantised model quantises its activations with ranges
     * measured over the whole batch (dynamic quantisation), so a title's vector moves slightly with its batch-mates.
     */
    @Test
    void batchesGiveTheVectorsOfSingleTitles() {
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            titles.add(i % 3 == 0 ? "ยาสีฟัน Wonder smile toothpaste kid " + i
                    : i % 3 == 1 ? "HATARI พัดลมตั้งพื้น " + i + " นิ้ว สีขาว รุ่นใหม่ล่าสุด ประหยัดไฟ" : "mouse " + i);
        }
        List<float[]> batched = embedder.embedAll(titles);
        for (int i = 0; i < titles.size(); i++) {
            assertThat(dot(batched.get(i), embedder.embed(titles.get(i))))
                    .as(titles.get(i)).isGreaterThan(0.98);
        }
    }

    @Test
    void aStoreBuiltWithItRefusesAnotherEmbedder(@TempDir Path dir) throws Exception {
        HybridEmbedder hybrid = new HybridEmbedder(List.of(embedder, new CharNgramEmbedder(512, 2, 4)),
                List.of(0.5, 0.5));
        try (KnowledgeBase kb = new KnowledgeBase(new LuceneVectorStore(dir.resolve("index"), hybrid), hybrid, 16, 10)) {
            kb.load(new ByteArrayInputStream("""
                    product_name,brand
                    Samsung Galaxy A35 smartphone 128GB,Samsung
                    Colgate total whitening toothpaste 150g,Colgate
                    """.getBytes(StandardCharsets.UTF_8)), CatalogFormat.CSV);
            assertThat(kb.nearest("samsung galaxy a54 5g mobile phone", 1).get(0).brand()).isEqualTo("Samsung");
        }
        CharNgramEmbedder other = new CharNgramEmbedder(512, 2, 4);
        assertThatThrownBy(() -> new LuceneVectorStore(dir.resolve("index"), other))
                .hasMessageContaining(hybrid.id()).hasMessageContaining("reindex");
    }

    @Test
    void unknownOrMissingModelsAreNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> OnnxEmbedder.bundled("bert-huge", 128, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all-minilm-l6-v2");
        assertThatThrownBy(() -> OnnxEmbedder.bundled("all-minilm-l6-v2", 128, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("-Pminilm-full");
        assertThatThrownBy(() -> OnnxTransformer.open(dir, 128, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("model.onnx");
    }
}
