package text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a title into word tokens with offsets into the original. Thai runs (no spaces between words) are segmented with the
 * dictionary-based Thai word break iterator of the Java runtime (the segmenter Lucene's ThaiTokenizer uses); other runs are
 * cut at spaces, punctuation and script changes, keeping letters and digits together ({@code GW2785TC}) and numbers with
 * their decimal point ({@code 2.5}). Punctuation is dropped, except that an apostrophe or hyphen inside a Latin word stays
 * in it ({@code DE'COS}, {@code ECO-DOOR}).
 */
public final class TitleTokenizer {

    private static final Locale THAI = Locale.forLanguageTag("th");
    /** Break iterators are not thread-safe and costly to create: one per thread. */
    private static final ThreadLocal<BreakIterator> THAI_WORDS =
            ThreadLocal.withInitial(() -> BreakIterator.getWordInstance(THAI));

    private TitleTokenizer() {
    }

    public static List<Token> tokenize(String title) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = title.length();
        while (i < n) {
            int cp = title.codePointAt(i);
            Script script = Script.of(cp);
            if (script == Script.NONE || !TextNormalizer.isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int end = i;
            if (script == Script.THAI) {
                while (end < n && Script.of(title.codePointAt(end)) == Script.THAI) {
                    end += Character.charCount(title.codePointAt(end));
                }
                segmentThai(title, i, end, tokens);
            } else {
                while (end < n) {
                    int c = title.codePointAt(end);
                    Script s = Script.of(c);
                    boolean word = TextNormalizer.isWordChar(c) && s != Script.THAI;
                    boolean joiner = (c == '\'' || c == '\u2019' || c == '-' || c == '.' || c == ',') && end > i
                            && end + 1 < n && joins(title, end, c);
                    if (!word && !joiner) {
                        break;
                    }
                    end += Character.charCount(c);
                }
                tokens.add(token(title, i, end));
            }
            i = end;
        }
        return tokens;
    }

    /** Whether punctuation {@code c} at {@code at} stays inside the token: between two letters, or a decimal point. */
    private static boolean joins(String title, int at, int c) {
        int before = title.codePointBefore(at);
        int after = title.codePointAt(at + 1);
        if (c == '.' || c == ',') {
            return Character.isDigit(before) && Character.isDigit(after);
        }
        return Character.isLetter(before) && Character.isLetter(after) && Script.of(after) != Script.THAI;
    }

    private static void segmentThai(String title, int from, int to, List<Token> tokens) {
        BreakIterator words = THAI_WORDS.get();
        words.setText(title.substring(from, to));
        int start = words.first();
        for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
            tokens.add(token(title, from + start, from + end));
        }
    }

    private static Token token(String title, int start, int end) {
        String text = title.substring(start, end);
        return new Token(text, start, end, Script.of(text.codePointAt(0)), shape(text));
    }

    static String shape(String text) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean thai = false;
        boolean other = false;
        boolean separator = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Script script = Script.of(cp);
            if (script == Script.THAI) {
                thai = true;
            } else if (Character.isDigit(cp)) {
                digit = true;
            } else if (Character.isUpperCase(cp)) {
                upper = true;
            } else if (Character.isLowerCase(cp)) {
                lower = true;
            } else if (script == Script.OTHER) {
                other = true;
            } else {
                separator = true;
            }
        }
        if (thai) {
            return "TH";
        }
        if (other) {
            return "O";
        }
        if (digit && (upper || lower)) {
            return "Xd";
        }
        if (digit) {
            return separator ? "d.d" : "d";
        }
        int letters = text.codePointCount(0, text.length());
        if (letters == 1) {
            return upper ? "X" : "x";
        }
        if (upper && !lower) {
            return "XX";
        }
        if (upper && Character.isUpperCase(text.codePointAt(0))) {
            return "Xx";
        }
        return "xx";
    }

    /** The lower-cased text of a token, for features and keys. */
    public static String lower(Token token) {
        return token.text().toLowerCase(Locale.ROOT);
    }
}
