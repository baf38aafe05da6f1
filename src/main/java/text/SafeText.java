package text;

/**
 * Client-supplied text made safe to log or to echo into a message: every character that can end a log line or move a
 * terminal's cursor (CR, LF, the other C0 controls, DEL, the C1 controls with NEL, and the separators U+2028 and U+2029)
 * is written as an escape ({@code \r}, {@code \n}, {@code \t}, {@code \}{@code u001b} ...), so one request can never
 * make a log line of its own, and the text is cut short: a value at {@link #MAX_VALUE} characters, a whole message at
 * {@link #MAX_MESSAGE}, each followed by {@code ...} when cut.
 */
public final class SafeText {

    /** The characters of an echoed value ({@code got 'xyz'}) kept before {@code ...}. */
    public static final int MAX_VALUE = 100;
    /** The characters of a message (which may hold several echoed values) kept before {@code ...}. */
    public static final int MAX_MESSAGE = 1000;

    private SafeText() {
    }

    /** A single client value ({@code null} stays {@code "null"}): escaped, at most {@link #MAX_VALUE} characters. */
    public static String value(String text) {
        return escape(text, MAX_VALUE);
    }

    /** A message that echoes client values: escaped, at most {@link #MAX_MESSAGE} characters. */
    public static String message(String text) {
        return escape(text, MAX_MESSAGE);
    }

    /** Whether {@code c} is a character this class escapes. */
    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }

    /** Whether {@code text} holds a character this class escapes. */
    public static boolean hasControl(String text) {
        return text != null && text.chars().anyMatch(SafeText::isControl);
    }

    /** {@code text} escaped, cut after {@code max} of its characters (never inside a surrogate pair). */
    public static String escape(String text, int max) {
        if (text == null) {
            return "null";
        }
        int end = text.length();
        boolean cut = false;
        if (end > max) {
            end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
            cut = true;
        }
        StringBuilder safe = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                safe.append(c);
                continue;
            }
            switch (c) {
                case '\r' -> safe.append("\\r");
                case '\n' -> safe.append("\\n");
                case '\t' -> safe.append("\\t");
                default -> safe.append(String.format("\\u%04x", (int) c));
            }
        }
        return cut ? safe.append("...").toString() : safe.toString();
    }

    /**
     * {@code error} as it may be logged: the same exception class names, stack frames, causes and suppressed
     * exceptions, with each message escaped and cut as {@link #message} does (an unexpected exception's message can
     * repeat what a client sent). Each is logged as {@code text.SafeText$Escaped: <class>: <message>}.
     */
    public static Throwable loggable(Throwable error) {
        if (error == null) {
            return null;
        }
        Throwable cause = error.getCause() == error ? null : error.getCause();
        Escaped copy = new Escaped(error.getClass().getName()
                + (error.getMessage() == null ? "" : ": " + message(error.getMessage())), loggable(cause));
        copy.setStackTrace(error.getStackTrace());
        for (Throwable suppressed : error.getSuppressed()) {
            copy.addSuppressed(loggable(suppressed));
        }
        return copy;
    }

    /** An exception's class name and escaped message, standing in for it in a log ({@link #loggable}). */
    public static final class Escaped extends Exception {
        Escaped(String message, Throwable cause) {
            super(message, cause, true, true);
        }
    }
}
