package agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import opennlp.tools.ml.EventTrainer;
import opennlp.tools.ml.TrainerFactory;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.BinaryFileDataReader;
import opennlp.tools.ml.model.Event;
import opennlp.tools.ml.model.GenericModelReader;
import opennlp.tools.ml.model.GenericModelWriter;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;
import text.Echoes;
import text.LanguageDetector;
import text.Script;
import text.TitleTokenizer;
import text.Token;

/**
 * A statistical brand tagger for brands the registry does not know: a maximum-entropy token classifier (Apache OpenNLP)
 * labels each token B (a brand starts), I (inside it) or O, and the best-scoring span is the brand.
 *
 * <p>It learns from the catalogue: in each product title the span of the product's brand (found by the registry's
 * matcher) is the answer. Its features are built to transfer to brands it never saw: the token's shape, script, length and
 * position (first word, first Latin word of a Thai title ...), the title's language, and the neighbouring words and shapes
 * (product-type words such as {@code ประตู} or {@code toothpaste}, brand markers such as {@code ตรา} or {@code by}). The
 * token's own text is a feature only for words that were never part of a brand in training, so that the model learns what
 * is not a brand without memorising the brands themselves; and a word written in the titles of five brands or more and
 * never in a brand ({@code cleaning}, {@code dual}, {@code แชมพู}) is marked generic, so that what the catalogue shows of
 * its product words holds for every such word, however rare each one is. While the catalogue is too small to learn from, it learns from
 * titles the service generates instead ({@link StarterTitles}).
 *
 * <p>Its raw span score is calibrated where the tagger is used, on brands it has not seen: the titles of one brand in five
 * (by a hash of the brand's key) are held out of training; the tagger's predictions on them are binned by score, and each
 * bin's precision, made non-decreasing, is the confidence reported. (So the model is trained on the other four fifths of
 * the brands.) Held-out starter titles calibrate only while the catalogue holds out too few titles of its own.
 */
public final class BrandTagger implements SpanTagger {

    /**
     * A catalogue title, the key of its brand, and where its brand is written in it ({@code start = -1}: not written
     * there).
     */
    public record Example(String title, String brandKey, int start, int end) {
    }

    /** How a tagger was trained. */
    public record Info(String version, int trainedOn, int heldOut, double heldOutPrecision, double heldOutRecall) {
    }

    /**
     * How a tagger is trained from its examples, part of its version: bumped whenever that changes, so that a tagger an
     * earlier version saved is trained again (2: titles learnt in the other order too, {@link #reordered}; 3: names
     * written in both scripts, {@link Echoes}; 4: titles learnt with a marketplace's decorations too,
     * {@link Decorations}; 5: the company designators the catalogue leaves out of its brands, {@link Vocabulary}).
     */
    public static final int TRAINING = 5;
    private static final int MAX_SPAN = 4;
    /**
     * The words of the training titles the features treat apart: those that were part of a brand (whose own text is then
     * not a feature, so that brands are not memorised), and generic words, written in the titles of at least
     * {@link #GENERIC_MIN_BRANDS} brands and never part of one (a feature of their own, so that what the catalogue shows
     * of product words transfers to every such word); and the company designators ({@code Technology}, {@code Products}
     * ...) the catalogue writes right after a brand and leaves out of its name, which a span then does not take in
     * ({@link #tag}): where the catalogue shows its own way of naming its brands, it holds over the shipped list.
     */
    record Vocabulary(Set<String> brandWords, Set<String> genericWords, Set<String> designatorsLeftOut) {
    }

    /** A word written in the titles of at least this many brands, and never in a brand, is a generic word. */
    static final int GENERIC_MIN_BRANDS = 5;

