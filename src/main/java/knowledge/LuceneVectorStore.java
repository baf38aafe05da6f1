package knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.knn.TopKnnCollectorManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The embedded store: one Lucene index on disk with an HNSW graph over the embeddings ({@link KnnFloatVectorField},
 * dot product over L2-normalised vectors, i.e. cosine). Products are keyed by id, so loading a row again replaces it.
 * The index records the embedder that built it; opening it with another embedder fails instead of finding wrong
 * neighbours, unless it is opened to be rebuilt ({@link #rebuilding}).
 *
 * <p>A replace ({@link #beginReplace()}: the products of a reindex) is one Lucene transaction: every document deleted
 * and the new ones added by the one writer, then one commit. Until that commit, the last commit point stays on disk
 * (a process killed meanwhile restarts on it) and the searches go on reading the products they read before (the
 * background refresh pauses); {@link #rollback()} or a close before the commit discards it.
 */
public final class LuceneVectorStore implements VectorStore {

    static final String ID = "id";
    static final String NAME = "product_name";
    static final String BRAND = "brand";
    static final String CATEGORY = "category";
    /**
     * The name and category again, as doc values for the searches (fields of their own: an index from before them has
     * the name and category without doc values, and Lucene keeps a field's kind for good).
     */
    static final String NAME_VALUE = "product_name_value";
    static final String CATEGORY_VALUE = "category_value";
    static final String ALIASES = "aliases";
    static final String ALIAS_OF = "alias_of";
    static final String VECTOR = "embedding";
    static final String EMBEDDER_KEY = "embedder";
    static final String DIMENSION_KEY = "dimension";
    /** A version of the products the index holds, new at every commit of a write (merges keep it). */
    static final String CONTENTS_KEY = "contents";
    private static final char SEPARATOR = '\u0001';

    private final Path directory;
    private final StoreLocation.Lucene location;
    private final FSDirectory index;
    /** The writer and the searchers over it: both made again after a {@link #rollback()}. */
    private volatile IndexWriter writer;
    private volatile SearcherManager searchers;
    private final java.util.concurrent.ScheduledExecutorService refresher;
    /** Held while the searchers refresh, and while a replace starts, so that no refresh sees a replace under way. */
    private final java.util.concurrent.locks.ReentrantLock refreshLock = new java.util.concurrent.locks.ReentrantLock();
    private final Map<String, String> embedderData;
    private final long mergeMaxProducts;
    private volatile String contents;
    /** A replace is under way: the writer holds uncommitted deletes of every product; the searchers are not refreshed. */
    private volatile boolean replacing;
    /** Opened to be rebuilt (the last commit may be another embedder's): true until the first commit. */
    private volatile boolean rebuilding;
    private volatile boolean closed;
    /** Lucene's codec with this store's HNSW graph settings, for every writer it opens. */
    private final Codec codec;
    /**
     * Per segment (its core, which deletes do not change): the names of its brands and categories by ordinal, each read
     * from the doc values the first time a search returns it, so that the searches do not look a name up per hit.
     */
    private final Map<IndexReader.CacheKey, String[][]> segmentNames = new java.util.concurrent.ConcurrentHashMap<>();

    /** The products up to which the segments are merged into one after each write, unless a setting says otherwise. */
    public static final long DEFAULT_MERGE_MAX_PRODUCTS = 200_000;

    public LuceneVectorStore(Path directory, Embedder embedder) {
        this(directory, embedder, DEFAULT_MERGE_MAX_PRODUCTS);
    }

    /**
     * @param mergeMaxProducts after each write, the segments are merged into one in the background while the index holds
     *                         at most this many products (0: never, Lucene's own merges only)
     */
    public LuceneVectorStore(Path directory, Embedder embedder, long mergeMaxProducts) {
        this(directory, embedder, mergeMaxProducts, HnswGraph.DEFAULT, false);
    }

    /** @param graph how the HNSW graph of what this store writes is built */
    public LuceneVectorStore(Path directory, Embedder embedder, long mergeMaxProducts, HnswGraph graph) {
        this(directory, embedder, mergeMaxProducts, graph, false);
    }

    /**
     * The index in {@code directory} opened to be rebuilt for {@code embedder}, whatever embedder built it: it is empty
     * for this store's searches, and a replace is under way from the start ({@link #beginReplace()}), so what the
     * directory held (for a restart, for another process) stays until the first {@link #commit()} replaces all of it;
     * closed before that, the directory is left as it was.
     */
    public static LuceneVectorStore rebuilding(Path directory, Embedder embedder, long mergeMaxProducts,
                                               HnswGraph graph) {
        return new LuceneVectorStore(directory, embedder, mergeMaxProducts, graph, true);
    }

    private LuceneVectorStore(Path directory, Embedder embedder, long mergeMaxProducts, HnswGraph graph,
                              boolean rebuild) {
        this.location = new StoreLocation.Lucene(directory, mergeMaxProducts, graph);
        this.directory = location.directory();
        this.mergeMaxProducts = mergeMaxProducts;
        this.codec = codec(graph);
        try {
            Files.createDirectories(directory);
            this.index = FSDirectory.open(directory);
            String contents = rebuild ? null : checkEmbedder(embedder);
            this.embedderData = Map.of(EMBEDDER_KEY, embedder.id(), DIMENSION_KEY, String.valueOf(embedder.dimension()));
            // CREATE: an empty index whose first commit replaces the one there (kept until then)
            this.writer = openWriter(rebuild ? IndexWriterConfig.OpenMode.CREATE
                    : IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            setContents(contents != null ? contents : java.util.UUID.randomUUID().toString());
            this.rebuilding = rebuild;
            this.replacing = rebuild;
            if (!rebuild) {
                writer.commit();
            }
            this.searchers = new SearcherManager(writer, null);
            // the searches see a commit at once (commit refreshes them); the merges Lucene finishes after it (a large
            // load leaves many small segments to merge) within 5 s, so that searches do not go on walking one HNSW
            // graph per small segment, nor keep the merged-away segments' files open
            this.refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "lucene-reopen");
                thread.setDaemon(true);
                return thread;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (org.apache.lucene.store.LockObtainFailedException e) {
            throw new IllegalStateException("the knowledge base in " + directory + " is in use by another process "
                    + "(its write.lock is held): stop that process or point data.dir elsewhere", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the knowledge base index in " + directory, e);
        }
    }

    private IndexWriter openWriter(IndexWriterConfig.OpenMode mode) throws IOException {
        return new IndexWriter(index, new IndexWriterConfig().setOpenMode(mode).setCodec(codec));
    }

    /**
     * Lucene's codec with the embeddings in {@link SparseQueryHnswFormat}: Lucene's HNSW files with the graph built as
     * {@code graph} says, searched by scoring a sparse query's non-zero coordinates. The format's name stays whatever
     * the values, so any reader of this process (Lucene's SPI finds the format) reads what this one writes.
     */
    static Codec codec(HnswGraph graph) {
        KnnVectorsFormat vectors = new SparseQueryHnswFormat(graph);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return vectors;
            }
        };
    }

    /**
     * Lets the searches see what the writer holds (the merges finished since the last commit), unless a replace is
     * under way: then they go on with the products of the last commit. True when the searchers were refreshed.
     */
    boolean refresh() throws IOException {
        refreshLock.lock();
        try {
            if (replacing) {
                return false;
            }
            searchers.maybeRefreshBlocking();
            return true;
        } finally {
            refreshLock.unlock();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            // closing, or rolled back meanwhile: the next refresh (or the commit) does it
        }
    }

    /** Refuses an index built with another embedder; returns the contents version of its last commit (or null). */
    private String checkEmbedder(Embedder embedder) throws IOException {
        if (!DirectoryReader.indexExists(index)) {
            return null;
        }
        try (DirectoryReader reader = DirectoryReader.open(index)) {
            Map<String, String> data = reader.getIndexCommit().getUserData();
            String builtWith = data.get(EMBEDDER_KEY);
            String dimension = data.get(DIMENSION_KEY);
            if (builtWith != null && (!builtWith.equals(embedder.id())
                    || !String.valueOf(embedder.dimension()).equals(dimension))) {
                index.close();
                throw new IllegalStateException("the knowledge base in " + directory + " was built with embedder "
                        + builtWith + " (dimension " + dimension + ") but this service is configured with "
                        + embedder.id() + " (dimension " + embedder.dimension() + "); " + StoreLocation.REINDEX_HINT);
            }
            return data.get(CONTENTS_KEY);
        }
    }

    /** The user data of the next commit: the embedder, and {@code version} naming the products it holds. */
    private void setContents(String version) {
        Map<String, String> data = new HashMap<>(embedderData);
        data.put(CONTENTS_KEY, version);
        writer.setLiveCommitData(data.entrySet());
        contents = version;
    }

    @Override
    public StoreLocation location() {
        return location;
    }

    /**
     * A document Lucene refuses (a term or doc value over its 32,766 bytes, which the catalogue reader's limits keep
     * rows under) is left out alone: Lucene drops such a document and the writer goes on, so the others are stored.
     */
    @Override
    public List<Rejected> upsert(List<Entry> entries) {
        List<Rejected> rejected = new ArrayList<>();
        try {
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                try {
                    writer.updateDocument(new Term(ID, entry.id()), document(entry));
                } catch (IllegalArgumentException e) {
                    rejected.add(new Rejected(i, "the index cannot hold this product: " + e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the knowledge base index in " + directory, e);
        }
        return rejected;
    }

    private static Document document(Entry entry) {
        Product product = entry.product();
        Document doc = new Document();
        doc.add(new StringField(ID, entry.id(), Field.Store.YES));
        // stored for scans and exports; doc values for the searches, which read a neighbour's name, brand and category
        // without decompressing stored-field blocks (that was half a search's time at 100,000 products)
        doc.add(new StoredField(NAME, product.productName()));
        doc.add(new BinaryDocValuesField(NAME_VALUE, new BytesRef(product.productName())));
        doc.add(new StoredField(BRAND, product.brand()));
        doc.add(new SortedDocValuesField(BRAND, new BytesRef(product.brand())));
        if (product.category() != null) {
            doc.add(new StringField(CATEGORY, product.category(), Field.Store.YES));
            doc.add(new SortedDocValuesField(CATEGORY_VALUE, new BytesRef(product.category())));
        }
        if (!product.aliases().isEmpty()) {
            doc.add(new StoredField(ALIASES, String.join("|", product.aliases())));
            for (String alias : product.aliases()) {
                doc.add(new SortedSetDocValuesField(ALIAS_OF, new BytesRef(product.brand() + SEPARATOR + alias)));
            }
        }
        doc.add(new KnnFloatVectorField(VECTOR, entry.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    /**
     * Makes the writes visible and durable. Then, while the index holds at most {@code mergeMaxProducts} products, its
     * segments are merged into one on Lucene's merge thread, without waiting: a search walks one HNSW graph per segment,
     * and the three or four segments a 10,000-product load leaves cost 15-30% of the service's throughput there
     * (docs/PERFORMANCE.md).
     * The searches use the merged segment once the reopen thread picks it up (within 5 s); the next commit, or the close,
     * makes it durable. Merging rewrites the whole index, hence the limit.
     */
    @Override
    public void commit() {
        try {
            setContents(java.util.UUID.randomUUID().toString());
            writer.commit();
            replacing = false;
            rebuilding = false;
            searchers.maybeRefreshBlocking();
            long products = writer.getDocStats().numDocs;
            if (products > 0 && products <= mergeMaxProducts && segmentCount() > 1) {
                writer.forceMerge(1, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the knowledge base index in " + directory, e);
        }
    }

    /** The index is made when the store opens; this only makes it again should its files be gone. */
    @Override
    public synchronized boolean create() {
        try {
            if (DirectoryReader.indexExists(index)) {
                return false;
            }
            writer.commit();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the knowledge base index in " + directory, e);
        }
    }

    @Override
    public void clear() {
        try {
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the knowledge base index in " + directory, e);
        }
        commit();
    }

    /** Deletes every product in the writer, uncommitted: the searches and the index on disk keep them until the commit. */
    @Override
    public void beginReplace() {
        refreshLock.lock();
        try {
            replacing = true;
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start replacing the knowledge base index in " + directory, e);
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * Discards every write since the last commit (Lucene's rollback closes the writer, so a new one is opened on the last
     * commit, with new searchers over it); a store opened to be rebuilt stays so, empty.
     */
    @Override
    public void rollback() {
        refreshLock.lock();
        try {
            if (closed) {
                return; // the close discarded the replace already
            }
            SearcherManager previous = searchers;
            writer.rollback();
            if (rebuilding) {
                writer = openWriter(IndexWriterConfig.OpenMode.CREATE);
                setContents(java.util.UUID.randomUUID().toString());
            } else {
                writer = openWriter(IndexWriterConfig.OpenMode.APPEND);
                String committed = null;
                for (Map.Entry<String, String> entry : writer.getLiveCommitData()) {
                    if (CONTENTS_KEY.equals(entry.getKey())) {
                        committed = entry.getValue();
                    }
                }
                setContents(committed != null ? committed : java.util.UUID.randomUUID().toString());
                replacing = false;
            }
            searchers = new SearcherManager(writer, null);
            previous.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot roll the knowledge base index in " + directory + " back", e);
        } finally {
            refreshLock.unlock();
        }
    }

    @Override
    public List<Neighbour> search(float[] vector, int k, String category) {
        try {
            SearcherManager manager = searchers;
            IndexSearcher searcher = manager.acquire();
            try {
                ScoreDoc[] hits = category == null ? nearest(searcher, vector, k) : searcher.search(
                        new KnnFloatVectorQuery(VECTOR, vector, k, new TermQuery(new Term(CATEGORY, category))),
                        k).scoreDocs;
                Neighbour[] neighbours = new Neighbour[hits.length];
                // doc values are read forwards: the hits in document order, each leaf's values read once
                Integer[] byDoc = new Integer[hits.length];
                for (int i = 0; i < hits.length; i++) {
                    byDoc[i] = i;
                }
                java.util.Arrays.sort(byDoc, java.util.Comparator.comparingInt(i -> hits[i].doc));
                List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
                StoredFields stored = null;
                LeafReaderContext leaf = null;
                BinaryDocValues names = null;
                SortedDocValues brands = null;
                SortedDocValues categories = null;
                String[][] ordinalNames = null;
                for (int i : byDoc) {
                    ScoreDoc hit = hits[i];
                    LeafReaderContext at = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
                    if (at != leaf) {
                        leaf = at;
                        names = at.reader().getBinaryDocValues(NAME_VALUE);
                        brands = at.reader().getSortedDocValues(BRAND);
                        categories = at.reader().getSortedDocValues(CATEGORY_VALUE);
                        ordinalNames = ordinalNames(at.reader(), brands, categories);
                    }
                    int doc = hit.doc - leaf.docBase;
                    // Lucene scores a dot product as (1 + dot) / 2
                    double cosine = 2.0 * hit.score - 1.0;
                    if (names != null && names.advanceExact(doc) && brands != null && brands.advanceExact(doc)) {
                        String categoryOf = categories != null && categories.advanceExact(doc)
                                ? name(categories, ordinalNames[1]) : null;
                        neighbours[i] = new Neighbour(names.binaryValue().utf8ToString(),
                                name(brands, ordinalNames[0]), categoryOf, cosine);
                    } else {
                        // a product stored before the names had doc values: its stored fields
                        stored = stored != null ? stored : searcher.storedFields();
                        Document document = stored.document(hit.doc);
                        neighbours[i] = new Neighbour(document.get(NAME), document.get(BRAND), document.get(CATEGORY),
                                cosine);
                    }
                }
                return List.of(neighbours);
            } finally {
                manager.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the knowledge base index in " + directory, e);
        }
    }

    /** The segment's names of its brands and of its categories by ordinal, as far as read ({@link #segmentNames}). */
    private String[][] ordinalNames(LeafReader reader, SortedDocValues brands, SortedDocValues categories) {
        java.util.function.Supplier<String[][]> unread = () -> new String[][] {
            new String[brands == null ? 0 : brands.getValueCount()],
            new String[categories == null ? 0 : categories.getValueCount()]};
        IndexReader.CacheHelper core = reader.getCoreCacheHelper();
        if (core == null) {
            return unread.get();
        }
        return segmentNames.computeIfAbsent(core.getKey(), key -> {
            core.addClosedListener(segmentNames::remove);
            return unread.get();
        });
    }

    /** The name of the value {@code values} is on, from {@code byOrdinal} once read (a String is safe to share so). */
    private static String name(SortedDocValues values, String[] byOrdinal) throws IOException {
        int ordinal = values.ordValue();
        String name = byOrdinal[ordinal];
        if (name == null) {
            name = values.lookupOrd(ordinal).utf8ToString();
            byOrdinal[ordinal] = name;
        }
        return name;
    }

    /**
     * The {@code k} live products nearest to {@code vector}: each segment's graph searched as
     * {@link KnnFloatVectorQuery} searches it without a filter (with its collectors), and the segments' hits merged by
     * score (then document), without the query's rewriting into a second query and its second pass (about a
     * twentieth of the RAG agent's time under load).
     */
    private static ScoreDoc[] nearest(IndexSearcher searcher, float[] vector, int k) throws IOException {
        // as the query refuses one
        org.apache.lucene.util.VectorUtil.checkFinite(vector);
        List<ScoreDoc> hits = new ArrayList<>();
        // as the query collects: over several segments, the later ones searched against the best scores found so far
        TopKnnCollectorManager collectors = new TopKnnCollectorManager(k, searcher);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            KnnCollector collector = collectors.newCollector(Integer.MAX_VALUE, leaf);
            reader.searchNearestVectors(VECTOR, vector, collector, reader.getLiveDocs());
            for (ScoreDoc hit : collector.topDocs().scoreDocs) {
                hit.doc += leaf.docBase;
                hits.add(hit);
            }
        }
        hits.sort(NEAREST_FIRST);
        return hits.subList(0, Math.min(k, hits.size())).toArray(ScoreDoc[]::new);
    }

    private static final java.util.Comparator<ScoreDoc> NEAREST_FIRST =
            java.util.Comparator.<ScoreDoc>comparingDouble(hit -> -hit.score).thenComparingInt(hit -> hit.doc);

    /** The segments the searches walk now. */
    int segmentCount() throws IOException {
        SearcherManager manager = searchers;
        IndexSearcher searcher = manager.acquire();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            manager.release(searcher);
        }
    }

    @Override
    public long count() {
        try {
            SearcherManager manager = searchers;
            IndexSearcher searcher = manager.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                manager.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file in the index directory (Lucene leaves files that are not its own alone; it goes when the directory does),
     * for the products of the last commit: each commit of a write names them anew in the commit's user data, and the
     * merges Lucene commits later (on close too) keep that name, as they keep the products.
     */
    @Override
    public Derived derived(String name) {
        // nothing is kept for a store being rebuilt: its directory holds what it held before until the first commit
        return rebuilding ? null : new DerivedFile(directory.resolve(name), contents);
    }

    @Override
    public long sizeOnDiskBytes() {
        return sizeOf(directory);
    }

    private static long sizeOf(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    return 0L; // a segment file merged away while we listed
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void scan(java.util.function.BiConsumer<String, String> visitor) {
        try {
            SearcherManager manager = searchers;
            IndexSearcher searcher = manager.acquire();
            try {
                visit(searcher.getIndexReader(), java.util.Set.of(NAME, BRAND),
                        doc -> visitor.accept(doc.get(NAME), doc.get(BRAND)));
            } finally {
                manager.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read products from the knowledge base index in " + directory, e);
        }
    }

    /** Calls {@code visitor} with the {@code fields} of every live document of {@code reader}. */
    private static long visit(IndexReader reader, java.util.Set<String> fields, Consumer<Document> visitor)
            throws IOException {
        long visited = 0;
        for (LeafReaderContext context : reader.leaves()) {
            LeafReader leaf = context.reader();
            Bits live = leaf.getLiveDocs();
            StoredFields stored = leaf.storedFields();
            for (int doc = 0; doc < leaf.maxDoc(); doc++) {
                if (live == null || live.get(doc)) {
                    visitor.accept(stored.document(doc, fields));
                    visited++;
                }
            }
        }
        return visited;
    }

    /** What {@link StoreLocation#inspect()} shows of the index in {@code directory}, whatever embedder built it. */
    static Map<String, Object> inspect(Path directory) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", "lucene");
        view.put("directory", directory.toString());
        if (!Files.isDirectory(directory)) {
            view.put("exists", false);
            return view;
        }
        try (FSDirectory index = FSDirectory.open(directory)) {
            boolean exists = DirectoryReader.indexExists(index);
            view.put("exists", exists);
            if (exists) {
                try (DirectoryReader reader = DirectoryReader.open(index)) {
                    Map<String, String> data = reader.getIndexCommit().getUserData();
                    view.put("built_with", data.get(EMBEDDER_KEY));
                    view.put("dimension", data.containsKey(DIMENSION_KEY)
                            ? Integer.parseInt(data.get(DIMENSION_KEY)) : null);
                    view.put("rows", (long) reader.numDocs());
                    view.put("segments", reader.leaves().size());
                }
                view.put("size_bytes", sizeOf(directory));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the knowledge base index in " + directory, e);
        }
        return view;
    }

    /** Every product of the index in {@code directory} (its last commit), whatever embedder built it. */
    static long export(Path directory, Consumer<Product> visitor) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (FSDirectory index = FSDirectory.open(directory)) {
            if (!DirectoryReader.indexExists(index)) {
                return 0;
            }
            try (DirectoryReader reader = DirectoryReader.open(index)) {
                return visit(reader, java.util.Set.of(NAME, BRAND, CATEGORY, ALIASES), doc -> {
                    String aliases = doc.get(ALIASES);
                    visitor.accept(new Product(doc.get(NAME), doc.get(BRAND), doc.get(CATEGORY),
                            aliases == null ? List.of() : List.of(aliases.split("\\|"))));
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read products from the knowledge base index in " + directory, e);
        }
    }

    /** Deletes the index in {@code directory}; refused while a process (this one too) has it open for writing. */
    static boolean delete(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        boolean existed;
        try (FSDirectory index = FSDirectory.open(directory)) {
            existed = DirectoryReader.indexExists(index);
            try (org.apache.lucene.store.Lock lock = index.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
                for (String file : index.listAll()) {
                    if (!IndexWriter.WRITE_LOCK_NAME.equals(file)) {
                        index.deleteFile(file);
                    }
                }
            }
        } catch (org.apache.lucene.store.LockObtainFailedException e) {
            throw new IllegalStateException("the knowledge base in " + directory + " is in use (its write.lock is "
                    + "held): stop the service using it first, or drop it through that service "
                    + "(DELETE /admin/collection)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the knowledge base index in " + directory, e);
        }
        try {
            Files.deleteIfExists(directory.resolve(IndexWriter.WRITE_LOCK_NAME));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // an index-free directory left behind (e.g. holding a file of the user's) is harmless
        }
        return existed;
    }

    @Override
    public BrandCensus census() {
        Map<String, Long> spellings = new HashMap<>();
        Map<String, Map<String, Long>> aliases = new HashMap<>();
        try {
            SearcherManager manager = searchers;
            IndexSearcher searcher = manager.acquire();
            try {
                for (LeafReaderContext context : searcher.getIndexReader().leaves()) {
                    LeafReader leaf = context.reader();
                    Bits live = leaf.getLiveDocs();
                    SortedDocValues brands = leaf.getSortedDocValues(BRAND);
                    if (brands != null) {
                        long[] counts = new long[brands.getValueCount()];
                        for (int doc = brands.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = brands.nextDoc()) {
                            if (live == null || live.get(doc)) {
                                counts[brands.ordValue()]++;
                            }
                        }
                        for (int ord = 0; ord < counts.length; ord++) {
                            if (counts[ord] > 0) {
                                spellings.merge(brands.lookupOrd(ord).utf8ToString(), counts[ord], Long::sum);
                            }
                        }
                    }
                    SortedSetDocValues aliasOf = leaf.getSortedSetDocValues(ALIAS_OF);
                    if (aliasOf != null) {
                        for (int doc = aliasOf.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = aliasOf.nextDoc()) {
                            if (live != null && !live.get(doc)) {
                                continue;
                            }
                            for (int i = 0; i < aliasOf.docValueCount(); i++) {
                                String pair = aliasOf.lookupOrd(aliasOf.nextOrd()).utf8ToString();
                                int cut = pair.indexOf(SEPARATOR);
                                aliases.computeIfAbsent(pair.substring(0, cut), b -> new HashMap<>())
                                        .merge(pair.substring(cut + 1), 1L, Long::sum);
                            }
                        }
                    }
                }
            } finally {
                manager.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read brands from the knowledge base index in " + directory, e);
        }
        return new BrandCensus(spellings, aliases);
    }

    /** Closes the index; a replace under way is discarded (the index keeps its last commit), other writes committed. */
    @Override
    public void close() throws IOException {
        refresher.shutdown();
        try {
            refresher.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refreshLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            searchers.close();
            if (replacing) {
                writer.rollback();
            } else {
                writer.close();
            }
            index.close();
        } finally {
            refreshLock.unlock();
        }
    }
}
