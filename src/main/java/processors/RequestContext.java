package processors;

import services.ApiKey;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Gives each request its id (the client's {@code X-Request-Id} when it is a sane token, otherwise a new UUID), puts it in
 * the logging MDC for every log line of the request, notes when the request arrived and whether its caller may see the
 * service's internals.
 */
@Component("requestContext")
public class RequestContext {

    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ApiKey apiKey;

    public RequestContext(ApiKey apiKey) {
        this.apiKey = apiKey;
    }

    public void begin(Exchange exchange) {
        adopt(exchange, exchange.getMessage().getHeader(Keys.REQUEST_ID_HEADER, String.class));
        exchange.setVariable(Keys.DETAILS, apiKey.allows(exchange.getMessage().getHeader(ApiKey.HEADER, String.class)));
    }

    /**
     * Whether the caller of this exchange may see the service's internals: it sent the API key, or none is configured.
     * An exchange that did not come through {@link #begin} (a batch item, an agent call) gets them only when no key is
     * configured.
     */
    public boolean details(Exchange exchange) {
        Boolean details = exchange.getVariable(Keys.DETAILS, Boolean.class);
        return details != null ? details : !apiKey.configured();
    }

    /** Adopts {@code requestId} (from a client's header or an orchestrator's agent request) when it is a sane token. */
    public void adopt(Exchange exchange, String requestId) {
        String id = requestIdOrNew(requestId);
        exchange.setVariable(Keys.REQUEST_ID, id);
        exchange.setVariable(Keys.STARTED, System.nanoTime());
        MDC.put(Keys.MDC_REQUEST_ID, id);
    }

    /** {@code given} when it is a sane token (letters, digits, {@code ._:-}, at most 64), otherwise a new UUID. */
    public static String requestIdOrNew(String given) {
        return saneId(given) ? given : newId();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id names a request in logs and answers and
     * guards nothing, so it needs no {@code SecureRandom}, whose shared generator {@code UUID.randomUUID()} locks.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** Whether {@code given} is a sane id token: 1 to 64 letters, digits or {@code ._:-}. */
    public static boolean saneId(String given) {
        return given != null && SANE_ID.matcher(given).matches();
    }

    public static String requestId(Exchange exchange) {
        return exchange.getVariable(Keys.REQUEST_ID, String.class);
    }

    public static long elapsedMs(Exchange exchange) {
        Long started = exchange.getVariable(Keys.STARTED, Long.class);
        return started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    }
}
