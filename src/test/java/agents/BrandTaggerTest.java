package agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import text.TextNormalizer;

class BrandTaggerTest {

    private static final String[] PRODUCTS = {"ประตู UPVC", "สีทาบ้าน", "แชมพู", "ยาสีฟัน", "พัดลมตั้งพื้น",
        "toothpaste", "door handle", "ceiling fan", "น้ำยาล้างจาน", "กาวซีเมนต์"};
    private static final String[] SIZES = {"80x200 ซม.", "5 แกลลอน", "400 มล.", "150g", "16 นิ้ว", "1 kg"};

    /** Titles "<BRAND> <product> <size>" (and some "<product> <size>" without a brand) for made-up brands. */
    static List<BrandTagger.Example> catalogue(int brands, long seed) {
        Random random = new Random(seed);
        List<BrandTagger.Example> examples = new ArrayList<>();
        for (int b = 0; b < brands; b++) {
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < 4 + random.nextInt(4); i++) {
                name.append((char) ('A' + random.nextInt(26)));
            }
            if (b % 7 == 0) {
                name.append(' ').append("PRO");
            }
            for (int p = 0; p < 6; p++) {
                String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
                String size = SIZES[random.nextInt(SIZES.length)];
                String title = name + " " + product + " " + size;
                examples.add(new BrandTagger.Example(title, TextNormalizer.key(name.toString()), 0, name.length()));
            }
            examples.add(new BrandTagger.Example(PRODUCTS[random.nextInt(PRODUCTS.length)] + " "
                    + SIZES[random.nextInt(SIZES.length)], TextNormalizer.key(name.toString()), -1, -1));
        }
        return examples;
    }

    @Test
    void findsBrandsItNeverSawWithCalibratedConfidence() throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(120, 7), "test");
        assertThat(tagger.info().trainedOn()).isPositive();
        assertThat(tagger.info().heldOut()).isPositive();
        assertThat(tagger.info().heldOutPrecision()).isGreaterThan(0.8);

        SpanTagger.Tag tag = tagger.tag("QUORVEX ประตู UPVC 70x200 ซม.").orElseThrow();
        assertThat(tag.text()).isEqualTo("QUORVEX");
        assertThat(tag.start()).isZero();
        assertThat(tag.end()).isEqualTo(7);
        assertThat(tag.confidence()).isBetween(0.5, 1.0);
        assertThat(tagger.tag("ZENTRIQ PRO แชมพู 400 มล.").orElseThrow().text()).isEqualTo("ZENTRIQ PRO");
    }

    @Test
    void aShopsWordGluedBeforeTheBrandByAHyphenIsLeftOutOfTheSpan() throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(120, 7), "test");
        SpanTagger.Tag tag = tagger.tag("NEW-QUORVEX ประตู UPVC 70x200 ซม.").orElseThrow();
        assertThat(tag.text()).isEqualTo("QUORVEX");
        assertThat(tag.start()).isEqualTo("NEW-".length());
        assertThat(tagger.tag("แชมพู sale-ZENTRIQ PRO 400 มล.").orElseThrow().text()).isEqualTo("ZENTRIQ PRO");
        // a hyphen within the name itself stays in it
        assertThat(tagger.tag("QUOR-VEX ประตู UPVC 70x200 ซม.").orElseThrow().text()).isEqualTo("QUOR-VEX");
    }

    @Test
    void aCompanysDesignatorWrittenAfterTheNameIsPartOfTheSpan() throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(120, 7), "test");
        assertThat(tagger.tag("QUORVEX TECHNOLOGY ประตู UPVC 70x200 ซม.").orElseThrow().text())
                .isEqualTo("QUORVEX TECHNOLOGY");
        assertThat(tagger.tag("quorvex products toothpaste 150g").orElseThrow().text()).isEqualTo("quorvex products");
        // not across punctuation
        assertThat(tagger.tag("QUORVEX - Technology ประตู UPVC 70x200 ซม.").orElseThrow().text()).isEqualTo("QUORVEX");
    }

    @Test
    void aDesignatorTheCatalogueLeavesOutOfItsBrandsIsLeftOutOfTheSpan(@TempDir Path dir) throws Exception {
        List<BrandTagger.Example> catalogue = new ArrayList<>();
        for (BrandTagger.Example example : catalogue(120, 7)) {
            catalogue.add(example);
            if (example.start() == 0 && example.title().hashCode() % 3 == 0) {
                // the catalogue writes "<BRAND> TECHNOLOGY ..." and names the brand without it
                String title = example.title();
                catalogue.add(new BrandTagger.Example(title.substring(0, example.end()) + " TECHNOLOGY"
                        + title.substring(example.end()), example.brandKey(), 0, example.end()));
            }
        }
        BrandTagger trained = BrandTagger.train(catalogue, "test");
        trained.save(dir);
        // as trained, and as saved and read back
        for (BrandTagger tagger : List.of(trained, BrandTagger.load(dir).orElseThrow())) {
            assertThat(tagger.tag("QUORVEX TECHNOLOGY ประตู UPVC 70x200 ซม.").orElseThrow().text()).isEqualTo("QUORVEX");
            assertThat(tagger.tag("quorvex products toothpaste 150g").orElseThrow().text())
                    .isEqualTo("quorvex products");
        }
    }

    @Test
    void aShopsWordAloneIsNeverTheSpan() throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(120, 7), "test");
        for (String title : List.of("new quorvex toothpaste 150g", "genuine quorvex toothpaste 150g",
                "official quorvex toothpaste 150g")) {
            assertThat(tagger.tag(title).map(SpanTagger.Tag::text)).as(title).hasValue("quorvex");
        }
    }

    @Test
    void aBrandAfterTheThaiProductNounIsFoundThoughTheCatalogueWritesItFirst() throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(120, 7), "test");
        SpanTagger.Tag tag = tagger.tag("แชมพู QUORVEX 400 มล.").orElseThrow();
        assertThat(tag.text()).isEqualTo("QUORVEX");
        assertThat(tag.confidence()).isGreaterThanOrEqualTo(0.5);
        assertThat(tagger.tag("ยาสีฟัน ZENTRIQ PRO 150g").orElseThrow().text()).isEqualTo("ZENTRIQ PRO");
    }

    @Test
    void aSpanTakesInAllOfANameTheTitleWritesInBothScripts() throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(120, 7), "test");
        // the tagger alone takes one word of the name; the Thai run that echoes it gives its extent, either way
        assertThat(tagger.tag("Cathy Doll แชมพู 400 มล.").orElseThrow().text()).isEqualTo("Cathy");
        assertThat(tagger.tag("Cathy Doll แชมพู 400 มล. เคที่ดอลล์").orElseThrow().text()).isEqualTo("Cathy Doll");
        assertThat(tagger.tag("ประตู UPVC CATHY DOLL 70x200 ซม.").orElseThrow().text()).isEqualTo("DOLL");
        SpanTagger.Tag widened = tagger.tag("ประตู UPVC CATHY DOLL 70x200 ซม. เคที่ดอลล์").orElseThrow();
        assertThat(widened.text()).isEqualTo("CATHY DOLL");
        assertThat(widened.start()).isEqualTo("ประตู UPVC ".length());
    }

    @Test
    void aListingsDecorationIsNotTakenForTheBrand() throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(120, 7), "test");
        // decorations the training list has, and ones it lacks, set off by punctuation
        for (String title : List.of("NEW! QUORVEX ประตู UPVC 70x200 ซม.", "[BEST SELLER] QUORVEX แชมพู 400 มล.",
                "Official Store | QUORVEX แชมพู 400 มล.", "[ส่งฟรี] QUORVEX พัดลมตั้งพื้น 16 นิ้ว",
                "TRENDING!! QUORVEX ยาสีฟัน 150g", "(WOW DEAL) QUORVEX สีทาบ้าน 5 แกลลอน")) {
            SpanTagger.Tag tag = tagger.tag(title).orElseThrow();
            assertThat(tag.text()).as(title).isEqualTo("QUORVEX");
            assertThat(tag.confidence()).as(title).isGreaterThanOrEqualTo(0.5);
        }
        assertThat(tagger.tag("QUORVEX แชมพู 400 มล. [ส่งฟรี]").orElseThrow().text()).isEqualTo("QUORVEX");
    }

    @Test
    void thePunctuationAroundAWordIsReadAsItsKinds() {
        assertThat(BrandTagger.gap("NEW! Kiehl's", 3, 5)).isEqualTo("!");
        assertThat(BrandTagger.gap("[ส่งฟรี] A", 0, 1)).isEqualTo("(");
        assertThat(BrandTagger.gap("[ส่งฟรี] A", 7, 9)).isEqualTo(")");
        assertThat(BrandTagger.gap("Shop | A", 4, 7)).isEqualTo("|");
        assertThat(BrandTagger.gap("Nivea® cream", 5, 7)).isEqualTo("R");
        assertThat(BrandTagger.gap("🔥ขายดี🔥", 0, 2)).isEqualTo("*");
        // a dash, in a code or between a product and its code, is not a separator; repeats count once
        assertThat(BrandTagger.gap("CLI-221", 3, 4)).isEqualTo(".");
        assertThat(BrandTagger.gap("Cartridge - 2946B001", 9, 12)).isEqualTo(".");
        assertThat(BrandTagger.gap("SALE!!! ] (x", 4, 11)).isEqualTo("!)(");
        assertThat(BrandTagger.gap("A  B", 1, 3)).isEmpty();
    }

    @Test
    void aTitleIsReorderedWhenItStartsWithItsBrandAndAThaiWordGroupInEitherOrder() {
        assertThat(BrandTagger.reordered(new BrandTagger.Example("TOA ปลาฉลาม น้ำมันสน 2.3 กก.", "toa", 0, 3)))
                .contains(new BrandTagger.Example("ปลาฉลาม TOA น้ำมันสน 2.3 กก.", "toa", 8, 11));
        assertThat(BrandTagger.reordered(new BrandTagger.Example("ยาสีฟัน Wonder smile kid", "wondersmile", 8, 20)))
                .contains(new BrandTagger.Example("Wonder smile ยาสีฟัน kid", "wondersmile", 0, 12));
        assertThat(BrandTagger.reordered(new BrandTagger.Example("ยาสีฟัน Wonder smile", "wondersmile", 8, 20)))
                .contains(new BrandTagger.Example("Wonder smile ยาสีฟัน", "wondersmile", 0, 12));
        // no Thai word group next to the brand, the brand glued to it, not leading, or not written: as it is
        assertThat(BrandTagger.reordered(new BrandTagger.Example("Philips hair dryer", "philips", 0, 7))).isEmpty();
        assertThat(BrandTagger.reordered(new BrandTagger.Example("HUMMERบันได 5 ขั้น", "hummer", 0, 6))).isEmpty();
        assertThat(BrandTagger.reordered(new BrandTagger.Example("TOA ปลาฉลามX 2.3 กก.", "toa", 0, 3))).isEmpty();
        assertThat(BrandTagger.reordered(new BrandTagger.Example("สี 5 ลิตร TOA", "toa", 10, 13))).isEmpty();
        assertThat(BrandTagger.reordered(new BrandTagger.Example("ยาสีฟัน 150g", "colgate", -1, -1))).isEmpty();
    }

    @Test
    void aTitleWithoutABrandGetsNoConfidentTag() throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(120, 7), "test");
        assertThat(tagger.tag("แชมพู 400 มล.").map(SpanTagger.Tag::confidence).orElse(0.0)).isLessThan(0.5);
        assertThat(tagger.tag("")).isEmpty();
    }

    @Test
    void aSavedTaggerAnswersTheSame(@TempDir Path dir) throws Exception {
        BrandTagger tagger = BrandTagger.train(catalogue(60, 3), "v1");
        tagger.save(dir);
        BrandTagger loaded = BrandTagger.load(dir).orElseThrow();
        assertThat(loaded.info()).isEqualTo(tagger.info());
        for (String title : List.of("QUORVEX ประตู UPVC", "toothpaste 150g by NOVIQ", "แชมพู 400 มล.")) {
            assertThat(loaded.tag(title)).isEqualTo(tagger.tag(title));
        }
        assertThat(BrandTagger.load(dir.resolve("nothing-here"))).isEmpty();
    }

    /**
     * Words written in the titles of five brands or more, and never in a brand, are generic words: a feature of their
     * own, kept with the tagger (the catalogue's product words here; not the brands, not a word of fewer brands).
     */
    @Test
    void wordsOfManyBrandsTitlesAndOfNoBrandAreGeneric(@TempDir Path dir) throws Exception {
        List<BrandTagger.Example> examples = new ArrayList<>(catalogue(60, 3));
        examples.add(new BrandTagger.Example("ZORBEX rareword cable 1 m", "zorbex", 0, 6));
        BrandTagger.train(examples, "v1").save(dir);
        java.util.Properties meta = new java.util.Properties();
        try (var reader = java.nio.file.Files.newBufferedReader(dir.resolve("tagger.properties"))) {
            meta.load(reader);
        }
        List<String> generic = List.of(meta.getProperty("genericWords").split("\u0001"));
        assertThat(generic).contains("toothpaste", "แชมพู", "มล").doesNotContain("rareword", "zorbex", "pro");
    }
}
