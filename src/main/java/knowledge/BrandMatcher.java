package knowledge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import text.CompactText;
import text.Romanization;
import text.Script;
import text.TextNormalizer;
import text.ThaiWords;

/**
 * Finds brand names and aliases in a title: script-, case- and punctuation-insensitive, longest match first.
 *
 * <p>Names and title are compared in their compact form ({@link TextNormalizer#compact}), so {@code DE'COS} matches
 * {@code DECOS} and {@code Eco Door} matches {@code ECO-DOOR}. A Latin or digit name must start where a token starts and end
 * where a token ends, or where letters give way to digits ({@code LG32LM}); so {@code TOA} is not found in {@code TOAST}.
 * Thai script has no spaces, so a name written in Thai may sit inside a Thai run, glued to the words around it, but must
 * start and end where Thai words may be cut ({@link ThaiWords}): {@code โดฟ} is found in {@code สบู่ก้อนโดฟ}, {@code ช้าง}
 * (Chang) is not found in {@code สีงาช้าง} (ivory-coloured). Names shorter than two characters are ignored.
 */
public final class BrandMatcher {

    /** One occurrence of a brand in a title; {@code start}/{@code end} are offsets into the title as given. */
    public record Match(Brand brand, String name, String source, double precision, int start, int end, String span) {
        public int length() {
            return end - start;
        }
    }

    /** A near miss: a span of the title within a small edit distance of a brand's name, and how similar they are. */
    public record FuzzyMatch(Brand brand, String name, int start, int end, String span, int distance,
                             double similarity) {
    }

    /** Names shorter than this (as keys) are never matched fuzzily: too many words are one edit away from them. */
    public static final int FUZZY_MIN_LENGTH = 7;
    /**
     * A span a model already took for a brand ({@link #resolve}) may be one edit from a name of at least this many
     * characters.
     */
    public static final int SPAN_FUZZY_MIN_LENGTH = 5;

    private static final class Node {
        final Map<Character, Node> next = new HashMap<>(4);
        List<Entry> entries;
    }

    private record Entry(Brand brand, String name, String source, double precision) {
    }

    private final Node root = new Node();
    /** Latin-script names and aliases long enough for fuzzy matching (of model spans), by the first char of their key. */
    private final Map<Character, List<Entry>> fuzzy = new HashMap<>();
    private final Map<Entry, String> fuzzyKeys = new HashMap<>();
    /** Latin-script names by their consonant skeleton ({@link Romanization}), where one brand alone has it. */
    private final Map<String, Entry> bySkeleton = new HashMap<>();

    /** A skeleton shorter than this matches too many Thai words to name a brand. */
    public static final int MIN_SKELETON = 4;
    /** The most Thai words a transliterated name may span. */
    private static final int MAX_THAI_WORDS = 4;

    BrandMatcher(Collection<Brand> brands) {
        this(brands, true);
    }

    /** With {@code names} false, only the brands' aliases are looked for ({@link ProductLines}: lines, not makers). */
    BrandMatcher(Collection<Brand> brands, boolean names) {
        java.util.Set<String> ambiguous = new java.util.HashSet<>();
        for (Brand brand : brands) {
            if (names) {
                addSkeleton(brand.name(), new Entry(brand, brand.name(), "name", 1.0), ambiguous);
                addFuzzy(brand.name(), new Entry(brand, brand.name(), "name", 1.0));
                add(brand.name(), new Entry(brand, brand.name(), "name", 1.0));
            }
            for (Brand.Alias alias : brand.aliases()) {
                Entry entry = new Entry(brand, alias.name(), alias.source(), alias.precision());
                add(alias.name(), entry);
                if (!"learnt".equals(alias.source())) {
                    addSkeleton(alias.name(), entry, ambiguous);
                    addFuzzy(alias.name(), entry);
                }
            }
        }
    }

