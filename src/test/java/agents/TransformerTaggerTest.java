package agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import text.TitleTokenizer;

/**
 * The transformer path on the project's own tiny token classifier (src/test/resources/tiny-ner-model, made by
 * scripts/make-tiny-ner-model.py): the spans asserted here are the ones that script's independent numpy forward pass and
 * Python tokenizer print for the same titles.
 */
class TransformerTaggerTest {

    static final Path MODEL = Path.of("src/test/resources/tiny-ner-model");
    private static TransformerTagger tagger;

    @BeforeAll
    static void open() throws IOException {
        tagger = TransformerTagger.open(MODEL, "", 0.5, 128, 1);
    }

    @AfterAll
    static void close() {
        tagger.close();
    }

    @Test
    void decodesBioLabelsToCharacterSpansOfTheTitle() {
        assertThat(tagger.spans("Colgate Plax น้ำยาบ้วนปาก เปปเปอร์มินต์ 750ml"))
                .extracting(TransformerTagger.Span::text, TransformerTagger.Span::start, TransformerTagger.Span::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Colgate", 0, 7));
        // B-BRAND then I-BRAND make one span over two words; a Thai-script alias is a span of its own
        assertThat(tagger.spans("ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์"))
                .extracting(TransformerTagger.Span::text, TransformerTagger.Span::start, TransformerTagger.Span::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Wonder smile", 8, 20),
                        org.assertj.core.groups.Tuple.tuple("วันเดอร์สไมล์", 36, 49));
    }

    @Test
    void cutsABrandGluedToThaiTextWhereTheModelCutsIt() {
        assertThat(tagger.spans("Colgateยาสีฟันรสยอดนิยม 150g แพ็ค 2"))
                .extracting(TransformerTagger.Span::text, TransformerTagger.Span::start)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Colgate", 0));
    }

    @Test
    void firstSubWordAggregationMakesEntitiesWholeWords() throws IOException {
        try (TransformerTagger words = TransformerTagger.open(MODEL, "BRAND", 0.5, 128, 1, "first")) {
            // the glued word is one word of the BERT pre-tokeniser: its first sub-word (colgate) decides for all of it
            assertThat(words.spans("Colgateยาสีฟันรสยอดนิยม 150g แพ็ค 2"))
                    .extracting(TransformerTagger.Span::text, TransformerTagger.Span::start,
                            TransformerTagger.Span::end)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Colgateยาสีฟันรสยอดนิยม", 0, 23));
            assertThat(words.spans("ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์"))
                    .extracting(TransformerTagger.Span::text)
                    .containsExactly("Wonder smile", "วันเดอร์สไมล์");
        }
        assertThatThrownBy(() -> TransformerTagger.open(MODEL, "", 0.5, 128, 1, "max"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("simple or first");
    }

    @Test
    void offsetsCountJavaCharsWhenTheTitleHasCharactersOutsideTheBasicPlane() {
        String title = "\uD83D\uDEBF ยาสีฟัน Wonder smile toothpaste kid";
        List<TransformerTagger.Span> spans = tagger.spans(title);
        // the tokenizer counts the shower emoji as one code point (offset 10); in the Java string it is two chars
        assertThat(spans).extracting(TransformerTagger.Span::text).contains("Wonder smile");
        TransformerTagger.Span wonder = spans.stream().filter(s -> s.text().equals("Wonder smile")).findFirst()
                .orElseThrow();
        assertThat(wonder.start()).isEqualTo(11);
        assertThat(title.substring(wonder.start(), wonder.end())).isEqualTo("Wonder smile");
    }

    @Test
    void theBestSpanIsTheTagWithItsScoreCalibratedOnCatalogueTitles() {
        String title = "Colgate Plax น้ำยาบ้วนปาก เปปเปอร์มินต์ 750ml";
        SpanTagger.Tag before = tagger.tag(title, TitleTokenizer.tokenize(title)).orElseThrow();
        assertThat(before.text()).isEqualTo("Colgate");
        assertThat(before.score()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);

        // measured on titles where it is right, its high scores become high confidences; where it is always wrong, low
        List<BrandTagger.Example> right = List.of(
                new BrandTagger.Example(title, "colgate", 0, 7),
                new BrandTagger.Example("Colgate Plax น้ำยาบ้วนปาก เปปเปอร์มินต์ 750ml", "colgate", 0, 7));
        tagger.calibrate(right);
        double confident = tagger.tag(title, List.of()).orElseThrow().confidence();
        assertThat(tagger.calibrated().precision()).isEqualTo(1.0);
        List<BrandTagger.Example> wrong = java.util.Collections.nCopies(30,
                new BrandTagger.Example(title, "plax", 8, 12));
        tagger.calibrate(wrong);
        double doubtful = tagger.tag(title, List.of()).orElseThrow().confidence();
        assertThat(tagger.calibrated().precision()).isEqualTo(0.0);
        assertThat(confident).isGreaterThan(doubtful);
        assertThat(doubtful).isLessThan(0.5);
        tagger.calibrate(List.of());
    }

    @Test
    void tellsWhatIsWrongWithAModelDirectory(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> TransformerTagger.open(dir, "", 0.5, 128, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("config.json");
        Files.copy(MODEL.resolve("config.json"), dir.resolve("config.json"));
        assertThatThrownBy(() -> TransformerTagger.open(dir, "ORG", 0.5, 128, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[BRAND]");
        assertThatThrownBy(() -> TransformerTagger.open(dir, "BRAND", 0.5, 128, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("model.onnx");
        Files.copy(MODEL.resolve("model.onnx"), dir.resolve("model.onnx"));
        assertThatThrownBy(() -> TransformerTagger.open(dir, "BRAND", 0.5, 128, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("tokenizer.json");
    }
}
