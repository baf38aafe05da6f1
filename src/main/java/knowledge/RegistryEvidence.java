package knowledge;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the catalogue's titles add to the brand census in a {@link BrandRegistry}: the aliases learnt from them and the
 * brand names they show to be one brand. Deriving it reads every title (seconds at 100,000 products), so it is kept
 * in a file beside a store that allows it ({@link VectorStore#derived}) and read back at the next start when the store
 * still holds the same products and the learning settings are the same.
 */
record RegistryEvidence(List<AliasLearner.Learnt> learnt, Map<String, Set<String>> sameBrand) {

    static final String FILE = "brand-registry.json";
    /** Bumped whenever the derivation changes, so a file an older version wrote is derived again. */
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RegistryEvidence.class);

    /** The file's contents: the evidence and what it was derived from. */
    private record Kept(@JsonProperty("format") int format, @JsonProperty("store") String store,
                        @JsonProperty("settings") String settings,
                        @JsonProperty("learnt") List<AliasLearner.Learnt> learnt,
                        @JsonProperty("same_brand") Map<String, Set<String>> sameBrand) {
    }

    /**
     * The evidence kept in {@code derived} for the store's current contents and {@code settings}; null when there
     * is none, it was derived from something else, or it cannot be read (then it is derived again).
     */
    static RegistryEvidence read(VectorStore.Derived derived, String settings) {
        if (derived == null || !Files.isRegularFile(derived.file())) {
            return null;
        }
        try {
            Kept kept = JSON.readValue(derived.file().toFile(), Kept.class);
            if (kept.format() != FORMAT || !derived.version().equals(kept.store())
                    || !settings.equals(kept.settings())
                    || kept.learnt() == null || kept.sameBrand() == null) {
                return null;
            }
            return new RegistryEvidence(kept.learnt(), kept.sameBrand());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring {}, which cannot be read ({}); deriving the brand registry from the products",
                    derived.file(), e.toString());
            return null;
        }
    }

    /**
     * Keeps this evidence in {@code derived} (written whole, then renamed over the old file, so a crash leaves the old
     * file or the new one). A failure only costs the next start the time to derive it again, so it is logged, not thrown.
     */
    void write(VectorStore.Derived derived, String settings) {
        if (derived == null) {
            return;
        }
        Path file = derived.file();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            JSON.writeValue(partial.toFile(), new Kept(FORMAT, derived.version(), settings, learnt, sameBrand));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot keep the brand registry in {} ({}); the next start derives it again", file, e.toString());
        }
    }
}
