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

    private Romanization() {
    }

    /** The skeleton of {@code name}; empty when it has no Latin or Thai consonant. */
    public static String skeleton(String name) {
        boolean thai = name.codePoints().anyMatch(cp -> Script.of(cp) == Script.THAI);
        String latin = (thai ? THAI_LATIN.get().transliterate(name) : name).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]", "");
        if (thai) {
            // ISO 11940 writes จ as c, the silent consonant อ as x, and the aspirated พ ท ค as ph th kh (not f)
            latin = latin.replace('c', 'j').replace("x", "").replace("ph", "p").replace("th", "t").replace("kh", "k");
        }
        latin = latin.replace("ph", "f").replace("gh", "").replace("sh", "ch").replace("th", "t").replace("kh", "k")
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
