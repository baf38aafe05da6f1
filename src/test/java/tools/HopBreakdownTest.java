package tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link HopBreakdown} assigns a CPU sample to a hop, and reads a thread's CPU times. */
class HopBreakdownTest {

    @Test
    void aSampleGoesToTheInnermostFrameARuleNamesWithLibrariesCountedForTheirCaller() {
        // Lucene's search runs its tasks in FutureTasks on the caller's thread: the RAG agent's work
        assertThat(HopBreakdown.hop(List.of("org.apache.lucene.internal.vectorization.DefaultVectorUtilSupport.dotProduct",
                "java.util.concurrent.FutureTask.run", "org.apache.lucene.search.TaskExecutor.invokeAll",
                "knowledge.LuceneVectorStore.search", "knowledge.KnowledgeBase.nearest", "agents.RagAgent.infer",
                "java.util.concurrent.ThreadPoolExecutor.runWorker"))).isEqualTo("RAG agent");
        // the registry's matcher is NER's when NER calls it
        assertThat(HopBreakdown.hop(List.of("knowledge.BrandMatcher.find", "agents.NerAgent.infer")))
                .isEqualTo("NER agent");
        assertThat(HopBreakdown.hop(List.of("com.fasterxml.jackson.core.json.UTF8JsonGenerator.writeString",
                "processors.ApiErrors.write"))).isEqualTo("JSON answer");
        assertThat(HopBreakdown.hop(List.of("java.util.HashMap.putVal",
                "ch.qos.logback.classic.util.LogbackMDCAdapter.put", "org.apache.camel.impl.engine.MDCUnitOfWork.prepareMDC")))
                .isEqualTo("MDC");
        assertThat(HopBreakdown.hop(List.of("java.util.concurrent.locks.LockSupport.unpark",
                "org.apache.camel.processor.MulticastProcessor.schedule"))).isEqualTo("thread hand-offs");
        // a task wrapper with nothing named above it is the hand-off's own cost; a library alone, its own hop
        assertThat(HopBreakdown.hop(List.of("java.util.concurrent.FutureTask.run", "java.lang.Thread.run")))
                .isEqualTo("thread hand-offs");
        assertThat(HopBreakdown.hop(List.of("org.apache.lucene.index.ConcurrentMergeScheduler$MergeThread.run")))
                .startsWith("knowledge base");
        assertThat(HopBreakdown.hop(List.of("java.lang.Thread.run"))).isEqualTo(HopBreakdown.OTHER);
    }

    @Test
    void aThreadsCpuTimesAreReadWhateverItsNameHolds() {
        var ticks = HopBreakdown.ThreadTicks.parse(
                "4242 (C2 CompilerThre) S 1 1 1 0 -1 4194368 10 0 0 0 1234 56 0 0 20 0 1 0 100 0 0");
        assertThat(ticks.tid()).isEqualTo("4242");
        assertThat(ticks.name()).isEqualTo("C2 CompilerThre");
        assertThat(ticks.user()).isEqualTo(1234);
        assertThat(ticks.system()).isEqualTo(56);
        assertThat(HopBreakdown.threadGroup(ticks.name())).isEqualTo("JVM: JIT compilers");
        assertThat(HopBreakdown.ThreadTicks.parse("7 (task (1)) R 1 1 1 0 -1 0 0 0 0 0 9 3 0 0").name())
                .isEqualTo("task (1)");
    }
}
