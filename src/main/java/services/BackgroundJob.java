package services;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work redone in the background after catalogue loads, on one daemon thread: requests that come while it runs are folded
 * into one more run, and {@link #busy()} is true from a request until the run that serves it has finished. Work that
 * depends on this one's result registers with {@link #afterEachRun}: it is told within the run, so a caller that sees
 * this job idle sees the job it requested busy.
 */
final class BackgroundJob implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJob.class);

    private final String name;
    private final Runnable work;
    private final ExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean running;
    private final java.util.List<Runnable> afterEachRun = new java.util.concurrent.CopyOnWriteArrayList<>();

    BackgroundJob(String name, Runnable work) {
        this.name = name;
        this.work = work;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the work once more, unless a run is already waiting. */
    void request() {
        if (executor.isShutdown()) {
            return;
        }
        if (queued.compareAndSet(false, true)) {
            executor.execute(() -> {
                running = true;
                queued.set(false);
                try {
                    work.run();
                    if (!executor.isShutdown()) {
                        afterEachRun.forEach(Runnable::run);
                    }
                } catch (RuntimeException e) {
                    LOG.error("Background job {} failed", name, e);
                } finally {
                    running = false;
                }
            });
        }
    }

    /** Runs {@code listener} at the end of each run that finished without failing, before the job counts as idle. */
    void afterEachRun(Runnable listener) {
        afterEachRun.add(listener);
    }

    /** True from a request until the run serving it has finished (queued is read first: a run clears it once running). */
    boolean busy() {
        return queued.get() || running;
    }

    /** Interrupts a run under way and waits up to 30 s for it to end; false when it is still running. */
    boolean stop() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Background job {} still running at shutdown", name);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
