package services;

import agents.RagAgent;
import java.util.Map;
import knowledge.KnowledgeBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Calibrates the RAG agent's confidence on a sample of catalogue titles once the service is ready and after each load, in
 * the background.
 */
public class RagCalibrationService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RagCalibrationService.class);

    private final KnowledgeBase knowledgeBase;
    private final RagAgent agent;
    private final int titles;
    private final BackgroundJob job;

    public RagCalibrationService(KnowledgeBase knowledgeBase, RagAgent agent, int titles) {
        this.knowledgeBase = knowledgeBase;
        this.agent = agent;
        this.titles = titles;
        this.job = new BackgroundJob("rag-calibration", this::calibrate);
        // after each load, and once a store that was unavailable at start is read (KnowledgeBase.refresh)
        knowledgeBase.onLoaded(job::request);
    }

    /** The first calibration starts once the service is ready, so that it does not slow the start-up down. */
    @EventListener(ApplicationReadyEvent.class)
    public void calibrateOnceReady() {
        if (knowledgeBase.unavailable() == null) {
            job.request();
        }
    }

    /** Runs {@code listener} each time the agent has been calibrated anew. */
    public void onCalibrated(Runnable listener) {
        job.afterEachRun(listener);
    }

    private void calibrate() {
        long started = System.nanoTime();
        var sample = knowledgeBase.labelledTitles(titles);
        if (sample.isEmpty()) {
            return;
        }
        agent.calibrate(sample);
        LOG.info("RAG confidence calibrated on {} catalogue titles (each without itself) in {} ms: {}", sample.size(),
                (System.nanoTime() - started) / 1_000_000, agent.calibrationStatus());
    }

    /** What health shows: the agent's calibration and whether a calibration is under way. */
    public Map<String, Object> status() {
        Map<String, Object> status = new java.util.LinkedHashMap<>(agent.calibrationStatus());
        status.put("calibrating", job.busy());
        return status;
    }

    @Override
    public void close() {
        job.close();
    }
}