    /** One brand in this many (by a hash of its key) is held out of training, to calibrate on brands never seen. */
    private static final int HELD_OUT_BRANDS = 5;
    /** Fewer held-out catalogue titles than this, and the held-out starter titles calibrate too. */
    static final int MIN_CALIBRATION_TITLES = 20;
    private static final double L2_COST = Double.parseDouble(System.getProperty("mpi.tagger.l2", "1.0"));
    /** Spans scoring under this are not reported at all. */
    private static final double MIN_SCORE = 0.05;
    private static final Set<String> UNITS = Set.of("g", "kg", "mg", "ml", "l", "cm", "mm", "m", "w", "v", "oz", "lb",
            "in", "inch", "pcs", "pc", "pack", "กรัม", "กก", "กิโลกรัม", "มล", "ลิตร", "ซม", "มม", "เมตร", "นิ้ว", "ชิ้น",
            "แพ็ค", "แพ็ก", "ขวด", "กล่อง", "ถุง", "แกลลอน", "วัตต์", "โวลต์");

    private final MaxentModel model;
    private final int b;
    private final int inside;
    private final Calibration calibration;
    private final Info info;
    private final Vocabulary vocabulary;

    private BrandTagger(MaxentModel model, Calibration calibration, Info info, Vocabulary vocabulary) {
        this.model = model;
        this.b = model.getIndex("B");
        this.inside = model.getIndex("I");
        this.calibration = calibration;
        this.info = info;
        this.vocabulary = vocabulary;
    }

    public Info info() {
        return info;
    }

    @Override
    public String kind() {
        return "tagger";
    }

    @Override
    public String version() {
        return info.version();
    }

    /** Trains a tagger on catalogue examples alone; {@code version} names it (for health and logs). */
    public static BrandTagger train(List<Example> examples, String version) throws IOException {
        return train(examples, List.of(), version);
    }

