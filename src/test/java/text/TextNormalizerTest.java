package text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void foldsWidthAndCaseAndSplitsThaiFromLatin() {
        assertThat(TextNormalizer.normalize("ＨＵＭＭＥＲบันได  อลูมิเนียม")).isEqualTo("hummer บันได อลูมิเนียม");
        assertThat(TextNormalizer.normalize("ยาสีฟันColgate")).isEqualTo("ยาสีฟัน colgate");
    }

    @Test
    void dropsInvisibleCharacters() {
        assertThat(TextNormalizer.normalize("Wonder\u200Bsmile\uFEFF")).isEqualTo("wondersmile");
    }

    @Test
    void keyIgnoresPunctuationSpacesAndCase() {
        assertThat(TextNormalizer.key("DE'COS")).isEqualTo(TextNormalizer.key("Decos")).isEqualTo("decos");
        assertThat(TextNormalizer.key("ECO-DOOR")).isEqualTo(TextNormalizer.key("eco door"));
        assertThat(TextNormalizer.key("Nestlé")).isEqualTo("nestlé");
    }

    /** key is the compact form's text, computed without its offsets. */
    @Property(tries = 2000)
    void theKeyIsTheCompactFormsText(@ForAll String text) {
        assertThat(TextNormalizer.key(text)).isEqualTo(TextNormalizer.compact(text).text());
    }

    @Test
    void theKeyFoldsWidthLigaturesAndThaiCompatibilityForms() {
        for (String text : java.util.List.of("ＡＢＣ-１２３", "น้ำปลา ตราปลาหมึก", "ﬁne Straße", "Ⅻ e\u0301", "A\uD83D\uDE00b",
                "ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์")) {
            assertThat(TextNormalizer.key(text)).as(text).isEqualTo(TextNormalizer.compact(text).text());
        }
        assertThat(TextNormalizer.key("ＡＢＣ-１２３")).isEqualTo("abc123");
    }

    @Test
    void compactKeepsThaiMarksAndMapsBackToTheOriginal() {
        String title = "ซีเมนต์ จระเข้ 20 Kg.";
        CompactText compact = TextNormalizer.compact(title);
        int at = compact.text().indexOf(TextNormalizer.key("จระเข้"));
        int[] span = compact.originalSpan(at, at + TextNormalizer.key("จระเข้").length());
        assertThat(title.substring(span[0], span[1])).isEqualTo("จระเข้");
        assertThat(compact.isTokenStart(at)).isTrue();
    }

    @Test
    void tokenStartsAtScriptChange() {
        CompactText compact = TextNormalizer.compact("HUMMERบันได");
        assertThat(compact.text()).startsWith("hummer");
        assertThat(compact.isTokenStart(6)).isTrue();
        assertThat(compact.isTokenStart(3)).isFalse();
    }

    @Test
    void languageBySript() {
        assertThat(LanguageDetector.detect("Colgate toothpaste 150g")).isEqualTo("en");
        assertThat(LanguageDetector.detect("ยาสีฟันคอลเกต 150 กรัม")).isEqualTo("th");
        assertThat(LanguageDetector.detect("ยาสีฟัน Wonder smile toothpaste")).isEqualTo("mixed");
        assertThat(LanguageDetector.detect("ประตู 80x200 ซม.")).isEqualTo("th");
        assertThat(LanguageDetector.detect("カップヌードル")).isEqualTo("other");
        assertThat(LanguageDetector.detect("12345")).isEqualTo("other");
    }

    @Test
    void twoNamesOfOneBrandToDifferentExtentsShareTheShortersWholeWordsAtTheStart() {
        assertThat(TextNormalizer.otherExtent("pelican", "pelican storm")).isTrue();
        assertThat(TextNormalizer.otherExtent("ten one design", "ten")).isTrue();
        assertThat(TextNormalizer.otherExtent("Kimberly-Clark", "kimberly-clark professional")).isTrue();
        assertThat(TextNormalizer.otherExtent("DE'COS Home", "DECOS")).isTrue();
        // another brand, the same words in another order or with one changed, or a name of as many words
        assertThat(TextNormalizer.otherExtent("pelican", "storm")).isFalse();
        assertThat(TextNormalizer.otherExtent("ace", "acer")).isFalse();
        assertThat(TextNormalizer.otherExtent("gator cases", "gator bags")).isFalse();
        assertThat(TextNormalizer.otherExtent("design ten", "ten")).isFalse();
        assertThat(TextNormalizer.otherExtent("pelican", "pelican")).isFalse();
        assertThat(TextNormalizer.otherExtent(null, "ten")).isFalse();
    }
}
