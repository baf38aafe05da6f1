package agents;

import inference.AgentRequest;
import inference.AgentResult;
import inference.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import knowledge.BrandMatcher;
import knowledge.BrandRegistry;
import knowledge.ProductLines;
import text.Echoes;
import text.Script;
import text.TextNormalizer;
import text.TitleTokenizer;
import text.Token;

/**
 * NER: finds the registry's brands and aliases written in the title (when none starts the title, a more confident span
 * of the tagger before them answers instead: an unknown brand leading a title that names a known one for what the product
 * fits); when there is none, a near miss of a registry name
 * (bounded edit distance, see {@link BrandMatcher#findFuzzy}), unless the tagger takes a longer span around it for the
 * brand ({@code DOUBLE LOCK} is not {@code DOUBLE-D}); then a registry brand written in Thai as its Latin name sounds
 * ({@code สปาคลีน} for {@code SPA CLEAN}, {@link BrandMatcher#findTransliterated}), unless the tagger's answer is more
 * confident; when there is none either, a statistical
 * {@link SpanTagger} (the {@link BrandTagger} trained on the catalogue, or a {@link TransformerTagger} when one is
 * configured) looks for a brand span, with its calibrated confidence. A span that names a registry brand (as a whole, or
 * one edit from a name of five or more characters: {@link BrandMatcher#resolve}) is answered as that brand; any other
 * span is a brand the registry does not know. A name found as the letters of a model code after a model marker
 * ({@code รุ่น TF204}: not the brand TF) does not count.
 *
 * <p>Confidence of a match: 0.9 for the brand's own name or a spelling of it, 0.85 for an alias given in the catalogue,
 * 0.85 times its precision estimate for an alias learnt from titles; minus 0.1 when its key
 * has three characters or fewer (short names collide with words and codes); minus 0.3 when it follows a word saying the
 * product fits it ({@code for}, {@code compatible with}, {@code สำหรับ}: an accessory's title names what it fits, its maker
 * often before that); plus 0.05 when it starts the title, in its first word ({@link #leads}: retail titles
 * usually lead with the brand, a seller's marker sometimes glued before it). When several brands are found, the first
 * in the title leads and every brand's confidence is multiplied by {@code 1 - 0.15 * (number of other brands found)},
 * at least by 0.5; the others are ranked after it by position.
 *
 * <p>Those rules are the prior. Once the catalogue is loaded, the confidence of each class of registry answer (how it was
 * found, leading or not, short name or not, one brand or several: {@link #matchClass}) is measured on held-out catalogue
 * titles ({@link NerCalibrator}, {@link MatchCalibration}), and the leading answer gets that measured confidence.
 */
public final class NerAgent {

    public static final String NAME = "ner";

    private final Supplier<BrandRegistry> registry;
    private final Supplier<Optional<SpanTagger>> tagger;
    private final Supplier<MatchCalibration> calibration;
    private final ProductLines lines;

    public NerAgent(Supplier<BrandRegistry> registry, Supplier<Optional<SpanTagger>> tagger) {
        this(registry, tagger, MatchCalibration::none);
    }

    /** With the registry answers' confidence measured on the catalogue ({@link NerCalibrator}). */
    public NerAgent(Supplier<BrandRegistry> registry, Supplier<Optional<SpanTagger>> tagger,
                    Supplier<MatchCalibration> calibration) {
        this(registry, tagger, calibration, ProductLines.none());
    }

    /** With the product lines of well-known makers ({@link ProductLines}) that name a maker no brand written does. */
    public NerAgent(Supplier<BrandRegistry> registry, Supplier<Optional<SpanTagger>> tagger,
                    Supplier<MatchCalibration> calibration, ProductLines lines) {
        this.registry = registry;
        this.tagger = tagger;
        this.calibration = calibration;
        this.lines = lines;
    }

    /** This agent over another registry (the one part of a catalogue gives, to measure it on the rest). */
    public NerAgent withRegistry(Supplier<BrandRegistry> other) {
        return new NerAgent(other, tagger, calibration, lines);
    }

