package knowledge;

import static knowledge.Vectors.dot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CharNgramEmbedderTest {

    private final CharNgramEmbedder embedder = new CharNgramEmbedder(512, 2, 4);


    @Test
    void unitLengthAndDeterministic() {
        float[] v = embedder.embed("ยาสีฟัน Wonder smile toothpaste");
        assertThat(v).hasSize(512);
        assertThat(dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(embedder.embed("ยาสีฟัน Wonder smile toothpaste")).isEqualTo(v);
    }

    @Test
    void similarTitlesAreCloserThanUnrelatedOnesInEveryScript() {
        float[] thai = embedder.embed("ยาสีฟันคอลเกต สูตรเกลือ 150 กรัม");
        assertThat(dot(thai, embedder.embed("ยาสีฟันคอลเกต ฟันขาว 100 กรัม")))
                .isGreaterThan(dot(thai, embedder.embed("บะหมี่กึ่งสำเร็จรูป ต้มยำกุ้ง")));
        float[] mixed = embedder.embed("HUMMERบันไดอลูมิเนียม 5 ขั้น");
        assertThat(dot(mixed, embedder.embed("HUMMER บันได 7 ขั้น")))
                .isGreaterThan(dot(mixed, embedder.embed("TOA สีรองพื้น 5 แกลลอน")));
        assertThat(embedder.id()).isEqualTo("char-ngram-2-4-fnv1a");
    }

    @Test
    void emptyTextGivesTheZeroVector() {
        assertThat(dot(embedder.embed("  "), embedder.embed("  "))).isZero();
    }

    @Test
    void refusesSettingsLuceneCannotIndex() {
        assertThatThrownBy(() -> new CharNgramEmbedder(4096, 2, 4)).hasMessageContaining("16..1024");
    }
}
