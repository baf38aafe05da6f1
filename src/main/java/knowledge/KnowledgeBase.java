package knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import text.TextNormalizer;

/**
 * Products, their embeddings and the brand registry. Loads are serialised (one writer at a time) and stream through in
 * batches; searches run concurrently and see a load once it is committed. The registry is rebuilt from the store after
 * every load, so the store is the one source of truth and a restart finds everything again.
 */
public final class KnowledgeBase implements AutoCloseable {

    private final VectorStore store;
    private final Embedder embedder;
    private final int batchSize;
    private final int maxReportedErrors;
    private final ReentrantLock loadLock = new ReentrantLock();
    private volatile BrandRegistry registry;

    public KnowledgeBase(VectorStore store, Embedder embedder, int batchSize, int maxReportedErrors) {
        this.store = store;
        this.embedder = embedder;
        this.batchSize = batchSize;
        this.maxReportedErrors = maxReportedErrors;
        this.registry = BrandRegistry.of(store.census());
    }

    /**
     * Reads a catalogue and upserts its valid rows; invalid rows are reported with their line and the valid ones kept.
     *
     * @throws CatalogFormatException when the input cannot be read as {@code format} at all (nothing is stored then)
     */
    public LoadReport load(InputStream in, CatalogFormat format) throws IOException {
        loadLock.lock();
        try {
            Loader loader = new Loader();
            try {
                CatalogReader.read(in, format, loader);
                loader.flush();
            } finally {
                if (loader.accepted > 0) {
                    store.commit();
                    registry = BrandRegistry.of(store.census());
                }
            }
            return new LoadReport(loader.accepted, loader.rejected, List.copyOf(loader.errors),
                    loader.rejected > loader.errors.size());
        } finally {
            loadLock.unlock();
        }
    }

    private final class Loader implements CatalogReader.RowHandler {
        final List<Product> pending = new ArrayList<>();
        final List<LoadReport.RowError> errors = new ArrayList<>();
        long accepted;
        long rejected;

        @Override
        public void row(long line, Product product) {
            pending.add(product);
            accepted++;
            if (pending.size() >= batchSize) {
                flush();
            }
        }

        @Override
        public void reject(long line, String message) {
            rejected++;
            if (errors.size() < maxReportedErrors) {
                errors.add(new LoadReport.RowError(line, message));
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<float[]> vectors = embedder.embedAll(pending.stream().map(Product::productName).toList());
            List<VectorStore.Entry> entries = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                entries.add(new VectorStore.Entry(productId(pending.get(i)), pending.get(i), vectors.get(i)));
            }
            store.upsert(entries);
            pending.clear();
        }
    }

    /** The id of a product: the same title (up to case, width and spacing) with the same brand key is the same product. */
    public static String productId(Product product) {
        String identity = TextNormalizer.normalize(product.productName()) + '\u0001' + TextNormalizer.key(product.brand());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public List<Neighbour> nearest(String title, int k) {
        return store.search(embedder.embed(title), k);
    }

    public BrandRegistry registry() {
        return registry;
    }

    public VectorStore store() {
        return store;
    }

    public Embedder embedder() {
        return embedder;
    }

    public long productCount() {
        return store.count();
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
