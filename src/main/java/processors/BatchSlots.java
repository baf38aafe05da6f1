package processors;

import inference.ApiException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;
import settings.InferenceSettings;

/**
 * The bulkhead of POST /infer/batch: at most {@code inference.batch.max-concurrent} batches are answered at once. A
 * batch that finds them all taken is refused at once, before its body is parsed, with 429 {@code too_busy} and a
 * {@code Retry-After}: a few large batches then cannot take every core (and every agent's calls) from /infer. A slot is
 * given back as soon as its answer (or error) is made, before the response is written.
 */
@Component("batchSlots")
public class BatchSlots {

    /** Variable: the exchange's slot. */
    private static final String SLOT = "batchSlot";

    private final Semaphore slots;
    private final int max;
    private final int retryAfterSeconds;

    public BatchSlots(InferenceSettings settings) {
        this.max = settings.batch().concurrentBatches();
        this.slots = new Semaphore(max);
        this.retryAfterSeconds = settings.batch().retryAfterSeconds();
    }

    /**
     * Takes a slot for this exchange until {@link #release} (the route's completion, before the answer is written,
     * whether the batch was answered or refused), or at the latest until the exchange completes; or refuses the batch
     * with 429 when none is free.
     */
    public void acquire(Exchange exchange) {
        if (!slots.tryAcquire()) {
            throw new ApiException(429, "too_busy", "the service is answering " + max + " batches already "
                    + "(inference.batch.max-concurrent): try again in " + retryAfterSeconds + " s, or send single "
                    + "titles to POST /infer", retryAfterSeconds);
        }
        Slot slot = new Slot();
        exchange.setVariable(SLOT, slot);
        exchange.getExchangeExtension().addOnCompletion(slot);
    }

    /** Gives this exchange's slot back, once; nothing when it holds none. */
    public void release(Exchange exchange) {
        Slot slot = exchange.getVariable(SLOT, Slot.class);
        if (slot != null) {
            slot.giveBack();
        }
    }

    /** A batch's slot, given back once: by {@link #release}, or when the exchange completes if it never got there. */
    private final class Slot extends SynchronizationAdapter {

        private final AtomicBoolean given = new AtomicBoolean();

        @Override
        public void onDone(Exchange exchange) {
            giveBack();
        }

        void giveBack() {
            if (given.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }

    /** Slots free right now. */
    public int available() {
        return slots.availablePermits();
    }
}
