package agents;

import static org.assertj.core.api.Assertions.assertThat;

import inference.AgentRequest;
import inference.AgentResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import knowledge.BrandCensus;
import knowledge.BrandRegistry;
import knowledge.ProductLines;
import org.junit.jupiter.api.Test;
import text.Token;

class NerAgentTest {

    private final BrandRegistry registry = BrandRegistry.of(new BrandCensus(
            Map.of("TF", 3L, "FARCEN", 2L, "LG", 4L, "DOUBLE-D", 3L, "SPA CLEAN", 2L), Map.of()));

    /** A tagger that finds a fixed span wherever the title contains it (its score calibrated to itself). */
    private static SpanTagger finding(String text) {
        return finding(text, 0.9);
    }

    /** The same, with this calibrated confidence. */
    private static SpanTagger finding(String text, double confidence) {
        return new SpanTagger() {
            @Override
            public Optional<Tag> tag(String title, List<Token> tokens) {
                int at = title.indexOf(text);
                return at < 0 ? Optional.empty()
                        : Optional.of(new Tag(text, at, at + text.length(), confidence, confidence));
            }

            @Override
            public String kind() {
                return "tagger";
            }

            @Override
            public String version() {
                return "test";
            }
        };
    }

    private AgentResult infer(SpanTagger tagger, String title) {
        return new NerAgent(() -> registry, () -> Optional.of(tagger))
                .infer(new AgentRequest("t", title, "auto", List.of()));
    }

    private AgentResult withLines(SpanTagger tagger, BrandRegistry known, String title) {
        return new NerAgent(() -> known, () -> Optional.of(tagger), MatchCalibration::none, ProductLines.shipped())
                .infer(new AgentRequest("t", title, "auto", List.of()));
    }

    @Test
    void aProductLineOfAWellKnownMakerNamesItsMaker() {
        // the tagger takes the line for the brand; the line names its maker
        AgentResult iphone = withLines(finding("iPhone"), registry, "iPhone 15 Pro Max 256GB Natural Titanium");
        assertThat(iphone.brand()).isEqualTo("Apple");
        assertThat(iphone.confidence()).isEqualTo(0.85);
        assertThat(iphone.evidence().toString()).contains("match_type=line", "line=iPhone", "match_class=line|lead");
        // in Thai, glued to the product word; named as the catalogue names the maker when it has it
        BrandRegistry withApple = BrandRegistry.of(new BrandCensus(Map.of("APPLE", 5L), Map.of()));
        assertThat(withLines(finding("none"), withApple, "เคสโทรศัพท์ไอโฟน 15").brand()).isEqualTo("APPLE");
        // an accessory for the line is not the maker's product
        assertThat(withLines(finding("none"), registry, "Tempered glass screen protector for iPhone 15").brand())
                .isNull();
        // an unknown brand the tagger finds before the line is the answer
        assertThat(withLines(finding("Spigen"), registry, "Spigen Tough Armor iPhone 15 case").brand())
                .isEqualTo("Spigen");
        // a brand the registry knows comes first
        assertThat(withLines(finding("none"), registry, "LG UltraGear monitor for PlayStation 5").brand())
                .isEqualTo("LG");
        // without the lines, the tagger's span is the brand
        assertThat(infer(finding("iPhone"), "iPhone 15 Pro Max 256GB").brand()).isEqualTo("iPhone");
    }

    @Test
    void aBrandNameThatIsTheLettersOfAModelCodeIsNotTheBrand() {
        AgentResult result = infer(finding("LUCKY MISU"), "LUCKY MISU พัดลมอุตสาหกรรม 20 นิ้ว รุ่น TF204 สีดำ");
        assertThat(result.brand()).isEqualTo("LUCKY MISU");
        assertThat(infer(finding("none"), "พัดลม Model: TF20 16 นิ้ว").brand()).isNull();
        // without a model marker before it, a name glued to digits is still the brand (LG32LM is an LG model)
        assertThat(infer(finding("none"), "LG32LM576 ทีวี 32 นิ้ว").brand()).isEqualTo("LG");
        assertThat(NerAgent.inModelCode("รุ่นTF204", 4, 6)).isTrue();
        assertThat(NerAgent.inModelCode("No.TF204", 3, 5)).isTrue();
        assertThat(NerAgent.inModelCode("CASINO TF204", 7, 9)).isFalse();
    }

