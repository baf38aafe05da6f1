package processors;

import inference.AgentResult;
import inference.AgentStatus;
import inference.RequestContentException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.processor.WrapProcessor;
import org.apache.camel.spi.Policy;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.UnitOfWorkHelper;
import org.apache.camel.util.concurrent.Rejectable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import text.SafeText;

/**
 * The policy an ask-agent route wraps its call in: the agent's circuit breaker and bulkhead ({@link AgentBreakers}),
 * its time limit, and its own thread pool, without a thread waiting for the call. The call (a copy of the exchange,
 * through the steps the policy wraps) is handed to the agent's pool; the caller's thread goes back to its other work (the
 * orchestrator's next agent). The caller continues when the call ends or its time is up, whichever comes first, with
 * the agent's answer (the body the call ended with; its headers, properties and variables stay on the copy) or an
 * {@link AgentResult} that says what happened:
 * <ul>
 *   <li>{@code open_circuit}: the breaker refused the call (no thread is used);</li>
 *   <li>{@code failed}: the call threw, the bulkhead was full, or the agent's pool and its queue were full;</li>
 *   <li>{@code timeout}: no answer within the time limit. The call is not interrupted and keeps its thread (an agent
 *   whose calls hang uses up its own pool only) and its bulkhead place; its late answer is dropped. A call whose time
 *   ran out while it waited for a thread is not made at all.</li>
 * </ul>
 * The breaker counts successes, failures and time-outs with their durations (so its slow-call thresholds work), except
 * a {@link RequestContentException}, which is the request's content, not the agent's health: such a call answers
 * {@code failed} with {@link AgentCalls#CONTENT_REFUSED}. Camel's {@code circuitBreaker} EIP cannot do this: it runs
 * the call on a second thread and blocks the caller's until the call ends or times out, two threads per agent call.
 */
