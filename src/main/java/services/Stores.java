package services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import knowledge.CharNgramEmbedder;
import knowledge.Embedder;
import knowledge.HnswGraph;
import knowledge.HybridEmbedder;
import knowledge.KnowledgeBase;
import knowledge.OnnxEmbedder;
import knowledge.StoreLocation;
import knowledge.VectorStore;
import models.ModelFiles;
import models.OnnxTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import settings.EmbeddingSettings;
import settings.FilesSettings;
import settings.KnowledgeBaseSettings;
import settings.MilvusSettings;
import settings.S3Settings;

/**
 * Where the products live and how titles are embedded, as the settings say: the embedder, the store of each kind, a
 * knowledge base over a store, and where reindexes spool. The service's knowledge base, the collection command and the
 * collection admin endpoints all make them here, so that they always agree.
 */
@Component
@EnableConfigurationProperties({KnowledgeBaseSettings.class, MilvusSettings.class, EmbeddingSettings.class,
    FilesSettings.class, S3Settings.class})
public class Stores {

    private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

    private final KnowledgeBaseSettings knowledgeBase;
    private final MilvusSettings milvus;
    private final EmbeddingSettings embedding;
    private final FilesSettings files;
    private final ModelFiles models;

    public Stores(KnowledgeBaseSettings knowledgeBase, MilvusSettings milvus, EmbeddingSettings embedding,
                  FilesSettings files, S3Settings s3) {
        this.knowledgeBase = knowledgeBase;
        this.milvus = milvus;
        this.embedding = embedding;
        this.files = files;
        this.models = new ModelFiles(s3.modelCache(), () -> AwsClients.s3(s3));
    }

    /** Opens a model directory for {@link #model}. */
    @FunctionalInterface
    public interface ModelOpener<T> {
        T open(Path directory) throws IOException;
    }

    /**
     * Opens the model that the setting {@code setting} puts at {@code location}: a local directory, or
     * {@code s3://bucket/prefix/}, copied first to {@code s3.model-cache} ({@link ModelFiles}). A model that is missing
     * or cannot be read stops the start with a message naming the setting and where it looked (the S3 object, not the
     * copy).
     */
    public <T> T model(String setting, String location, ModelOpener<T> opener) {
        try {
            Path directory = models.directory(location);
            try {
                return opener.open(directory);
            } catch (IOException e) {
                String message = String.valueOf(e.getMessage());
                throw new IOException(ModelFiles.inS3(location)
                        ? message.replace(directory.toString(), location.replaceFirst("/?$", "")) : message, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(setting + "=" + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * The character n-gram embedder, or with {@code embedding.model.path} / {@code .name} an ONNX sentence embedder,
     * combined with the n-gram one by {@code embedding.ngram-weight} (0: the neural model alone).
     */
    public Embedder embedder() {
        KnowledgeBaseSettings.Embedding grams = knowledgeBase.embedding();
        CharNgramEmbedder ngrams = new CharNgramEmbedder(grams.dimension(), grams.minN(), grams.maxN());
        EmbeddingSettings.Model model = embedding.model();
        double ngramWeight = embedding.ngramWeight();
        if (!model.configured()) {
            return ngrams;
        }
        if (ngramWeight >= 1) {
            LOG.warn("embedding.ngram-weight is {}: the n-gram embedder alone is used and the model is not loaded",
                    ngramWeight);
            return ngrams;
        }
        OnnxEmbedder dense;
        if (model.path().isBlank()) {
            try {
                dense = OnnxEmbedder.bundled(model.name(), model.maxTokens(), model.threads());
            } catch (IOException e) {
                throw new UncheckedIOException("embedding.model.name=" + model.name() + ": " + e.getMessage(), e);
            }
        } else {
            // the embedder's id, which the store keeps, is the directory's name, wherever the directory is
            dense = model("embedding.model.path", model.path(), directory -> new OnnxEmbedder(OnnxTransformer.open(
                    directory, model.maxTokens(), model.threads()), directory.getFileName().toString()));
        }
        if (ngramWeight <= 0) {
            LOG.info("Embedder: {} ({} dimensions)", dense.id(), dense.dimension());
            return dense;
        }
        HybridEmbedder hybrid = new HybridEmbedder(List.of(dense, ngrams), List.of(1 - ngramWeight, ngramWeight));
        LOG.info("Embedder: {} ({} dimensions)", hybrid.id(), hybrid.dimension());
        return hybrid;
    }

    /** The configured store ({@code knowledge-base.store}). */
    public StoreLocation location() {
        return location(knowledgeBase.store());
    }

    /** The store of kind {@code kind} (lucene or milvus) at the place the settings give for it. */
    public StoreLocation location(String kind) {
        return switch (KnowledgeBaseSettings.requireStoreKind(kind)) {
            case "lucene" -> new StoreLocation.Lucene(files.data().dir().resolve("index"),
                    knowledgeBase.mergeMaxProducts(), new HnswGraph(knowledgeBase.hnsw().maxConnections(),
                            knowledgeBase.hnsw().beamWidth()));
            default -> new StoreLocation.Milvus(milvus.uri(), milvus.token(), milvus.collection(), milvus.timeoutMs(),
                    milvus.caCert());
        };
    }

    /** A knowledge base over {@code store} with the load and alias settings. */
    public KnowledgeBase knowledgeBase(VectorStore store, Embedder embedder) {
        return new KnowledgeBase(store, embedder, knowledgeBase.batchSize(), files.catalog().maxReportedErrors(),
                knowledgeBase.learntAliases().minSupport(), knowledgeBase.learntAliases().minPrecision(),
                files.catalog().maxRecordChars());
    }

    /** Where reindexes write their spools: {@code ${data.dir}/reindex}. */
    public Path spoolDir() {
        return files.data().dir().toAbsolutePath().resolve("reindex");
    }

    /** The data directory ({@code data.dir}). */
    public Path dataDir() {
        return files.data().dir();
    }

    /**
     * What the store at {@code location} holds ({@link StoreLocation#inspect()}), with the configured embedder and
     * whether the store was built with it.
     */
    public static Map<String, Object> describe(StoreLocation location, Embedder embedder) {
        Map<String, Object> view = new LinkedHashMap<>(location.inspect());
        view.put("configured_embedder", embedder.id());
        view.put("configured_dimension", embedder.dimension());
        if (Boolean.TRUE.equals(view.get("exists"))) {
            view.put("built_with_configured_embedder", embedder.id().equals(view.get("built_with"))
                    && Integer.valueOf(embedder.dimension()).equals(view.get("dimension")));
        }
        return view;
    }
}
