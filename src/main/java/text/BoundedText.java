package text;

import java.io.IOException;
import java.io.Reader;

/**
 * Readers that bound how much of a dropped or uploaded file is held at once, whatever the file: a CSV record, an NDJSON
 * line or a JSON array element longer than a limit stops being read where it passes the limit (an unclosed quote or one
 * giant line in a 100 MB file costs the limit in memory, not the file), and the reader reports it at its line. Used for
 * catalogues ({@code knowledge.CatalogReader}, {@code catalog.max-record-chars}) and title files
 * ({@code processors.TitleBatches}, {@code batch.max-record-chars}); {@code setting} names the limit in the messages.
 */
public final class BoundedText {

    private BoundedText() {
    }

    /** A record, line or value over the limit; what was read of it is dropped. */
    public static final class TooLongException extends IOException {
        TooLongException(String what, int max, String setting) {
            super(what + " is longer than " + max + " characters (" + setting + "; an unclosed quote?)");
        }
    }

    /** Whether {@code e} came of a record over the limit ({@link TooLongException}), however a parser wrapped it. */
    public static boolean tooLong(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLongException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Passes a CSV through, counting the characters of the current record as commons-csv (RFC 4180, surrounding spaces
     * ignored) delimits records: a line break ends one unless inside a quoted field, and a field is quoted when a quote
     * is its first character other than spaces (a quote further in, as in {@code 12" pizza}, is a character). Fails
     * with {@link TooLongException} once a record passes {@code max} characters, before handing those on.
     */
    public static final class CsvRecords extends Reader {
        private final Reader in;
        private final int max;
        private final String setting;
        private int length;
        private boolean quoted;
        /** Inside a quoted field, after a quote: the next character tells whether it was doubled or closed the field. */
        private boolean quoteSeen;
        private boolean fieldStart = true;

        public CsvRecords(Reader in, int max, String setting) {
            this.in = in;
            this.max = max;
            this.setting = setting;
        }

        @Override
        public int read(char[] buffer, int offset, int count) throws IOException {
            int n = in.read(buffer, offset, count);
            for (int i = offset; i < offset + n; i++) {
                track(buffer[i]);
            }
            return n;
        }

        private void track(char c) throws IOException {
            if (quoted) {
                if (quoteSeen) {
                    quoteSeen = false;
                    if (c != '"') {
                        quoted = false; // the quote before closed the field; c is outside it
                        trackUnquoted(c);
                        return;
                    }
                } else if (c == '"') {
                    quoteSeen = true;
                }
                count();
                return;
            }
            trackUnquoted(c);
        }

        private void trackUnquoted(char c) throws IOException {
            if (c == '\n' || c == '\r') {
                length = 0;
                fieldStart = true;
                return;
            }
            if (c == ',') {
                fieldStart = true;
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else if (!Character.isWhitespace(c)) {
                fieldStart = false;
            }
            count();
        }

        private void count() throws TooLongException {
            if (++length > max) {
                throw new TooLongException("this record", max, setting);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Hands on characters while the JSON value that started at character {@link #startValue} has not yet passed
     * {@code max} characters; then fails with {@link TooLongException}. The parser asks for more only when it has used
     * all it was given, so a value holds at most {@code max} characters and a buffer in memory. Between values
     * ({@link #endValue}) nothing is counted.
     */
    public static final class JsonValues extends Reader {
        private final Reader in;
        private final int max;
        private final String setting;
        private long position;
        private long start = -1;

        public JsonValues(Reader in, int max, String setting) {
            this.in = in;
            this.max = max;
            this.setting = setting;
        }

        /** A value starts at character {@code offset} of the text (its first character). */
        public void startValue(long offset) {
            start = offset;
        }

        /** The value is read. */
        public void endValue() {
            start = -1;
        }

        @Override
        public int read(char[] buffer, int offset, int count) throws IOException {
            if (start >= 0 && position - start > max) {
                throw new TooLongException("this value", max, setting);
            }
            int n = in.read(buffer, offset, count);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Lines as {@link java.io.BufferedReader#readLine} splits them (at \n, \r or \r\n), each at most {@code max}
     * characters: a longer line is skipped to its end without being kept, and {@link #TOO_LONG} stands for it.
     */
    public static final class Lines {
        /** Stands for a line over the limit (compared by identity). */
        public static final String TOO_LONG = new String("line over the limit");
        private final Reader in;
        private final int max;
        private final StringBuilder line = new StringBuilder();
        private boolean afterCr;

        public Lines(Reader in, int max) {
            this.in = in;
            this.max = max;
        }

        /** The next line, {@link #TOO_LONG}, or null at the end. */
        public String next() throws IOException {
            line.setLength(0);
            boolean over = false;
            boolean any = false;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return any ? result(over) : null;
                }
                if (afterCr) {
                    afterCr = false;
                    if (c == '\n') {
                        continue; // the \n of \r\n
                    }
                }
                any = true;
                if (c == '\n') {
                    return result(over);
                }
                if (c == '\r') {
                    afterCr = true;
                    return result(over);
                }
                if (!over) {
                    if (line.length() == max) {
                        over = true;
                        line.setLength(0);
                        line.trimToSize();
                    } else {
                        line.append((char) c);
                    }
                }
            }
        }

        private String result(boolean over) {
            return over ? TOO_LONG : line.toString();
        }
    }
}
