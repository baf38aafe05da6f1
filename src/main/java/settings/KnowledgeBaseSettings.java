package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The knowledge base: where the products live and how they are loaded (knowledge-base.*).
 *
 * @param enabled          false: this process has no knowledge base (the orchestrator profile)
 * @param store            lucene (embedded, under data.dir/index) or milvus (the milvus.* settings)
 * @param demoCatalog      whether a new, empty store gets the demo catalogue
 * @param batchSize        products embedded and written per batch of a load
 * @param mergeMaxProducts the embedded store merges its segments into one after a load up to this many products
 *                         (0: never)
 * @param retryMs          how often a knowledge base that could not be read is tried again
 * @param followMs         how often a shared store is checked for another process's loads (0: never)
 * @param learntAliases    words written in place of a brand's name that become its aliases
 * @param embedding        the character n-gram embedder
 * @param hnsw             how the embedded store builds its HNSW graph
 */
@ConfigurationProperties("knowledge-base")
@Validated
public record KnowledgeBaseSettings(boolean enabled, String store, boolean demoCatalog, @Positive int batchSize, @PositiveOrZero long mergeMaxProducts,
                                    @Positive long retryMs, @PositiveOrZero long followMs,
                                    @NotNull @Valid LearntAliases learntAliases, @NotNull @Valid Embedding embedding,
                                    @NotNull @Valid Hnsw hnsw) {

    public KnowledgeBaseSettings {
        requireStoreKind(store);
    }

    /** Fails unless kind is a store kind: lucene or milvus. */
    public static String requireStoreKind(String kind) {
        if (!"lucene".equals(kind) && !"milvus".equals(kind)) {
            throw new IllegalStateException("knowledge-base.store must be lucene or milvus, not '" + kind + "'");
        }
        return kind;
    }

    /**
     * knowledge-base.learnt-aliases.*.
     *
     * @param minSupport   a word must stand for the brand in at least this many titles
     * @param minPrecision and in at least this share of the titles that contain it
     */
    public record LearntAliases(@Min(1) int minSupport, @DecimalMin("0") @DecimalMax("1") double minPrecision) {
    }

    /**
     * knowledge-base.hnsw.*: the embedded store's HNSW graph ({@code knowledge.HnswGraph}).
     *
     * @param maxConnections the neighbours each node keeps per layer (M; the bottom layer twice as many)
     * @param beamWidth      the candidates searched when a node is added
     */
    public record Hnsw(@Min(1) @Max(512) int maxConnections, @Min(1) @Max(3200) int beamWidth) {
    }

    /**
     * knowledge-base.embedding.*.
     *
     * @param dimension the n-gram vector's dimensions
     * @param minN      the shortest character n-gram
     * @param maxN      the longest character n-gram
     */
    public record Embedding(@Positive int dimension, @Positive int minN, @Positive int maxN) {

        public Embedding {
            if (minN > maxN) {
                throw new IllegalStateException("knowledge-base.embedding.min-n (" + minN + ") must not be more than "
                        + "knowledge-base.embedding.max-n (" + maxN + ")");
            }
        }
    }
}