    /**
     * Trains a tagger on catalogue examples and starter titles ({@link StarterTitles}); {@code version} names it. One
     * brand in five of each (a title that names no brand counts as its own brand) is held out of training. The held-out
     * catalogue titles calibrate the confidence; the held-out starter titles join them only while the catalogue holds
     * out fewer than 20 titles, since the catalogue's own titles are what the tagger will be asked about.
     */
    public static BrandTagger train(List<Example> catalogue, List<Example> starter, String version) throws IOException {
        List<Example> training = new ArrayList<>();
        List<Example> heldOut = new ArrayList<>();
        List<Example> heldOutStarter = new ArrayList<>();
        split(catalogue, training, heldOut);
        split(starter, training, heldOutStarter);
        if (heldOut.size() < MIN_CALIBRATION_TITLES) {
            heldOut.addAll(heldOutStarter);
        }
        // Thai retail titles put the brand before the product noun or after it, a catalogue mostly one way: the tagger
        // learns from one title in two (by a hash of the title) in the other order too, so that the order the catalogue
        // shows still counts most; it is calibrated on the held-out titles as they are
        int learnt = training.size();
        for (int e = 0; e < learnt; e++) {
            if (Math.floorMod(training.get(e).title().hashCode(), 2) == 0) {
                reordered(training.get(e)).ifPresent(training::add);
            }
        }
        // Thai marketplace titles wrap the product's own title in the shop's decorations ([ส่งฟรี], NEW!, Official Store
        // |): the tagger learns every title written in Thai a second time with one of them before or after it, and is
        // calibrated on the held-out titles both ways too
        decorate(training, learnt);
        decorate(heldOut, heldOut.size());
        Set<String> brandWords = new java.util.HashSet<>();
        java.util.Map<String, Set<String>> brandsOfWord = new java.util.HashMap<>();
        // the designators written right after a brand and left out of it
        Set<String> designatorsLeftOut = new java.util.HashSet<>();
        List<List<Token>> tokenized = new ArrayList<>(training.size());
        for (Example example : training) {
            List<Token> tokens = TitleTokenizer.tokenize(example.title());
            tokenized.add(tokens);
            for (int i = 1; i < tokens.size() && example.start() >= 0; i++) {
                if (tokens.get(i - 1).end() == example.end() && designates(example.title(), tokens, i)) {
                    designatorsLeftOut.add(TitleTokenizer.lower(tokens.get(i)));
                }
            }
            for (Token token : tokens) {
                if (example.start() >= 0 && token.start() < example.end() && token.end() > example.start()) {
                    brandWords.add(TitleTokenizer.lower(token));
                }
                if (!example.brandKey().isEmpty()) {
                    brandsOfWord.computeIfAbsent(TitleTokenizer.lower(token), w -> new java.util.HashSet<>())
                            .add(example.brandKey());
                }
            }
        }
        Set<String> genericWords = new java.util.HashSet<>();
        brandsOfWord.forEach((word, brands) -> {
            if (brands.size() >= GENERIC_MIN_BRANDS && !brandWords.contains(word)) {
                genericWords.add(word);
            }
        });
        Vocabulary vocabulary = new Vocabulary(brandWords, genericWords, designatorsLeftOut);
        List<Event> events = new ArrayList<>();
        for (int e = 0; e < training.size(); e++) {
            Example example = training.get(e);
            List<Token> tokens = tokenized.get(e);
            Context context = Context.of(example.title(), tokens);
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                String label = "O";
                if (example.start() >= 0 && token.start() < example.end() && token.end() > example.start()) {
                    boolean previousInside = i > 0 && tokens.get(i - 1).end() > example.start()
                            && tokens.get(i - 1).start() < example.end();
                    label = previousInside ? "I" : "B";
                }
                events.add(new Event(label, features(tokens, i, context, vocabulary)));
            }
        }
        // L-BFGS maximum entropy with L2 regularisation: keeps the weights of rare features small, so the model leans on
        // the features that hold across many brands
        TrainingParameters parameters = new TrainingParameters(java.util.Map.of(
                TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN",
                TrainingParameters.ITERATIONS_PARAM, 200,
                TrainingParameters.CUTOFF_PARAM, 1,
                TrainingParameters.THREADS_PARAM, 1,
                "L2Cost", L2_COST));
        EventTrainer trainer = TrainerFactory.getEventTrainer(parameters, null);
        MaxentModel model = trainer.train(ObjectStreamUtils.createObjectStream(events));
        BrandTagger uncalibrated = new BrandTagger(model, Calibration.identity(),
                new Info(version, learnt, 0, 0, 0), vocabulary);
        return uncalibrated.calibrated(heldOut);
    }

    /**
     * Adds to {@code examples} a decorated copy ({@link Decorations}) of each of its first {@code count} written in Thai
     * (English-only catalogues measured no better with them: docs/EVALUATION.md).
     */
    private static void decorate(List<Example> examples, int count) {
        Decorations decorations = Decorations.shipped();
        for (int e = 0; e < count; e++) {
            if (Decorations.hasThai(examples.get(e).title())) {
                examples.add(decorations.decorate(examples.get(e)));
            }
        }
    }

    /**
     * {@code example} with its brand and the Thai word group next to it in the other order, when the title starts with
     * the two, whole words, in either order ({@code TOA ปลาฉลาม น้ำมันสน} <-> {@code ปลาฉลาม TOA น้ำมันสน});
     * otherwise empty.
     */
    static Optional<Example> reordered(Example example) {
        String title = example.title();
        if (example.start() < 0) {
            return Optional.empty();
        }
        String brand = title.substring(example.start(), example.end());
        if (example.start() == 0) {
            int from = example.end();
            if (from >= title.length() || title.charAt(from) != ' ') {
                return Optional.empty();
            }
            int to = thaiGroupEnd(title, from + 1);
            if (to == from + 1 || (to < title.length() && title.charAt(to) != ' ')) {
                return Optional.empty();
            }
            String group = title.substring(from + 1, to);
            return Optional.of(new Example(group + " " + brand + title.substring(to), example.brandKey(),
                    group.length() + 1, group.length() + 1 + brand.length()));
        }
        int to = thaiGroupEnd(title, 0);
        if (to == 0 || example.start() != to + 1 || title.charAt(to) != ' '
                || (example.end() < title.length() && title.charAt(example.end()) != ' ')) {
            return Optional.empty();
        }
        String group = title.substring(0, to);
        return Optional.of(new Example(brand + " " + group + title.substring(example.end()), example.brandKey(), 0,
                brand.length()));
    }

    /** The end of the run of Thai-script characters starting at {@code from}. */
    private static int thaiGroupEnd(String title, int from) {
        int i = from;
        while (i < title.length() && title.charAt(i) >= '\u0E00' && title.charAt(i) <= '\u0E7F') {
            i++;
        }
        return i;
    }

    private static void split(List<Example> examples, List<Example> training, List<Example> heldOut) {
        for (Example example : examples) {
            (heldOut(example.title(), example.brandKey()) ? heldOut : training).add(example);
        }
    }

    /** Whether a title of this brand (key) is held out of training: one brand in five, by a hash of its key. */
    private static boolean heldOut(String title, String brandKey) {
        // titles that name no brand are split by their own text
        String group = brandKey.isEmpty() ? title : brandKey;
        return Math.floorMod(group.hashCode(), HELD_OUT_BRANDS) == 0;
    }

    /** One brand in five is held out. */
    @Override
    public double heldOutShare() {
        return 1.0 / HELD_OUT_BRANDS;
    }

    /** Every catalogue title of a brand that was not held out may have been in its training sample. */
    @Override
    public boolean mayHaveLearnt(String title, String brandKey) {
        return !heldOut(title, brandKey);
    }

    /** This tagger with confidences measured on {@code heldOut}. */
    private BrandTagger calibrated(List<Example> heldOut) {
        Calibration.Measured measured = Calibration.measure(heldOut, this::tag);
        return new BrandTagger(model, measured.calibration(), new Info(info.version(), info.trainedOn(), heldOut.size(),
                measured.precision(), measured.recall()), vocabulary);
    }

    /**
     * The most likely brand span of {@code title}: the span of at most four tokens maximising
     * {@code P(B | first) * prod P(I | rest) * (1 - P(I | token after))}, if that score reaches 0.05, and not made of a
     * shop's words alone ({@code new}, {@code genuine}: {@link Decorations}); widened to the whole of a name the title
     * writes in both scripts ({@link Echoes}) when it holds a word of one, and to a company's designator written right
     * after it ({@code Buffalo Technology}) unless the catalogue leaves that designator out of its brands
     * ({@link Vocabulary}); a shop's word glued before it by a hyphen ({@code new-smead}) is left out.
     */
    public Optional<Tag> tag(String title) {
        return tag(title, TitleTokenizer.tokenize(title));
    }

    /** {@link #tag(String)} on the title's tokens ({@link TitleTokenizer#tokenize}), already cut. */
    @Override
    public Optional<Tag> tag(String title, List<Token> tokens) {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        Context context = Context.of(title, tokens);
        byte[] echoes = context.echoes();
        double[] pB = new double[tokens.size()];
        double[] pI = new double[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            double[] p = model.eval(features(tokens, i, context, vocabulary));
            // an outcome the training data never had (no multi-word brand: no I) has index -1
            pB[i] = b >= 0 ? p[b] : 0;
            pI[i] = inside >= 0 ? p[inside] : 0;
        }
        // a span of a shop's words alone (new, genuine, official) is not a brand, whatever the title's shape says
        Decorations decorations = Decorations.shipped();
        String[] lowers = context.lower();
        double bestScore = 0;
        int bestFrom = -1;
        int bestTo = -1;
        for (int from = 0; from < tokens.size(); from++) {
            double score = pB[from];
            boolean decorationsOnly = true;
            for (int to = from + 1; to <= Math.min(tokens.size(), from + MAX_SPAN); to++) {
                if (to > from + 1) {
                    score *= pI[to - 1];
                }
                decorationsOnly &= decorations.isWord(lowers[to - 1]);
                double closed = score * (to < tokens.size() ? 1 - pI[to] : 1);
                if (closed > bestScore && !decorationsOnly) {
                    bestScore = closed;
                    bestFrom = from;
                    bestTo = to;
                }
            }
        }
        if (bestFrom < 0 || bestScore < MIN_SCORE) {
            return Optional.empty();
        }
        // a name written in both scripts is written whole in each: the span takes in all of a Latin run a Thai run
        // echoes ({@code Cathy Doll}, {@code เคที่ดอลล์}) when it holds a word of it
        boolean echoed = false;
        for (int k = bestFrom; k < bestTo; k++) {
            echoed |= echoes[k] == Echoes.LATIN_FIRST || echoes[k] == Echoes.LATIN_INSIDE;
        }
        if (echoed) {
            while (echoes[bestFrom] == Echoes.LATIN_INSIDE) {
                bestFrom--;
            }
            while (bestTo < tokens.size() && echoes[bestTo] == Echoes.LATIN_INSIDE) {
                bestTo++;
            }
        }
        // a company's designator written right after the name (Buffalo Technology, Speck Products) is part of it
        while (bestTo < tokens.size() && bestTo - bestFrom < MAX_SPAN && designates(title, tokens, bestTo)
                && !vocabulary.designatorsLeftOut().contains(lowers[bestTo])) {
            bestTo++;
        }
        // a shop's word glued before the brand by a hyphen (new-smead) is not part of its name
        int start = decorations.afterGlued(title, tokens.get(bestFrom).start(), tokens.get(bestFrom).end());
        int end = tokens.get(bestTo - 1).end();
        double confidence = calibration.confidence(bestScore);
        return Optional.of(new Tag(title.substring(start, end), start, end, bestScore, confidence));
    }

    /**
     * Whether token {@code i} is a company's designator ({@code starter/vocabulary.txt}, section
     * {@code company_designators}: {@code Technology}, {@code Products}, {@code Labs} ...) written after a Latin word
     * of {@code title} with nothing but spaces between them ({@link #gap}).
     */
    private static boolean designates(String title, List<Token> tokens, int i) {
        Token previous = tokens.get(i - 1);
        Token token = tokens.get(i);
        return previous.script() == Script.LATIN && token.script() == Script.LATIN && token.start() > previous.end()
                && Designators.WORDS.contains(TitleTokenizer.lower(token))
                && gap(title, previous.end(), token.start()).isEmpty();
    }

    private static final class Designators {
        static final Set<String> WORDS = StarterTitles.vocabulary().getOrDefault("company_designators", List.of())
                .stream().map(word -> word.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether a lower-cased word is a unit of measure or count ({@code kg}, {@code ml}, {@code ชิ้น} ...). */
    public static boolean isUnit(String lowerCaseWord) {
        return UNITS.contains(lowerCaseWord);
    }

    /**
     * What the features read of a title besides its tokens: its language, the names it writes in both scripts
     * ({@link Echoes}), and for each token the punctuation just before and after it ({@link #gap}), whether it is
     * inside brackets, where its segment of the title starts (the index of the token after the last bracket,
     * {@code !}, separator or symbol before it) and ends (the index after its last token), its lower-cased text and
     * how many Latin-script tokens its segment has before it: computed once per title, read by every token's features.
     */
    record Context(String language, byte[] echoes, String[] before, String[] after, boolean[] bracketed,
                   int[] segments, int[] segmentEnds, String[] lower, int[] latinBefore) {

        static Context of(String title, List<Token> tokens) {
            int n = tokens.size();
            String[] lower = new String[n];
            int[] latinBefore = new int[n];
            String[] before = new String[n];
            String[] after = new String[n];
            boolean[] bracketed = new boolean[n];
            int[] segments = new int[n];
            int depth = 0;
            for (int i = 0; i < n; i++) {
                int from = i == 0 ? 0 : tokens.get(i - 1).end();
                before[i] = gap(title, from, tokens.get(i).start());
                depth = Math.max(0, depth + opened(title, from, tokens.get(i).start()));
                bracketed[i] = depth > 0;
                segments[i] = i > 0 && breaks(before[i]) ? i : i > 0 ? segments[i - 1] : 0;
                lower[i] = TitleTokenizer.lower(tokens.get(i));
                latinBefore[i] = segments[i] == i ? 0
                        : latinBefore[i - 1] + (tokens.get(i - 1).script() == Script.LATIN ? 1 : 0);
                after[i] = gap(title, tokens.get(i).end(), i + 1 < n ? tokens.get(i + 1).start() : title.length());
            }
            int[] segmentEnds = new int[n];
            for (int i = n - 1; i >= 0; i--) {
                segmentEnds[i] = i + 1 < n && segments[i + 1] == segments[i] ? segmentEnds[i + 1] : i + 1;
            }
            return new Context(LanguageDetector.detect(title), Echoes.of(title, tokens), before, after, bracketed,
                    segments, segmentEnds, lower, latinBefore);
        }

        /** Whether punctuation of these kinds ({@link #gap}) ends a segment: a bracket, '!', '|', a symbol. */
        private static boolean breaks(String gap) {
            return gap.indexOf('(') >= 0 || closes(gap);
        }
    }

    /**
     * Whether punctuation of these kinds ({@link #gap}) closes what comes before it, as it closes a listing's
     * decoration ({@code [ส่งฟรี]}, {@code NEW!}, {@code Official Store |}, {@code 🔥ขายดี🔥}): a closing bracket,
     * '!', '|', a symbol.
     */
    static boolean closes(String gap) {
        for (int k = 0; k < gap.length(); k++) {
            char kind = gap.charAt(k);
            if (kind == ')' || kind == '!' || kind == '|' || kind == '*') {
                return true;
            }
        }
        return false;
    }

    /**
     * The punctuation of {@code title} between {@code from} and {@code to}, each character as its kind: {@code (} an
     * opening bracket, {@code )} a closing one, {@code !}, {@code |} a bar or bullet (not a dash: English titles put
     * one between a product and its model code), {@code R} a trade mark sign, {@code *} another symbol or an emoji,
     * {@code .} anything else; a kind repeated counts once, at most three kinds; empty for spaces alone.
     */
    static String gap(String title, int from, int to) {
        StringBuilder kinds = new StringBuilder(3);
        for (int k = from; k < to && kinds.length() < 3; ) {
            int c = title.codePointAt(k);
            k += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            char kind = kind(c);
            if (kinds.isEmpty() || kinds.charAt(kinds.length() - 1) != kind) {
                kinds.append(kind);
            }
        }
        return kinds.toString();
    }

    /** The kind of a punctuation character or symbol, as {@link #gap} writes it. */
    private static char kind(int c) {
        int type = Character.getType(c);
        if (type == Character.START_PUNCTUATION || type == Character.INITIAL_QUOTE_PUNCTUATION) {
            return '(';
        }
        if (type == Character.END_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION) {
            return ')';
        }
        if (c == '!' || c == '\uFF01') {
            return '!';
        }
        if (c == '|' || c == '\u2022' || c == '\u00B7') {
            return '|';
        }
        if (c == '\u00AE' || c == '\u2122' || c == '\u00A9') {
            return 'R';
        }
        return c == '*' || type == Character.OTHER_SYMBOL ? '*' : '.';
    }

    /** Opening brackets less closing ones between {@code from} and {@code to}. */
    private static int opened(String title, int from, int to) {
        int opened = 0;
        for (int k = from; k < to; k++) {
            int type = Character.getType(title.charAt(k));
            opened += type == Character.START_PUNCTUATION ? 1 : type == Character.END_PUNCTUATION ? -1 : 0;
        }
        return opened;
    }

    /** The features of token {@code i} of a title; {@code context}: what else they read of it ({@link Context}). */
    static String[] features(List<Token> tokens, int i, Context context, Vocabulary vocabulary) {
        Token token = tokens.get(i);
        String language = context.language();
        byte[] echoes = context.echoes();
        String[] lowers = context.lower();
        String lower = lowers[i];
        int n = tokens.size();
        List<String> f = new ArrayList<>(32);
        String shape = token.shape();
        String prevShape = i > 0 ? tokens.get(i - 1).shape() : "^";
        String nextShape = i + 1 < n ? tokens.get(i + 1).shape() : "$";
        String position = i == 0 ? "first" : i == 1 ? "second" : i == n - 1 ? "last" : "mid";
        int segment = context.segments()[i];
        f.add("bias");
        f.add("shape=" + shape);
        f.add("script=" + token.script());
        f.add("pos=" + position);
        f.add("lang=" + language);
        f.add("shape+pos=" + shape + "|" + position);
        f.add("shape+lang=" + shape + "|" + language);
        f.add("len=" + Math.min(8, lower.codePointCount(0, lower.length())));
        if (UNITS.contains(lower)) {
            f.add("unit");
        }
        if (!vocabulary.brandWords().contains(lower)) {
            f.add("w=" + lower);
        }
        if (vocabulary.genericWords().contains(lower)) {
            // written in the titles of many brands and never part of one: a product word, whichever it is
            f.add("generic");
            f.add("generic+shape=" + shape);
        }
        // a listing's decoration ([ส่งฟรี], NEW!, Official Store |) ends where a bracket, a '!' or a separator is: the
        // title's own words start again after it, and a run of Latin words does not go across it
        if (token.script() == Script.LATIN) {
            f.add("latinIndex=" + Math.min(context.latinBefore()[i], 3) + "|" + language);
            // the run of Latin-script words this token belongs to: brands are often the whole leading run of a Thai title
            int runStart = i;
            while (runStart > segment && tokens.get(runStart - 1).script() == Script.LATIN) {
                runStart--;
            }
            int runEnd = i + 1;
            while (runEnd < context.segmentEnds()[i] && tokens.get(runEnd).script() == Script.LATIN) {
                runEnd++;
            }
            // what ends the run: the next word's shape, the title's end, or the punctuation that ends its segment
            String after = runEnd == n ? "$" : runEnd == context.segmentEnds()[i]
                    ? context.before()[runEnd] : tokens.get(runEnd).shape();
            String run = (i - runStart) + "/" + Math.min(runEnd - runStart, 4) + "|"
                    + (runStart == segment ? "lead" : "inner") + "|" + after;
            f.add("run=" + run);
            f.add("run+shape=" + run + "|" + shape);
        }
        f.add("prevShape=" + prevShape);
        f.add("nextShape=" + nextShape);
        f.add("shape+prev+next=" + shape + "|" + prevShape + "|" + nextShape);
        f.add("prev=" + (i > 0 ? lowers[i - 1] : "^"));
        f.add("next=" + (i + 1 < n ? lowers[i + 1] : "$"));
        if (i > 1) {
            f.add("prev2=" + lowers[i - 2]);
        }
        if (i + 2 < n) {
            f.add("next2=" + lowers[i + 2]);
        }
        if (echoes[i] != Echoes.NONE) {
            // a name the title writes in both scripts (a Latin run and a Thai run that sound alike)
            f.add("echo=" + echoes[i]);
            f.add("echo+shape=" + echoes[i] + "|" + shape);
        }
        if (!context.before()[i].isEmpty()) {
            // a listing's decorations come in brackets, before a '!' or a separator: [ส่งฟรี], NEW!, Official Store |
            f.add("gapBefore=" + context.before()[i]);
        }
        if (!context.after()[i].isEmpty()) {
            f.add("gapAfter=" + context.after()[i]);
            f.add("gapAfter+shape=" + context.after()[i] + "|" + shape);
        }
        // whether the token opens the title, or a segment after a decoration, and what punctuation follows it
        f.add("open=" + (i == segment ? (segment == 0 ? "title" : "segment") : "no") + "|" + context.after()[i] + "|"
                + shape);
        // a short segment that more of the title follows is how a decoration looks ([BEST SELLER] ..., NEW! ...)
        int segmentEnd = context.segmentEnds()[i];
        f.add("segment=" + Math.min(segmentEnd - segment, 4) + "|" + (segment == 0 ? "first" : "later") + "|"
                + (segmentEnd < n ? "more" : "end"));
        if (context.bracketed()[i]) {
            f.add("bracketed");
            f.add("bracketed+pos=" + position);
        }
        if (i > 0 && tokens.get(i - 1).end() == token.start()) {
            f.add("gluedToPrev=" + tokens.get(i - 1).script());
        }
        if (i + 1 < tokens.size() && tokens.get(i + 1).start() == token.end()) {
            f.add("gluedToNext=" + tokens.get(i + 1).script());
        }
        return f.toArray(String[]::new);
    }

    /**
     * Writes the model, its calibration and its info under {@code dir}: the model to a file named by its version, then
     * {@code tagger.properties}, which names that file, replaced atomically; so a crash leaves the previous pair whole.
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        String modelName = "model-" + info.version() + ".bin";
        Path modelTemp = dir.resolve(modelName + ".tmp");
        try (OutputStream out = Files.newOutputStream(modelTemp);
             DataOutputStream data = new DataOutputStream(out)) {
            new GenericModelWriter((AbstractModel) model, data).persist();
        }
        Files.move(modelTemp, dir.resolve(modelName), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        java.util.Properties meta = new java.util.Properties();
        meta.setProperty("model", modelName);
        meta.setProperty("version", info.version());
        meta.setProperty("trainedOn", String.valueOf(info.trainedOn()));
        meta.setProperty("heldOut", String.valueOf(info.heldOut()));
        meta.setProperty("heldOutPrecision", String.valueOf(info.heldOutPrecision()));
        meta.setProperty("heldOutRecall", String.valueOf(info.heldOutRecall()));
        meta.setProperty("calibration", calibration.format());
        meta.setProperty("brandWords", String.join("\u0001", vocabulary.brandWords()));
        meta.setProperty("genericWords", String.join("\u0001", vocabulary.genericWords()));
        meta.setProperty("designatorsLeftOut", String.join("\u0001", vocabulary.designatorsLeftOut()));
        Path metaTemp = dir.resolve("tagger.properties.tmp");
        try (var writer = Files.newBufferedWriter(metaTemp, StandardCharsets.UTF_8)) {
            meta.store(writer, "brand tagger");
        }
        Files.move(metaTemp, dir.resolve("tagger.properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (var files = Files.list(dir)) {
            for (Path old : files.filter(f -> f.getFileName().toString().startsWith("model-")
                    && !f.getFileName().toString().equals(modelName)).toList()) {
                Files.deleteIfExists(old);
            }
        }
    }

    /** The tagger saved under {@code dir}, if there is one. */
    public static Optional<BrandTagger> load(Path dir) throws IOException {
        Path metaFile = dir.resolve("tagger.properties");
        if (!Files.exists(metaFile)) {
            return Optional.empty();
        }
        java.util.Properties meta = new java.util.Properties();
        try (var reader = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
            meta.load(reader);
        }
        MaxentModel model;
        try (InputStream in = Files.newInputStream(dir.resolve(meta.getProperty("model")))) {
            model = new GenericModelReader(new BinaryFileDataReader(new DataInputStream(in))).getModel();
        }
        Calibration calibration = Calibration.parse(meta.getProperty("calibration"));
        Info info = new Info(meta.getProperty("version"), Integer.parseInt(meta.getProperty("trainedOn")),
                Integer.parseInt(meta.getProperty("heldOut")), Double.parseDouble(meta.getProperty("heldOutPrecision")),
                Double.parseDouble(meta.getProperty("heldOutRecall")));
        return Optional.of(new BrandTagger(model, calibration, info,
                new Vocabulary(words(meta, "brandWords"), words(meta, "genericWords"),
                        words(meta, "designatorsLeftOut"))));
    }

    private static Set<String> words(java.util.Properties meta, String key) {
        String words = meta.getProperty(key, "");
        return words.isEmpty() ? Set.of() : Set.of(words.split("\u0001"));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BrandTagger[%s, trained on %d titles]", info.version(), info.trainedOn());
    }
}
