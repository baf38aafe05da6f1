package text;

import com.ibm.icu.text.Transliterator;
import java.util.Locale;

/**
 * The consonant skeleton of a name, written in Thai or in Latin script, so that a brand written in Thai can be matched
 * with its Latin name: {@code ซันไลต์} and {@code SUNLIGHT} both give {@code snlt}, {@code สปาคลีน} and {@code SPA CLEAN}
 * {@code spkln}. Thai is romanised by ICU's Thai-Latin transliterator (ISO 11940); then, in both scripts, vowels,
 * {@code h} and {@code y} are dropped, letters that Thai writes with one sound are merged ({@code c k q g}, {@code f v w}
 * and Latin {@code ph}, {@code s z}, {@code sh ch}, {@code j} for Thai {@code จ}) and doubled consonants written once;
 * Latin {@code c} before {@code e i y} sounds {@code s} ({@code Cetaphil}, {@code เซตาฟิล}) and {@code x} sounds
 * {@code ks} ({@code Durex}, {@code ดูเร็กซ์}).
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
        // its letters a to z, lower-cased; one pass, no regular expressions: a title's runs are read at each request
        char[] latin = new char[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower >= 'a' && lower <= 'z') {
                latin[n++] = lower;
            }
        }
        StringBuilder skeleton = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char letter = latin[i];
            char next = i + 1 < n ? latin[i + 1] : 0;
            if (next == 'h' && (letter == 'p' || letter == 'g' || letter == 's')) {
                // ph sounds f, gh is silent, sh is heard as Thai's ch
                append(skeleton, letter == 'p' ? 'f' : letter == 's' ? 'k' : (char) 0);
                i++;
                continue;
            }
            if (letter == 'x') {
                append(skeleton, 'k');
                append(skeleton, 's');
                continue;
            }
            append(skeleton, switch (letter) {
                case 'a', 'e', 'i', 'o', 'u', 'y', 'h' -> (char) 0;
                case 'c' -> next == 'e' || next == 'i' || next == 'y' ? 's' : 'k';
                case 'q', 'k', 'g' -> 'k';
                case 'v', 'w', 'f' -> 'f';
                case 'z', 's' -> 's';
                default -> letter;
            });
        }
        return skeleton.toString();
    }

    /** Appends a consonant of the skeleton unless it is the last one again (0: nothing). */
    private static void append(StringBuilder skeleton, char letter) {
        if (letter != 0 && (skeleton.isEmpty() || skeleton.charAt(skeleton.length() - 1) != letter)) {
            skeleton.append(letter);
        }
    }
}
