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
import text.TextNormalizer;
import text.TitleTokenizer;
import text.Token;

/**
 * NER: finds the registry's brands and aliases written in the title; when there is none, a near miss of a registry name
 * (bounded edit distance, see {@link BrandMatcher#findFuzzy}); when there is none either, a statistical
 * {@link SpanTagger} (the {@link BrandTagger} trained on the catalogue, or a {@link TransformerTagger} when one is
 * configured) looks for a brand span, with its calibrated confidence. A span that names a registry brand (as a whole, or
 * one edit from a name of five or more characters: {@link BrandMatcher#resolve}) is answered as that brand; any other
 * span is a brand the registry does not know.
 *
 * <p>Confidence of a match: 0.9 for the brand's own name or a spelling of it, 0.85 for an alias given in the catalogue,
 * 0.85 times its precision estimate for an alias learnt from titles; minus 0.1 when its key
 * has three characters or fewer (short names collide with words and codes); plus 0.05 when it starts the title (retail
 * titles usually lead with the brand). When several brands are found, the first in the title leads and every brand's
 * confidence is multiplied by {@code 1 - 0.15 * (number of other brands found)}, at least by 0.5; the others are ranked
 * after it by position.
 */
public final class NerAgent {

    public static final String NAME = "ner";

    private final Supplier<BrandRegistry> registry;
    private final Supplier<Optional<SpanTagger>> tagger;

    public NerAgent(Supplier<BrandRegistry> registry, Supplier<Optional<SpanTagger>> tagger) {
        this.registry = registry;
        this.tagger = tagger;
    }

    public AgentResult infer(AgentRequest request) {
        String title = request.productName();
        BrandRegistry current = registry.get();
        List<BrandMatcher.Match> matches = current.matcher().find(title);
        if (matches.isEmpty()) {
            List<Token> tokens = TitleTokenizer.tokenize(title);
            return current.matcher().findFuzzy(title, tokens).map(NerAgent::fuzzy)
                    .orElseGet(() -> tagged(current, title, tokens));
        }
        double ambiguity = Math.max(0.5, 1 - 0.15 * Math.max(0, matches.size() - 1));
        List<Candidate> candidates = new ArrayList<>();
        List<Map<String, Object>> spans = new ArrayList<>();
        int leadingOffset = firstWordOffset(title);
        for (BrandMatcher.Match match : matches) {
            double confidence = switch (match.source()) {
                case "name", "spelling" -> 0.9;
                case "learnt" -> 0.85 * match.precision();
                default -> 0.85;
            };
            if (TextNormalizer.key(match.name()).length() <= 3) {
                confidence -= 0.1;
            }
            if (match.start() == leadingOffset) {
                confidence += 0.05;
            }
            confidence = round(confidence * ambiguity);
            candidates.add(new Candidate(match.brand().name(), confidence, List.of(NAME)));
            Map<String, Object> span = span(match.brand().name(), match.span(), match.start(), match.end(),
                    match.source());
            span.put("matched", match.name());
            if ("learnt".equals(match.source())) {
                span.put("alias_precision", match.precision());
            }
            spans.add(span);
        }
        if (candidates.size() > 5) {
            candidates = candidates.subList(0, 5);
        }
        return AgentResult.answer(NAME, candidates, Map.of("matches", spans));
    }

    /** A registry brand misspelt in the title: confidence 0.85 times the similarity. */
    private static AgentResult fuzzy(BrandMatcher.FuzzyMatch match) {
        Map<String, Object> span = span(match.brand().name(), match.span(), match.start(), match.end(), "fuzzy");
        span.put("matched", match.name());
        span.put("edit_distance", match.distance());
        span.put("similarity", match.similarity());
        double confidence = round(0.85 * match.similarity());
        return AgentResult.answer(NAME, List.of(new Candidate(match.brand().name(), confidence, List.of(NAME))),
                Map.of("matches", List.of(span)));
    }

    /** No registry brand in the title: the statistical tagger's span, if it finds one, named as the registry names it. */
    private AgentResult tagged(BrandRegistry registry, String title, List<Token> tokens) {
        Optional<SpanTagger> current = tagger.get();
        Optional<SpanTagger.Tag> tag = current.flatMap(t -> t.tag(title, tokens));
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

    private static int firstWordOffset(String title) {
        for (int i = 0; i < title.length(); ) {
            int cp = title.codePointAt(i);
            if (TextNormalizer.isWordChar(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return 0;
    }

    static double round(double value) {
        return Math.round(Math.max(0, Math.min(1, value)) * 1000) / 1000.0;
    }
}
