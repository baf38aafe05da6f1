package bench;

import agents.BrandTagger;
import agents.Combiner;
import agents.NerAgent;
import agents.RagAgent;
import inference.AgentRequest;
import inference.AgentResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import knowledge.CatalogFormat;
import knowledge.CharNgramEmbedder;
import knowledge.KnowledgeBase;
import knowledge.LuceneVectorStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import text.TextNormalizer;

/**
 * The per-title cost of the agents' work, in process, without HTTP or Camel: the floor under the end-to-end latency.
 * The knowledge base holds the demo catalogue; the tagger is trained on it as the service trains it.
 * Run with {@code scripts/benchmark.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AgentBenchmark {

    /** Titles whose brand the registry knows (English, Thai, mixed). */
    static final List<String> KNOWN = List.of("ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์",
            "colgate total whitening toothpaste 100g", "มาม่า บะหมี่กึ่งสำเร็จรูป รสหมูสับ แพ็ค 6",
            "HATARI พัดลมตั้งพื้น 18 นิ้ว", "Samsung Galaxy A35 5G 8/256GB");
    /** Titles with a brand the registry does not know: the fuzzy matcher and the tagger run. */
    static final List<String> UNKNOWN = List.of("ZEBRONIX wireless mouse 2.4GHz", "KORAT CHEF น้ำปลาแท้ 700 มล.",
            "FARCENT ก้อนดับกลิ่น กลิ่นบลูพาวเดอร์ รุ่น JS9012", "ถุงขยะ สีดำ ขนาด 30x40 นิ้ว",
            "WINDOW ASIA ประตูไวนิล 2 บาน");

    private Path dir;
    private KnowledgeBase kb;
    private NerAgent ner;
    private NerAgent nerTransformer;
    private agents.TransformerTagger transformer;
    private knowledge.OnnxEmbedder miniLm;
    private List<String> batch;
    private RagAgent rag;
    private final Combiner combiner = new Combiner(Map.of("ner", 1.0, "rag", 1.0, "llm", 1.0), 0.3, 0.5);
    private final List<List<AgentResult>> answers = new java.util.ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("mpi-bench-");
        CharNgramEmbedder embedder = new CharNgramEmbedder(512, 2, 4);
        kb = new KnowledgeBase(new LuceneVectorStore(dir.resolve("index"), embedder), embedder, 256, 100);
        try (InputStream in = AgentBenchmark.class.getResourceAsStream("/demo/catalog.csv")) {
            kb.load(in, CatalogFormat.CSV);
        }
        BrandTagger tagger = BrandTagger.train(kb.labelledTitles(20_000).stream()
                .map(t -> new BrandTagger.Example(t.title(), TextNormalizer.key(t.brand()), t.start(), t.end()))
                .toList(), "bench");
        ner = new NerAgent(kb::registry, () -> Optional.<agents.SpanTagger>of(tagger));
        rag = new RagAgent(kb, 10, 0.3);
        // the transformer path on the project's tiny token classifier: tokenisation, ONNX session and decoding
        // overheads, not the compute of a real transformer (which grows with its size)
        transformer = agents.TransformerTagger.open(Path.of("src/test/resources/tiny-ner-model"), "", 0.5, 128, 1);
        nerTransformer = new NerAgent(kb::registry, () -> Optional.<agents.SpanTagger>of(transformer));
        // the quantised all-MiniLM-L6-v2 (test classpath), one onnxruntime thread as the service runs it
        miniLm = knowledge.OnnxEmbedder.bundled("all-minilm-l6-v2-q", 128, 1);
        for (String title : KNOWN) {
            answers.add(List.of(ner.infer(request(title)), rag.infer(request(title))));
        }
        for (String title : UNKNOWN) {
            answers.add(List.of(ner.infer(request(title)), rag.infer(request(title))));
        }
        batch = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            batch.add((i % 2 == 0 ? KNOWN : UNKNOWN).get(i % 5));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        transformer.close();
        miniLm.close();
        kb.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private String pick(List<String> titles) {
        next = (next + 1) % titles.size();
        return titles.get(next);
    }

    private static AgentRequest request(String title) {
        return new AgentRequest("bench", title, "auto", List.of());
    }

    @Benchmark
    public String normalize() {
        return TextNormalizer.normalize(pick(KNOWN));
    }

    @Benchmark
    public AgentResult nerKnownBrand() {
        return ner.infer(request(pick(KNOWN)));
    }

    @Benchmark
    public AgentResult nerUnknownBrand() {
        return ner.infer(request(pick(UNKNOWN)));
    }

    @Benchmark
    public AgentResult nerUnknownBrandTinyTransformer() {
        return nerTransformer.infer(request(pick(UNKNOWN)));
    }

    @Benchmark
    public float[] embed() {
        return kb.embedder().embed(pick(KNOWN));
    }

    @Benchmark
    public float[] embedMiniLm() {
        return miniLm.embed(pick(KNOWN));
    }

    /** 32 titles in one model run, as catalogue loads embed them. */
    @Benchmark
    public List<float[]> embedMiniLmBatchOf32() {
        return miniLm.embedAll(batch);
    }

    @Benchmark
    public AgentResult rag() {
        return rag.infer(request(pick(KNOWN)));
    }

    /** The orchestrator's combination of a NER and a RAG answer (application.yaml's weights and penalty). */
    @Benchmark
    public Combiner.Combined aggregate() {
        next = (next + 1) % answers.size();
        return combiner.combine(answers.get(next));
    }

    /**
     * All of one orchestrator request's in-process work, one agent after the other: NER, RAG and their combination.
     * Its throughput on one thread is what the agents would serve without HTTP, Camel and threads around them.
     */
    @Benchmark
    public Combiner.Combined nerRagAndAggregate() {
        AgentRequest request = request(pick(KNOWN));
        return combiner.combine(List.of(ner.infer(request), rag.infer(request)));
    }
}
