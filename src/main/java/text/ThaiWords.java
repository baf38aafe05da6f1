package text;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;

/**
 * Where Thai text may be cut between words, by ICU's dictionary-based word breaks for Thai. ICU keeps a dictionary word
 * whole ({@code งาช้าง}, ivory; {@code เมจิก}, magic) and cuts words it does not know between syllables, so a brand
 * written in Thai and glued to a product noun ({@code ขนมเลย์}, {@code สบู่ก้อนโดฟ}) still starts and ends on a cut, while a
 * short Thai name found inside a longer word does not.
 *
 * <p>(The Java runtime's Thai break iterator, which {@link TitleTokenizer} uses, merges unknown words with their
 * neighbours, {@code ก้อนโดฟ} as one word, so it cannot tell the two apart.)
 */
public final class ThaiWords {

    private static final BreakIterator PROTOTYPE = BreakIterator.getWordInstance(new ULocale("th"));
    /** Break iterators keep state: one per thread, cloned from the prototype (loading ICU's data once). */
    private static final ThreadLocal<BreakIterator> WORDS =
            ThreadLocal.withInitial(() -> (BreakIterator) PROTOTYPE.clone());

    /**
     * The last text cut on this thread and its cuts: one title is asked for by the registry's matcher, its transliterated
     * names and the tagger's echoes in one request, and cutting it costs microseconds each time.
     */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

    private ThaiWords() {
    }

    /**
     * The places in {@code text} where Thai words may be cut, as offsets {@code 0..text.length()}: every offset that is
     * not inside a run of Thai letters, either end of one, and the cuts between its words. The same text asked for
     * again on the same thread gets the same set: read it, never change it.
     */
    public static java.util.BitSet cuts(String text) {
        Object[] last = LAST.get();
        if (text.equals(last[0])) {
            return (java.util.BitSet) last[1];
        }
        java.util.BitSet cuts = cut(text);
        last[0] = text;
        last[1] = cuts;
        return cuts;
    }

    /** The Thai words of {@code text} as {start, end} offsets, in order. */
    public static java.util.List<int[]> words(String text) {
        java.util.BitSet cuts = cuts(text);
        java.util.List<int[]> words = new java.util.ArrayList<>();
        for (int start = 0; start < text.length(); start++) {
            if (isThai(text.charAt(start)) && cuts.get(start)) {
                words.add(new int[] {start, cuts.nextSetBit(start + 1)});
            }
        }
        return words;
    }

    private static java.util.BitSet cut(String text) {
        java.util.BitSet cuts = new java.util.BitSet(text.length() + 1);
        cuts.set(0, text.length() + 1);
        BreakIterator words = null;
        int i = 0;
        while (i < text.length()) {
            if (!isThai(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < text.length() && isThai(text.charAt(end))) {
                end++;
            }
            if (end - i > 1) {
                cuts.clear(i + 1, end);
                if (words == null) {
                    words = WORDS.get();
                }
                words.setText(text.substring(i, end));
                for (int cut = words.next(); cut != BreakIterator.DONE; cut = words.next()) {
                    cuts.set(i + cut);
                }
            }
            i = end;
        }
        return cuts;
    }

    private static boolean isThai(char c) {
        return Script.of(c) == Script.THAI;
    }
}
