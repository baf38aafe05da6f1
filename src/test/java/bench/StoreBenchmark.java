package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import knowledge.CatalogFormat;
import knowledge.CharNgramEmbedder;
import knowledge.Embedder;
import knowledge.KnowledgeBase;
import knowledge.LoadReport;
import knowledge.HnswGraph;
import knowledge.HybridEmbedder;
import knowledge.LuceneVectorStore;
import knowledge.Neighbour;
import knowledge.OnnxEmbedder;
import knowledge.StoreLocation;
import knowledge.VectorStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import support.TestMilvus;

/**
 * Search latency of a store holding {@code products} synthetic products (made-up brands, Thai and English product words,
 * sizes; fixed seed), embedded with {@code embedder}. The setup loads them through the knowledge base in one streamed
 * catalogue load, as {@code POST /catalog} with the whole file does, and prints the load throughput; then opens the store
 * again and prints how long the brand registry's read at start took. {@code store} is
 * {@code lucene} (embedded) or {@code milvus} (needs MILVUS_URI); {@code dimension} is the n-gram embedder's;
 * {@code maxConnections} and {@code beamWidth} shape the lucene store's HNSW graph. Run:
 * {@code scripts/benchmark.sh 'bench.StoreBenchmark' -p products=10000,100000 -p store=lucene -f 1 -wi 2 -w 2s -i 3 -r 3s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

    @Param({"10000"})
    int products;

    @Param({"lucene"})
    String store;

    /** The n-gram embedder's dimension ({@code knowledge-base.embedding.dimension}). */
    @Param({"512"})
    int dimension;

    /** The lucene store's HNSW graph: neighbours per node (M) and the candidates searched to add one (knowledge-base.hnsw). */
    @Param({"16"})
    int maxConnections;

    @Param({"100"})
    int beamWidth;

    /** ngrams (the default embedder) or minilm-q (hybrid MiniLM-L6-v2-q + n-grams, w = 0.5). */
    @Param({"ngrams"})
    String embedder;

    private Path dir;
    private KnowledgeBase kb;
    private VectorStore vectorStore;
    private final List<String> queries = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Embedder ngrams = new CharNgramEmbedder(dimension, 2, 4);
        Embedder embedding = switch (embedder) {
            case "ngrams" -> ngrams;
            // the default with a model (the quantised MiniLM is on the test classpath)
            case "minilm-q" -> new HybridEmbedder(List.of(OnnxEmbedder.bundled("all-minilm-l6-v2-q", 128, 1), ngrams),
                    List.of(0.5, 0.5));
            default -> throw new IllegalArgumentException("embedder is ngrams or minilm-q");
        };
        dir = Files.createTempDirectory("mpi-store-bench-");
        vectorStore = switch (store) {
            case "lucene" -> new StoreLocation.Lucene(dir.resolve("index"), LuceneVectorStore.DEFAULT_MERGE_MAX_PRODUCTS,
                    new HnswGraph(maxConnections, beamWidth)).open(embedding);
            case "milvus" -> new StoreLocation.Milvus(requireMilvus(), TestMilvus.TOKEN,
                    "bench_" + Long.toHexString(System.nanoTime()), 60_000, TestMilvus.CA_CERT).open(embedding);
            default -> throw new IllegalArgumentException("store is lucene or milvus");
        };
        kb = new KnowledgeBase(vectorStore, embedding, 256, 100);
        SyntheticCatalog catalog = new SyntheticCatalog(products);
        long started = System.nanoTime();
        LoadReport report = kb.load(catalog.csv(products), CatalogFormat.CSV);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%n[store=%s embedder=%s] loaded %d products (%d rejected) in one catalogue load in %.1f s: "
                + "%.0f products/s (embedding, writing, commit, registry rebuild)%n", store, embedder, report.accepted(),
                report.rejected(), seconds, report.accepted() / seconds);
        if (vectorStore.location() instanceof StoreLocation.Lucene) {
            System.out.printf("[store=lucene] %s%n", vectorStore.location().inspect());
        }
        // a restart: the store opened again and the brand registry read from it, as a service does at start
        StoreLocation location = vectorStore.location();
        kb.close();
        started = System.nanoTime();
        vectorStore = location.open(embedding);
        kb = new KnowledgeBase(vectorStore, embedding, 256, 100);
        System.out.printf("[store=%s] opened again: brand registry of %d brands read in %.2f s%n", store,
                kb.registry().size(), (System.nanoTime() - started) / 1e9);
        // what a service following a store others write (knowledge-base.follow-ms) pays each time when nothing changed,
        // and what reading the brand census costs when something did
        started = System.nanoTime();
        boolean changed = kb.follow();
        double follow = (System.nanoTime() - started) / 1e6;
        started = System.nanoTime();
        vectorStore.census();
        System.out.printf("[store=%s] follow with nothing changed: %.1f ms (changed: %s); a census read: %.0f ms%n",
                store, follow, changed, (System.nanoTime() - started) / 1e6);
        for (int q = 0; q < 200; q++) {
            queries.add(catalog.title());
        }
        if ("milvus".equals(store)) {
            awaitIndex(location);
        }
        System.out.printf("[store=%s maxConnections=%d beamWidth=%d] recall@10 against an exact search: %.4f%n", store,
                maxConnections, beamWidth, recall(embedding, location, 10));
    }

    /**
     * The share of the exact {@code k} nearest products (every stored title embedded again, compared by dot product:
     * the embeddings are normalised) that the store's search returns, over the queries.
     */
    private double recall(Embedder embedding, StoreLocation location, int k) {
        List<String> titles = new ArrayList<>();
        location.export(product -> titles.add(product.productName()));
        float[][] vectors = new float[titles.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = embedding.embed(titles.get(i));
        }
        long found = 0;
        for (String query : queries) {
            float[] q = embedding.embed(query);
            Integer[] order = new Integer[vectors.length];
            double[] scores = new double[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                order[i] = i;
                double dot = 0;
                for (int d = 0; d < q.length; d++) {
                    dot += q[d] * vectors[i][d];
                }
                scores[i] = dot;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
            List<String> exact = new ArrayList<>();
            for (int i = 0; i < k && i < order.length; i++) {
                exact.add(titles.get(order[i]));
            }
            for (Neighbour neighbour : kb.nearest(query, k)) {
                if (exact.remove(neighbour.productName())) {
                    found++;
                }
            }
        }
        return (double) found / (queries.size() * (long) k);
    }

    /**
     * Searches measured while Milvus still builds the index over the rows just loaded are partly brute force: waits (at
     * most {@code -Dbench.index-wait-s}, 600 s) until the index covers 99% of the rows (the last rows stay in a growing
     * segment, which Milvus does not index until it is sealed), and says how it went.
     */
    private static void awaitIndex(StoreLocation location) {
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Object>> view =
                new java.util.concurrent.atomic.AtomicReference<>(location.inspect());
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(Long.getLong("bench.index-wait-s", 600)))
                    .pollInterval(java.time.Duration.ofSeconds(2)).until(() -> {
                        view.set(location.inspect());
                        return ((Number) view.get().getOrDefault("indexed_rows", 0L)).longValue()
                                >= 0.99 * ((Number) view.get().get("rows")).longValue();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // measured all the same, and said so below
        }
        System.out.printf("[store=milvus] index: %s of %s rows indexed after %.0f s%n", view.get().get("indexed_rows"),
                view.get().get("rows"), (System.nanoTime() - started) / 1e9);
    }

    private static String requireMilvus() {
        if (TestMilvus.URI == null) {
            throw new IllegalStateException("store=milvus needs MILVUS_URI (see README, Milvus as the store)");
        }
        return TestMilvus.URI;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        kb.close();
        if ("milvus".equals(store)) {
            vectorStore.location().delete();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public List<Neighbour> search() {
        next = (next + 1) % queries.size();
        return kb.nearest(queries.get(next), 10);
    }
}