    /** Registers a Latin-script name's skeleton; a skeleton two brands share is dropped. */
    private void addSkeleton(String name, Entry entry, java.util.Set<String> ambiguous) {
        if (!name.codePoints().allMatch(cp -> cp < 0x0250)) {
            return;
        }
        String skeleton = Romanization.skeleton(name);
        if (skeleton.length() < MIN_SKELETON || ambiguous.contains(skeleton)) {
            return;
        }
        Entry other = bySkeleton.putIfAbsent(skeleton, entry);
        if (other != null && !other.brand().key().equals(entry.brand().key())) {
            bySkeleton.remove(skeleton);
            ambiguous.add(skeleton);
        }
    }

    /**
     * A registry brand written in Thai script as its Latin name sounds ({@code สปาคลีน} for {@code SPA CLEAN}): the
     * first span of one to four Thai words ({@link ThaiWords}) whose consonant skeleton ({@link Romanization}), of at
     * least {@link #MIN_SKELETON} letters, is that of one brand's Latin name alone. For titles where {@link #find} found
     * nothing.
     */
    public java.util.Optional<FuzzyMatch> findTransliterated(String title) {
        if (bySkeleton.isEmpty()) {
            return java.util.Optional.empty();
        }
        // the Thai words of the title, each romanised once
        List<int[]> words = ThaiWords.words(title);
        List<String> romanized = new ArrayList<>();
        for (int[] word : words) {
            romanized.add(Romanization.romanized(title.substring(word[0], word[1])));
        }
        for (int first = 0; first < words.size(); first++) {
            StringBuilder latin = new StringBuilder();
            for (int last = first; last < Math.min(words.size(), first + MAX_THAI_WORDS); last++) {
                if (last > first && words.get(last)[0] != words.get(last - 1)[1]) {
                    break; // the next word is not in the same run of Thai
                }
                latin.append(romanized.get(last));
                Entry entry = bySkeleton.get(Romanization.skeletonOfLatin(latin.toString()));
                if (entry != null) {
                    int start = words.get(first)[0];
                    int end = words.get(last)[1];
                    return java.util.Optional.of(new FuzzyMatch(entry.brand(), entry.name(), start, end,
                            title.substring(start, end), 0, 1.0));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private void addFuzzy(String name, Entry entry) {
        String key = TextNormalizer.key(name);
        if (key.length() >= SPAN_FUZZY_MIN_LENGTH && key.chars().allMatch(c -> c < 0x0250)) {
            fuzzy.computeIfAbsent(key.charAt(0), c -> new ArrayList<>()).add(entry);
            fuzzyKeys.put(entry, key);
        }
    }

    /**
     * The closest brand name to a span of one to three adjacent Latin-script tokens of {@code title}, within an edit
     * distance of 1 for names of 7 to 10 characters (as keys) and 2 from 11 characters on; the two must start with the
     * same letter, and names under {@link #FUZZY_MIN_LENGTH} characters are never tried ({@code Hammer} is one edit from
     * {@code HUMMER}). For titles where {@link #find} found nothing: a misspelt brand ({@code Panasonik}).
     */
    public java.util.Optional<FuzzyMatch> findFuzzy(String title) {
        return findFuzzy(title, text.TitleTokenizer.tokenize(title));
    }

    /** {@link #findFuzzy(String)} on the title's tokens ({@link text.TitleTokenizer#tokenize}), already cut. */
    public java.util.Optional<FuzzyMatch> findFuzzy(String title, List<text.Token> tokens) {
        FuzzyMatch best = null;
        for (int from = 0; from < tokens.size(); from++) {
            if (tokens.get(from).script() != Script.LATIN) {
                continue;
            }
            for (int to = from + 1; to <= Math.min(tokens.size(), from + 3); to++) {
                if (tokens.get(to - 1).script() == Script.THAI) {
                    break;
                }
                int start = tokens.get(from).start();
                int end = tokens.get(to - 1).end();
                String span = title.substring(start, end);
                String key = TextNormalizer.key(span);
                if (key.length() < FUZZY_MIN_LENGTH - 1) {
                    continue;
                }
                for (Entry entry : fuzzy.getOrDefault(key.charAt(0), List.of())) {
                    String candidate = fuzzyKeys.get(entry);
                    if (candidate.length() < FUZZY_MIN_LENGTH) {
                        continue;
                    }
                    int allowed = candidate.length() >= 11 ? 2 : 1;
                    if (Math.abs(candidate.length() - key.length()) > allowed) {
                        continue;
                    }
                    int distance = boundedDistance(key, candidate, allowed);
                    if (distance == 0 || distance > allowed || changesAOneLetterWord(span, entry.name())) {
                        continue;
                    }
                    double similarity = 1 - (double) distance / Math.max(key.length(), candidate.length());
                    if (best == null || similarity > best.similarity()) {
                        best = new FuzzyMatch(entry.brand(), entry.name(), start, end, span, distance,
                                Math.round(similarity * 1000) / 1000.0);
                    }
                }
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /**
     * The registry brand that a span found by a statistical model names, if any: a brand whose name or alias is the
     * whole span (compared as keys), or else whose Latin-script name or given alias of at least
     * {@link #SPAN_FUZZY_MIN_LENGTH} characters is one edit from it and starts with the same letter ({@code FARCENT} for
     * {@code FARCEN}). Looser than {@link #findFuzzy}, because the model already took the span for a whole brand name.
     */
    public java.util.Optional<FuzzyMatch> resolve(String span) {
        String key = TextNormalizer.key(span);
        if (key.isEmpty()) {
            return java.util.Optional.empty();
        }
        for (Match match : find(span)) {
            if (TextNormalizer.key(match.span()).equals(key)) {
                return java.util.Optional.of(new FuzzyMatch(match.brand(), match.name(), 0, span.length(), span, 0, 1.0));
            }
        }
        FuzzyMatch best = null;
        for (Entry entry : fuzzy.getOrDefault(key.charAt(0), List.of())) {
            String candidate = fuzzyKeys.get(entry);
            if (Math.abs(candidate.length() - key.length()) > 1 || boundedDistance(key, candidate, 1) != 1
                    || changesAOneLetterWord(span, entry.name())) {
                continue;
            }
            double similarity = 1 - 1.0 / Math.max(key.length(), candidate.length());
            if (best == null || similarity > best.similarity()) {
                best = new FuzzyMatch(entry.brand(), entry.name(), 0, span.length(), span, 1,
                        Math.round(similarity * 1000) / 1000.0);
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /**
     * Whether {@code span} and brand name {@code name}, written with as many words, differ in a word of one letter or
     * digit: another word, not a misspelling ({@code DOUBLE-D} is not {@code DOUBLE A}, though one edit apart as keys).
     */
    static boolean changesAOneLetterWord(String span, String name) {
        String[] a = words(span);
        String[] b = words(name);
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i]) && (a[i].length() == 1 || b[i].length() == 1)) {
                return true;
            }
        }
        return false;
    }

    /** The words of {@code text}, normalised ({@link TextNormalizer#normalize}), cut at all but letters and digits. */
    static String[] words(String text) {
        String words = TextNormalizer.normalize(text).replaceAll("[^\\p{L}\\p{N}\\p{M}]+", " ").strip();
        return words.isEmpty() ? new String[0] : words.split(" ");
    }

    /** Levenshtein distance of {@code a} and {@code b}, or {@code limit + 1} as soon as it must exceed {@code limit}. */
    static int boundedDistance(String a, String b, int limit) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private void add(String name, Entry entry) {
        String key = TextNormalizer.key(name);
        if (key.length() < 2) {
            return;
        }
        Node node = root;
        for (int i = 0; i < key.length(); i++) {
            node = node.next.computeIfAbsent(key.charAt(i), c -> new Node());
        }
        if (node.entries == null) {
            node.entries = new ArrayList<>(1);
        }
        if (node.entries.stream().noneMatch(e -> e.brand().key().equals(entry.brand().key()))) {
            node.entries.add(entry);
        }
    }

    /**
     * Every brand found in {@code title}, earliest first: at most one match per brand (its own name or a spelling of it
     * before an alias, then the earliest).
     */
    public List<Match> find(String title) {
        CompactText compact = TextNormalizer.compact(title);
        String text = compact.text();
        java.util.BitSet cuts = ThaiWords.cuts(title);
        List<Match> all = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (!canStart(compact, i) || !root.next.containsKey(text.charAt(i))
                    || !cuts.get(compact.originalSpan(i, i + 1)[0])) {
                continue;
            }
            Node node = root;
            List<Entry> best = null;
            int bestEnd = -1;
            for (int j = i; j < text.length(); j++) {
                node = node.next.get(text.charAt(j));
                if (node == null) {
                    break;
                }
                if (node.entries != null && canEnd(compact, j + 1)
                        && cuts.get(compact.originalSpan(i, j + 1)[1])) {
                    best = node.entries;
                    bestEnd = j + 1;
                }
            }
            if (best != null) {
                int[] span = compact.originalSpan(i, bestEnd);
                for (Entry entry : best) {
                    all.add(new Match(entry.brand(), entry.name(), entry.source(), entry.precision(), span[0],
                            span[1], title.substring(span[0], span[1])));
                }
            }
        }
        // a match inside a longer match of another brand is dropped (longest first); then each brand keeps one match,
        // its own name or spelling before an alias, then the earliest
        all.sort(Comparator.comparingInt(Match::length).reversed().thenComparingInt(Match::start));
        List<Match> standing = new ArrayList<>();
        for (Match match : all) {
            boolean inside = standing.stream().anyMatch(k -> !k.brand().key().equals(match.brand().key())
                    && k.start() < match.end() && match.start() < k.end() && k.length() > match.length());
            if (!inside) {
                standing.add(match);
            }
        }
        standing.sort(Comparator.comparingInt((Match m) -> "name".equals(m.source()) || "spelling".equals(m.source())
                        ? 0 : 1)
                .thenComparingInt(Match::start));
        List<Match> kept = new ArrayList<>();
        for (Match match : standing) {
            if (kept.stream().noneMatch(k -> k.brand().key().equals(match.brand().key()))) {
                kept.add(match);
            }
        }
        kept.sort(Comparator.comparingInt(Match::start));
        return kept;
    }

    private static boolean canStart(CompactText compact, int index) {
        char c = compact.text().charAt(index);
        if (isThai(c)) {
            if (isThaiFollower(c)) {
                return false;
            }
            return index == 0 || compact.isTokenStart(index) || !isThaiLeadingVowel(compact.text().charAt(index - 1));
        }
        return compact.isTokenStart(index);
    }

    private static boolean canEnd(CompactText compact, int end) {
        String text = compact.text();
        if (end == text.length() || compact.isTokenStart(end)) {
            return true;
        }
        char last = text.charAt(end - 1);
        char next = text.charAt(end);
        if (isThai(last) && isThai(next)) {
            return !isThaiFollower(next) && !isThaiLeadingVowel(last);
        }
        return Character.isLetter(last) && !isThai(last) && Character.isDigit(next);
    }

    private static boolean isThai(char c) {
        return Script.of(c) == Script.THAI;
    }

    /** Vowels and marks written after (or above/below) the consonant they belong to. */
    private static boolean isThaiFollower(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || c >= '\u0E30' && c <= '\u0E33' || c == '\u0E45';
    }

    /** Vowels written before the consonant they belong to. */
    private static boolean isThaiLeadingVowel(char c) {
        return c >= '\u0E40' && c <= '\u0E44';
    }
}
