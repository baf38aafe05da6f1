package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import processors.Keys;

/** Camel's pools made by {@link RequestIdHandOffs}: each task runs under the request id of the thread that gave it. */
class RequestIdHandOffsTest {

    private final ExecutorService pool = new RequestIdHandOffs.RequestIdThreadPoolFactory()
            .newThreadPool(1, 1, 60, TimeUnit.SECONDS, 10, false, null, Executors.defaultThreadFactory());

    @AfterEach
    void stop() {
        pool.shutdownNow();
        MDC.remove(Keys.MDC_REQUEST_ID);
    }

    private String idSeenByATask() throws Exception {
        return CompletableFuture.supplyAsync(() -> MDC.get(Keys.MDC_REQUEST_ID), pool).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aTaskRunsUnderItsSubmittersRequestIdAndLeavesThePoolThreadWithout() throws Exception {
        MDC.put(Keys.MDC_REQUEST_ID, "req-1");
        assertThat(idSeenByATask()).isEqualTo("req-1");
        MDC.put(Keys.MDC_REQUEST_ID, "req-2");
        assertThat(idSeenByATask()).isEqualTo("req-2");
        // the same (single) pool thread, given a task by a thread without a request: none
        MDC.remove(Keys.MDC_REQUEST_ID);
        assertThat(idSeenByATask()).isNull();
    }

    @Test
    void poolsAreSetUpAsCamelSetsThemUp() {
        ThreadPoolExecutor executor = (ThreadPoolExecutor) pool;
        assertThat(executor.getCorePoolSize()).isEqualTo(1);
        assertThat(executor.getMaximumPoolSize()).isEqualTo(1);
        assertThat(executor.getQueue().remainingCapacity()).isEqualTo(10);
        assertThat(executor.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(60);
        // Camel's default for a pool given no rejection policy
        assertThat(executor.getRejectedExecutionHandler()).isInstanceOf(ThreadPoolExecutor.CallerRunsPolicy.class);
    }

    @Test
    void aTaskRunByItsSubmitterWhenThePoolIsFullKeepsTheSubmittersRequestId() throws Exception {
        MDC.put(Keys.MDC_REQUEST_ID, "req-3");
        var caller = new RequestIdHandOffs.Carried(() -> { }, "req-4");
        caller.run();
        assertThat(MDC.get(Keys.MDC_REQUEST_ID)).isEqualTo("req-3");
    }
}
