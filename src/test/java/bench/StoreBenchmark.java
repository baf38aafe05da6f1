package bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import knowledge.CatalogFormat;
import knowledge.CharNgramEmbedder;
import knowledge.Embedder;
import knowledge.KnowledgeBase;
import knowledge.LoadReport;
import knowledge.LuceneVectorStore;
import knowledge.MilvusVectorStore;
import knowledge.Neighbour;
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

/**
 * Search latency of a store holding {@code products} synthetic products (made-up brands, Thai and English product words,
 * sizes; fixed seed), embedded with the default character n-grams. The setup loads them through the knowledge base in
 * batches as a catalogue load does and prints the load throughput. {@code store} is {@code lucene} (embedded) or
 * {@code milvus} (needs MILVUS_URI). Run: {@code scripts/benchmark.sh 'bench.StoreBenchmark' -p products=10000,100000
 * -p store=lucene -f 1 -wi 2 -w 2s -i 3 -r 3s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

    private static final String[] WORDS = {"ประตู UPVC", "สีทาบ้าน", "แชมพู", "ยาสีฟัน", "พัดลมตั้งพื้น", "toothpaste",
        "door handle", "ceiling fan", "น้ำยาล้างจาน", "กาวซีเมนต์", "wireless mouse", "LED bulb", "ถุงขยะ", "rice cooker",
        "กระทะ", "notebook", "ปูนกาว", "shampoo", "สายยาง", "battery"};
    private static final String[] SIZES = {"80x200 ซม.", "5 แกลลอน", "400 มล.", "150g", "16 นิ้ว", "1 kg", "2.5 ลิตร",
        "10W", "50 ใบ", "64GB"};

    @Param({"10000"})
    int products;

    @Param({"lucene"})
    String store;

    private Path dir;
    private KnowledgeBase kb;
    private VectorStore vectorStore;
    private final List<String> queries = new ArrayList<>();
    private int next;

    static String title(Random random, String brand) {
        return brand + " " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " รุ่น "
                + (char) ('A' + random.nextInt(26)) + random.nextInt(10_000) + " " + SIZES[random.nextInt(SIZES.length)];
    }

    static String brand(Random random) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 4 + random.nextInt(5); i++) {
            name.append((char) ('A' + random.nextInt(26)));
        }
        return name.toString();
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Embedder embedder = new CharNgramEmbedder(512, 2, 4);
        dir = Files.createTempDirectory("mpi-store-bench-");
        vectorStore = switch (store) {
            case "lucene" -> new LuceneVectorStore(dir.resolve("index"), embedder);
            case "milvus" -> new MilvusVectorStore(requireMilvus(), null, "bench_" + Long.toHexString(System.nanoTime()),
                    embedder, 60_000);
            default -> throw new IllegalArgumentException("store is lucene or milvus");
        };
        kb = new KnowledgeBase(vectorStore, embedder, 256, 100);
        Random random = new Random(42);
        List<String> brands = new ArrayList<>();
        for (int b = 0; b < Math.max(10, products / 20); b++) {
            brands.add(brand(random));
        }
        long started = System.nanoTime();
        int loaded = 0;
        while (loaded < products) {
            int rows = Math.min(10_000, products - loaded);
            StringBuilder csv = new StringBuilder("product_name,brand\n");
            for (int i = 0; i < rows; i++) {
                String brand = brands.get(random.nextInt(brands.size()));
                csv.append('"').append(title(random, brand)).append("\",").append(brand).append('\n');
            }
            LoadReport report = kb.load(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                    CatalogFormat.CSV);
            loaded += (int) report.accepted() + (int) report.rejected();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%n[store=%s] loaded %d products in %.1f s: %.0f products/s (embedding, writing, registry "
                + "rebuilds per 10,000-row load)%n", store, kb.productCount(), seconds, kb.productCount() / seconds);
        for (int q = 0; q < 200; q++) {
            queries.add(title(random, brands.get(random.nextInt(brands.size()))));
        }
    }

    private static String requireMilvus() {
        String uri = System.getenv("MILVUS_URI");
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException("store=milvus needs MILVUS_URI (see README, Milvus as the store)");
        }
        return uri;
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