public final class GuardedCall implements Policy {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedCall.class);

    private final String agent;
    private final long timeoutMs;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final Executor afterTimeouts;

    /**
     * @param pool          the agent's own threads, on which its calls run
     * @param timer         tells when a call's time is up (does nothing else)
     * @param afterTimeouts where the caller goes on after a time-out (not on the timer, which a slow caller would hold)
     */
    public GuardedCall(String agent, long timeoutMs, AgentBreakers breakers, Executor pool,
                       ScheduledExecutorService timer, Executor afterTimeouts) {
        this.agent = agent;
        this.timeoutMs = timeoutMs;
        AgentBreakers.Guards guards = breakers.guards(agent);
        this.breaker = guards.breaker();
        this.bulkhead = guards.bulkhead();
        this.pool = pool;
        this.timer = timer;
        this.afterTimeouts = afterTimeouts;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to change in the steps
    }

    @Override
    public Processor wrap(Route route, Processor call) {
        // WrapProcessor: Camel starts and stops the wrapped steps with it, and shows them in the route's model
        return new WrapProcessor(new Guarded(route, AsyncProcessorConverterHelper.convert(call)), call);
    }

    private final class Guarded extends AsyncProcessorSupport {

        private final Route route;
        private final AsyncProcessor call;

        Guarded(Route route, AsyncProcessor call) {
            this.route = route;
            this.call = call;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            if (!breaker.tryAcquirePermission()) {
                answer(exchange, AgentStatus.OPEN_CIRCUIT,
                        "the circuit breaker is open after recent failures; calls resume after its wait");
                callback.done(true);
                return true;
            }
            if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
                breaker.releasePermission();
                answer(exchange, AgentStatus.FAILED, "Bulkhead full: camel.resilience4j.configurations." + agent
                        + ".bulkhead-max-concurrent-calls calls are already running");
                callback.done(true);
                return true;
            }
            Attempt attempt = new Attempt(exchange, callback);
            attempt.timeUp = timer.schedule(attempt::timeUp, timeoutMs, TimeUnit.MILLISECONDS);
            try {
                pool.execute(attempt);
            } catch (RejectedExecutionException e) {
                attempt.reject();
            }
            return false;
        }

        /** One call: ends once, by its answer, its failure, its time-out or a refusal of its task. */
        private final class Attempt implements Runnable, Rejectable {

            private final Exchange exchange;
            private final AsyncCallback callback;
            private final long started = System.nanoTime();
            /** The timer's thread carries no request id of its own: its log line and hand-off get the caller's. */
            private final String requestId = MDC.get(Keys.MDC_REQUEST_ID);
            private final AtomicBoolean ended = new AtomicBoolean();
            private volatile ScheduledFuture<?> timeUp;

            Attempt(Exchange exchange, AsyncCallback callback) {
                this.exchange = exchange;
                this.callback = callback;
            }

            /** On the agent's pool: the call itself, on a copy of the exchange (a late answer cannot touch it). */
            @Override
            public void run() {
                if (ended.get()) {
                    // its time ran out while it waited for a thread
                    releaseBulkhead();
                    return;
                }
                Exchange copy = ExchangeHelper.createCorrelatedCopy(exchange, false);
                UnitOfWork work = copy.getUnitOfWork();
                if (work == null) {
                    // the copy runs the rest of the route it was copied from
                    work = PluginHelper.getUnitOfWorkFactory(copy.getContext()).createUnitOfWork(copy);
                    copy.getExchangeExtension().setUnitOfWork(work);
                    work.pushRoute(route);
                }
                UnitOfWork copyWork = work;
                AsyncCallback whenDone = doneSync -> {
                    UnitOfWorkHelper.doneUow(copyWork, copy);
                    releaseBulkhead();
                    answered(copy);
                };
                try {
                    call.process(copy, whenDone);
                } catch (RuntimeException | Error e) {
                    // an asynchronous processor reports through the callback; one that throws still ends the call
                    copy.setException(e);
                    whenDone.done(true);
                }
            }

            private void answered(Exchange copy) {
                if (!ended.compareAndSet(false, true)) {
                    return;
                }
                timeUp.cancel(false);
                long nanos = System.nanoTime() - started;
                Throwable failure = copy.getException();
                if (failure == null) {
                    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    // the agent's answer is the body; what else the call set on its copy stays there
                    exchange.getMessage().setBody(copy.getMessage().getBody());
                } else {
                    // the breaker leaves out what it ignores (RequestContentException)
                    breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
                    if (failure instanceof RequestContentException) {
                        exchange.getMessage().setBody(
                                AgentResult.unavailable(agent, AgentStatus.FAILED, AgentCalls.CONTENT_REFUSED));
                    } else {
                        answer(exchange, AgentStatus.FAILED,
                                failure.getClass().getSimpleName() + ": " + failure.getMessage());
                    }
                }
                callback.done(false);
            }

            /** On the timer: the caller goes on without the answer. */
            void timeUp() {
                if (!ended.compareAndSet(false, true)) {
                    return;
                }
                if (requestId != null) {
                    MDC.put(Keys.MDC_REQUEST_ID, requestId);
                }
                try {
                    breaker.onError(timeoutMs, TimeUnit.MILLISECONDS,
                            new TimeoutException("no answer within " + timeoutMs + " ms"));
                    answer(exchange, AgentStatus.TIMEOUT, "no answer within " + timeoutMs + " ms");
                    afterTimeouts.execute(() -> callback.done(false));
                } catch (RejectedExecutionException e) {
                    callback.done(false);
                } finally {
                    MDC.remove(Keys.MDC_REQUEST_ID);
                }
            }

            /** The agent's pool and its queue are full. */
            @Override
            public void reject() {
                releaseBulkhead();
                if (!ended.compareAndSet(false, true)) {
                    return;
                }
                timeUp.cancel(false);
                RejectedExecutionException full = new RejectedExecutionException("the agent's call pool ("
                        + "agent-calls.threads) and its queue are full");
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, full);
                answer(exchange, AgentStatus.FAILED, full.getMessage());
                callback.done(false);
            }

            private void releaseBulkhead() {
                if (bulkhead != null) {
                    bulkhead.onComplete();
                }
            }
        }
    }

    /** The caller gets a result that says what happened instead of an answer; logged as a warning. */
    private void answer(Exchange exchange, AgentStatus status, String message) {
        LOG.warn("Agent {} {}: {}", agent, status.wire(), SafeText.message(message));
        exchange.setException(null);
        exchange.getMessage().setBody(AgentResult.unavailable(agent, status, message));
    }
}
