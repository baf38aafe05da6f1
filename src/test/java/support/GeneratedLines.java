package support;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.function.IntFunction;

/** A text made line by line as it is read, never held whole: for loads and files of any size. */
public final class GeneratedLines {

    private GeneratedLines() {
    }

    /** {@code header}, then {@code rows} lines, line {@code i} being {@code line.apply(i)} (each ends with a newline). */
    public static InputStream of(String header, int rows, IntFunction<String> line) {
        Enumeration<InputStream> lines = new Enumeration<>() {
            int next = -1;

            @Override
            public boolean hasMoreElements() {
                return next < rows;
            }

            @Override
            public InputStream nextElement() {
                String text = (next < 0 ? header : line.apply(next)) + '\n';
                next++;
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(lines);
    }
}
