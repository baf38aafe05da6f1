package text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names a title writes in both scripts: a run of Latin-script words and a run of Thai words that sound alike (the same
 * consonant skeleton, {@link Romanization}), as Thai retail titles write a brand for both kinds of reader
 * ({@code ยาสีฟัน Wonder Smile ... วันเดอร์สไมล์}, {@code แลคตาซอย นมถั่วเหลือง Lactasoy}). Product words are written
 * both ways less often, and their skeletons are mostly shorter, so such a pair is evidence of a name, whichever brand
 * it is.
 */
public final class Echoes {

    /** Not an echo. */
    public static final byte NONE = 0;
    /** The first Latin-script token of a run a Thai run echoes. */
    public static final byte LATIN_FIRST = 1;
    /** A further Latin-script token of that run. */
    public static final byte LATIN_INSIDE = 2;
    /** A Thai token of the run that echoes a Latin-script run. */
    public static final byte THAI = 3;

    /** Skeletons shorter than this match too many pairs of unrelated words. */
    static final int MIN_SKELETON = 3;
    private static final int MAX_LATIN_TOKENS = 3;
    private static final int MAX_THAI_WORDS = 4;

    private Echoes() {
    }

    /**
     * For each of {@code tokens} (the title's, {@link TitleTokenizer#tokenize}), whether it belongs to a name written
     * in both scripts: {@link #LATIN_FIRST}, {@link #LATIN_INSIDE} or {@link #THAI}, else {@link #NONE}. At each Latin
     * token the longest run of at most three that a Thai run echoes counts, unless its first word adds nothing to the
     * sound (in {@code Oishi Green Tea}, {@code กรีนที} echoes {@code Green Tea}, not the {@code sh} of {@code Oishi}
     * merged with the {@code G} of {@code Green}); a Thai run is one to four Thai words ({@link ThaiWords}) written
     * together or with one space between them.
     */
    public static byte[] of(String title, List<Token> tokens) {
        byte[] echoes = new byte[tokens.size()];
        for (Pair pair : pairs(title, tokens)) {
            for (int k = pair.from(); k <= pair.to(); k++) {
                echoes[k] = k == pair.from() ? LATIN_FIRST : LATIN_INSIDE;
            }
            for (int k = 0; k < tokens.size(); k++) {
                Token token = tokens.get(k);
                if (token.script() == Script.THAI && token.start() < pair.thaiEnd() && token.end() > pair.thaiStart()) {
                    echoes[k] = THAI;
                }
            }
        }
        return echoes;
    }

    /**
     * Where the Thai run that echoes the Latin-script name holding offset {@code start} of the title begins
     * ({@code โคโดโม ยาสีฟันเด็ก Kodomo ...}: {@code Kodomo}'s Thai spelling starts the title), or -1 when no Thai run
     * echoes the Latin words there; {@code tokens} as for {@link #of}.
     */
    public static int thaiStartOf(String title, List<Token> tokens, int start) {
        for (Pair pair : pairs(title, tokens)) {
            if (tokens.get(pair.from()).start() <= start && start < tokens.get(pair.to()).end()) {
                return pair.thaiStart();
            }
        }
        return -1;
    }

    /** A run of Latin-script tokens ({@code from} to {@code to}, inclusive) and the Thai run (offsets) echoing it. */
    private record Pair(int from, int to, int thaiStart, int thaiEnd) {
    }

    /** The title's names written in both scripts, in the order of their Latin runs ({@link #of} says which count). */
    private static List<Pair> pairs(String title, List<Token> tokens) {
        boolean latin = false;
        boolean thai = false;
        for (Token token : tokens) {
            latin |= token.script() == Script.LATIN;
            thai |= token.script() == Script.THAI;
        }
        if (!latin || !thai) {
            return List.of();
        }
        Map<String, int[]> thaiRuns = thaiRuns(title);
        if (thaiRuns.isEmpty()) {
            return List.of();
        }
        List<Pair> pairs = new ArrayList<>(2);
        for (int from = 0; from < tokens.size(); from++) {
            int echoTo = -1;
            int[] echoed = null;
            StringBuilder letters = new StringBuilder();
            for (int to = from; to < Math.min(tokens.size(), from + MAX_LATIN_TOKENS); to++) {
                Token token = tokens.get(to);
                if (token.script() != Script.LATIN || (to > from && token.start() - tokens.get(to - 1).end() > 1)) {
                    break;
                }
                letters.append(token.text());
                String skeleton = Romanization.skeletonOfLatin(letters.toString());
                int[] run = skeleton.length() >= MIN_SKELETON ? thaiRuns.get(skeleton) : null;
                // a first word that adds no consonant to the run is not what the Thai run echoes
                if (run != null && (to == from || !Romanization.skeletonOfLatin(letters.substring(
                        tokens.get(from).text().length())).equals(skeleton))) {
                    echoTo = to;
                    echoed = run;
                }
            }
            if (echoed != null) {
                pairs.add(new Pair(from, echoTo, echoed[0], echoed[1]));
                from = echoTo;
            }
        }
        return pairs;
    }

    /** The skeletons of the title's Thai runs, each with the offsets of the first run that has it. */
    private static Map<String, int[]> thaiRuns(String title) {
        List<int[]> words = ThaiWords.words(title);
        Map<String, int[]> runs = new HashMap<>();
        for (int first = 0; first < words.size(); first++) {
            StringBuilder latin = new StringBuilder();
            for (int last = first; last < Math.min(words.size(), first + MAX_THAI_WORDS); last++) {
                if (last > first) {
                    int gap = words.get(last)[0] - words.get(last - 1)[1];
                    if (gap > 1 || gap == 1 && title.charAt(words.get(last)[0] - 1) != ' ') {
                        break; // not the same run of Thai words
                    }
                }
                latin.append(Romanization.romanized(title.substring(words.get(last)[0], words.get(last)[1])));
                runs.putIfAbsent(Romanization.skeletonOfLatin(latin.toString()), new int[] {words.get(first)[0],
                    words.get(last)[1]});
            }
        }
        return runs;
    }
}
