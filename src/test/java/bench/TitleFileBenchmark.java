package bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import support.GeneratedLines;
import support.ServiceInstance;

/**
 * Lines per second of a file of titles dropped in the title inbox of the service (profile all, embedded defaults, the
 * demo catalogue), from the move into the inbox until {@code <name>.results.csv} appears in the outbox, and the used heap
 * meanwhile (sampled every 100 ms). Each invocation drops a generated CSV of {@code lines} titles. Run with a small heap
 * to show that the file is streamed: {@code scripts/benchmark.sh bench.TitleFileBenchmark -p lines=100000 -f 1 -wi 0 -i 2
 * -jvmArgsAppend -Xmx256m}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TitleFileBenchmark {

    private static final String[] TITLES = {"Colgate ยาสีฟัน Total %d 150g", "มาม่า MAMA รสต้มยำกุ้ง %d แพ็ค 10",
        "TOA สีน้ำอะคริลิก SuperShield %d 9 ลิตร", "Philips hair dryer BHD%d 1600W", "แชมพู Sunsilk สูตร %d 425ml",
        "เลย์ มันฝรั่งทอดกรอบ รส %d 50g", "Unknownbrand ถุงขยะ รุ่น %d 50 ใบ", "Xiaomi Redmi Buds %d Lite"};

    @Param({"100000"})
    int lines;

    private Path work;
    private ServiceInstance service;
    private Path inbox;
    private Path outbox;
    private Path staging;
    private int file;
    private long started;
    private volatile long maxUsedHeap;
    private java.util.concurrent.ScheduledExecutorService sampler;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        work = Files.createTempDirectory("mpi-file-bench-");
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        inbox = Path.of(properties.get("batch.inbox"));
        outbox = Path.of(properties.get("batch.outbox"));
        service = ServiceInstance.start("all", properties);
        Files.createDirectories(inbox);
    }

    @Setup(Level.Invocation)
    public void writeFile() throws IOException {
        file++;
        staging = work.resolve("titles-" + file + ".csv");
        Files.copy(GeneratedLines.of("line,product_name", lines,
                i -> i + "," + String.format(TITLES[i % TITLES.length], i)), staging,
                StandardCopyOption.REPLACE_EXISTING);
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        maxUsedHeap = memory.getHeapMemoryUsage().getUsed();
        sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> maxUsedHeap = Math.max(maxUsedHeap, memory.getHeapMemoryUsage().getUsed()),
                0, 100, TimeUnit.MILLISECONDS);
        started = System.nanoTime();
    }

    @Benchmark
    public Path answerFile() throws Exception {
        String name = staging.getFileName().toString();
        Files.move(staging, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path results = outbox.resolve(name + ".results.csv");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(30))
                .pollInterval(java.time.Duration.ofMillis(50)).until(() -> Files.exists(results));
        return results;
    }

    @TearDown(Level.Invocation)
    public void report() throws Exception {
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.shutdown();
        sampler.awaitTermination(1, TimeUnit.SECONDS);
        long resultLines;
        Path results = outbox.resolve("titles-" + file + ".csv.results.csv");
        try (var read = Files.lines(results)) {
            resultLines = read.count() - 1;
        }
        System.out.printf("%n[lines=%d] answered in %.1f s: %.0f lines/s; %d result rows; used heap at most %d MB "
                + "(max heap %d MB)%n", lines, seconds, lines / seconds, resultLines, maxUsedHeap >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        Files.delete(results);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        service.close();
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
