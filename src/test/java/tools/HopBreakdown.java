package tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where one request's CPU time and allocation go, hop by hop, from a load test's measured window
 * ({@code scripts/load-test.sh --profile}): a JFR recording of the window, and the service's threads' CPU times
 * ({@code /proc/<pid>/task/<tid>/stat}) at its start and end.
 *
 * <p>CPU: each thread's user and system time over the window, grouped by what the thread is (the garbage collector, the
 * JIT compilers, JFR itself, the rest: the threads that serve requests). The request threads' user time is split over
 * the hops by their JFR execution samples: each sample belongs to the hop of the first frame, from the innermost out,
 * that a rule of {@link #RULES} names (longest prefix wins); their system time (the kernel: sockets, waking threads) is a
 * row of its own. Allocation: the bytes every thread allocated over the recording ({@code jdk.ThreadAllocationStatistics}
 * at its start and end), split over the hops by the weights of the allocation samples
 * ({@code jdk.ObjectAllocationSample}).
 *
 * <p>Usage: {@code HopBreakdown RECORDING.jfr THREADS-BEFORE THREADS-AFTER REQUESTS} where the thread files hold one
 * {@code /proc/<pid>/task/<tid>/stat} line per thread. Prints a Markdown table, and with DETAIL the DETAIL frames that
 * decided most of each hop's samples.
 */
public final class HopBreakdown {

    /** Frame prefixes ({@code class.method}) and the hop they belong to, in the order the table lists the hops. */
    static final List<Map.Entry<String, String>> RULES = List.of(
            Map.entry("org.apache.coyote.", "HTTP: Tomcat"),
            Map.entry("org.apache.tomcat.", "HTTP: Tomcat"),
            Map.entry("org.apache.catalina.", "HTTP: Tomcat"),
            Map.entry("org.springframework.web.filter.", "HTTP: servlet filters"),
            Map.entry("web.", "HTTP: servlet filters"),
            Map.entry("org.springframework.web.servlet.", "HTTP: Spring MVC dispatch (twice: async)"),
            Map.entry("org.springframework.web.context.request.async.", "HTTP: Spring MVC dispatch (twice: async)"),
            Map.entry("org.springframework.web.method.", "HTTP: Spring MVC dispatch (twice: async)"),
            Map.entry("org.springframework.core.", "HTTP: Spring MVC dispatch (twice: async)"),
            Map.entry("org.apache.camel.component.platform.http.", "Camel platform-http consumer"),
            Map.entry("org.apache.camel.converter.stream.", "Camel stream caching"),
            Map.entry("org.apache.camel.impl.engine.StreamCachingHelper", "Camel stream caching"),
            Map.entry("org.apache.camel.impl.engine.DefaultStreamCachingStrategy", "Camel stream caching"),
            Map.entry("processors.RequestContext.", "request id"),
            Map.entry("java.util.UUID.", "request id"),
            Map.entry("processors.InferenceSteps.readRequest", "request: read and check"),
            Map.entry("processors.HttpBodies.", "request: read and check"),
            Map.entry("inference.InferRequests.", "request: read and check"),
            Map.entry("org.apache.camel.processor.MulticastProcessor", "multicast"),
            Map.entry("org.apache.camel.component.resilience4j.", "circuit breaker"),
            Map.entry("io.github.resilience4j.", "circuit breaker"),
            Map.entry("java.util.concurrent.ThreadPoolExecutor.execute", "thread hand-offs"),
            Map.entry("java.util.concurrent.ThreadPoolExecutor.addWorker", "thread hand-offs"),
            Map.entry("java.util.concurrent.ThreadPoolExecutor.getTask", "thread hand-offs"),
            Map.entry("java.util.concurrent.LinkedBlockingQueue", "thread hand-offs"),
            Map.entry("java.util.concurrent.SynchronousQueue", "thread hand-offs"),
            Map.entry("java.util.concurrent.locks.", "thread hand-offs"),
            Map.entry("jdk.internal.misc.Unsafe.park", "thread hand-offs"),
            Map.entry("jdk.internal.misc.Unsafe.unpark", "thread hand-offs"),
            Map.entry("processors.AgentCalls", "agent call: start, finish"),
            Map.entry("processors.GuardedCall", "circuit breaker"),
            Map.entry("processors.AgentBreakers", "circuit breaker"),
            Map.entry("agents.NerAgent", "NER agent"),
            Map.entry("routes.NerAgentRoute", "NER agent"),
            Map.entry("agents.RagAgent", "RAG agent"),
            Map.entry("routes.RagAgentRoute", "RAG agent"),
            Map.entry("org.apache.camel.support.processor.UnmarshalProcessor", "constant agents (the ceiling's)"),
            Map.entry("processors.OrchestratorStrategy", "aggregation strategy"),
            Map.entry("processors.InferenceSteps.answer", "combination"),
            Map.entry("agents.Combiner", "combination"),
            Map.entry("agents.Combination", "combination"),
            Map.entry("services.CombinationService", "combination"),
            Map.entry("processors.ApiErrors.write", "JSON answer"),
            Map.entry("org.apache.camel.impl.engine.MDCUnitOfWork", "MDC"),
            Map.entry("org.slf4j.MDC", "MDC"),
            Map.entry("ch.qos.logback.classic.util.LogbackMDCAdapter", "MDC"),
            Map.entry("ch.qos.logback.", "logging"),
            Map.entry("org.slf4j.", "logging"),
            Map.entry("io.micrometer.", "metrics"),
            Map.entry("org.apache.camel.component.micrometer.", "metrics"),
            Map.entry("org.springframework.web.filter.ServerHttpObservationFilter", "metrics"),
            Map.entry("org.apache.camel.", "Camel routing engine"));

    /**
     * Libraries that work for whoever calls them (JSON, and the knowledge base and text code both agents use): their
     * frames are skipped, the caller's hop counts; their own hop only when no caller names one.
     */
    static final List<Map.Entry<String, String>> LIBRARIES = List.of(
            Map.entry("com.fasterxml.jackson.", "JSON (no caller named)"),
            Map.entry("org.apache.camel.component.jackson.", "JSON (no caller named)"),
            Map.entry("knowledge.", "knowledge base, no agent named (loads, merges, training)"),
            Map.entry("org.apache.lucene.", "knowledge base, no agent named (loads, merges, training)"),
            Map.entry("text.", "knowledge base, no agent named (loads, merges, training)"),
            // the wrappers a task runs in (Lucene runs its searches' tasks in them on the caller's thread too): the task
            // counts for what it does
            Map.entry("java.util.concurrent.FutureTask", "thread hand-offs"),
            Map.entry("java.util.concurrent.CompletableFuture", "thread hand-offs"),
            Map.entry("java.util.concurrent.ThreadPoolExecutor.runWorker", "thread hand-offs"),
            Map.entry("java.util.concurrent.ThreadPoolExecutor$Worker", "thread hand-offs"));

    static final String OTHER = "other (JDK, no frame above names a hop)";
    static final String KERNEL = "kernel time of the request threads (sockets, waking threads)";

    private HopBreakdown() {
    }

    /** The hop of a sample whose frames ({@code class.method}) are {@code frames}, innermost first. */
    static String hop(List<String> frames) {
        return match(frames).getValue();
    }

    /** The frame that decides the hop of {@code frames} (innermost first), and the hop; a null frame for none. */
    static Map.Entry<String, String> match(List<String> frames) {
        String library = null;
        for (String frame : frames) {
            Map.Entry<String, String> rule = longestRule(frame, RULES);
            Map.Entry<String, String> skipped = longestRule(frame, LIBRARIES);
            if (skipped != null && (rule == null || skipped.getKey().length() > rule.getKey().length())) {
                library = library == null ? skipped.getValue() : library;
            } else if (rule != null) {
                return new java.util.AbstractMap.SimpleImmutableEntry<>(frame, rule.getValue());
            }
        }
        return new java.util.AbstractMap.SimpleImmutableEntry<>(null, library != null ? library : OTHER);
    }

    /** The rule of {@code rules} with the longest prefix of {@code frame}; null for none. */
    private static Map.Entry<String, String> longestRule(String frame, List<Map.Entry<String, String>> rules) {
        Map.Entry<String, String> longest = null;
        for (Map.Entry<String, String> rule : rules) {
            if (frame.startsWith(rule.getKey())
                    && (longest == null || rule.getKey().length() > longest.getKey().length())) {
                longest = rule;
            }
        }
        return longest;
    }

    /** What a thread is, by its name: its CPU is a request's only when it serves requests. */
    static String threadGroup(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Periodic")
                || name.startsWith("VM Thread")) {
            return "JVM: garbage collector and VM thread";
        }
        if (name.startsWith("C2 CompilerThre") || name.startsWith("C1 CompilerThre")) {
            return "JVM: JIT compilers";
        }
        if (name.startsWith("JFR ")) {
            return "JFR recording (the measurement itself)";
        }
        return "request";
    }

    /** A thread's CPU time in clock ticks, user and system, from one {@code /proc/<pid>/task/<tid>/stat} line. */
    record ThreadTicks(String tid, String name, long user, long system) {

        static ThreadTicks parse(String stat) {
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] rest = stat.substring(close + 2).split(" ");
            // after the name: state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12)
            return new ThreadTicks(stat.substring(0, open).trim(), stat.substring(open + 1, close),
                    Long.parseLong(rest[11]), Long.parseLong(rest[12]));
        }
    }

    static Map<String, ThreadTicks> readTicks(Path file) throws IOException {
        Map<String, ThreadTicks> threads = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                ThreadTicks ticks = ThreadTicks.parse(line);
                threads.put(ticks.tid(), ticks);
            }
        }
        return threads;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: HopBreakdown RECORDING.jfr THREADS-BEFORE THREADS-AFTER REQUESTS [DETAIL]");
            System.exit(2);
        }
        report(Path.of(args[0]), readTicks(Path.of(args[1])), readTicks(Path.of(args[2])), Long.parseLong(args[3]),
                args.length > 4 ? Integer.parseInt(args[4]) : 0, System.out);
    }

    static void report(Path recording, Map<String, ThreadTicks> before, Map<String, ThreadTicks> after, long requests,
                       int detail, PrintStream out) throws IOException {
        double tickUs = 1_000_000.0 / 100; // USER_HZ: 100 on Linux
        Map<String, double[]> groups = new LinkedHashMap<>(); // group -> {user us, system us}
        for (ThreadTicks end : after.values()) {
            ThreadTicks start = before.getOrDefault(end.tid(), new ThreadTicks(end.tid(), end.name(), 0, 0));
            double[] times = groups.computeIfAbsent(threadGroup(end.name()), g -> new double[2]);
            times[0] += (end.user() - start.user()) * tickUs;
            times[1] += (end.system() - start.system()) * tickUs;
        }

        Map<String, Long> cpuSamples = new HashMap<>();
        Map<String, Map<String, Long>> deciding = new HashMap<>();
        Map<String, Double> allocWeights = new HashMap<>();
        Map<Long, Long> allocatedFirst = new HashMap<>();
        Map<Long, Long> allocatedLast = new HashMap<>();
        long samples = 0;
        double weights = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        RecordedThread thread = event.getThread("sampledThread");
                        if (thread != null && "request".equals(threadGroup(String.valueOf(thread.getOSName())))) {
                            List<String> frames = frames(event.getStackTrace());
                            Map.Entry<String, String> match = match(frames);
                            cpuSamples.merge(match.getValue(), 1L, Long::sum);
                            String leaf = frames.isEmpty() ? "?" : frames.get(0);
                            deciding.computeIfAbsent(match.getValue(), h -> new HashMap<>())
                                    .merge(match.getKey() + " <- " + leaf, 1L, Long::sum);
                            samples++;
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        double weight = event.getLong("weight");
                        allocWeights.merge(hop(frames(event.getStackTrace())), weight, Double::sum);
                        weights += weight;
                    }
                    case "jdk.ThreadAllocationStatistics" -> {
                        RecordedThread thread = event.getThread("thread");
                        long id = thread == null ? -1 : thread.getJavaThreadId();
                        long allocated = event.getLong("allocated");
                        allocatedFirst.putIfAbsent(id, allocated);
                        allocatedLast.put(id, allocated);
                    }
                    default -> { }
                }
            }
        }
        long allocated = 0;
        for (Map.Entry<Long, Long> last : allocatedLast.entrySet()) {
            allocated += last.getValue() - allocatedFirst.get(last.getKey());
        }

        double[] request = groups.getOrDefault("request", new double[2]);
        double totalUs = groups.values().stream().mapToDouble(t -> t[0] + t[1]).sum();
        out.printf(Locale.ROOT, "%,d requests; the service's CPU over the window: %.1f us per request (user %.1f, "
                        + "system %.1f)%n", requests, totalUs / requests,
                groups.values().stream().mapToDouble(t -> t[0]).sum() / requests,
                groups.values().stream().mapToDouble(t -> t[1]).sum() / requests);
        out.printf(Locale.ROOT, "allocation: %.1f KB per request (%s threads, jdk.ThreadAllocationStatistics)%n",
                allocated / 1024.0 / requests, allocatedLast.size());
        out.printf(Locale.ROOT, "JFR execution samples of request threads: %,d; allocation samples' weight: %.0f MB%n%n",
                samples, weights / 1048576);
        out.println("| hop | CPU us per request | share of CPU | KB allocated per request | share of allocation |");
        out.println("|---|---|---|---|---|");
        List<String> hops = new ArrayList<>();
        java.util.stream.Stream.concat(RULES.stream(), LIBRARIES.stream()).map(Map.Entry::getValue).distinct()
                .forEach(hops::add);
        hops.add(OTHER);
        for (String hop : hops) {
            long hopSamples = cpuSamples.getOrDefault(hop, 0L);
            double cpuUs = samples == 0 ? 0 : request[0] * hopSamples / samples / requests;
            double allocShare = weights == 0 ? 0 : allocWeights.getOrDefault(hop, 0.0) / weights;
            if (hopSamples == 0 && allocShare == 0) {
                continue;
            }
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f%% | %.1f | %.1f%% |%n", hop, cpuUs,
                    100 * cpuUs * requests / totalUs, allocShare * allocated / 1024.0 / requests, 100 * allocShare);
        }
        out.printf(Locale.ROOT, "| %s | %.1f | %.1f%% | | |%n", KERNEL, request[1] / requests,
                100 * request[1] / totalUs);
        for (Map.Entry<String, double[]> group : groups.entrySet()) {
            if (!"request".equals(group.getKey())) {
                double us = group.getValue()[0] + group.getValue()[1];
                out.printf(Locale.ROOT, "| %s | %.1f | %.1f%% | | |%n", group.getKey(), us / requests,
                        100 * us / totalUs);
            }
        }
        out.printf(Locale.ROOT, "| **all** | **%.1f** | 100%% | **%.1f** | 100%% |%n", totalUs / requests,
                allocated / 1024.0 / requests);
        if (detail > 0) {
            out.println();
            out.println("The frames that decided each hop's CPU samples (deciding frame <- innermost frame), most first:");
            for (String hop : hops) {
                Map<String, Long> frames = deciding.getOrDefault(hop, Map.of());
                if (frames.isEmpty()) {
                    continue;
                }
                out.println();
                out.println(hop + ":");
                frames.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(detail)
                        .forEach(e -> out.printf(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey()));
            }
        }
    }

    private static List<String> frames(RecordedStackTrace stack) {
        if (stack == null) {
            return List.of();
        }
        List<String> frames = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.isJavaFrame()) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
        }
        return frames;
    }
}
