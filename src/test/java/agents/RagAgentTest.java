package agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import knowledge.BrandCensus;
import knowledge.BrandRegistry;
import knowledge.Neighbour;
import org.junit.jupiter.api.Test;

/** What RAG's evidence says of each neighbour beyond the store's own fields. */
class RagAgentTest {

    private final BrandRegistry registry = BrandRegistry.of(new BrandCensus(Map.of("Colgate", 5L, "Clear Nose", 2L),
            Map.of("Colgate", Map.of("คอลเกต", 3L))));

    private static Neighbour neighbour(String title, String brand) {
        return new Neighbour(title, brand, null, 0.8);
    }

    @Test
    void aNeighbourWritesItsBrandByAnyNameTheRegistryKnowsItBy() {
        assertThat(RagAgent.writesItsBrand(registry, neighbour("COLGATE Total 150g", "Colgate"))).isTrue();
        // its Thai name, which the catalogue gave as an alias
        assertThat(RagAgent.writesItsBrand(registry, neighbour("ยาสีฟันคอลเกต สูตรใหม่ 100 กรัม", "Colgate"))).isTrue();
        // spaces and punctuation do not count, as when NER finds a name
        assertThat(RagAgent.writesItsBrand(registry, neighbour("clear-nose acne gel", "Clear Nose"))).isTrue();
        assertThat(RagAgent.writesItsBrand(registry, neighbour("ยาสีฟัน สูตรใหม่ 100 กรัม", "Colgate"))).isFalse();
        // a brand the registry does not know is written only by its own name
        assertThat(RagAgent.writesItsBrand(registry, neighbour("Darlie toothpaste", "Darlie"))).isTrue();
        assertThat(RagAgent.writesItsBrand(registry, neighbour("ยาสีฟัน ดาร์ลี่", "Darlie"))).isFalse();
    }
}
