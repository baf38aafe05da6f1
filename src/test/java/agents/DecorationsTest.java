package agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecorationsTest {

    private final Decorations decorations = Decorations.shipped();

    @Test
    void aDecoratedTitleKeepsItsBrandWhereTheOffsetsSay() {
        List<BrandTagger.Example> examples = new ArrayList<>(BrandTaggerTest.catalogue(40, 5));
        examples.addAll(StarterTitles.shipped().examples(300, 11));
        int before = 0;
        int after = 0;
        int bracketed = 0;
        for (BrandTagger.Example example : examples) {
            BrandTagger.Example decorated = decorations.decorate(example);
            assertThat(decorated.brandKey()).isEqualTo(example.brandKey());
            assertThat(decorated).isEqualTo(decorations.decorate(example));
            if (example.start() < 0) {
                assertThat(decorated.start()).isEqualTo(-1);
                assertThat(decorated.end()).isEqualTo(-1);
                assertThat(decorated.title()).contains(example.title()).isNotEqualTo(example.title());
                continue;
            }
            String brand = example.title().substring(example.start(), example.end());
            assertThat(decorated.title().substring(decorated.start(), decorated.end())).isEqualTo(brand);
            if (decorated.title().endsWith(example.title())) {
                before++;
            } else if (decorated.title().startsWith(example.title())) {
                after++;
            } else {
                // the brand itself in brackets: [BRAND] the rest of the title
                assertThat(decorated.title().charAt(decorated.start() - 1)).isIn('[', '【');
                assertThat(decorated.title().charAt(decorated.end())).isIn(']', '】');
                bracketed++;
            }
        }
        assertThat(before).isGreaterThan(after).isGreaterThan(bracketed);
        assertThat(bracketed).isPositive();
    }

    @Test
    void aOneWordDecorationGluedBeforeAWordByAHyphenIsFound() {
        assertThat(decorations.afterGlued("new-smead 10343 - file folders", 0, 9)).isEqualTo(4);
        assertThat(decorations.afterGlued("กระทะ SALE-Tefal 28 ซม.", 6, 16)).isEqualTo(11);
        assertThat(decorations.afterGlued("Genuine-3M tape", 0, 10)).isEqualTo(8);
        // not a decoration, nothing after the hyphen, no hyphen in the word, a hyphen after it
        assertThat(decorations.afterGlued("x-rite colour checker", 0, 6)).isZero();
        assertThat(decorations.afterGlued("new- smead folders", 0, 3)).isZero();
        assertThat(decorations.afterGlued("newell pens", 0, 6)).isZero();
        assertThat(decorations.afterGlued("new smead-folders", 0, 3)).isZero();
    }

    @Test
    void aLatinDecorationBeforeATitleIsSetOffByPunctuation() {
        for (BrandTagger.Example example : StarterTitles.shipped().examples(400, 3)) {
            BrandTagger.Example decorated = decorations.decorate(example);
            if (decorated.title().endsWith(" " + example.title())) {
                String decoration = decorated.title().substring(0, decorated.title().length()
                        - example.title().length() - 1);
                assertThat(Decorations.hasThai(decoration) || !decoration.chars().allMatch(
                        c -> Character.isLetterOrDigit(c) || c == ' ' || c == '.' || c == '%' || c == '/'
                                || c == '-' || c == '\''))
                        .as(decoration).isTrue();
            }
        }
    }

    @Test
    void thaiIsTheThaiBlock() {
        assertThat(Decorations.hasThai("ส่งฟรี")).isTrue();
        assertThat(Decorations.hasThai("NEW! 100%")).isFalse();
    }
}