    public AgentResult infer(AgentRequest request) {
        String title = request.productName();
        AgentResult result = answer(title);
        // where each span stands, for the combination: first, or after the title's Thai product noun, or further in
        if (result.evidence() != null && result.evidence().get("matches") instanceof List<?> spans) {
            for (Object item : spans) {
                if (item instanceof Map<?, ?> span && span.get("start") instanceof Integer start) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> writable = (Map<String, Object>) span;
                    writable.put("leads", leadsTheTitle(title, start));
                }
            }
        }
        return result;
    }

    private AgentResult answer(String title) {
        BrandRegistry current = registry.get();
        List<BrandMatcher.Match> matches = found(current, title);
        if (!matches.isEmpty() && leads(title, matches.get(0).start())) {
            return matched(title, matches, calibration.get());
        }
        List<Token> tokens = TitleTokenizer.tokenize(title);
        // every path from here looks at the tagger's span: it is asked once
        Optional<SpanTagger> model = tagger.get();
        Optional<SpanTagger.Tag> tag = model.flatMap(t -> t.tag(title, tokens));
        if (!matches.isEmpty()) {
            return knownOrLeading(current, title, matches, model, tag, calibration.get());
        }
        Optional<BrandMatcher.FuzzyMatch> fuzzy = current.matcher().findFuzzy(title, tokens);
        if (fuzzy.isPresent() && !partOfALongerSpan(fuzzy.get(), tag)) {
            return fuzzy(fuzzy.get(), calibration.get());
        }
        Optional<BrandMatcher.Match> line = lineIn(lines, title);
        if (line.isPresent() && tag.filter(t -> t.end() <= line.get().start()).isEmpty()) {
            return byLine(current, title, line.get(), model, tag, calibration.get());
        }
        AgentResult tagged = tagged(current, model, tag);
        Optional<BrandMatcher.FuzzyMatch> spoken = current.matcher().findTransliterated(title);
        if (spoken.isPresent()) {
            AgentResult transliterated = transliterated(spoken.get(), calibration.get());
            return tagged.confidence() > transliterated.confidence() ? tagged : transliterated;
        }
        return tagged;
    }

    /**
     * Registry brands written in the title, none at its start: the title may lead with a brand the registry does not know
     * and name the known one for what the product fits or holds ({@code storex file box for ...}, {@code cta battery
     * charger kit for nikon}). The tagger's span answers when it ends before the first known brand and its calibrated
     * confidence is above the registry answer's (measured for its class, {@code inner}: on a catalogue of accessories
     * such answers are often another brand's); the known brands follow it as candidates. Otherwise the registry answers.
     */
    private static AgentResult knownOrLeading(BrandRegistry registry, String title, List<BrandMatcher.Match> matches,
                                              Optional<SpanTagger> model, Optional<SpanTagger.Tag> tag,
                                              MatchCalibration calibration) {
        AgentResult known = matched(title, matches, calibration);
        Optional<SpanTagger.Tag> leading = tag.filter(t -> t.end() <= matches.get(0).start()
                && t.confidence() > known.confidence());
        if (leading.isEmpty()) {
            return known;
        }
        AgentResult unknown = tagged(registry, model, leading);
        if (known.brand() != null && TextNormalizer.key(known.brand()).equals(TextNormalizer.key(unknown.brand()))) {
            return known; // the span is a spelling of the known brand itself
        }
        List<Candidate> candidates = new ArrayList<>(unknown.candidates());
        known.candidates().stream().limit(4).forEach(candidates::add);
        List<Object> spans = new ArrayList<>((List<?>) unknown.evidence().get("matches"));
        spans.addAll((List<?>) known.evidence().get("matches"));
        return AgentResult.answer(NAME, candidates, Map.of("matches", spans));
    }

    /**
     * Whether the tagger takes a longer span around a near miss for the brand ({@code DOUBLE LOCK}, where {@code DOUBLE}
     * is one edit from the known {@code DOUBLE-D}): then the near miss is a word of another brand's name, and the
     * tagger's span is the answer.
     */
    private static boolean partOfALongerSpan(BrandMatcher.FuzzyMatch near, Optional<SpanTagger.Tag> tagged) {
        return tagged.filter(tag -> tag.start() <= near.start() && tag.end() >= near.end()
                && tag.end() - tag.start() > near.end() - near.start()).isPresent();
    }

    /** The registry's answer for a title (its brand) and its class, without the tagger: what calibration measures. */
    record RegistryAnswer(String brand, String matchClass) {
    }

    static Optional<RegistryAnswer> registryAnswer(BrandRegistry registry, ProductLines lines, String title) {
        List<BrandMatcher.Match> matches = found(registry, title);
        if (!matches.isEmpty()) {
            BrandMatcher.Match top = matches.get(0);
            return Optional.of(new RegistryAnswer(top.brand().name(),
                    matchClass(title, top, matches.size())));
        }
        return registry.matcher().findFuzzy(title).map(f -> new RegistryAnswer(f.brand().name(), FUZZY))
                .or(() -> lineIn(lines, title).map(line -> new RegistryAnswer(registry.canonical(line.brand().name()),
                        lineClass(title, line))))
                .or(() -> registry.matcher().findTransliterated(title)
                        .map(f -> new RegistryAnswer(f.brand().name(), TRANSLITERATED)));
    }

    /**
     * The first product line of a well-known maker written in the title ({@link ProductLines}), unless it is the letters of
     * a model code or follows a word saying the product fits it ({@code case for iPhone 15}: not an Apple product).
     */
    private static Optional<BrandMatcher.Match> lineIn(ProductLines lines, String title) {
        return lines.find(title).stream()
                .filter(line -> !inModelCode(title, line.start(), line.end()) && !afterFitWord(title, line.start()))
                .findFirst();
    }

    private static String lineClass(String title, BrandMatcher.Match line) {
        return "line" + (leads(title, line.start()) ? "|lead" : "|inner")
                + (TextNormalizer.key(line.name()).length() <= 3 ? "|short" : "");
    }

    /**
     * A product line written in the title and no registry brand: its maker answers (named as the registry names it when the
     * catalogue has it), with prior confidence 0.8 (minus 0.1 for a line of three characters or fewer, plus 0.05 when it
     * starts the title), calibrated as its class ({@code line|lead} ...). The tagger's span, when it found another one
     * after the line, follows as a candidate.
     */
    private static AgentResult byLine(BrandRegistry registry, String title, BrandMatcher.Match line,
                                      Optional<SpanTagger> model, Optional<SpanTagger.Tag> tag,
                                      MatchCalibration calibration) {
        String maker = registry.canonical(line.brand().name());
        String matchClass = lineClass(title, line);
        double prior = 0.8 - (matchClass.contains("|short") ? 0.1 : 0) + (matchClass.contains("|lead") ? 0.05 : 0);
        double confidence = round(calibration.confidence(matchClass, prior));
        Map<String, Object> span = span(maker, line.span(), line.start(), line.end(), "line");
        span.put("line", line.name());
        span.put("match_class", matchClass);
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate(maker, confidence, List.of(NAME)));
        List<Object> spans = new ArrayList<>(List.of(span));
        Optional<SpanTagger.Tag> other = tag.filter(t -> t.start() >= line.end()
                && !TextNormalizer.key(t.text()).equals(TextNormalizer.key(maker)));
        if (other.isPresent()) {
            AgentResult tagged = tagged(registry, model, other);
            candidates.addAll(tagged.candidates());
            spans.addAll((List<?>) tagged.evidence().get("matches"));
        }
        return AgentResult.answer(NAME, candidates, Map.of("matches", spans));
    }

    private static final String FUZZY = "fuzzy";
    private static final String TRANSLITERATED = "transliterated";

    private static List<BrandMatcher.Match> found(BrandRegistry registry, String title) {
        return registry.matcher().find(title).stream()
                .filter(match -> !inModelCode(title, match.start(), match.end())).toList();
    }

    /**
     * The class of a registry match, for calibration: how it was found ({@code name} for the brand's name or a
     * spelling, {@code catalog} for an alias given in the catalogue, {@code learnt}), then {@code lead} or {@code inner}
     * (whether it starts the title, in its first word: {@link #leads}), {@code for} when it follows a word saying the
     * product fits it ({@link #afterFitWord}), {@code short} when its key has three characters or fewer, and
     * {@code several} when other brands were found too.
     */
    static String matchClass(String title, BrandMatcher.Match match, int brandsFound) {
        String source = switch (match.source()) {
            case "name", "spelling" -> "name";
            case "learnt" -> "learnt";
            default -> "catalog";
        };
        return source + (leads(title, match.start()) ? "|lead" : "|inner")
                + (afterFitWord(title, match.start()) ? "|for" : "")
                + (TextNormalizer.key(match.name()).length() <= 3 ? "|short" : "")
                + (brandsFound > 1 ? "|several" : "");
    }

    /** Words after which a brand is what the product fits or is used with, not its maker ({@code case for iphone}). */
    private static final List<String> FIT_WORDS = List.of("for", "fits", "fit", "compatible with", "compatible",
            "สำหรับ", "ใช้กับ", "ใช้ได้กับ");

    /**
     * Whether the brand at {@code start} follows a word saying the product fits it ({@code for}, {@code compatible with},
     * {@code สำหรับ} ...), punctuation and spaces between them ignored.
     */
    static boolean afterFitWord(String title, int start) {
        int end = start;
        while (end > 0 && !Character.isLetterOrDigit(title.charAt(end - 1))) {
            end--;
        }
        String before = title.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        for (String word : FIT_WORDS) {
            if (before.endsWith(word)) {
                int at = before.length() - word.length();
                // a whole word: Latin words need a boundary before them; Thai is written without spaces
                if (at == 0 || !Character.isLetter(before.charAt(at - 1)) || word.codePointAt(0) >= 0x0E00) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The prior confidence of a registry match: the rule in the class comment. */
    private static double prior(String title, BrandMatcher.Match match, int brandsFound) {
        double confidence = switch (match.source()) {
            case "name", "spelling" -> 0.9;
            case "learnt" -> 0.85 * match.precision();
            default -> 0.85;
        };
        if (TextNormalizer.key(match.name()).length() <= 3) {
            confidence -= 0.1;
        }
        if (afterFitWord(title, match.start())) {
            confidence -= 0.3;
        }
        if (leads(title, match.start())) {
            confidence += 0.05;
        }
        return confidence * Math.max(0.5, 1 - 0.15 * Math.max(0, brandsFound - 1));
    }

    /**
     * Brands of the registry written in the title. The first leads, with the confidence measured for its class; the
     * others follow by position, their prior confidences scaled as the leader's was.
     */
    private static AgentResult matched(String title, List<BrandMatcher.Match> matches, MatchCalibration calibration) {
        BrandMatcher.Match top = matches.get(0);
        double topPrior = prior(title, top, matches.size());
        double scale = calibration.confidence(matchClass(title, top, matches.size()), topPrior) / topPrior;
        List<Candidate> candidates = new ArrayList<>();
        List<Map<String, Object>> spans = new ArrayList<>();
        for (BrandMatcher.Match match : matches) {
            double confidence = round(prior(title, match, matches.size()) * scale);
            candidates.add(new Candidate(match.brand().name(), confidence, List.of(NAME)));
            Map<String, Object> span = span(match.brand().name(), match.span(), match.start(), match.end(),
                    match.source());
            span.put("matched", match.name());
            if ("learnt".equals(match.source())) {
                span.put("alias_precision", match.precision());
            }
            span.put("match_class", matchClass(title, match, matches.size()));
            spans.add(span);
        }
        if (candidates.size() > 5) {
            candidates = candidates.subList(0, 5);
        }
        return AgentResult.answer(NAME, candidates, Map.of("matches", spans));
    }

    /** A registry brand misspelt in the title: prior confidence 0.85 times the similarity, then calibrated. */
    private static AgentResult fuzzy(BrandMatcher.FuzzyMatch match, MatchCalibration calibration) {
        Map<String, Object> span = span(match.brand().name(), match.span(), match.start(), match.end(), FUZZY);
        span.put("matched", match.name());
        span.put("edit_distance", match.distance());
        span.put("similarity", match.similarity());
        span.put("match_class", FUZZY);
        double confidence = round(calibration.confidence(FUZZY, 0.85 * match.similarity()));
        return AgentResult.answer(NAME, List.of(new Candidate(match.brand().name(), confidence, List.of(NAME))),
                Map.of("matches", List.of(span)));
    }

    /**
     * A registry brand written in Thai as its Latin name sounds ({@link BrandMatcher#findTransliterated}): prior
     * confidence 0.7, then calibrated as its own class.
     */
    private static AgentResult transliterated(BrandMatcher.FuzzyMatch match, MatchCalibration calibration) {
        Map<String, Object> span = span(match.brand().name(), match.span(), match.start(), match.end(), TRANSLITERATED);
        span.put("matched", match.name());
        span.put("match_class", TRANSLITERATED);
        double confidence = round(calibration.confidence(TRANSLITERATED, 0.7));
        return AgentResult.answer(NAME, List.of(new Candidate(match.brand().name(), confidence, List.of(NAME))),
                Map.of("matches", List.of(span)));
    }

    /** No registry brand in the title: the statistical tagger's span, if it finds one, named as the registry names it. */
    private static AgentResult tagged(BrandRegistry registry, Optional<SpanTagger> current,
                                      Optional<SpanTagger.Tag> tag) {
        if (tag.isEmpty()) {
            return AgentResult.answer(NAME, List.of(), Map.of("matches", List.of()));
        }
        SpanTagger.Tag found = tag.get();
        Optional<BrandMatcher.FuzzyMatch> known = registry.matcher().resolve(found.text());
        String brand = known.map(k -> k.brand().name()).orElse(found.text());
        Map<String, Object> span = span(brand, found.text(), found.start(), found.end(), current.get().kind());
        known.ifPresent(k -> {
            span.put("matched", k.name());
            span.put("similarity", k.similarity());
        });
        span.put("tagger_score", round(found.score()));
        span.put("calibrated_confidence", round(found.confidence()));
        span.put("tagger_version", current.get().version());
        return AgentResult.answer(NAME, List.of(new Candidate(brand, round(found.confidence()), List.of(NAME))),
                Map.of("matches", List.of(span)));
    }

    /** The evidence of one found brand: its span of the title (offsets as given) and how it was found. */
    private static Map<String, Object> span(String brand, String text, int start, int end, String matchType) {
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("brand", brand);
        span.put("span", text);
        span.put("start", start);
        span.put("end", end);
        span.put("match_type", matchType);
        return span;
    }

    /** Words after which a code is a model or part number, not a brand. */
    private static final List<String> MODEL_MARKERS = List.of("รุ่น", "รหัส", "model", "no.", "no", "part", "sku", "type",
            "code", "item");

    /**
     * Whether {@code [start, end)} is the letters of a model code written after a model marker ({@code รุ่น TF204},
     * {@code Model: LG32}): the letters run straight into digits and the word before them is a marker.
     */
    static boolean inModelCode(String title, int start, int end) {
        if (end >= title.length() || !Character.isDigit(title.charAt(end))) {
            return false;
        }
        int at = start;
        while (at > 0 && !Character.isLetterOrDigit(title.charAt(at - 1))
                && title.charAt(at - 1) != '.') {
            at--;
        }
        String before = title.substring(0, at).toLowerCase(java.util.Locale.ROOT);
        for (String marker : MODEL_MARKERS) {
            if (before.endsWith(marker)) {
                int markerStart = before.length() - marker.length();
                if (markerStart == 0 || !Character.isLetter(before.charAt(markerStart - 1))
                        || marker.codePointAt(0) >= 0x0E00) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a name found at {@code start} leads the title: it starts in the title's first word, as spaces delimit it
     * ({@code ROLODEX 23390 ...}, {@code new-rolodex 23390 ...}, {@code [แท้]TOA ...}, Thai glued to it).
     */
    static boolean leads(String title, int start) {
        return leads(title, 0, start);
    }

    /** {@link #leads} for the part of the title from offset {@code from}. */
    private static boolean leads(String title, int from, int start) {
        int first = from;
        while (first < title.length() && !TextNormalizer.isWordChar(title.codePointAt(first))) {
            first += Character.charCount(title.codePointAt(first));
        }
        if (start < first) {
            return false;
        }
        for (int i = first; i < start; i++) {
            if (space(title.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a name found at {@code start} leads the title ({@link #leads}) or starts its second word after a first
     * word written in Thai alone: a Thai title puts its brand before its product noun or after it
     * ({@code TOA สีน้ำ ...}, {@code สีน้ำ TOA ...}).
     */
    static boolean leadsOrFollowsThaiNoun(String title, int start) {
        return leadsOrFollowsThaiNoun(title, 0, start);
    }

    /** {@link #leadsOrFollowsThaiNoun} for the part of the title from offset {@code from}. */
    private static boolean leadsOrFollowsThaiNoun(String title, int from, int start) {
        if (leads(title, from, start)) {
            return true;
        }
        int i = from;
        while (i < title.length() && !TextNormalizer.isWordChar(title.codePointAt(i))) {
            i += Character.charCount(title.codePointAt(i));
        }
        int first = i;
        while (i < title.length() && !space(title.charAt(i))) {
            if (Script.of(title.charAt(i)) != Script.THAI) {
                return false;
            }
            i++;
        }
        if (i == first) {
            return false;
        }
        while (i < title.length() && space(title.charAt(i))) {
            i++;
        }
        return start >= i && leads(title, i, start);
    }

    /**
     * Whether a span starting at {@code start} leads the title, for the combination: it leads it or follows the Thai
     * product noun that leads it ({@link #leadsOrFollowsThaiNoun}), counted from the title's start or after the
     * listing's decorations that lead it ({@link #afterDecorations}: {@code [ส่งฟรี] Lactasoy ...}); or it is a
     * Latin-script name whose Thai spelling does so ({@code โคโดโม ยาสีฟันเด็ก Kodomo ...}, {@link Echoes}).
     */
    static boolean leadsTheTitle(String title, int start) {
        if (leadsOrFollowsThaiNoun(title, 0, start)) {
            return true; // most spans: the title is not cut into tokens
        }
        List<Token> tokens = TitleTokenizer.tokenize(title);
        int from = afterDecorations(title, tokens);
        if (from > 0 && leadsOrFollowsThaiNoun(title, from, start)) {
            return true;
        }
        int thai = Echoes.thaiStartOf(title, tokens, start);
        return thai >= 0
                && (leadsOrFollowsThaiNoun(title, 0, thai) || from > 0 && leadsOrFollowsThaiNoun(title, from, thai));
    }

    /** The most words a listing's decoration before the title has ({@link #afterDecorations}). */
    private static final int MAX_DECORATION_WORDS = 4;

    /**
     * Where a title's own words start after the listing's decorations that lead it ({@code [ส่งฟรี]}, {@code NEW!},
     * {@code Official Store |}, {@code 🔥ขายดี🔥}, at most two): a first segment of at most four words that a closing
     * bracket, a {@code !}, a bar or a symbol ends ({@link BrandTagger#closes}), with more words after it; 0 when none.
     */
    static int afterDecorations(String title, List<Token> tokens) {
        int opening = 0;
        for (int decorations = 0; decorations < 2; decorations++) {
            int next = -1;
            int last = Math.min(tokens.size() - 1, opening + MAX_DECORATION_WORDS);
            for (int i = opening + 1; i <= last && next < 0; i++) {
                String gap = BrandTagger.gap(title, tokens.get(i - 1).end(), tokens.get(i).start());
                if (BrandTagger.closes(gap)) {
                    next = i;
                } else if (gap.indexOf('(') >= 0) {
                    break; // a bracket opened within the first words: what it holds is said of them
                }
            }
            if (next < 0) {
                break;
            }
            opening = next;
        }
        return opening == 0 ? 0 : tokens.get(opening).start();
    }

    private static boolean space(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static double round(double value) {
        return Math.round(Math.max(0, Math.min(1, value)) * 1000) / 1000.0;
    }
}
