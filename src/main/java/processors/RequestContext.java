package processors;

import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Gives each request its id (the client's {@code X-Request-Id} when it is a sane token, otherwise a new UUID), puts it in
 * the logging MDC for every log line of the request, and notes when the request arrived.
 */
@Component("requestContext")
public class RequestContext {

    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public void begin(Exchange exchange) {
        adopt(exchange, exchange.getMessage().getHeader(Keys.REQUEST_ID_HEADER, String.class));
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
        return saneId(given) ? given : UUID.randomUUID().toString();
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
