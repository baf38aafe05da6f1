package app;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.camel.spi.ThreadPoolFactory;
import org.apache.camel.support.DefaultThreadPoolFactory;
import org.apache.camel.util.concurrent.Rejectable;
import org.apache.camel.util.concurrent.RejectableThreadPoolExecutor;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import processors.Keys;

/**
 * The request id on every log line of a request, paid for at thread hand-offs only. The first step of a request puts
 * its id in the logging MDC of the thread it runs on ({@code processors.RequestContext}); each time Camel hands the
 * request to another thread (an agent call on the agent's pool, a batch's split, a wire tap; a time-out, told on the
 * timer's thread, carries it itself: processors.GuardedCall), the task carries the id along and puts it back as it was
 * when done. Camel's own MDC support ({@code camel.main.use-mdc-logging}) copied the whole MDC at every step of every
 * route instead: a tenth of a request's CPU and a third of its allocation under load (docs/PERFORMANCE.md).
 */
@Configuration(proxyBeanMethods = false)
public class RequestIdHandOffs {

    /** Camel's thread pools (read from the registry at start): each task runs under its submitter's request id. */
    @Bean
    ThreadPoolFactory requestIdThreadPoolFactory() {
        return new RequestIdThreadPoolFactory();
    }

    /**
     * Spring's task executor, on which platform-http runs each HTTP request's route: the request id is removed when the
     * request is done there, so that the thread's next task does not log under it.
     */
    @Bean
    TaskDecorator requestIdTaskDecorator() {
        return task -> () -> {
            try {
                task.run();
            } finally {
                MDC.remove(Keys.MDC_REQUEST_ID);
            }
        };
    }

    /** Camel's pools, as Camel makes them, with tasks that carry the submitter's request id. */
    static final class RequestIdThreadPoolFactory extends DefaultThreadPoolFactory {

        @Override
        public ExecutorService newCachedThreadPool(ThreadFactory threadFactory) {
            return carrying((ThreadPoolExecutor) super.newCachedThreadPool(threadFactory));
        }

        @Override
        public ExecutorService newThreadPool(int corePoolSize, int maxPoolSize, long keepAliveTime, TimeUnit timeUnit,
                                             int maxQueueSize, boolean allowCoreThreadTimeOut,
                                             RejectedExecutionHandler rejectedExecutionHandler,
                                             ThreadFactory threadFactory) {
            return carrying((ThreadPoolExecutor) super.newThreadPool(corePoolSize, maxPoolSize, keepAliveTime,
                    timeUnit, maxQueueSize, allowCoreThreadTimeOut, rejectedExecutionHandler, threadFactory));
        }

        /** A pool set up as {@code made} (which has no threads yet and is dropped) whose tasks carry the request id. */
        private static ExecutorService carrying(ThreadPoolExecutor made) {
            CarryingPool pool = new CarryingPool(made.getCorePoolSize(), made.getMaximumPoolSize(),
                    made.getKeepAliveTime(TimeUnit.NANOSECONDS), made.getQueue(), made.getThreadFactory(),
                    made.getRejectedExecutionHandler());
            pool.allowCoreThreadTimeOut(made.allowsCoreThreadTimeOut());
            return pool;
        }
    }

    /** Camel's pool class, whose tasks carry the request id of the thread that gave them. */
    static final class CarryingPool extends RejectableThreadPoolExecutor {

        CarryingPool(int core, int max, long keepAliveNanos, BlockingQueue<Runnable> queue, ThreadFactory threads,
                     RejectedExecutionHandler rejected) {
            super(core, max, keepAliveNanos, TimeUnit.NANOSECONDS, queue, threads, rejected);
        }

        @Override
        public void execute(Runnable command) {
            String requestId = MDC.get(Keys.MDC_REQUEST_ID);
            super.execute(requestId == null ? command : new Carried(command, requestId));
        }
    }

    /** A task that runs under the request id it was submitted with; Camel's pools may still reject it. */
    record Carried(Runnable task, String requestId) implements Runnable, Rejectable {

        @Override
        public void run() {
            String previous = MDC.get(Keys.MDC_REQUEST_ID);
            MDC.put(Keys.MDC_REQUEST_ID, requestId);
            try {
                task.run();
            } finally {
                if (previous == null) {
                    MDC.remove(Keys.MDC_REQUEST_ID);
                } else {
                    MDC.put(Keys.MDC_REQUEST_ID, previous);
                }
            }
        }

        @Override
        public void reject() {
            if (task instanceof Rejectable rejectable) {
                rejectable.reject();
            }
        }
    }
}
