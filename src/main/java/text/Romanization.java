package text;

import com.ibm.icu.text.Transliterator;
import java.util.Locale;

/**
 * The consonant skeleton of a name, written in Thai or in Latin script, so that a brand written in Thai can be matched
 * with its Latin name: {@code ซันไลต์} and {@code SUNLIGHT} both give {@code snlt}, {@code สปาคลีน} and {@code SPA CLEAN}
 * {@code spkln}. Thai is romanised by ICU's Thai-Latin transliterator (ISO 11940); then, in both scripts, vowels,
 * {@code h} and {@code y} are dropped, letters that Thai writes with one sound are merged ({@code c k q g}, {@code f v w}
 * and Latin {@code ph}, {@code s z}, {@code sh ch}, {@code j} for Thai {@code จ}) and doubled consonants written once.
 */
public final class Romanization {

    private static final ThreadLocal<Transliterator> THAI_LATIN = ThreadLocal.withInitial(
            () -> Transliterator.getInstance("Thai-Latin; Latin-ASCII; Lower"));

    /** Romanised Thai words: product titles repeat their words, and transliterating costs microseconds. */
    private static final java.util.Map<String, String> ROMANIZED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 50_000;

    private Romanization() {
    }

    /** The skeleton of {@code name}; empty when it has no Latin or Thai consonant. */
    public static String skeleton(String name) {
        boolean thai = name.codePoints().anyMatch(cp -> Script.of(cp) == Script.THAI);
        return skeletonOfLatin(thai ? romanized(name) : name);
    }

    /**
     * Thai text in Latin letters, as {@link #skeleton} reads it: the skeleton of a run of Thai words is that of their
     * romanisations put together, so each word needs romanising once.
     */
    public static String romanized(String thai) {
        String known = ROMANIZED.get(thai);
        if (known != null) {
            return known;
        }
        if (ROMANIZED.size() >= MAX_REMEMBERED) {
            ROMANIZED.clear();
        }
        String latin = romanize(thai);
        ROMANIZED.put(thai, latin);
        return latin;
    }

    private static String romanize(String thai) {
        String latin = THAI_LATIN.get().transliterate(thai).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        // ISO 11940 writes จ as c, the silent consonant อ as x, and the aspirated พ ท ค as ph th kh (not f)
        return latin.replace('c', 'j').replace("x", "").replace("ph", "p").replace("th", "t").replace("kh", "k");
    }

    /** The skeleton of Latin-script text (or of {@link #romanized} Thai). */
    public static String skeletonOfLatin(String text) {
        String latin = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "")
                .replace("ph", "f").replace("gh", "").replace("sh", "ch").replace("th", "t").replace("kh", "k")
                .replace("ck", "k");
        StringBuilder skeleton = new StringBuilder();
        for (int i = 0; i < latin.length(); i++) {
            char letter = switch (latin.charAt(i)) {
                case 'a', 'e', 'i', 'o', 'u', 'y', 'h' -> 0;
                case 'c', 'q', 'k', 'g' -> 'k';
                case 'v', 'w', 'f' -> 'f';
                case 'z', 's' -> 's';
                default -> latin.charAt(i);
            };
            if (letter != 0 && (skeleton.isEmpty() || skeleton.charAt(skeleton.length() - 1) != letter)) {
                skeleton.append(letter);
            }
        }
        return skeleton.toString();
    }
}
