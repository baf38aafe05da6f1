package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrandMatcherTest {

    private final BrandRegistry registry = BrandRegistry.of(new BrandCensus(
            Map.of("HUMMER", 3L, "TOA", 5L, "DE'COS", 4L, "DECOS", 2L, "JORAKAY", 3L, "Wonder Smile", 2L,
                    "ECO DOOR", 1L, "LG", 2L, "Smile", 1L, "Panasonic", 4L),
            Map.of("JORAKAY", Map.of("จระเข้", 3L), "Wonder Smile", Map.of("วันเดอร์สไมล์", 1L))));

    private List<String> brands(String title) {
        return registry.matcher().find(title).stream().map(m -> m.brand().name()).toList();
    }

    @Test
    void findsBrandGluedToThaiText() {
        List<BrandMatcher.Match> matches = registry.matcher().find("HUMMERบันไดอลูมิเนียม 5 ขั้น");
        assertThat(matches).hasSize(1);
        assertThat(matches.get(0).span()).isEqualTo("HUMMER");
        assertThat(matches.get(0).start()).isZero();
        assertThat(matches.get(0).end()).isEqualTo(6);
    }

    @Test
    void spellingsAreOneBrandNamedAsMostProductsSpellIt() {
        assertThat(registry.find("decos").orElseThrow().name()).isEqualTo("DE'COS");
        assertThat(brands("Decos ผ้าม่าน")).containsExactly("DE'COS");
        assertThat(brands("ECODOOR ประตู UPVC")).containsExactly("ECO DOOR");
        assertThat(brands("eco-door ประตู")).containsExactly("ECO DOOR");
    }

    @Test
    void latinNamesNeedTokenBoundaries() {
        assertThat(brands("TOAST bread")).isEmpty();
        assertThat(brands("สี TOA 5 แกลลอน")).containsExactly("TOA");
        assertThat(brands("LG32LM570 monitor")).containsExactly("LG");
    }

    @Test
    void aThaiNameIsFoundGluedToThaiWordsButNotInsideOne() {
        BrandRegistry thai = BrandRegistry.of(new BrandCensus(Map.of("Chang", 2L, "Dove", 2L, "Meiji", 2L, "Lay's", 2L),
                Map.of("Chang", Map.of("ช้าง", 2L), "Dove", Map.of("โดฟ", 2L), "Meiji", Map.of("เมจิ", 2L),
                        "Lay's", Map.of("เลย์", 2L))));
        java.util.function.Function<String, List<String>> found = title -> thai.matcher().find(title).stream()
                .map(m -> m.brand().name()).toList();
        // glued to the product noun, before or after it
        assertThat(found.apply("สบู่ก้อนโดฟ สูตรชุ่มชื้น 90 กรัม")).containsExactly("Dove");
        assertThat(found.apply("โดฟแชมพู 410 มล.")).containsExactly("Dove");
        assertThat(found.apply("ขนมเลย์ รสโนริ")).containsExactly("Lay's");
        assertThat(found.apply("เบียร์ช้าง 320 มล.")).containsExactly("Chang");
        assertThat(found.apply("นมเมจิ 830 มล.")).containsExactly("Meiji");
        // part of a longer word: ivory-coloured, magic
        assertThat(found.apply("ประตู WPC สีงาช้าง 80x200 ซม.")).isEmpty();
        assertThat(found.apply("ฝาเมจิก 3 ช่อง")).isEmpty();
    }

    @Test
    void aBrandWrittenInThaiAsItsNameSoundsIsFoundByItsSkeleton() {
        BrandRegistry latin = BrandRegistry.of(new BrandCensus(Map.of("SPA CLEAN", 3L, "SUNLIGHT", 2L, "TOA", 4L,
                "SONIC", 1L, "SANIK", 1L), Map.of()));
        BrandMatcher.FuzzyMatch found = latin.matcher().findTransliterated("สปาคลีน น้ำยาถูพื้น 5200 มล.").orElseThrow();
        assertThat(found.brand().name()).isEqualTo("SPA CLEAN");
        assertThat(found.span()).isEqualTo("สปาคลีน");
        assertThat(found.start()).isZero();
        assertThat(latin.matcher().findTransliterated("น้ำยาล้างจานซันไลต์ 500 มล.").orElseThrow().brand().name())
                .isEqualTo("SUNLIGHT");
        // a skeleton under four letters (TOA: t) names nothing; one two brands share (SONIC, SANIK: snk) neither
        assertThat(latin.matcher().findTransliterated("สีทีโอเอ 5 แกลลอน")).isEmpty();
        assertThat(latin.matcher().findTransliterated("โซนิค ลำโพง")).isEmpty();
        assertThat(latin.matcher().findTransliterated("ประตูไม้สัก 80x200 ซม.")).isEmpty();
    }

    @Test
    void thaiAliasInsideAThaiRun() {
        List<BrandMatcher.Match> matches = registry.matcher().find("ซีเมนต์ซ่อมแซมจระเข้ 20 Kg.");
        assertThat(matches).extracting(m -> m.brand().name()).containsExactly("JORAKAY");
        assertThat(matches.get(0).span()).isEqualTo("จระเข้");
        assertThat(matches.get(0).source()).isEqualTo("catalog");
    }

    @Test
    void longestMatchWinsAndOwnNameIsPreferredOverAlias() {
        List<BrandMatcher.Match> matches = registry.matcher()
                .find("ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์");
        assertThat(matches).extracting(m -> m.brand().name()).containsExactly("Wonder Smile");
        assertThat(matches.get(0).span()).isEqualTo("Wonder smile");
    }

    @Test
    void nearMissesOfLongNamesMatchFuzzilyWithTheirSimilarity() {
        BrandMatcher.FuzzyMatch match = registry.matcher().findFuzzy("Panasonik พัดลม 16 นิ้ว").orElseThrow();
        assertThat(match.brand().name()).isEqualTo("Panasonic");
        assertThat(match.span()).isEqualTo("Panasonik");
        assertThat(match.distance()).isEqualTo(1);
        assertThat(match.similarity()).isEqualTo(0.889);
        assertThat(registry.matcher().findFuzzy("ECO DOR ประตู UPVC").orElseThrow().brand().name())
                .isEqualTo("ECO DOOR");
        assertThat(registry.matcher().findFuzzy("JORAKAI กาวยาแนว").orElseThrow().brand().name()).isEqualTo("JORAKAY");
    }

    @Test
    void aSpanAModelTookForABrandResolvesToTheRegistryBrandItNames() {
        // the whole span is a name or alias
        assertThat(registry.matcher().resolve("จระเข้").orElseThrow().brand().name()).isEqualTo("JORAKAY");
        assertThat(registry.matcher().resolve("Wonder-Smile").orElseThrow().similarity()).isEqualTo(1.0);
        // one edit from a name of five or more characters (HUMMER has six: too short for findFuzzy in free text)
        BrandMatcher.FuzzyMatch hummers = registry.matcher().resolve("HUMMERS").orElseThrow();
        assertThat(hummers.brand().name()).isEqualTo("HUMMER");
        assertThat(hummers.distance()).isEqualTo(1);
        // a span that only contains a name is another brand; short names and far spellings resolve to nothing
        assertThat(registry.matcher().resolve("TOA Shield")).isEmpty();
        assertThat(registry.matcher().resolve("TOAX")).isEmpty();
        assertThat(registry.matcher().resolve("HAMMERS")).isEmpty();
        assertThat(registry.matcher().resolve("")).isEmpty();
    }

    @Test
    void shortNamesAndFarSpellingsNeverMatchFuzzily() {
        assertThat(registry.matcher().findFuzzy("TOAST bread")).isEmpty();
        assertThat(registry.matcher().findFuzzy("LGX cable")).isEmpty();
        assertThat(registry.matcher().findFuzzy("Panamonix fan")).isEmpty();
        assertThat(registry.matcher().findFuzzy("Hammer drill")).isEmpty();
    }

    @Test
    void aSpanThatChangesAOneLetterWordOfANameIsAnotherBrandNotANearMiss() {
        BrandMatcher matcher = BrandRegistry.of(new BrandCensus(Map.of("DOUBLE A", 5L), Map.of())).matcher();
        // DOUBLE-D and DOUBLE A are one edit apart as keys, but D is another word than A
        assertThat(matcher.findFuzzy("วงกบประตู DOUBLE-D Eco 80x200 ซม.")).isEmpty();
        assertThat(matcher.resolve("DOUBLE-D")).isEmpty();
        // a letter missing from a longer word is still a misspelling
        assertThat(matcher.findFuzzy("กระดาษ DOUBL A 80 แกรม").orElseThrow().brand().name()).isEqualTo("DOUBLE A");
        assertThat(matcher.resolve("DOUBL A").orElseThrow().brand().name()).isEqualTo("DOUBLE A");
    }

    @Test
    void noBrandNoMatch() {
        assertThat(brands("ประตูห้องน้ำ PVC 70x200 ซม.")).isEmpty();
    }
}
