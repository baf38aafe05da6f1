package support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the process while open, rendered as the service renders it (level, request id from the MDC,
 * logger, the whole MDC, message, stack trace), for tests that look at what a request made the service log.
 */
public final class CapturedLog implements AutoCloseable {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger root;

    public CapturedLog() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(logging);
        encoder.setPattern("%level [%X{request_id:-}] %logger {%mdc} %msg %ex%n");
        encoder.start();
        appender.setContext(logging);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
    }

    /** What was logged so far. */
    public synchronized String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The lines of what was logged so far, split where a log file viewer or a terminal starts a new line: CR, LF, NEL,
     * U+2028 and U+2029.
     */
    public List<String> lines() {
        return List.of(text().split("\r\n|[\r\n\u0085\u2028\u2029]"));
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
