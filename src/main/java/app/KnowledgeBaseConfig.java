package app;

import agents.NerAgent;
import agents.RagAgent;
import agents.TransformerTagger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import knowledge.CatalogFormat;
import java.util.List;
import knowledge.CharNgramEmbedder;
import knowledge.Embedder;
import knowledge.HybridEmbedder;
import knowledge.OnnxEmbedder;
import models.OnnxTransformer;
import knowledge.KnowledgeBase;
import knowledge.LoadReport;
import knowledge.LuceneVectorStore;
import knowledge.MilvusVectorStore;
import knowledge.VectorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
    Embedder embedder(@Value("${knowledge-base.embedding.dimension}") int dimension,
                      @Value("${knowledge-base.embedding.min-n}") int minN,
                      @Value("${knowledge-base.embedding.max-n}") int maxN,
                      @Value("${embedding.model.path:}") String modelPath,
                      @Value("${embedding.model.name:}") String modelName,
                      @Value("${embedding.model.max-tokens}") int maxTokens,
                      @Value("${embedding.model.threads}") int threads,
                      @Value("${embedding.ngram-weight}") double ngramWeight) {
        CharNgramEmbedder ngrams = new CharNgramEmbedder(dimension, minN, maxN);
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

    @Bean(destroyMethod = "close")
    KnowledgeBase knowledgeBase(Embedder embedder, @Value("${data.dir}") Path dataDir,
                                @Value("${knowledge-base.batch-size}") int batchSize,
                                @Value("${catalog.max-reported-errors}") int maxReportedErrors,
                                @Value("${knowledge-base.demo-catalog}") boolean demo,
                                @Value("${knowledge-base.learnt-aliases.min-support}") int aliasMinSupport,
                                @Value("${knowledge-base.learnt-aliases.min-precision}") double aliasMinPrecision,
                                @Value("${knowledge-base.store}") String storeKind,
                                @Value("${milvus.uri}") String milvusUri,
                                @Value("${milvus.token:}") String milvusToken,
                                @Value("${milvus.collection}") String milvusCollection,
                                @Value("${milvus.timeout-ms}") long milvusTimeoutMs) {
        Path indexDir = dataDir.toAbsolutePath().resolve("index");
        VectorStore store = switch (storeKind) {
            case "lucene" -> new LuceneVectorStore(indexDir, embedder);
            case "milvus" -> new MilvusVectorStore(milvusUri, milvusToken, milvusCollection, embedder,
                    milvusTimeoutMs);
            default -> throw new IllegalArgumentException("knowledge-base.store must be lucene or milvus, not '"
                    + storeKind + "'");
        };
        String where = "milvus".equals(storeKind) ? "Milvus collection " + milvusCollection + " at " + milvusUri
                : indexDir.toString();
        KnowledgeBase kb = new KnowledgeBase(store, embedder, batchSize, maxReportedErrors, aliasMinSupport,
                aliasMinPrecision);
        if (demo && kb.productCount() == 0) {
            try (InputStream in = new ClassPathResource(DEMO_CATALOG).getInputStream()) {
                LoadReport report = kb.load(in, CatalogFormat.CSV);
                LOG.info("Empty knowledge base in {}: loaded the demo catalogue ({} products, {} brands)", where,
                        report.accepted(), kb.registry().size());
            } catch (IOException e) {
                kb.close();
                throw new UncheckedIOException("cannot load the demo catalogue " + DEMO_CATALOG, e);
            }
        } else {
            LOG.info("Knowledge base in {}: {} products, {} brands", where, kb.productCount(), kb.registry().size());
        }
        return kb;
    }

    @Bean(destroyMethod = "close")
    TaggerService taggerService(KnowledgeBase kb, @Value("${data.dir}") Path dataDir,
                                @Value("${agents.ner.tagger.max-titles}") int maxTitles,
                                @Value("${agents.ner.tagger.min-titles}") int minTitles,
                                @Value("${ner.model.path:}") String modelPath,
                                @Value("${ner.model.entity:}") String entity,
                                @Value("${ner.model.min-score}") double minScore,
                                @Value("${ner.model.max-tokens}") int maxTokens,
                                @Value("${ner.model.threads}") int threads,
                                @Value("${ner.model.aggregation}") String aggregation,
                                @Value("${ner.model.calibration-titles}") int calibrationTitles) {
        Path taggerDir = dataDir.toAbsolutePath().resolve("tagger");
        if (modelPath.isBlank()) {
            return new TaggerService(kb, taggerDir, maxTitles, minTitles);
        }
        Path model = Path.of(modelPath).toAbsolutePath();
        try {
            TransformerTagger transformer = TransformerTagger.open(model, entity, minScore, maxTokens, threads,
                    aggregation);
            LOG.info("NER transformer {} from {} (entity type {})", transformer.version(), model,
                    transformer.entity());
            return new TaggerService(kb, taggerDir, maxTitles, minTitles, transformer, calibrationTitles);
        } catch (IOException e) {
            throw new UncheckedIOException("ner.model.path=" + modelPath + ": " + e.getMessage(), e);
        }
    }

    @Bean
    NerAgent nerAgent(KnowledgeBase kb, TaggerService tagger) {
        return new NerAgent(kb::registry, tagger::tagger, tagger::matchCalibration);
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
}
