package text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one text normalisation every part of the service shares.
 *
 * <ul>
 *   <li>{@link #normalize(String)}: NFKC, case folding, zero-width and control characters removed, a space inserted where
 *       Thai script meets another script ({@code HUMMERบันได} becomes {@code hummer บันได}), whitespace collapsed.</li>
 *   <li>{@link #compact(String)}: only letters, digits and Thai vowel/tone marks of the normalised form, so that
 *       {@code DE'COS}, {@code De Cos} and {@code decos} share one key; it keeps a map back to offsets in the original
 *       text so matches found in the compact form can be reported as spans of the title.</li>
 * </ul>
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    /** NFKC, lower case, invisible characters dropped, Thai/other script boundaries spaced, whitespace collapsed. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(nfkc.length() + 8);
        Script previous = Script.NONE;
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            if (isInvisible(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                appendSpace(out);
                previous = Script.NONE;
                continue;
            }
            Script script = Script.of(cp);
            if (script != Script.NONE && previous != Script.NONE && script != previous
                    && (script == Script.THAI || previous == Script.THAI)) {
                appendSpace(out);
            }
            out.appendCodePoint(cp);
            if (script != Script.NONE) {
                previous = script;
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end);
    }

    /** The punctuation- and space-free key of a name: {@code ECO-DOOR}, {@code Eco Door} and {@code ecodoor} are equal. */
    public static String key(String text) {
        // compact(text).text(), without the offsets: the agents and the combination key every brand they compare
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                if (cp >= 'a' && cp <= 'z' || cp >= '0' && cp <= '9') {
                    out.append((char) cp);
                } else if (cp >= 'A' && cp <= 'Z') {
                    out.append((char) (cp + ('a' - 'A')));
                }
                continue;
            }
            String folded = fold(cp);
            for (int j = 0; j < folded.length(); ) {
                int fcp = folded.codePointAt(j);
                j += Character.charCount(fcp);
                if (isWordChar(fcp)) {
                    out.appendCodePoint(fcp);
                }
            }
        }
        return out.toString();
    }

    /**
     * Whether {@code a} and {@code b} name one brand to different extents: the words of the shorter (split at spaces,
     * each keyed as {@link #key} keys a name) begin the longer's, whole ({@code pelican} and {@code Pelican Storm},
     * {@code Kimberly-Clark} and {@code kimberly-clark professional}; not {@code ace} and {@code acer}, nor names of as
     * many words).
     */
    public static boolean otherExtent(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        java.util.List<String> first = words(a);
        java.util.List<String> second = words(b);
        if (first.isEmpty() || second.isEmpty() || first.size() == second.size()) {
            return false;
        }
        java.util.List<String> shorter = first.size() < second.size() ? first : second;
        java.util.List<String> longer = first.size() < second.size() ? second : first;
        return longer.subList(0, shorter.size()).equals(shorter);
    }

    private static java.util.List<String> words(String name) {
        java.util.List<String> words = new java.util.ArrayList<>();
        for (String part : name.split("\\s+")) {
            String word = key(part);
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /**
     * The compact form of {@code text}: each code point is NFKC-normalised and lower-cased on its own, and only word
     * characters are kept. {@link CompactText#start(int)} gives, for each char of the compact form, the offset of the
     * code point of the original text it came from.
     */
    public static CompactText compact(String text) {
        if (text == null || text.isEmpty()) {
            return new CompactText("", new int[0], new int[0], new boolean[] {true});
        }
        StringBuilder out = new StringBuilder(text.length());
        int capacity = text.length() + 8;
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        boolean[] boundary = new boolean[capacity + 1];
        boolean gap = true;
        Script previous = Script.NONE;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            String folded = fold(cp);
            boolean kept = false;
            for (int j = 0; j < folded.length(); ) {
                int fcp = folded.codePointAt(j);
                j += Character.charCount(fcp);
                if (!isWordChar(fcp)) {
                    continue;
                }
                Script script = Script.of(fcp);
                boolean tokenStart = gap || script != previous && script != Script.NONE && previous != Script.NONE
                        && (script == Script.THAI || previous == Script.THAI);
                for (char c : Character.toChars(fcp)) {
                    if (out.length() + 1 >= capacity) {
                        capacity *= 2;
                        starts = Arrays.copyOf(starts, capacity);
                        ends = Arrays.copyOf(ends, capacity);
                        boundary = Arrays.copyOf(boundary, capacity + 1);
                    }
                    starts[out.length()] = i;
                    ends[out.length()] = i + width;
                    boundary[out.length()] = tokenStart;
                    tokenStart = false;
                    out.append(c);
                }
                if (script != Script.NONE) {
                    previous = script;
                }
                gap = false;
                kept = true;
            }
            if (!kept && !isInvisible(cp)) {
                gap = true;
            }
            i += width;
        }
        int n = out.length();
        boundary[n] = true;
        return new CompactText(out.toString(), Arrays.copyOf(starts, n), Arrays.copyOf(ends, n),
                Arrays.copyOf(boundary, n + 1));
    }

    /** Letters, digits and combining marks (Thai vowels and tone marks are marks, not letters). */
    public static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.CONTROL && !Character.isWhitespace(cp)
                || cp == 0xFEFF || cp == 0x200B;
    }

    /**
     * {@link #fold} of each code point of the Basic Multilingual Plane, worked out when first met: NFKC and
     * lower-casing one character at a time cost far more than the lookup, and every title's Thai letters go through
     * it. A race writes the same immutable string twice at worst.
     */
    private static final String[] FOLDED = new String[0x10000];

    private static String fold(int cp) {
        if (cp < 0x80) {
            return String.valueOf((char) Character.toLowerCase(cp));
        }
        if (cp < FOLDED.length) {
            String folded = FOLDED[cp];
            if (folded == null) {
                folded = foldOnce(cp);
                FOLDED[cp] = folded;
            }
            return folded;
        }
        return foldOnce(cp);
    }

    private static String foldOnce(int cp) {
        return Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static void appendSpace(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
    }
}
