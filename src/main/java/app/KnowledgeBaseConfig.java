package app;

import agents.NerAgent;
import agents.RagAgent;
import agents.TransformerTagger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import knowledge.CatalogFormat;
import knowledge.CatalogReader;
import knowledge.Embedder;
import knowledge.KnowledgeBase;
import knowledge.LoadReport;
import knowledge.Product;
import knowledge.ProductLines;
import knowledge.Reindex;
import knowledge.StoreLocation;
import knowledge.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import services.CombinationService;
import services.RagCalibrationService;
import services.Stores;
import services.TaggerService;
import settings.KnowledgeBaseSettings;
import settings.NerModelSettings;
import settings.NerSettings;
import settings.OrchestratorSettings;
import settings.RagSettings;

/** The embedded knowledge base and the agents that read it; absent where {@code knowledge-base.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "knowledge-base.enabled", havingValue = "true", matchIfMissing = true)
@Import(Stores.class)
@EnableConfigurationProperties({NerSettings.class, NerModelSettings.class, RagSettings.class,
    OrchestratorSettings.class})
public class KnowledgeBaseConfig {

    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBaseConfig.class);
    static final String DEMO_CATALOG = "demo/catalog.csv";

    @Bean
    Embedder embedder(Stores stores) {
        return stores.embedder();
    }

    /**
     * The knowledge base over the configured store. A reindex spool left in the data directory means the process died
     * during a reindex: the spool is loaded again first, as the reindex would have. The demo catalogue is loaded only
     * into a store that was not there before (no files, no collection) and only when no spool was left.
     */
    @Bean(destroyMethod = "close")
    KnowledgeBase knowledgeBase(Embedder embedder, Stores stores, KnowledgeBaseSettings settings) {
        boolean demo = settings.demoCatalog();
        StoreLocation location = stores.location();
        // a spool for another store kind, or of a failed reindex, also says this data directory has been used
        boolean previous = Reindex.anySpool(stores.spoolDir()) || existed(location);
        List<Reindex.Spool> spools = Reindex.interrupted(stores.spoolDir(), location.kind());
        KnowledgeBase kb = spools.isEmpty() ? stores.knowledgeBase(location.open(embedder), embedder)
                : restore(stores, location, embedder, spools);
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
    private static KnowledgeBase restore(Stores stores, StoreLocation location, Embedder embedder,
                                         List<Reindex.Spool> spools) {
        Reindex.Spool newest = spools.get(spools.size() - 1);
        KnowledgeBase kb;
        try {
            kb = stores.knowledgeBase(location.rebuild(embedder), embedder);
        } catch (StoreUnavailableException e) {
            LOG.warn("An interrupted reindex left {}, but the store cannot be reached ({}): it is loaded at a later "
                    + "start", newest.file(), e.getMessage());
            return stores.knowledgeBase(location.open(embedder), embedder);
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
            return stores.knowledgeBase(location.open(embedder), embedder);
        }
        for (Reindex.Spool older : spools.subList(0, spools.size() - 1)) {
            LOG.info("Deleting {}, the spool of an earlier interrupted reindex, superseded by {}", older.file(),
                    newest.file());
            older.delete();
        }
        return kb;
    }

    @Bean(destroyMethod = "close")
    TaggerService taggerService(KnowledgeBase kb, Stores stores, NerSettings ner, NerModelSettings transformerSettings,
                                ProductLines lines) {
        Path dataDir = stores.dataDir();
        int maxTitles = ner.tagger().maxTitles();
        int minTitles = ner.tagger().minTitles();
        int starterTitles = ner.tagger().starterTitles();
        String modelPath = transformerSettings.path();
        Path taggerDir = dataDir.toAbsolutePath().resolve("tagger");
        if (modelPath.isBlank()) {
            return new TaggerService(kb, taggerDir, maxTitles, minTitles, KnowledgeBaseConfig::demoTitles,
                    starterTitles, lines);
        }
        TransformerTagger transformer = stores.model("ner.model.path", modelPath, model -> TransformerTagger.open(
                model, transformerSettings.entity(), transformerSettings.minScore(), transformerSettings.maxTokens(),
                transformerSettings.threads(), transformerSettings.aggregation()));
        LOG.info("NER transformer {} from {} (entity type {})", transformer.version(), modelPath, transformer.entity());
        return new TaggerService(kb, taggerDir, maxTitles, minTitles, KnowledgeBaseConfig::demoTitles,
                starterTitles, lines, transformer, transformerSettings.calibrationTitles());
    }

    /** The product lines of well-known makers the service ships, or none ({@code agents.ner.product-lines=false}). */
    @Bean
    ProductLines productLines(NerSettings ner) {
        boolean enabled = ner.productLines();
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
    RagAgent ragAgent(KnowledgeBase kb, RagSettings rag) {
        return new RagAgent(kb, rag.k(), rag.minSimilarity());
    }

    @Bean(destroyMethod = "close")
    RagCalibrationService ragCalibration(KnowledgeBase kb, RagAgent rag, RagSettings settings) {
        return new RagCalibrationService(kb, rag, settings.calibrationTitles());
    }

    /** Only where this process hosts both NER and RAG (the single process, the hybrid service): they combine here. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(
            "${agents.ner.local:true} and ${agents.rag.local:true}")
    CombinationService combination(KnowledgeBase kb, TaggerService tagger, RagCalibrationService ragCalibration,
                                   NerAgent ner, RagAgent rag, OrchestratorSettings orchestrator) {
        return new CombinationService(kb, tagger, ragCalibration, ner, rag, orchestrator.combination().titles(),
                orchestrator.combination().minTitles(),
                KnowledgeBaseConfig::demoTitles);
    }
}
