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
    /** The census the registry was last built from (the catalogue aliases {@link #registryOf} needs). */
    private volatile BrandCensus census = new BrandCensus(java.util.Map.of(), java.util.Map.of());
    /** Why the store could not be read at start (null once read): the registry is empty until {@link #refresh()}. */
    private volatile String unavailable;
    /** The store's change marker when the registry was last built from it (null: none or unknown). */
    private volatile String builtAt;
    private final List<Runnable> loadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private final int aliasMinSupport;
    private final double aliasMinPrecision;
    private final int maxRecordChars;

    public KnowledgeBase(VectorStore store, Embedder embedder, int batchSize, int maxReportedErrors) {
        this(store, embedder, batchSize, maxReportedErrors, AliasLearner.DEFAULT_MIN_SUPPORT,
                AliasLearner.DEFAULT_MIN_PRECISION);
    }

    /**
     * @param aliasMinSupport   a learnt alias must occur in at least this many of its brand's titles
     * @param aliasMinPrecision and at least this share of the titles containing it must be its brand's
     */
    public KnowledgeBase(VectorStore store, Embedder embedder, int batchSize, int maxReportedErrors,
                         int aliasMinSupport, double aliasMinPrecision) {
        this(store, embedder, batchSize, maxReportedErrors, aliasMinSupport, aliasMinPrecision,
                CatalogReader.DEFAULT_MAX_RECORD_CHARS);
    }

    /**
     * @param maxRecordChars a catalogue's CSV records, NDJSON lines and JSON array elements are read up to this many
     *                       characters each ({@link CatalogReader}): the memory a load holds, whatever the input
     */
    public KnowledgeBase(VectorStore store, Embedder embedder, int batchSize, int maxReportedErrors,
                         int aliasMinSupport, double aliasMinPrecision, int maxRecordChars) {
        this.maxRecordChars = maxRecordChars;
        this.store = store;
        this.embedder = embedder;
        this.batchSize = batchSize;
        this.maxReportedErrors = maxReportedErrors;
        this.aliasMinSupport = aliasMinSupport;
        this.aliasMinPrecision = aliasMinPrecision;
        try {
            this.registry = buildRegistry();
        } catch (StoreUnavailableException e) {
            // a Milvus that is down at start: answer without it (RAG calls fail into their breaker) and read it later
            this.registry = BrandRegistry.empty();
            this.unavailable = e.getMessage();
        }
    }

    /**
     * Null when the store was read at start (or since); else why it could not be, while the registry stays empty.
     */
    public String unavailable() {
        return unavailable;
    }

    /**
     * When the store could not be read at start: tries again. True when it now could (the registry is built and the
     * load listeners run, as after a load); false when there was nothing to do or it is still unavailable.
     */
    public boolean refresh() {
        if (unavailable == null) {
            return false;
        }
        loadLock.lock();
        try {
            if (unavailable == null) {
                return false;
            }
            rebuildRegistry();
        } catch (StoreUnavailableException e) {
            unavailable = e.getMessage();
            return false;
        } finally {
            loadLock.unlock();
        }
        loadListeners.forEach(Runnable::run);
        return true;
    }

    /**
     * For a store that other processes write too (one Milvus collection behind several services): when the store's
     * change marker ({@link VectorStore#changeMarker()}) is the one the registry was built at, nothing changed and
     * nothing is read. Otherwise reads the store's brand census (kept with the store by the service that wrote the
     * change, when it has been, else read from every product) and, when it differs from the one the registry was built
     * from, reads the registry again and runs the load listeners, as after a load here. True when it did. A store that
     * is unavailable is tried as {@link #refresh} does.
     */
    public boolean follow() {
        if (unavailable != null) {
            return refresh();
        }
        BrandCensus current;
        try {
            String marker = store.changeMarker();
            if (marker != null && marker.equals(builtAt)) {
                return false;
            }
            // what the service that wrote the change (or another follower) derived and kept for these contents, or
            // the census read from every product
            RegistryEvidence.Snapshot kept = RegistryEvidence.read(store.derived(RegistryEvidence.FILE), settings());
            current = kept != null ? kept.census() : store.census();
            if (current.equals(census)) {
                builtAt = marker; // the registry is that of the marked contents
                return false;
            }
        } catch (StoreUnavailableException e) {
            return false;
        }
        loadLock.lock();
        try {
            rebuildRegistry();
        } catch (StoreUnavailableException e) {
            return false;
        } finally {
            loadLock.unlock();
        }
        loadListeners.forEach(Runnable::run);
        return true;
    }

    /**
     * A brand name and another that extends it, that it extends, or that is a spelling variant of it are merged when at
     * least this many titles labelled with the first write the other, and no third brand name is so written in its
     * titles.
     */
    static final int MERGE_MIN_TITLES = 2;

    /** The registry read again from the store (which has answered, so it is no longer unavailable). */
    private void rebuildRegistry() {
        registry = buildRegistry();
        unavailable = null;
    }

    /**
     * The registry of what the store holds: brands and given aliases from the census, learnt aliases from the titles,
     * and brand names merged where titles show they are one brand: titles labelled with a name that write a longer
     * brand name extending it by whole words ({@code wausau paper 32519 ...} labelled {@code wausau}) or a spelling
     * variant of it ({@code KING'S STELLA ...} labelled {@code KING STELLA} while {@code KINGS STELLA} is also a brand),
     * or that write, without their label, a shorter brand name their label extends and fewer products carry than
     * titles so write it ({@code griffin 8209 screen care kit} labelled {@code griffin technology}, one product
     * labelled {@code griffin}), at least {@link #MERGE_MIN_TITLES} of them, and no other name so written. The census
     * and what the titles add are read back from what the store keeps ({@link VectorStore#derived}) when that was
     * derived from the same products with the same settings, and otherwise derived from every product and kept there
     * for the next start and for other services following the store.
     */
    private BrandRegistry buildRegistry() {
        // both read before the products, so that a change made while they are read shows as another marker, and
        // another version, later
        String marker = store.changeMarker();
        VectorStore.Derived kept = store.derived(RegistryEvidence.FILE);
        RegistryEvidence.Snapshot snapshot = RegistryEvidence.read(kept, settings());
        if (snapshot == null) {
            BrandCensus read = store.census();
            snapshot = new RegistryEvidence.Snapshot(read, evidence(read, store::scan));
            snapshot.evidence().write(kept, settings(), read);
        }
        census = snapshot.census();
        BrandRegistry built = BrandRegistry.of(snapshot.census(), snapshot.evidence().learnt(),
                snapshot.evidence().sameBrand());
        builtAt = marker;
        return built;
    }

    /** The settings the kept registry evidence was derived with: kept evidence derived with others is not used. */
    private String settings() {
        return "alias-min-support=" + aliasMinSupport + " alias-min-precision=" + aliasMinPrecision;
    }

    /**
     * The registry that titles {@code titles} alone would give (their brands, the catalogue aliases of those brands,
     * aliases learnt and names merged from those titles): to measure how the NER agent does on titles it did not see.
     */
    public BrandRegistry registryOf(List<LabelledTitle> titles) {
        BrandCensus full = census;
        java.util.Map<String, Long> spellings = new java.util.HashMap<>();
        titles.forEach(t -> spellings.merge(t.brand(), 1L, Long::sum));
        java.util.Map<String, java.util.Map<String, Long>> aliases = new java.util.HashMap<>();
        full.aliases().forEach((brand, given) -> {
            if (spellings.containsKey(brand)) {
                aliases.put(brand, given);
            }
        });
        BrandCensus census = new BrandCensus(spellings, aliases);
        RegistryEvidence evidence = evidence(census, handler -> titles.forEach(t -> handler.accept(t.title(), t.brand())));
        return BrandRegistry.of(census, evidence.learnt(), evidence.sameBrand());
    }

    /** The aliases {@code titles} teach and the brand names they show to be one, over {@code census}. */
    private RegistryEvidence evidence(BrandCensus census,
                                      java.util.function.Consumer<java.util.function.BiConsumer<String, String>> titles) {
        BrandMatcher known = BrandRegistry.of(census).matcher();
        AliasLearner learner = new AliasLearner(aliasMinSupport, aliasMinPrecision);
        // label key -> the other brand names its titles write as the same brand -> how many titles write each
        java.util.Map<String, java.util.Map<String, Integer>> extensions = new java.util.HashMap<>();
        java.util.Set<String> shortened = new java.util.HashSet<>();
        titles.accept((title, brand) -> {
            String brandKey = TextNormalizer.key(brand);
            List<BrandMatcher.Match> found = known.find(title);
            boolean written = found.stream().anyMatch(match -> match.brand().key().equals(brandKey));
            learner.add(title, brand, written);
            for (BrandMatcher.Match match : found) {
                boolean aName = "name".equals(match.source()) || "spelling".equals(match.source());
                if (!aName || match.brand().key().equals(brandKey)) {
                    continue;
                }
                // the title writes a longer name than its label, a spelling variant of it, or (its label unwritten)
                // a shorter name its label extends
                boolean cutShort = !written && BrandRegistry.extendsName(brand, match.name());
                if (cutShort || BrandRegistry.extendsName(match.name(), brand)
                        || BrandRegistry.spellingVariant(match.brand().key(), brandKey)) {
                    extensions.computeIfAbsent(brandKey, k -> new java.util.HashMap<>())
                            .merge(match.brand().key(), 1, Integer::sum);
                    if (cutShort) {
                        shortened.add(brandKey + "\u0001" + match.brand().key());
                    }
                }
            }
        });
        java.util.Map<String, Long> products = new java.util.HashMap<>();
        census.spellings().forEach((name, count) -> products.merge(TextNormalizer.key(name), count, Long::sum));
        java.util.Map<String, java.util.Set<String>> sameBrand = new java.util.HashMap<>();
        extensions.forEach((labelKey, others) -> {
            List<String> shown = others.entrySet().stream().filter(e -> e.getValue() >= MERGE_MIN_TITLES)
                    // a shorter name is the label's own only while fewer products carry it than titles write it so:
                    // a few sony ericsson titles writing sony alone do not make Sony's products Sony Ericsson's
                    .filter(e -> !shortened.contains(labelKey + "\u0001" + e.getKey())
                            || products.getOrDefault(e.getKey(), 0L) < e.getValue())
                    .map(java.util.Map.Entry::getKey).toList();
            if (shown.size() == 1) {
                sameBrand.put(labelKey, java.util.Set.of(shown.get(0)));
            }
        });
        java.util.Set<String> brandKeys = new java.util.HashSet<>();
        census.spellings().keySet().forEach(name -> brandKeys.add(TextNormalizer.key(name)));
        census.aliases().values().forEach(aliases -> aliases.keySet()
                .forEach(alias -> brandKeys.add(TextNormalizer.key(alias))));
        return new RegistryEvidence(learner.learnt(brandKeys), sameBrand);
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
            Exception failure = null;
            try {
                CatalogReader.read(in, format, maxRecordChars, loader);
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            // rows read before a failure are stored too: the load is an upsert, so sending the file again completes it
            try {
                loader.flush();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (loader.accepted > 0) {
                store.commit();
                rebuildRegistry();
                loadListeners.forEach(Runnable::run);
            }
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            return loader.report();
        } finally {
            loadLock.unlock();
        }
    }

    /** Removes every product; the registry is rebuilt (empty) and the load listeners run. */
    public void clear() {
        loadLock.lock();
        try {
            clearStore();
            loadListeners.forEach(Runnable::run);
        } finally {
            loadLock.unlock();
        }
    }

    private void clearStore() {
        store.clear();
        rebuildRegistry();
    }

    /**
     * Replaces every product of the store with the catalogue {@code ndjson} (what a reindex does with its spool), with no
     * other load in between, as one replace of the store ({@link VectorStore#beginReplace()}): until it is through, the
     * searches find the products the store held, and so does a process started after a crash. When reading, embedding
     * or writing fails, the replace is rolled back (the store holds what it held before, as far as its kind allows) and
     * the failure thrown; rows the catalogue reader rejects are reported, as by {@link #load}.
     */
    public LoadReport replaceWith(java.nio.file.Path ndjson) throws IOException {
        loadLock.lock();
        try (InputStream in = java.nio.file.Files.newInputStream(ndjson)) {
            store.beginReplace();
            Loader loader = new Loader();
            try {
                CatalogReader.read(in, CatalogFormat.NDJSON, maxRecordChars, loader);
                loader.flush();
                store.commit();
            } catch (IOException | RuntimeException e) {
                try {
                    store.rollback();
                } catch (RuntimeException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            // the listeners (tagger training, calibrations) run once, after the replace
            rebuildRegistry();
            loadListeners.forEach(Runnable::run);
            return loader.report();
        } finally {
            loadLock.unlock();
        }
    }

    /**
     * Rebuilds this knowledge base from every product of {@code from} (its own store, or another), embedded anew with
     * this knowledge base's embedder, through a spool file in {@code spoolDir} ({@link Reindex}); no load runs between
     * reading the products and storing them again.
     */
    public Reindex.Result reindexFrom(StoreLocation from, java.nio.file.Path spoolDir) {
        loadLock.lock();
        try {
            Reindex.Spool spool = Reindex.spool(from, store.kind(), spoolDir);
            return new Reindex.Result(from.describe(), spool.products(), Reindex.load(spool, this));
        } finally {
            loadLock.unlock();
        }
    }

    private final class Loader implements CatalogReader.RowHandler {
        final List<Product> pending = new ArrayList<>();
        /** The line of each pending product. */
        final List<Long> pendingLines = new ArrayList<>();
        final List<LoadReport.RowError> errors = new ArrayList<>();
        long accepted;
        long rejected;

        /** What was loaded, the errors by line (a row the store refused is known when its batch is written). */
        LoadReport report() {
            List<LoadReport.RowError> byLine = errors.stream()
                    .sorted(java.util.Comparator.comparingLong(LoadReport.RowError::line)).toList();
            return new LoadReport(accepted, rejected, byLine, rejected > errors.size());
        }

        @Override
        public void row(long line, Product product) {
            pending.add(product);
            pendingLines.add(line);
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
            // a product the store refuses is a rejected row of its own; the others of the batch are stored
            List<VectorStore.Rejected> refused = new ArrayList<>(store.upsert(entries));
            refused.sort(java.util.Comparator.comparingInt(VectorStore.Rejected::index));
            for (VectorStore.Rejected r : refused) {
                accepted--;
                reject(pendingLines.get(r.index()), r.reason());
            }
            pending.clear();
            pendingLines.clear();
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

    /** Runs {@code listener} after every load that stored rows (on the loading thread: hand long work elsewhere). */
    public void onLoaded(Runnable listener) {
        loadListeners.add(listener);
    }

    /**
     * Up to {@code max} catalogue titles with the span of their own brand in them (found by the registry's matcher;
     * {@code -1} when the title does not write it), the training data of the brand tagger.
     */
    public List<LabelledTitle> labelledTitles(int max) {
        BrandRegistry current = registry;
        List<LabelledTitle> titles = new ArrayList<>();
        for (Product product : store.sample(max, 42L)) {
            titles.add(label(current, product));
        }
        return titles;
    }

    /**
     * Products that are not in the store (the demo catalogue's, for a tagger to learn from while the store holds too
     * few titles), each with where its brand is written, as a registry of those products alone finds it.
     */
    public static List<LabelledTitle> labelled(List<Product> products) {
        java.util.Map<String, Long> spellings = new java.util.HashMap<>();
        java.util.Map<String, java.util.Map<String, Long>> aliases = new java.util.HashMap<>();
        for (Product product : products) {
            spellings.merge(product.brand(), 1L, Long::sum);
            for (String alias : product.aliases()) {
                aliases.computeIfAbsent(product.brand(), b -> new java.util.HashMap<>()).merge(alias, 1L, Long::sum);
            }
        }
        BrandRegistry registry = BrandRegistry.of(new BrandCensus(spellings, aliases));
        return products.stream().map(product -> label(registry, product)).toList();
    }

    /** A product's title with where {@code registry} finds the product's own brand in it ({@code -1}: not written). */
    private static LabelledTitle label(BrandRegistry registry, Product product) {
        String brandKey = registry.find(product.brand()).map(Brand::key).orElse(TextNormalizer.key(product.brand()));
        BrandMatcher.Match own = registry.matcher().find(product.productName()).stream()
                .filter(match -> match.brand().key().equals(brandKey)).findFirst().orElse(null);
        return new LabelledTitle(product.productName(), product.brand(), own == null ? -1 : own.start(),
                own == null ? -1 : own.end());
    }

    /** A catalogue title and where its brand is written in it ({@code start = -1}: not written there). */
    public record LabelledTitle(String title, String brand, int start, int end) {
    }

    public List<Neighbour> nearest(String title, int k) {
        return nearest(title, k, null);
    }

    /** The {@code k} products nearest to {@code title} among those of {@code category} (null: among all). */
    public List<Neighbour> nearest(String title, int k, String category) {
        return store.search(embedder.embed(title), k, category);
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

    /** Whether {@link #close()} was called (a load or reindex under way then fails). */
    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