    @Test
    void aNearMissInsideALongerTaggedSpanIsAWordOfAnotherBrand() {
        String title = "DOUBLE LOCK ชุดกล่องอาหารแก้ว รุ่น No.21938";
        // DOUBLE is one edit from DOUBLE-D: alone, a misspelt DOUBLE-D
        assertThat(infer(finding("none"), title).brand()).isEqualTo("DOUBLE-D");
        assertThat(infer(finding("DOUBLE"), title).brand()).isEqualTo("DOUBLE-D");
        // the tagger takes the two words for the brand: another brand, which the registry does not know
        AgentResult result = infer(finding("DOUBLE LOCK"), title);
        assertThat(result.brand()).isEqualTo("DOUBLE LOCK");
        assertThat(result.evidence().toString()).contains("match_type=tagger");
    }

    @Test
    void aKnownBrandWrittenInThaiAsItSoundsIsAnsweredUnlessTheTaggerIsSurerOfAnother() {
        String title = "สปาคลีน น้ำยาถูพื้น กลิ่นลาเวนเดอร์ 5200 มล.";
        AgentResult result = infer(finding("none"), title);
        assertThat(result.brand()).isEqualTo("SPA CLEAN");
        assertThat(result.evidence().toString()).contains("match_type=transliterated", "span=สปาคลีน");
        // the tagger finds another span with confidence 0.9, above the transliteration's prior 0.7
        assertThat(infer(finding("ZEBRONIX"), "ZEBRONIX " + title).brand()).isEqualTo("ZEBRONIX");
    }

    @Test
    void anUnknownBrandLeadingATitleThatNamesAKnownOneForWhatItFitsIsTheBrandWhenTheTaggerIsSurer() {
        String title = "ZORBLAX remote control LG TV 2 pack";
        // LG is known, written after the start: its prior is 0.8 (a name, short); the tagger's span before it, 0.9
        AgentResult result = infer(finding("ZORBLAX"), title);
        assertThat(result.brand()).isEqualTo("ZORBLAX");
        assertThat(result.candidates()).extracting(inference.Candidate::brand).containsExactly("ZORBLAX", "LG");
        assertThat(result.evidence().toString()).contains("match_type=tagger", "matched=LG");
        // a less sure tagger leaves the known brand
        assertThat(infer(finding("ZORBLAX", 0.6), title).brand()).isEqualTo("LG");
        // a span after the known brand, or the known brand itself, does not count
        assertThat(infer(finding("TV"), title).brand()).isEqualTo("LG");
        assertThat(infer(finding("LG"), title).brand()).isEqualTo("LG");
        // a known brand that starts the title answers without the tagger
        assertThat(infer(finding("ZORBLAX"), "LG remote control ZORBLAX edition").brand()).isEqualTo("LG");
        // after "for" the known brand is what the product fits: its prior drops to 0.6, below a tagger at 0.7
        AgentResult fits = infer(finding("ZORBLAX", 0.7), "ZORBLAX remote control for FARCEN TV");
        assertThat(fits.brand()).isEqualTo("ZORBLAX");
        assertThat(fits.evidence().toString()).contains("match_class=name|inner|for");
    }

    @Test
    void aKnownBrandInTheTitlesFirstWordLeadsItThoughAMarkerIsGluedBeforeIt() {
        // a seller's marker glued to the brand by a hyphen: the brand still starts the first word, answered without
        // the tagger and measured with the brands that start the title
        AgentResult result = infer(finding("ZORBLAX"), "new-FARCEN 23390 - desk pad ZORBLAX edition");
        assertThat(result.brand()).isEqualTo("FARCEN");
        assertThat(result.evidence().toString()).contains("match_class=name|lead");
        assertThat(NerAgent.leads("new-rolodex 23390", 4)).isTrue();
        assertThat(NerAgent.leads("  ROLODEX 23390", 2)).isTrue();
        assertThat(NerAgent.leads("[แท้]TOA สีน้ำ", 5)).isTrue();
        assertThat(NerAgent.leads("desk pad by rolodex", 12)).isFalse();
        assertThat(NerAgent.leads("new rolodex 23390", 4)).as("after a space: the second word").isFalse();
    }

