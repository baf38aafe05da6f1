package agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import text.TextNormalizer;
import text.TitleTokenizer;
import text.Token;

class StarterTitlesTest {

    private static List<BrandTagger.Example> titles;
    private static BrandTagger tagger;

    @BeforeAll
    static void generateAndTrain() throws Exception {
        titles = StarterTitles.shipped().examples(3000, 42L);
        tagger = BrandTagger.train(List.of(), titles, "starter");
    }

    @Test
    void theSameSeedGivesTheSameTitlesAndAnotherSeedOthers() {
        assertThat(StarterTitles.shipped().examples(3000, 42L)).isEqualTo(titles);
        assertThat(StarterTitles.shipped().examples(50, 43L)).isNotEqualTo(titles.subList(0, 50));
    }

    @Test
    void eachBrandSpanIsWholeTokensOfTheTitleAndSomeTitlesNameNone() {
        int without = 0;
        for (BrandTagger.Example example : titles) {
            if (example.start() < 0) {
                assertThat(example.brandKey()).isEmpty();
                without++;
                continue;
            }
            String span = example.title().substring(example.start(), example.end());
            assertThat(TextNormalizer.key(span)).as(example.title()).isEqualTo(example.brandKey()).isNotEmpty();
            List<Token> tokens = TitleTokenizer.tokenize(example.title());
            assertThat(tokens).as(example.title()).anyMatch(t -> t.start() == example.start());
            assertThat(tokens).as(example.title()).anyMatch(t -> t.end() == example.end());
        }
        assertThat(without).isBetween(titles.size() / 10, titles.size() * 2 / 5);
    }

    @Test
    void aTaggerTrainedOnThemAloneFindsBrandsWrittenTheUsualWays() {
        assertThat(tagger.info().heldOut()).isPositive();
        assertThat(tagger.tag("สว่านไร้สาย KORVANE รุ่น KV-2040 18V สีดำ").map(SpanTagger.Tag::text))
                .hasValue("KORVANE");
        assertThat(tagger.tag("Portable bluetooth speaker by Zelmoro 10W").map(SpanTagger.Tag::text))
                .hasValue("Zelmoro");
        assertThat(tagger.tag("ประตูห้องน้ำ UPVC TRILONDA 70x200 ซม.").map(SpanTagger.Tag::text))
                .hasValue("TRILONDA");
        assertThat(tagger.tag("PLUMORA Stainless Steel Kettle 1.7 L").map(SpanTagger.Tag::text))
                .hasValue("PLUMORA");
    }

    @Test
    void productTermsUnitsAndCodesAreNotTakenForTheBrand() {
        assertThat(tagger.tag("หลอดไฟ LED VELTRANO 9W แสงขาว").map(SpanTagger.Tag::text)).hasValue("VELTRANO");
        assertThat(tagger.tag("ชุดไขควง SET 12 ชิ้น").map(SpanTagger.Tag::confidence).orElse(0.0))
                .isLessThan(0.5);
    }

    @Test
    void aVocabularyWithoutASectionTheTitlesNeedIsRefused() throws Exception {
        Map<String, List<String>> sections = StarterTitles.read(new BufferedReader(new StringReader(
                "# comment\n## thai_nouns\nประตู\n\n## en_nouns\ndoor\n")));
        assertThat(sections).containsOnlyKeys("thai_nouns", "en_nouns");
        assertThat(sections.get("thai_nouns")).containsExactly("ประตู");
        assertThatThrownBy(() -> new StarterTitles(sections).examples(20, 1L))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no section");
    }
}
