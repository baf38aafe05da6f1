package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AliasLearnerTest {

    @Test
    void learnsTheThaiNameABrandsTitlesShareAndNoOtherBrandUses() {
        AliasLearner learner = new AliasLearner(3, 0.7);
        learner.add("จระเข้ กาวยาแนว สีขาว 1 กก.", "JORAKAY");
        learner.add("ซีเมนต์ซ่อมแซมโครงสร้าง จระเข้ 20 Kg.", "JORAKAY");
        learner.add("ปูนกาว จระเข้ เขียว 20 กก.", "JORAKAY");
        learner.add("JORAKAY กาวยาแนว สีเทา", "JORAKAY");
        learner.add("LANKO กาวยาแนว สีขาว 1 กก.", "LANKO");
        learner.add("LANKO ปูนกาว 20 กก.", "LANKO");
        learner.add("ปูนกาว ตราเสือ 20 กก.", "TIGER");
        List<AliasLearner.Learnt> learnt = learner.learnt(Set.of("jorakay", "lanko", "tiger"));
        assertThat(learnt).extracting(AliasLearner.Learnt::brandKey, AliasLearner.Learnt::alias)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("jorakay", "จระเข้"));
        AliasLearner.Learnt jorakay = learnt.get(0);
        assertThat(jorakay.support()).isEqualTo(3);
        assertThat(jorakay.precision()).isEqualTo(0.75);
    }

    @Test
    void anotherBrandsNameIsNeverLearnt() {
        AliasLearner learner = new AliasLearner(2, 0.5);
        learner.add("มาลี สับปะรดกระป๋อง", "Dole");
        learner.add("มาลี น้ำสับปะรด", "Dole");
        assertThat(learner.learnt(Set.of("dole", "มาลี"))).extracting(AliasLearner.Learnt::alias)
                .doesNotContain("มาลี");
    }

    @Test
    void theRegistryMatchesLearntAliasesWithTheirPrecision() {
        AliasLearner learner = new AliasLearner(2, 0.6);
        learner.add("จระเข้ กาวยาแนว", "JORAKAY");
        learner.add("จระเข้ ปูนกาว", "JORAKAY");
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
