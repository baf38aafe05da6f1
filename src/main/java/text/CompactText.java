package text;

/**
 * A text reduced to its word characters (see {@link TextNormalizer#compact(String)}), with the way back to the original.
 *
 * @param text     the compact form
 * @param starts   for each char of {@code text}, the offset in the original of the code point it came from
 * @param ends     for each char of {@code text}, the offset in the original just after that code point
 * @param boundary for each char of {@code text}, whether a token starts there (after a space or punctuation, or where Thai
 *                 script meets another script); one extra entry at the end, always true
 */
public record CompactText(String text, int[] starts, int[] ends, boolean[] boundary) {

    /** The span {@code [start, end)} of the original text that compact chars {@code from} to {@code to - 1} came from. */
    public int[] originalSpan(int from, int to) {
        return new int[] {starts[from], ends[to - 1]};
    }

    /** Whether a token starts at compact index {@code index}; the end of the text counts as a token start. */
    public boolean isTokenStart(int index) {
        return boundary[index];
    }
}
