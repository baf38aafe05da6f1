package agents;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import text.Script;

/**
 * What marketplace listings put around a product's own title: {@code [ส่งฟรี]}, {@code NEW!}, {@code ของแท้ 100%},
 * {@code Official Store |}. The brand tagger learns each training title written in Thai a second time with one such
 * decoration before or after it ({@link BrandTagger}), so that a word in brackets, before a {@code !} or ahead of the
 * brand is not taken for the brand just because it leads the title. The decorations and their frames are written for
 * this project ({@code starter/vocabulary.txt}, sections {@code decorations} and {@code decoration_frames}); the tagger
 * also reads the punctuation around each word, which carries over to decorations the list lacks.
 *
 * <p>A title's decoration is chosen by a hash of the title, so the same titles give the same tagger.
 */
final class Decorations {

    /** Of the titles decorated, this share has the decoration before the title, the rest after it. */
    private static final double BEFORE = 0.65;
    /** Of the titles that lead with their brand, this share has the brand itself in brackets instead. */
    private static final double BRAND_IN_BRACKETS = 0.15;

    private final List<String> decorations;
    private final List<String> frames;
    /** The decorations that are one word of Latin letters, lower-cased ({@code new}, {@code sale}, {@code genuine}). */
    private final Set<String> words;

    Decorations(List<String> decorations, List<String> frames) {
        if (decorations.isEmpty() || frames.isEmpty()) {
            throw new IllegalArgumentException("no decorations or no frames");
        }
        this.decorations = List.copyOf(decorations);
        this.frames = List.copyOf(frames);
        this.words = decorations.stream().filter(d -> d.chars().allMatch(c -> c < 0x80 && Character.isLetter(c)))
                .map(d -> d.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The decorations shipped with the service, read once. */
    static Decorations shipped() {
        return Shipped.INSTANCE;
    }

    private static final class Shipped {
        static final Decorations INSTANCE = read();

        private static Decorations read() {
            Map<String, List<String>> sections = StarterTitles.vocabulary();
            return new Decorations(sections.getOrDefault("decorations", List.of()),
                    sections.getOrDefault("decoration_frames", List.of()));
        }
    }

    /** Whether a lower-cased word is one of the decorations that are one word of Latin letters ({@code new}). */
    boolean isWord(String lowerCaseWord) {
        return words.contains(lowerCaseWord);
    }

    /** Whether {@code text} has a letter or mark of the Thai script. */
    static boolean hasThai(String text) {
        return text.codePoints().anyMatch(c -> Script.of(c) == Script.THAI);
    }

    /**
     * Where a brand span whose first word runs from {@code start} to {@code end} starts once a decoration glued before
     * it by a hyphen is left out: {@code new-smead ...} is the brand {@code smead} listed as new, as a shop's feed may
     * write it; {@code start} when the word has none (the hyphen keeps the word whole, {@link text.TitleTokenizer}).
     */
    int afterGlued(String title, int start, int end) {
        int hyphen = title.indexOf('-', start);
        if (hyphen <= start || hyphen + 1 >= end || !Character.isLetterOrDigit(title.charAt(hyphen + 1))) {
            return start;
        }
        return words.contains(title.substring(start, hyphen).toLowerCase(Locale.ROOT)) ? hyphen + 1 : start;
    }

    /**
     * {@code example} as a marketplace might list it: a decoration in one of the frames before or after the title, or,
     * for some titles that lead with their brand, the brand in brackets; the brand's offsets follow.
     */
    BrandTagger.Example decorate(BrandTagger.Example example) {
        String title = example.title();
        SplittableRandom random = new SplittableRandom(title.hashCode());
        if (example.start() == 0 && random.nextDouble() < BRAND_IN_BRACKETS) {
            String brand = title.substring(0, example.end());
            String open = random.nextBoolean() ? "[" : "【";
            String close = open.equals("[") ? "]" : "】";
            return new BrandTagger.Example(open + brand + close + " " + title.substring(example.end()).stripLeading(),
                    example.brandKey(), 1, 1 + brand.length());
        }
        String frame = frames.get(random.nextInt(frames.size()));
        String decoration = decorations.get(random.nextInt(decorations.size()));
        if (random.nextDouble() < BEFORE) {
            // a Latin decoration before the title is set off from it by punctuation (NEW!, [SALE], Official Store |):
            // without any, a leading upper-case word is as likely a brand (COLT LITE, 3M) as a shop's word
            while (frame.equals("%s") && !hasThai(decoration)) {
                frame = frames.get(random.nextInt(frames.size()));
            }
            decoration = frame.replace("%s", decoration);
            int shift = decoration.length() + 1;
            boolean branded = example.start() >= 0;
            return new BrandTagger.Example(decoration + " " + title, example.brandKey(),
                    branded ? example.start() + shift : -1, branded ? example.end() + shift : -1);
        }
        // a separator that follows a decoration put before the title comes before one put after it
        boolean separator = frame.endsWith(" |");
        decoration = separator ? frame.charAt(frame.length() - 1) + " " + decoration : frame.replace("%s", decoration);
        return new BrandTagger.Example(title + " " + decoration, example.brandKey(), example.start(), example.end());
    }
}