    @Test
    void aSpanLeadsTheTitleOrFollowsTheThaiProductNounThatLeadsIt() {
        assertThat(NerAgent.leadsOrFollowsThaiNoun("TOA สีน้ำ 5 ลิตร", 0)).isTrue();
        assertThat(NerAgent.leadsOrFollowsThaiNoun("สีน้ำ TOA 5 ลิตร", 6)).isTrue();
        assertThat(NerAgent.leadsOrFollowsThaiNoun("สีน้ำ  TOA-X 5 ลิตร", 7)).isTrue();
        assertThat(NerAgent.leadsOrFollowsThaiNoun("สีน้ำ ภายใน TOA", 12)).as("after two Thai words").isFalse();
        assertThat(NerAgent.leadsOrFollowsThaiNoun("paint TOA 5 l", 6)).as("after an English word").isFalse();
        assertThat(NerAgent.leadsOrFollowsThaiNoun("สีน้ำ 5 ลิตร", 8)).as("the third word").isFalse();
        // the evidence says so of each span, for the combination
        AgentResult after = infer(finding("ZORBLAX"), "ยาสีฟัน ZORBLAX 150g");
        assertThat(after.evidence().toString()).contains("span=ZORBLAX").contains("leads=true");
        AgentResult inner = infer(finding("ZORBLAX"), "ยาสีฟัน เด็ก ZORBLAX 150g");
        assertThat(inner.evidence().toString()).contains("leads=false");
    }

    @Test
    void aSpanAfterTheListingsDecorationOrWhoseThaiSpellingLeadsLeadsTheTitle() {
        for (String title : List.of("[ส่งฟรี] Lactasoy นมถั่วเหลือง", "NEW! Lactasoy นม 300 มล.",
                "Official Store | Lactasoy นม", "🔥ขายดี🔥 Lactasoy นม", "(แพ็ค 3) Lactasoy นม",
                "[ส่งฟรี] [ของแท้] Lactasoy นม", "[ส่งฟรี] นมถั่วเหลือง Lactasoy 300 มล.",
                "แลคตาซอย นมถั่วเหลือง UHT Lactasoy 300 มล.", "นม แลคตาซอย Lactasoy 300 มล.")) {
            assertThat(NerAgent.leadsTheTitle(title, title.indexOf("Lactasoy"))).as(title).isTrue();
        }
        for (String title : List.of("นม ถั่วเหลือง Lactasoy", "soy milk (new) Lactasoy", "นม UHT 300 มล. Lactasoy",
                "[ส่งฟรี] นม ถั่วเหลือง Lactasoy", "a b c d e! Lactasoy", "นม ถั่วเหลือง สูตร แลคตาซอย Lactasoy")) {
            assertThat(NerAgent.leadsTheTitle(title, title.indexOf("Lactasoy"))).as(title).isFalse();
        }
        // the evidence says so of each span, for the combination
        AgentResult decorated = infer(finding("ZORBLAX"), "[ส่งฟรี] ZORBLAX ยาสีฟัน 150g");
        assertThat(decorated.evidence().toString()).contains("span=ZORBLAX").contains("leads=true");
    }

    @Test
    void aBrandAfterAWordSayingTheProductFitsItIsToldApart() {
        assertThat(NerAgent.afterFitWord("case for iphone", 9)).isTrue();
        assertThat(NerAgent.afterFitWord("charger (compatible with) Nikon", 26)).isTrue();
        assertThat(NerAgent.afterFitWord("ฟิล์ม สำหรับSamsung", 12)).isTrue();
        assertThat(NerAgent.afterFitWord("ฟิล์ม สำหรับ Samsung", 13)).isTrue();
        assertThat(NerAgent.afterFitWord("outfit Nikon", 7)).as("a word ending in fit is not fit").isFalse();
        assertThat(NerAgent.afterFitWord("Nikon case", 0)).isFalse();
    }

    @Test
    void aTaggedSpanOneEditFromARegistryNameIsThatBrand() {
        AgentResult result = infer(finding("FARCENT"), "FARCENT สเปรย์ปรับอากาศ 320 มล.");
        assertThat(result.brand()).isEqualTo("FARCEN");
        @SuppressWarnings("unchecked")
        Map<String, Object> span = ((List<Map<String, Object>>) result.evidence().get("matches")).get(0);
        assertThat(span).containsEntry("span", "FARCENT").containsEntry("matched", "FARCEN")
                .containsEntry("match_type", "tagger").containsEntry("similarity", 0.857);
        // a span the registry does not know is answered as written
        assertThat(infer(finding("ZEBRONIX"), "ZEBRONIX wireless mouse").brand()).isEqualTo("ZEBRONIX");
    }
}
