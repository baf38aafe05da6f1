package knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the brand registry keeps beside a store comes back equal, and only for the contents and settings it was for. */
class RegistryEvidenceTest {

    @TempDir
    Path dir;

    @Test
    void theKeptCensusAndEvidenceComeBackEqualForTheSameContentsAndSettingsOnly() {
        BrandCensus census = new BrandCensus(Map.of("Colgate", 3L, "Mama", 1L),
                Map.of("Colgate", Map.of("คอลเกต", 2L)));
        RegistryEvidence evidence = new RegistryEvidence(List.of(), Map.of("wausau", Set.of("wausau paper")));
        VectorStore.Derived kept = new VectorStore.DerivedFile(dir.resolve("registry.json"), "v1");
        evidence.write(kept, "s", census);

        RegistryEvidence.Snapshot back = RegistryEvidence.read(kept, "s");
        assertThat(back).isNotNull();
        assertThat(back.census()).as("equal, so that a follower comparing censuses sees no change").isEqualTo(census);
        assertThat(back.evidence()).isEqualTo(evidence);
        assertThat(RegistryEvidence.read(new VectorStore.DerivedFile(dir.resolve("registry.json"), "v2"), "s"))
                .as("other contents").isNull();
        assertThat(RegistryEvidence.read(kept, "other settings")).isNull();
        assertThat(RegistryEvidence.read(new VectorStore.DerivedFile(dir.resolve("none.json"), "v1"), "s")).isNull();
    }
}
