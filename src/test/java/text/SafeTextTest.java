package text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

/** Generated texts of every size, with line breaks, controls and surrogate pairs: made safe to log and cut short. */
class SafeTextTest {

    /** Texts of 0 to 3,000 characters, mostly line breaks, controls, separators and emoji among plain letters. */
    static Arbitrary<String> nastyText() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("\r", "\n", "\r\n", "\t", "\u0000", "\u001b", "\u007f", "\u0085", "\u009b", "\u2028",
                        "\u2029", "\ud83d\ude00", "\\", "'", "ก", "a", " "),
                Arbitraries.chars().range('\u0020', '\ud7ff').map(String::valueOf));
        return piece.list().ofMaxSize(3_000).map(pieces -> String.join("", pieces));
    }

    @Test
    void noLineBreakOrControlCharacterSurvivesAndValuesAreCutShort() {
        nastyText().sampleStream().limit(3_000).forEach(text -> {
            for (int max : new int[] {SafeText.MAX_VALUE, SafeText.MAX_MESSAGE}) {
                String safe = max == SafeText.MAX_VALUE ? SafeText.value(text) : SafeText.message(text);
                assertThat(safe.chars()).as("%s", safe).noneMatch(SafeText::isControl);
                assertThat(safe.split("\r\n|[\r\n\u0085\u2028\u2029]", -1)).hasSize(1);
                if (text.length() > max) {
                    assertThat(safe).endsWith("...");
                    // at most max characters of the text, each at most 6 characters long once escaped
                    assertThat(safe.length()).isLessThanOrEqualTo(max * 6 + 3);
                    // never a lone half of a surrogate pair left by the cut
                    assertThat(Character.isHighSurrogate(safe.charAt(safe.length() - 4))).as("%s", safe).isFalse();
                } else {
                    assertThat(!safe.endsWith("...") || text.endsWith("...")).as("%s", safe).isTrue();
                }
            }
        });
    }

    @Test
    void plainTextIsUnchangedAndBreaksAreShownEscaped() {
        assertThat(SafeText.value("Colgate Total ยาสีฟัน 150g")).isEqualTo("Colgate Total ยาสีฟัน 150g");
        assertThat(SafeText.value("a\r\nb\tc\u2028d\u0085e")).isEqualTo("a\\r\\nb\\tc\\u2028d\\u0085e");
        assertThat(SafeText.value(null)).isEqualTo("null");
        assertThat(SafeText.value("x".repeat(101))).isEqualTo("x".repeat(100) + "...");
        // an emoji is two chars: kept whole when both fit, left out when the cut would split it
        assertThat(SafeText.value("x".repeat(98) + "\ud83d\ude00")).isEqualTo("x".repeat(98) + "\ud83d\ude00");
        assertThat(SafeText.value("x".repeat(99) + "\ud83d\ude00")).isEqualTo("x".repeat(99) + "...");
    }

    /**
     * An exception whose messages (its own, its cause's, a suppressed one's) hold forged log lines, rendered as the
     * service's log renders it (logback's stack trace converter): each message line is escaped, and the class names and
     * stack frames are all there.
     */
    @Test
    void anExceptionIsLoggedWithItsMessagesEscapedAndItsStackTraceWhole() {
        IllegalStateException cause = new IllegalStateException("cause\r\n2026-01-01 INFO forged cause line");
        RuntimeException error = new RuntimeException("failed on\nFORGED INFO admin logged in", cause);
        error.addSuppressed(new IllegalArgumentException("\u2028FORGED suppressed"));
        ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent(
                "test", (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("test"),
                ch.qos.logback.classic.Level.ERROR, "Request failed", SafeText.loggable(error), null);
        ch.qos.logback.classic.pattern.ThrowableProxyConverter converter =
                new ch.qos.logback.classic.pattern.ThrowableProxyConverter();
        converter.start();
        String rendered = converter.convert(event);
        for (String line : rendered.split("\r\n|[\r\n\u0085\u2028\u2029]")) {
            assertThat(line).as(rendered).doesNotStartWith("FORGED").doesNotStartWith("2026-01-01");
        }
        assertThat(rendered).contains("java.lang.RuntimeException: failed on\\nFORGED INFO admin logged in",
                "Caused by: text.SafeText$Escaped: java.lang.IllegalStateException: cause\\r\\n2026-01-01 INFO forged cause line",
                "java.lang.IllegalArgumentException: \\u2028FORGED suppressed",
                "at text.SafeTextTest.anExceptionIsLoggedWithItsMessagesEscapedAndItsStackTraceWhole");
    }
}
