package agents;

import inference.AgentRequest;
import inference.AgentResult;
import inference.Candidate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import knowledge.Brand;
import knowledge.BrandMatcher;
import knowledge.BrandRegistry;
import text.TextNormalizer;

/**
 * The LLM agent's reading of a model's answer (the call itself is the Bedrock route's): the brand it named, mapped to
 * the registry's canonical name when it is a known name or alias, and checked against made-up brands. An answer is
 * grounded when the title writes it (normalised, any registry alias of it counting) or when an earlier agent proposed
 * it; otherwise its confidence is capped at {@code ungroundedCap} and the evidence says {@code grounded: false}.
 */
public final class LlmAgent {

    public static final String NAME = "llm";

    private final Supplier<BrandRegistry> registry;
    private final double ungroundedCap;

    /** @param registry the brand registry (an empty one where this process holds no knowledge base) */
    public LlmAgent(Supplier<BrandRegistry> registry, double ungroundedCap) {
        this.registry = registry;
        this.ungroundedCap = ungroundedCap;
    }

    /**
     * The agent's result for {@code request} from the model's answer text; {@code call} (model, tokens, stop reason)
     * goes into the evidence as it is.
     */
    public AgentResult read(AgentRequest request, String answerText, Map<String, Object> call) {
        Map<String, Object> evidence = new LinkedHashMap<>(call);
        LlmAnswer answer;
        try {
            answer = LlmAnswer.parse(answerText);
        } catch (LlmAnswer.Unreadable e) {
            evidence.put("unreadable", e.getMessage());
            return AgentResult.answer(NAME, List.of(), evidence);
        }
        evidence.put("answered", answer.brand());
        evidence.put("reason", answer.reason());
        if (answer.brand() == null) {
            return AgentResult.answer(NAME, List.of(), evidence);
        }
        BrandRegistry brands = registry.get();
        Optional<Brand> known = brands.find(answer.brand());
        String brand = known.map(Brand::name).orElse(answer.brand());
        boolean inTitle = writtenIn(request.productName(), answer.brand(), known, brands);
        boolean proposed = request.priorCandidates().stream().anyMatch(candidate ->
                TextNormalizer.key(brands.canonical(candidate.brand())).equals(TextNormalizer.key(brand)));
        boolean grounded = inTitle || proposed;
        evidence.put("known_brand", known.isPresent());
        evidence.put("in_title", inTitle);
        evidence.put("among_candidates", proposed);
        evidence.put("grounded", grounded);
        double confidence = grounded ? answer.confidence() : Math.min(answer.confidence(), ungroundedCap);
        return AgentResult.answer(NAME, List.of(new Candidate(brand, NerAgent.round(confidence), List.of(NAME))),
                evidence);
    }

    /**
     * Whether {@code title} writes the brand: its normalised form inside the title's on word boundaries, or (for a
     * registry brand) any of its names and aliases found by the registry's matcher.
     */
    static boolean writtenIn(String title, String answered, Optional<Brand> known, BrandRegistry brands) {
        String normalisedTitle = " " + TextNormalizer.normalize(title) + " ";
        String normalisedBrand = TextNormalizer.normalize(answered);
        if (!normalisedBrand.isEmpty() && contains(normalisedTitle, normalisedBrand)) {
            return true;
        }
        String key = TextNormalizer.key(answered);
        if (key.length() >= 4 && TextNormalizer.key(title).contains(key)) {
            return true; // written without its spaces or punctuation ("wondersmile", "WONDER-SMILE")
        }
        if (known.isEmpty()) {
            return false;
        }
        for (BrandMatcher.Match match : brands.matcher().find(title)) {
            if (match.brand().key().equals(known.get().key())) {
                return true;
            }
        }
        return false;
    }

    /** {@code part} in {@code text} not inside a longer Latin or digit run (Thai has no spaces between words). */
    private static boolean contains(String text, String part) {
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            boolean startOk = at == 0 || !latinOrDigit(text.charAt(at - 1)) || !latinOrDigit(part.charAt(0));
            int end = at + part.length();
            boolean endOk = end >= text.length() || !latinOrDigit(text.charAt(end))
                    || !latinOrDigit(part.charAt(part.length() - 1));
            if (startOk && endOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean latinOrDigit(char c) {
        return c < 0x250 && Character.isLetterOrDigit(c);
    }
}
