package knowledge;

import static knowledge.Vectors.dot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class HybridEmbedderTest {


    @Test
    void theDotProductIsTheWeightedSumOfTheCosines() {
        Embedder short_ = new CharNgramEmbedder(256, 1, 2);
        Embedder long_ = new CharNgramEmbedder(128, 3, 5);
        HybridEmbedder hybrid = new HybridEmbedder(List.of(short_, long_), List.of(3.0, 1.0));
        String a = "HATARI พัดลมตั้งพื้น 16 นิ้ว";
        String b = "Hatari fan 16 inch";
        double expected = 0.75 * dot(short_.embed(a), short_.embed(b)) + 0.25 * dot(long_.embed(a), long_.embed(b));
        assertThat(hybrid.dimension()).isEqualTo(384);
        assertThat(dot(hybrid.embed(a), hybrid.embed(b))).isCloseTo(expected, Offset.offset(1e-5));
        assertThat(dot(hybrid.embed(a), hybrid.embed(a))).isCloseTo(1.0, Offset.offset(1e-5));
        assertThat(hybrid.id()).contains("*0.750").contains("*0.250");
    }

    @Test
    void weightsMustMakeSense() {
        Embedder e = new CharNgramEmbedder(64, 2, 3);
        assertThatThrownBy(() -> new HybridEmbedder(List.of(e), List.of(0.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HybridEmbedder(List.of(e, e), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
