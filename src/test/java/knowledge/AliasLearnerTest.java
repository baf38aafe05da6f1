package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AliasLearnerTest {

    @Test
    void learnsTheThaiNameABrandsTitlesShareAndNoOtherBrandUses() {
        AliasLearner learner = new AliasLearner(3, 0.7);
        learner.add("จระเข้ กาวยาแนว สีขาว 1 กก.", "JORAKAY", false);
        learner.add("ซีเมนต์ซ่อมแซมโครงสร้าง จระเข้ 20 Kg.", "JORAKAY", false);
        learner.add("ปูนกาว จระเข้ เขียว 20 กก.", "JORAKAY", false);
        learner.add("JORAKAY กาวยาแนว สีเทา", "JORAKAY", true);
        learner.add("LANKO กาวยาแนว สีขาว 1 กก.", "LANKO", true);
        learner.add("LANKO ปูนกาว 20 กก.", "LANKO", true);
        learner.add("ปูนกาว ตราเสือ 20 กก.", "TIGER", false);
        List<AliasLearner.Learnt> learnt = learner.learnt(Set.of("jorakay", "lanko", "tiger"));
        assertThat(learnt).extracting(AliasLearner.Learnt::brandKey, AliasLearner.Learnt::alias)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("jorakay", "จระเข้"));
        AliasLearner.Learnt jorakay = learnt.get(0);
        assertThat(jorakay.support()).isEqualTo(3);
        assertThat(jorakay.precision()).isEqualTo(0.75);
    }

    @Test
    void aProductWordWrittenBesideTheBrandsNameIsNotAnAlias() {
        AliasLearner learner = new AliasLearner(2, 0.5);
        learner.add("KARSHINE แชมพูล้างรถ 800 มล.", "KARSHINE", true);
        learner.add("KARSHINE น้ำยาล้างรถ สูตรเข้มข้น", "KARSHINE", true);
        learner.add("KARSHINE ล้างรถ โฟม", "KARSHINE", true);
        assertThat(learner.learnt(Set.of("karshine"))).isEmpty();
    }

    @Test
    void aProductLineWrittenInPlaceOfItsMakersNameIsAnAlias() {
        AliasLearner learner = new AliasLearner(3, 0.75);
        learner.add("SCOTCH BRITE แปรงขัดพื้น สีดำ", "3M", false);
        learner.add("Scotch Brite ฟองน้ำล้างจาน แพ็ค 3", "3M", false);
        learner.add("SCOTCH BRITE ไม้ถูพื้น", "3M", false);
        learner.add("3M เทปกาว 2 หน้า", "3M", true);
        // a word of letters under four characters (ABS), and a word of letters and digits (a code), are not learnt
        learner.add("กล่อง ABS PX20 สีขาว", "POLY", false);
        learner.add("ชั้นวาง ABS PX20 สีดำ", "POLY", false);
        learner.add("ถาด ABS PX20 สีเทา", "POLY", false);
        assertThat(learner.learnt(Set.of("3m", "poly")))
                .extracting(AliasLearner.Learnt::brandKey, AliasLearner.Learnt::alias, AliasLearner.Learnt::support)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("3m", "SCOTCH", 3L),
                        org.assertj.core.groups.Tuple.tuple("3m", "SCOTCH BRITE", 3L),
                        org.assertj.core.groups.Tuple.tuple("3m", "BRITE", 3L));
    }

    @Test
    void withTheDefaultsTwoTitlesOfOneBrandAndNoOtherMakeAnAlias() {
        AliasLearner learner = new AliasLearner(AliasLearner.DEFAULT_MIN_SUPPORT, AliasLearner.DEFAULT_MIN_PRECISION);
        learner.add("Harbour Mist, Sparkling Water, Lime", "Northbay Beverages", false);
        learner.add("Harbour Mist, Sparkling Water, Grapefruit", "Northbay Beverages", false);
        learner.add("Sparkling Water, Plain", "Clearwell", false);
        // "Sparkling Water", "Morning" and "Coffee" are in two of a brand's titles and in another brand's: 2 / (3 + 1)
        learner.add("Morning Glade Coffee, Decaf", "Hillside Roasters", false);
        learner.add("Morning Glade Coffee, Dark", "Hillside Roasters", false);
        learner.add("Morning Coffee Filters", "Papercraft", false);
        assertThat(learner.learnt(Set.of("northbaybeverages", "clearwell", "hillsideroasters", "papercraft")))
                .extracting(AliasLearner.Learnt::brandKey, AliasLearner.Learnt::alias, AliasLearner.Learnt::precision)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("northbaybeverages", "Harbour", 0.667),
                        org.assertj.core.groups.Tuple.tuple("northbaybeverages", "Mist", 0.667),
                        org.assertj.core.groups.Tuple.tuple("northbaybeverages", "Harbour Mist", 0.667),
                        org.assertj.core.groups.Tuple.tuple("hillsideroasters", "Glade", 0.667),
                        org.assertj.core.groups.Tuple.tuple("hillsideroasters", "Morning Glade", 0.667),
                        org.assertj.core.groups.Tuple.tuple("hillsideroasters", "Glade Coffee", 0.667));
    }

    @Test
    void anotherBrandsNameIsNeverLearnt() {
        AliasLearner learner = new AliasLearner(2, 0.5);
        learner.add("มาลี สับปะรดกระป๋อง", "Dole", false);
        learner.add("มาลี น้ำสับปะรด", "Dole", false);
        assertThat(learner.learnt(Set.of("dole", "มาลี"))).extracting(AliasLearner.Learnt::alias)
                .doesNotContain("มาลี");
    }

    @Test
    void theRegistryMatchesLearntAliasesWithTheirPrecision() {
        AliasLearner learner = new AliasLearner(2, 0.6);
        learner.add("จระเข้ กาวยาแนว", "JORAKAY", false);
        learner.add("จระเข้ ปูนกาว", "JORAKAY", false);
        BrandRegistry registry = BrandRegistry.of(new BrandCensus(java.util.Map.of("JORAKAY", 2L), java.util.Map.of()),
                learner.learnt(Set.of("jorakay")));
        var matches = registry.matcher().find("ซีเมนต์ จระเข้ 20 Kg.");
        assertThat(matches).singleElement().satisfies(match -> {
            assertThat(match.brand().name()).isEqualTo("JORAKAY");
            assertThat(match.source()).isEqualTo("learnt");
            assertThat(match.precision()).isEqualTo(0.667);
        });
    }
}
