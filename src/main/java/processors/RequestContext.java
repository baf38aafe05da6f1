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
        String given = exchange.getMessage().getHeader(Keys.REQUEST_ID_HEADER, String.class);
        String id = given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        exchange.setVariable(Keys.REQUEST_ID, id);
        exchange.setVariable(Keys.STARTED, System.nanoTime());
        MDC.put(Keys.MDC_REQUEST_ID, id);
    }

    /** Adopts the request id an orchestrator sent along with an agent request. */
    public void adopt(Exchange exchange, String requestId) {
        String id = requestId != null && SANE_ID.matcher(requestId).matches() ? requestId : UUID.randomUUID().toString();
        exchange.setVariable(Keys.REQUEST_ID, id);
        exchange.setVariable(Keys.STARTED, System.nanoTime());
        MDC.put(Keys.MDC_REQUEST_ID, id);
    }

    public static String requestId(Exchange exchange) {
        return exchange.getVariable(Keys.REQUEST_ID, String.class);
    }

    public static long elapsedMs(Exchange exchange) {
        Long started = exchange.getVariable(Keys.STARTED, Long.class);
        return started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
    }
}
