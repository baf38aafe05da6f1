package knowledge;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import text.Script;
import text.TextNormalizer;
import text.TitleTokenizer;
import text.Token;

/**
 * Learns other names of brands from the catalogue's titles: for a brand, a word that recurs in those of its products'
 * titles that do not write the brand's known names, and rarely in other brands' titles, becomes an alias, with its
 * support (such titles containing it) and a precision estimate: that support over all titles containing the word, plus
 * one (the brand's own titles that also write its name count against the word: a conservative estimate). So {@code จระเข้}, written in place of the name in many JORAKAY titles and in no other brand's,
 * becomes an alias of JORAKAY, and so does a product line written in place of its maker's name ({@code SCOTCH BRITE} for
 * 3M); while a product word that only one brand's titles use next to its name ({@code ล้างรถ}, car wash, beside
 * {@code KARSHINE}) does not: an alias is a word that stands for the brand. Words that are another brand's name are never
 * learnt.
 *
 * <p>The words considered: a Thai word or two glued Thai words (at least three characters), and a Latin-script word of
 * letters only or two such words with one space between (at least four letters: shorter ones are mostly codes and
 * abbreviations shared by many makers).
 */
public final class AliasLearner {

    /**
     * The default thresholds ({@code knowledge-base.learnt-aliases.*}): a word written in place of a brand's name in at
     * least two of its titles, those being at least 0.66 of the titles containing the word plus one: two of the brand's
     * and no other (2 / 3), or four and one other (4 / 6). On the six data sets of docs/EVALUATION.md these answered as
     * well as 3 and 0.75 or better on every one (session 11 of issue 8).
     */
    public static final int DEFAULT_MIN_SUPPORT = 2;
    public static final double DEFAULT_MIN_PRECISION = 0.66;

    /** A learnt alias of the brand with key {@code brandKey}. */
    public record Learnt(String brandKey, String alias, long support, double precision) {
    }

    private final int minSupport;
    private final double minPrecision;
    private final Map<String, Map<String, Integer>> byBrand = new HashMap<>();
    private final Map<String, Integer> everywhere = new HashMap<>();
    private final Map<String, String> surface = new HashMap<>();

    public AliasLearner(int minSupport, double minPrecision) {
        this.minSupport = minSupport;
        this.minPrecision = minPrecision;
    }

    /**
     * Counts the words and word pairs of one catalogue title (those the class comment describes); {@code nameWritten} tells whether the title already
     * writes one of the brand's known names (then its words count against other brands' aliases, not for this one's).
     */
    public void add(String title, String brand, boolean nameWritten) {
        String brandKey = TextNormalizer.key(brand);
        List<Token> tokens = TitleTokenizer.tokenize(title);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (token.script() == Script.THAI) {
                consider(title.substring(token.start(), token.end()), 3, seen);
                if (next != null && next.script() == Script.THAI && next.start() == token.end()) {
                    consider(title.substring(token.start(), next.end()), 3, seen);
                }
            } else if (isLatinWord(title, token)) {
                consider(title.substring(token.start(), token.end()), 4, seen);
                if (next != null && isLatinWord(title, next) && next.start() == token.end() + 1
                        && title.charAt(token.end()) == ' ') {
                    consider(title.substring(token.start(), next.end()), 4, seen);
                }
            }
        }
        Map<String, Integer> counts = byBrand.computeIfAbsent(brandKey, k -> new HashMap<>());
        for (String key : seen) {
            if (!nameWritten) {
                counts.merge(key, 1, Integer::sum);
            }
            everywhere.merge(key, 1, Integer::sum);
        }
    }

    private static boolean isLatinWord(String title, Token token) {
        if (token.script() != Script.LATIN) {
            return false;
        }
        for (int i = token.start(); i < token.end(); i++) {
            if (!Character.isLetter(title.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private void consider(String text, int minLength, Set<String> seen) {
        String key = TextNormalizer.key(text);
        if (key.codePointCount(0, key.length()) >= minLength) {
            seen.add(key);
            surface.putIfAbsent(key, text);
        }
    }

    /** The aliases learnt so far; {@code brandKeys} are the keys of every brand (never learnt as another's alias). */
    public List<Learnt> learnt(Set<String> brandKeys) {
        List<Learnt> learnt = new java.util.ArrayList<>();
        byBrand.forEach((brandKey, counts) -> counts.forEach((key, support) -> {
            if (support < minSupport || brandKeys.contains(key) && !key.equals(brandKey)) {
                return;
            }
            double precision = support / (everywhere.get(key) + 1.0);
            if (precision >= minPrecision && !key.equals(brandKey)) {
                learnt.add(new Learnt(brandKey, surface.get(key), support, Math.round(precision * 1000) / 1000.0));
            }
        }));
        return learnt;
    }
}
