package agents;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import text.TextNormalizer;

/**
 * Labelled product titles the project generates itself, so that the brand tagger knows where and how retail titles write
 * a brand before any catalogue is loaded: Thai, mixed Thai/English, English (capitalised, lower-cased, upper-cased) and
 * grocery titles in several languages, made of the product words, modifiers, units and upper-case product terms of
 * {@code starter/vocabulary.txt} (written for this project) around brand names invented here from random syllables. So
 * the titles teach the structure (a brand after the Thai product noun, before the model code, after {@code ตรา} or
 * {@code by}, glued to Thai text; {@code SET}, {@code LED}, a product line or a unit next to it is not part of it; about one
 * title in five names no brand at all) and no real brand. With {@code agents.ner.tagger.starter-titles} above 0, the
 * tagger learns from that many of them while the catalogue has too few titles to learn from ({@code services.TaggerService});
 * 0 by default, because the demo catalogue's hand-written titles measured better (docs/EVALUATION.md).
 *
 * <p>The same seed gives the same titles, so a tagger's version (a digest of what it learnt from) is stable.
 */
public final class StarterTitles {

    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
        "v", "w", "z", "br", "cr", "dr", "fl", "gr", "kr", "pl", "pr", "sk", "st", "tr", "sh", "ch", "th", "", ""};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "oo", "ou", "y", "ia"};
    private static final String[] CODAS = {"", "", "", "n", "r", "s", "x", "k", "l", "m", "t", "nd", "rk", "st", "ck"};
    private static final String[] CODE_MARKERS = {"รุ่น", "Model", "รหัส", "No."};

    private final Map<String, List<String>> words;

    StarterTitles(Map<String, List<String>> words) {
        this.words = words;
    }

    /** The vocabulary shipped with the service. */
    public static StarterTitles shipped() {
        return new StarterTitles(vocabulary());
    }

    /** The sections of {@code starter/vocabulary.txt} as shipped (also read by {@link Decorations}). */
    static Map<String, List<String>> vocabulary() {
        try (InputStream in = StarterTitles.class.getResourceAsStream("/starter/vocabulary.txt")) {
            if (in == null) {
                throw new IllegalStateException("starter/vocabulary.txt is missing from the class path");
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<String>> read(BufferedReader reader) throws IOException {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("## ")) {
                current = sections.computeIfAbsent(trimmed.substring(3).strip(), k -> new ArrayList<>());
            } else if (!trimmed.isEmpty() && !trimmed.startsWith("#") && current != null) {
                current.add(trimmed);
            }
        }
        return sections;
    }

    /** {@code count} labelled titles, the same for the same {@code seed}. */
    public List<BrandTagger.Example> examples(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<BrandTagger.Example> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double kind = random.nextDouble();
            Title title = kind < 0.45 ? thai(random) : kind < 0.85 ? english(random) : grocery(random);
            examples.add(title.example());
        }
        return examples;
    }

    /** A title being written: its text and where the brand is in it. */
    private static final class Title {
        private final StringBuilder text = new StringBuilder();
        private String brand;
        private int start = -1;
        private int end = -1;

        Title add(String part) {
            if (!text.isEmpty() && !part.isEmpty()) {
                text.append(' ');
            }
            text.append(part);
            return this;
        }

        Title brand(String name, boolean glued) {
            if (!glued && !text.isEmpty()) {
                text.append(' ');
            }
            brand = name;
            start = text.length();
            text.append(name);
            end = text.length();
            return this;
        }

        Title cased(Locale locale, boolean upper) {
            String changed = upper ? text.toString().toUpperCase(locale) : text.toString().toLowerCase(locale);
            if (changed.length() == text.length()) {
                text.setLength(0);
                text.append(changed);
                if (brand != null) {
                    brand = changed.substring(start, end);
                }
            }
            return this;
        }

        BrandTagger.Example example() {
            String key = brand == null ? "" : TextNormalizer.key(brand);
            return new BrandTagger.Example(text.toString(), key, start, end);
        }
    }

    private String any(String section, SplittableRandom random) {
        List<String> list = words.get(section);
        if (list == null || list.isEmpty()) {
            throw new IllegalStateException("starter/vocabulary.txt has no section " + section);
        }
        return list.get(random.nextInt(list.size()));
    }

    private static <T> T pick(T[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    private static boolean chance(SplittableRandom random, double p) {
        return random.nextDouble() < p;
    }

    /** A Thai or mixed retail title: the Thai product noun usually leads, the brand follows it or leads. */
    private Title thai(SplittableRandom random) {
        Title title = new Title();
        boolean branded = chance(random, 0.85);
        String brand = branded ? latinBrand(random, chance(random, 0.75)) : null;
        String noun = any("thai_nouns", random);
        int layout = random.nextInt(8);
        if (branded && layout == 0) {
            title.brand(brand, false).add(noun);
        } else if (branded && layout == 1) {
            title.add(noun).brand(brand, true);
        } else if (branded && layout == 2) {
            title.add(noun).add("ตรา").brand(brand, chance(random, 0.3));
        } else if (branded && layout == 3) {
            title.add(noun).add(capsTerm(random)).brand(brand, false);
        } else if (branded && layout == 4) {
            title.add(capsTerm(random)).add(noun).brand(brand, false);
        } else if (branded && layout == 5) {
            title.add(noun).add(englishNoun(random, true)).brand(brand, false);
        } else {
            title.add(noun);
            if (chance(random, 0.4)) {
                title.add(any("thai_modifiers", random));
            }
            if (branded) {
                title.brand(brand, false);
            }
        }
        if (branded && chance(random, 0.15)) {
            title.add(productLine(random));
        }
        if (chance(random, 0.5)) {
            title.add(any("thai_modifiers", random));
        }
        if (chance(random, 0.3)) {
            title.add(capsTerm(random));
        }
        if (chance(random, 0.45)) {
            title.add(chance(random, 0.4) ? pick(CODE_MARKERS, random) + " " + modelName(random) : code(random));
        }
        if (chance(random, 0.6)) {
            title.add(thaiSize(random));
        }
        if (chance(random, 0.25)) {
            title.add(any("thai_modifiers", random));
        }
        return title;
    }

    /** An English retail title: the brand leads, or follows {@code by}, in the casing the whole title has. */
    private Title english(SplittableRandom random) {
        Title title = new Title();
        boolean branded = chance(random, 0.85);
        double casing = random.nextDouble();
        boolean lower = casing < 0.25;
        boolean upper = casing > 0.9;
        String brand = branded ? latinBrand(random, chance(random, 0.5)) : null;
        int layout = random.nextInt(6);
        if (branded && layout == 0) {
            title.add(modifier(random)).add(englishNoun(random, false)).add("by").brand(brand, false);
        } else if (branded && layout == 1) {
            title.brand(brand, false).add(code(random)).add(englishNoun(random, false));
        } else if (branded && layout == 2) {
            title.brand(brand, false).add(capsTerm(random)).add(englishNoun(random, false));
        } else if (branded && layout == 3 && !lower) {
            title.add(capsTerm(random)).add(englishNoun(random, false)).add("-").brand(brand, false);
        } else {
            if (branded) {
                title.brand(brand, false);
            } else if (chance(random, 0.5)) {
                title.add(capsTerm(random));
            }
            if (chance(random, 0.5)) {
                title.add(modifier(random));
            }
            title.add(englishNoun(random, false));
        }
        if (branded && layout >= 4 && chance(random, 0.2)) {
            title.add(productLine(random));
        }
        if (chance(random, 0.4)) {
            title.add(chance(random, 0.3) ? "Model " + modelName(random) : code(random));
        }
        if (chance(random, 0.5)) {
            title.add(englishSize(random));
        }
        if (chance(random, 0.25)) {
            title.add("-").add(capitalised(any("en_modifiers", random)));
        }
        if (lower) {
            title.cased(Locale.ROOT, false);
        } else if (upper) {
            title.cased(Locale.ROOT, true);
        }
        return title;
    }

    /** A grocery title in one of several languages; most name no brand. */
    private Title grocery(SplittableRandom random) {
        Title title = new Title();
        String[] food = any("food_nouns", random).split("\\|");
        String name = chance(random, 0.5) ? capitalised(food[0]) : food[0];
        boolean branded = chance(random, 0.35);
        if (branded && chance(random, 0.7)) {
            title.brand(latinBrand(random, chance(random, 0.5)), false).add(name);
        } else {
            title.add(name);
            if (branded) {
                title.brand(latinBrand(random, chance(random, 0.3)), false);
            }
        }
        if (chance(random, 0.3)) {
            title.add(pick(new String[] {"bio", "light", "zero", "sans sucre", "sin azúcar", "ohne Zucker", "70%",
                "100% natural", "family pack"}, random));
        }
        if (chance(random, 0.6)) {
            title.add(englishSize(random));
        }
        return title;
    }

    private String englishNoun(SplittableRandom random, boolean capitalise) {
        String noun = any("en_nouns", random);
        return capitalise || chance(random, 0.7) ? capitalised(noun) : noun;
    }

    private String modifier(SplittableRandom random) {
        String modifier = any("en_modifiers", random);
        return chance(random, 0.7) ? capitalised(modifier) : modifier;
    }

    private String capsTerm(SplittableRandom random) {
        return any("generic_caps", random);
    }

    /**
     * An invented Latin-script brand: one to three random syllables, sometimes two words (a second invented word, a
     * business word like {@code HOME}, or a single letter before a word), an acronym, a hyphen or an apostrophe inside;
     * upper-cased, capitalised or camel-cased ({@code upperMostly}: upper case is the likelier).
     */
    private String latinBrand(SplittableRandom random, boolean upperMostly) {
        double form = random.nextDouble();
        String name;
        if (form < 0.12) {
            StringBuilder acronym = new StringBuilder();
            int letters = 2 + random.nextInt(3);
            for (int i = 0; i < letters; i++) {
                acronym.append((char) ('A' + random.nextInt(26)));
            }
            return acronym.toString();
        } else if (form < 0.27) {
            String second = chance(random, 0.8) ? any("brand_suffixes", random) : word(random);
            String first = chance(random, 0.25) ? String.valueOf((char) ('a' + random.nextInt(26))) : word(random);
            name = first + " " + second.toLowerCase(Locale.ROOT);
        } else if (form < 0.32) {
            name = word(random) + "-" + word(random);
        } else if (form < 0.36) {
            name = word(random).substring(0, 2) + "'" + word(random);
        } else {
            name = word(random);
        }
        double casing = random.nextDouble();
        if (casing < (upperMostly ? 0.65 : 0.25)) {
            return name.toUpperCase(Locale.ROOT);
        }
        if (casing < 0.9 || !name.matches("[a-z]+")) {
            StringBuilder capitalised = new StringBuilder();
            for (String part : name.split(" ")) {
                capitalised.append(capitalised.isEmpty() ? "" : " ").append(capitalised(part));
            }
            return capitalised.toString();
        }
        int cut = Math.max(2, name.length() / 2);
        return capitalised(name.substring(0, cut)) + capitalised(name.substring(cut));
    }

    private static String word(SplittableRandom random) {
        StringBuilder word = new StringBuilder();
        int syllables = 1 + random.nextInt(3);
        for (int i = 0; i < syllables; i++) {
            word.append(pick(ONSETS, random)).append(pick(VOWELS, random));
            if (i == syllables - 1 || chance(random, 0.3)) {
                word.append(pick(CODAS, random));
            }
        }
        return word.length() < 3 ? word + pick(VOWELS, random) + "n" : word.toString();
    }

    /** A product line's name, written after the brand and not part of it: an invented word, upper-cased or capitalised. */
    private static String productLine(SplittableRandom random) {
        String line = word(random);
        return chance(random, 0.6) ? line.toUpperCase(Locale.ROOT) : capitalised(line);
    }

    /** What follows a model marker: mostly a code, sometimes letters only or a line's name. */
    private static String modelName(SplittableRandom random) {
        double form = random.nextDouble();
        if (form < 0.15) {
            return productLine(random);
        }
        if (form < 0.3) {
            StringBuilder letters = new StringBuilder();
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                letters.append((char) ('A' + random.nextInt(26)));
            }
            return letters.toString();
        }
        return code(random);
    }

    /** A model or part code: letters and digits in one of the usual shapes. */
    private static String code(SplittableRandom random) {
        String letters = "";
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            letters += (char) ('A' + random.nextInt(26));
        }
        int number = random.nextInt(random.nextInt(4) == 0 ? 100 : 10000);
        return switch (random.nextInt(5)) {
            case 0 -> letters + number;
            case 1 -> letters + "-" + number;
            case 2 -> number + letters;
            case 3 -> letters + number + "-" + (char) ('A' + random.nextInt(26));
            default -> letters + " " + number;
        };
    }

    private String thaiSize(SplittableRandom random) {
        if (chance(random, 0.5)) {
            return englishSize(random);
        }
        String number = random.nextInt(3) == 0 ? (1 + random.nextInt(9)) + "." + random.nextInt(10)
                : String.valueOf(1 + random.nextInt(random.nextInt(3) == 0 ? 10 : 1000));
        return number + (chance(random, 0.6) ? " " : "") + any("thai_units", random);
    }

    private static String englishSize(SplittableRandom random) {
        int number = 1 + random.nextInt(random.nextInt(3) == 0 ? 12 : 1000);
        String unit = pick(new String[] {"g", "kg", "ml", "L", "oz", "lb", "cm", "mm", "m", "W", "V", "in", "inch", "pcs",
            "Kg.", "ml.", "mAh", "GB"}, random);
        return switch (random.nextInt(6)) {
            case 0 -> number + " " + unit;
            case 1 -> "Pack of " + (2 + random.nextInt(11));
            case 2 -> "x" + (2 + random.nextInt(11));
            case 3 -> number + "." + random.nextInt(10) + unit;
            default -> number + unit;
        };
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
