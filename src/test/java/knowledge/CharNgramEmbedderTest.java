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

    /**
     * A stored product's vector was made by the embedder of its day, and a query's is made now: for the same id
     * ({@link CharNgramEmbedder#id()}) they must be the same, bit for bit. The hashes are those of the vectors of
     * 2026-12-07 (Thai, mixed scripts, spaces in a row, tokens without letters, code points beyond 16 bits).
     */
    @Test
    void theVectorsOfATitleStayTheSameBitForBit() {
        java.util.Map<String, Integer> hashes = new java.util.LinkedHashMap<>();
        hashes.put("ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์", -417757859);
        hashes.put("TOA ปลาฉลาม น้ำมันสน 2.3 กก.", -1478180439);
        hashes.put("  stanley  bostitch 00540 - 00540 heavy-duty ", 666683177);
        hashes.put("\uD840\uDC00\uD840\uDC01 tea \uD835\uDC00\uD835\uDC01\uD835\uDC02 1/2", -658065695);
        hashes.put("HUMMERบันไดอลูมิเนียม 5 ขั้น", -1956440843);
        hashes.put("x", -1091289401);
        hashes.forEach((title, hash) -> assertThat(java.util.Arrays.hashCode(embedder.embed(title))).as(title)
                .isEqualTo(hash));
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
