package app;

import agents.NerAgent;
import agents.RagAgent;
import agents.TransformerTagger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import knowledge.CatalogFormat;
import knowledge.CatalogReader;
import knowledge.Product;
import java.util.List;
import knowledge.CharNgramEmbedder;
import knowledge.Embedder;
import knowledge.HybridEmbedder;
import knowledge.OnnxEmbedder;
import models.OnnxTransformer;
import knowledge.KnowledgeBase;
import knowledge.ProductLines;
import knowledge.LoadReport;
import knowledge.Reindex;
import knowledge.StoreUnavailableException;
import knowledge.StoreLocation;
import knowledge.VectorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

/** The embedded knowledge base and the agents that read it; absent where {@code knowledge-base.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "knowledge-base.enabled", havingValue = "true", matchIfMissing = true)
public class KnowledgeBaseConfig {

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBaseConfig.class);
    static final String DEMO_CATALOG = "demo/catalog.csv";

    /**
     * The character n-gram embedder, or with {@code embedding.model.path} / {@code .name} an ONNX sentence embedder,
     * combined with the n-gram one by {@code embedding.ngram-weight} (0: the neural model alone).
     */
    @Bean
    Embedder embedder(Environment env) {
        return embedderOf(env);
    }

    /** The embedder the settings in {@code env} describe (the service's, and the collection command's). */
    static Embedder embedderOf(Environment env) {
        CharNgramEmbedder ngrams = new CharNgramEmbedder(
                env.getRequiredProperty("knowledge-base.embedding.dimension", Integer.class),
                env.getRequiredProperty("knowledge-base.embedding.min-n", Integer.class),
                env.getRequiredProperty("knowledge-base.embedding.max-n", Integer.class));
        String modelPath = env.getProperty("embedding.model.path", "");
        String modelName = env.getProperty("embedding.model.name", "");
        int maxTokens = env.getRequiredProperty("embedding.model.max-tokens", Integer.class);
        int threads = env.getRequiredProperty("embedding.model.threads", Integer.class);
        double ngramWeight = env.getRequiredProperty("embedding.ngram-weight", Double.class);
        if (modelPath.isBlank() && modelName.isBlank()) {
            return ngrams;
        }
        if (ngramWeight >= 1) {
            LOG.warn("embedding.ngram-weight is {}: the n-gram embedder alone is used and the model is not loaded",
                    ngramWeight);
            return ngrams;
        }
        if (!modelPath.isBlank() && !modelName.isBlank()) {
            throw new IllegalArgumentException("set embedding.model.path or embedding.model.name, not both");
        }
        OnnxEmbedder dense;
        try {
            dense = modelPath.isBlank() ? OnnxEmbedder.bundled(modelName, maxTokens, threads)
                    : new OnnxEmbedder(OnnxTransformer.open(Path.of(modelPath).toAbsolutePath(), maxTokens, threads),
                            Path.of(modelPath).toAbsolutePath().getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("embedding model: " + e.getMessage(), e);
        }
        if (ngramWeight <= 0) {
            LOG.info("Embedder: {} ({} dimensions)", dense.id(), dense.dimension());
            return dense;
        }
        HybridEmbedder hybrid = new HybridEmbedder(List.of(dense, ngrams), List.of(1 - ngramWeight, ngramWeight));
        LOG.info("Embedder: {} ({} dimensions)", hybrid.id(), hybrid.dimension());
        return hybrid;
    }

    /** Where the settings in {@code env} keep the products: {@code knowledge-base.store} and its settings. */
    static StoreLocation storeLocationOf(Environment env) {
        return storeLocationOf(env, env.getRequiredProperty("knowledge-base.store"));
    }

    /** The store of kind {@code kind} (lucene or milvus) at the place the settings in {@code env} give for it. */
    public static StoreLocation storeLocationOf(Environment env, String kind) {
        return switch (kind) {
            case "lucene" -> new StoreLocation.Lucene(Path.of(env.getRequiredProperty("data.dir")).resolve("index"),
                    env.getRequiredProperty("knowledge-base.merge-max-products", Long.class));
            case "milvus" -> new StoreLocation.Milvus(env.getRequiredProperty("milvus.uri"),
                    env.getProperty("milvus.token", ""), env.getRequiredProperty("milvus.collection"),
                    env.getRequiredProperty("milvus.timeout-ms", Long.class), env.getProperty("milvus.ca-cert", ""));
            default -> throw new IllegalArgumentException("knowledge-base.store must be lucene or milvus, not '"
                    + kind + "'");
        };
    }

    /** A knowledge base over {@code store} with the load and alias settings in {@code env}. */
    static KnowledgeBase knowledgeBaseOf(Environment env, VectorStore store, Embedder embedder) {
        return new KnowledgeBase(store, embedder, env.getRequiredProperty("knowledge-base.batch-size", Integer.class),
                env.getRequiredProperty("catalog.max-reported-errors", Integer.class),
                env.getRequiredProperty("knowledge-base.learnt-aliases.min-support", Integer.class),
                env.getRequiredProperty("knowledge-base.learnt-aliases.min-precision", Double.class),
                env.getRequiredProperty("catalog.max-record-chars", Integer.class));
    }

    /** Where reindexes write their spools: {@code ${data.dir}/reindex}. */
    public static Path spoolDirOf(Environment env) {
        return Path.of(env.getRequiredProperty("data.dir")).toAbsolutePath().resolve("reindex");
    }

    /**
     * The knowledge base over the configured store. A reindex spool left in the data directory means the process died
     * during a reindex: the spool is loaded again first, as the reindex would have. The demo catalogue is loaded only
     * into a store that was not there before (no files, no collection) and only when no spool was left.
     */
    @Bean(destroyMethod = "close")
    KnowledgeBase knowledgeBase(Embedder embedder, Environment env,
                                @Value("${knowledge-base.demo-catalog}") boolean demo) {
        StoreLocation location = storeLocationOf(env);
        // a spool for another store kind, or of a failed reindex, also says this data directory has been used
        boolean previous = Reindex.anySpool(spoolDirOf(env)) || existed(location);
        List<Reindex.Spool> spools = Reindex.interrupted(spoolDirOf(env), location.kind());
        KnowledgeBase kb = spools.isEmpty() ? knowledgeBaseOf(env, location.open(embedder), embedder)
                : restore(env, location, embedder, spools);
        if (kb.unavailable() != null) {
            LOG.warn("The knowledge base in {} cannot be read: {}. The service starts without it (health shows it DOWN, "
                    + "RAG answers fail into its circuit breaker) and reads it once it answers", location.describe(),
                    kb.unavailable());
        } else if (demo && !previous) {
            try (InputStream in = new ClassPathResource(DEMO_CATALOG).getInputStream()) {
                LoadReport report = kb.load(in, CatalogFormat.CSV);
                LOG.info("Empty knowledge base in {}: loaded the demo catalogue ({} products, {} brands)",
                        location.describe(), report.accepted(), kb.registry().size());
            } catch (IOException e) {
                kb.close();
                throw new UncheckedIOException("cannot load the demo catalogue " + DEMO_CATALOG, e);
            }
        } else {
            LOG.info("Knowledge base in {}: {} products, {} brands{}", location.describe(), kb.productCount(),
                    kb.registry().size(), demo && kb.productCount() == 0 ? " (the demo catalogue is loaded only into "
                            + "a new store, and this one was there)" : "");
        }
        return kb;
    }

    /** The demo catalogue's titles, labelled with where their brands are written (the NER tagger's first knowledge). */
    static List<KnowledgeBase.LabelledTitle> demoTitles() {
        List<Product> products = new java.util.ArrayList<>();
        try (InputStream in = new ClassPathResource(DEMO_CATALOG).getInputStream()) {
            CatalogReader.read(in, CatalogFormat.CSV, new CatalogReader.RowHandler() {
                @Override
                public void row(long line, Product product) {
                    products.add(product);
                }

                @Override
                public void reject(long line, String message) {
                    throw new IllegalStateException(DEMO_CATALOG + " line " + line + ": " + message);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo catalogue " + DEMO_CATALOG, e);
        }
        return KnowledgeBase.labelled(products);
    }

    /** Whether the store was there before this start; when that cannot be told (Milvus down), it is taken as there. */
    private static boolean existed(StoreLocation location) {
        try {
            return location.exists();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Loads the newest spool an interrupted reindex left into the store, rebuilt for the configured embedder (the
     * reindex may have been for it), then deletes the older spools it supersedes. When the store cannot be reached, the
     * spools stay for the next start; when the load fails, the store is opened as it is (it holds what it held before
     * the reindex) and the spool is kept as {@code failed-...}.
     */
    private static KnowledgeBase restore(Environment env, StoreLocation location, Embedder embedder,
                                         List<Reindex.Spool> spools) {
        Reindex.Spool newest = spools.get(spools.size() - 1);
        KnowledgeBase kb;
        try {
            kb = knowledgeBaseOf(env, location.rebuild(embedder), embedder);
        } catch (StoreUnavailableException e) {
            LOG.warn("An interrupted reindex left {}, but the store cannot be reached ({}): it is loaded at a later "
                    + "start", newest.file(), e.getMessage());
            return knowledgeBaseOf(env, location.open(embedder), embedder);
        }
        if (kb.unavailable() != null) {
            LOG.warn("An interrupted reindex left {}, but the store cannot be read ({}): it is loaded at a later start",
                    newest.file(), kb.unavailable());
            return kb;
        }
        LOG.warn("Restoring an interrupted reindex: loading the {} products of {} into {}", newest.products(),
                newest.file(), location.describe());
        try {
            LoadReport report = Reindex.load(newest, kb);
            LOG.info("Interrupted reindex restored: {} products stored, {} rejected", report.accepted(),
                    report.rejected());
        } catch (RuntimeException e) {
            kb.close();
            LOG.error("Restoring the interrupted reindex failed; the store is opened as it is: {}", e.getMessage(), e);
            return knowledgeBaseOf(env, location.open(embedder), embedder);
        }
        for (Reindex.Spool older : spools.subList(0, spools.size() - 1)) {
            LOG.info("Deleting {}, the spool of an earlier interrupted reindex, superseded by {}", older.file(),
                    newest.file());
            older.delete();
        }
        return kb;
    }

    @Bean(destroyMethod = "close")
    TaggerService taggerService(KnowledgeBase kb, @Value("${data.dir}") Path dataDir,
                                @Value("${agents.ner.tagger.max-titles}") int maxTitles,
                                @Value("${agents.ner.tagger.min-titles}") int minTitles,
                                @Value("${agents.ner.tagger.starter-titles}") int starterTitles,
                                @Value("${ner.model.path:}") String modelPath,
                                @Value("${ner.model.entity:}") String entity,
                                @Value("${ner.model.min-score}") double minScore,
                                @Value("${ner.model.max-tokens}") int maxTokens,
                                @Value("${ner.model.threads}") int threads,
                                @Value("${ner.model.aggregation}") String aggregation,
                                @Value("${ner.model.calibration-titles}") int calibrationTitles,
                                ProductLines lines) {
        Path taggerDir = dataDir.toAbsolutePath().resolve("tagger");
        if (modelPath.isBlank()) {
            return new TaggerService(kb, taggerDir, maxTitles, minTitles, KnowledgeBaseConfig::demoTitles,
                    starterTitles, lines);
        }
        Path model = Path.of(modelPath).toAbsolutePath();
        try {
            TransformerTagger transformer = TransformerTagger.open(model, entity, minScore, maxTokens, threads,
                    aggregation);
            LOG.info("NER transformer {} from {} (entity type {})", transformer.version(), model,
                    transformer.entity());
            return new TaggerService(kb, taggerDir, maxTitles, minTitles, KnowledgeBaseConfig::demoTitles,
                    starterTitles, lines, transformer, calibrationTitles);
        } catch (IOException e) {
            throw new UncheckedIOException("ner.model.path=" + modelPath + ": " + e.getMessage(), e);
        }
    }

    /** The product lines of well-known makers the service ships, or none ({@code agents.ner.product-lines=false}). */
    @Bean
    ProductLines productLines(@Value("${agents.ner.product-lines}") boolean enabled) {
        ProductLines lines = enabled ? ProductLines.shipped() : ProductLines.none();
        LOG.info("NER product lines: {} lines of well-known makers{}", lines.size(),
                enabled ? " (" + ProductLines.SHIPPED + ")" : " (agents.ner.product-lines=false)");
        return lines;
    }

    @Bean
    NerAgent nerAgent(KnowledgeBase kb, TaggerService tagger, ProductLines lines) {
        return new NerAgent(kb::registry, tagger::tagger, tagger::matchCalibration, lines);
    }

    @Bean
    RagAgent ragAgent(KnowledgeBase kb, @Value("${agents.rag.k}") int k,
                      @Value("${agents.rag.min-similarity}") double minSimilarity) {
        return new RagAgent(kb, k, minSimilarity);
    }

    @Bean(destroyMethod = "close")
    RagCalibrationService ragCalibration(KnowledgeBase kb, RagAgent rag,
                                         @Value("${agents.rag.calibration-titles}") int titles) {
        return new RagCalibrationService(kb, rag, titles);
    }

    /** Only where this process hosts both NER and RAG (the single process, the hybrid service): they combine here. */
    @Bean(destroyMethod = "close")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
            "${agents.ner.local:true} and ${agents.rag.local:true}")
    CombinationService combination(KnowledgeBase kb, TaggerService tagger, RagCalibrationService ragCalibration,
                                   NerAgent ner, RagAgent rag, @Value("${orchestrator.combination.titles}") int titles,
                                   @Value("${orchestrator.combination.min-titles}") int minTitles) {
        return new CombinationService(kb, tagger, ragCalibration, ner, rag, titles, minTitles,
                KnowledgeBaseConfig::demoTitles);
    }
}
