package processors;

import inference.ApiException;
import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;
import settings.InferenceSettings;

/**
 * The bulkhead of POST /infer/batch: at most {@code inference.batch.max-concurrent} batches are answered at once. A
 * batch that finds them all taken is refused at once, before its body is parsed, with 429 {@code too_busy} and a
 * {@code Retry-After}: a few large batches then cannot take every core (and every agent's calls) from /infer. A slot is
 * given back when its exchange completes, whether it was answered or failed.
 */
@Component("batchSlots")
public class BatchSlots {

    private final Semaphore slots;
    private final int max;
    private final int retryAfterSeconds;

    public BatchSlots(InferenceSettings settings) {
        this.max = settings.batch().concurrentBatches();
        this.slots = new Semaphore(max);
        this.retryAfterSeconds = settings.batch().retryAfterSeconds();
    }

    /** Takes a slot for this exchange until it completes, or refuses the batch with 429 when none is free. */
    public void acquire(Exchange exchange) {
        if (!slots.tryAcquire()) {
            throw new ApiException(429, "too_busy", "the service is answering " + max + " batches already "
                    + "(inference.batch.max-concurrent): try again in " + retryAfterSeconds + " s, or send single "
                    + "titles to POST /infer", retryAfterSeconds);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                slots.release();
            }
        });
    }

    /** Slots free right now. */
    public int available() {
        return slots.availablePermits();
    }
}
