package knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the catalogue's titles add to the brand census in a {@link BrandRegistry}: the aliases learnt from them and the
 * brand names they show to be one brand. Deriving it, and the census, reads every product (seconds at 100,000
 * products, minutes at a million from a Milvus server), so both are kept where the store allows
 * ({@link VectorStore#derived}: a file beside the embedded store, a side collection beside a Milvus one) and read back,
 * at the next start or by another service following the same store, while the store holds the same products and the
 * learning settings are the same.
 */
record RegistryEvidence(List<AliasLearner.Learnt> learnt, Map<String, Set<String>> sameBrand) {

    static final String FILE = "brand-registry.json";
    /**
     * Bumped whenever the derivation changes, so data an older version kept is derived again (2: the census kept; 3: a
     * label's titles writing a shorter brand name merge the two).
     */
    private static final int FORMAT = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RegistryEvidence.class);

    /** The census and the evidence of one version of the store's contents. */
    record Snapshot(BrandCensus census, RegistryEvidence evidence) {
    }

    /** What is kept: the census, the evidence and what they were derived from. */
    private record Kept(@JsonProperty("format") int format, @JsonProperty("store") String store,
                        @JsonProperty("settings") String settings,
                        @JsonProperty("spellings") Map<String, Long> spellings,
                        @JsonProperty("aliases") Map<String, Map<String, Long>> aliases,
                        @JsonProperty("learnt") List<AliasLearner.Learnt> learnt,
                        @JsonProperty("same_brand") Map<String, Set<String>> sameBrand) {
    }

    /**
     * The census and evidence kept in {@code derived} for the store's current contents and {@code settings}; null when
     * there are none, they were derived from something else, or they cannot be read (then they are derived again).
     */
    static Snapshot read(VectorStore.Derived derived, String settings) {
        if (derived == null) {
            return null;
        }
        try {
            String text = derived.read();
            if (text == null) {
                return null;
            }
            Kept kept = JSON.readValue(text, Kept.class);
            if (kept.format() != FORMAT || !derived.version().equals(kept.store())
                    || !settings.equals(kept.settings()) || kept.spellings() == null || kept.aliases() == null
                    || kept.learnt() == null || kept.sameBrand() == null) {
                return null;
            }
            return new Snapshot(new BrandCensus(kept.spellings(), kept.aliases()),
                    new RegistryEvidence(kept.learnt(), kept.sameBrand()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the brand registry kept in {}, which cannot be read ({}); deriving it from the products",
                    derived.where(), e.toString());
            return null;
        }
    }

    /**
     * Keeps {@code census} and this evidence in {@code derived}. A failure only costs the next reader the time to derive
     * them again, so it is logged, not thrown.
     */
    void write(VectorStore.Derived derived, String settings, BrandCensus census) {
        if (derived == null) {
            return;
        }
        try {
            derived.write(JSON.writeValueAsString(new Kept(FORMAT, derived.version(), settings, census.spellings(),
                    census.aliases(), learnt, sameBrand)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot keep the brand registry in {} ({}); the next start derives it again", derived.where(),
                    e.toString());
        }
    }
}
