package agents;

import inference.AgentRequest;
import inference.AgentResult;
import inference.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import knowledge.BrandMatcher;
import knowledge.BrandRegistry;
import text.TextNormalizer;

/**
 * NER v1: finds the registry's brands and aliases written in the title.
 *
 * <p>Confidence of a match: 0.9 for the brand's own name or a spelling of it, 0.85 for an alias; minus 0.1 when its key
 * has three characters or fewer (short names collide with words and codes); plus 0.05 when it starts the title (retail
 * titles usually lead with the brand). When several brands are found, the first in the title leads and every brand's
 * confidence is multiplied by {@code 1 - 0.15 * (number of other brands found)}, at least by 0.5; the others are ranked
 * after it by position.
 */
public final class NerAgent {

    public static final String NAME = "ner";

    private final java.util.function.Supplier<BrandRegistry> registry;

    public NerAgent(java.util.function.Supplier<BrandRegistry> registry) {
        this.registry = registry;
    }

    public AgentResult infer(AgentRequest request) {
        String title = request.productName();
        List<BrandMatcher.Match> matches = registry.get().matcher().find(title);
        double ambiguity = Math.max(0.5, 1 - 0.15 * Math.max(0, matches.size() - 1));
        List<Candidate> candidates = new ArrayList<>();
        List<Map<String, Object>> spans = new ArrayList<>();
        int leadingOffset = firstWordOffset(title);
        for (BrandMatcher.Match match : matches) {
            double confidence = "name".equals(match.source()) || "spelling".equals(match.source()) ? 0.9 : 0.85;
            if (TextNormalizer.key(match.name()).length() <= 3) {
                confidence -= 0.1;
            }
            if (match.start() == leadingOffset) {
                confidence += 0.05;
            }
            confidence = round(confidence * ambiguity);
            candidates.add(new Candidate(match.brand().name(), confidence, List.of(NAME)));
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("brand", match.brand().name());
            span.put("span", match.span());
            span.put("start", match.start());
            span.put("end", match.end());
            span.put("matched", match.name());
            span.put("match_type", match.source());
            spans.add(span);
        }
        if (candidates.size() > 5) {
            candidates = candidates.subList(0, 5);
        }
        return AgentResult.answer(NAME, candidates, Map.of("matches", spans));
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
