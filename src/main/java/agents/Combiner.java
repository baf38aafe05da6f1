package agents;

import inference.AgentResult;
import inference.AgentStatus;
import inference.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import text.TextNormalizer;

/**
 * Combines the answers of several agents into ranked candidates; used by the orchestrator and by the hybrid pipeline.
 *
 * <p>The rule: only agents with status ok count. A brand's support is a noisy-OR over the agents that proposed it,
 * {@code 1 - prod(1 - weight_a * confidence_a)}, so two agents agreeing at 0.7 give 0.91 and agreement always raises
 * confidence. A brand is then discounted by disagreement: multiplied by {@code 1 - penalty * r}, where {@code r} is the
 * highest confidence of any agent whose own best answer is another brand. RAG's answer does not count against a span of
 * NER's tagger that names no catalogue brand: RAG votes among catalogue products, so it can never propose such a brand,
 * and its rival answer says nothing about it. Candidates are ranked by the result; the answer is the first one if it
 * reaches {@code minConfidence}, otherwise null.
 *
 * <p>Once a {@link Combination} has been learnt from the catalogue, the answers of NER and RAG (when both answered) are
 * combined by it instead, into one answer whose confidences it measured on held-out titles; answers of other agents (the
 * LLM) are then combined with that one by the rule above.
 */
public final class Combiner {

    /** The combined view: the answer (or null), its confidence and at most five ranked candidates. */
    public record Combined(String brand, double confidence, List<Candidate> candidates) {
    }

    private final Map<String, Double> weights;
    private final double disagreementPenalty;
    private final double minConfidence;
    private final Supplier<Combination> learnt;

    public Combiner(Map<String, Double> weights, double disagreementPenalty, double minConfidence) {
        this(weights, disagreementPenalty, minConfidence, () -> null);
    }

    /** With the combination learnt from the catalogue ({@code learnt} gives null while there is none). */
    public Combiner(Map<String, Double> weights, double disagreementPenalty, double minConfidence,
                    Supplier<Combination> learnt) {
        this.weights = Map.copyOf(weights);
        this.disagreementPenalty = disagreementPenalty;
        this.minConfidence = minConfidence;
        this.learnt = learnt;
    }

    public Combined combine(List<AgentResult> results) {
        return rule(withLearnt(results));
    }

    /**
     * {@code results} with NER's and RAG's answers replaced by the learnt combination's, when there is one and both
     * answered.
     */
    private List<AgentResult> withLearnt(List<AgentResult> results) {
        Combination combination = learnt.get();
        if (combination == null) {
            return results;
        }
        AgentResult ner = null;
        AgentResult rag = null;
        for (AgentResult result : results) {
            if (NerAgent.NAME.equals(result.agent())) {
                ner = result;
            } else if (RagAgent.NAME.equals(result.agent())) {
                rag = result;
            }
        }
        if (!Combination.applies(ner, rag)) {
            return results;
        }
        List<AgentResult> combined = new ArrayList<>(results.size() - 1);
        combined.add(AgentResult.answer(Combination.NAME, combination.rank(ner, rag), Map.of()));
        for (AgentResult result : results) {
            if (result != ner && result != rag) {
                combined.add(result);
            }
        }
        return combined;
    }

    private Combined rule(List<AgentResult> results) {
        Map<String, Double> miss = new LinkedHashMap<>(); // brand -> prod(1 - w*c)
        Map<String, Set<String>> proposers = new LinkedHashMap<>();
        List<AgentResult> answered = results.stream()
                .filter(r -> r.status() == AgentStatus.OK && r.brand() != null).toList();
        for (AgentResult result : answered) {
            double weight = weights.getOrDefault(result.agent(), 1.0);
            for (Candidate candidate : result.candidates()) {
                double c = Math.max(0, Math.min(1, weight * candidate.confidence()));
                miss.merge(candidate.brand(), 1 - c, (a, b) -> a * b);
                proposers.computeIfAbsent(candidate.brand(), b -> new LinkedHashSet<>()).addAll(
                        candidate.agents().isEmpty() ? List.of(result.agent()) : candidate.agents());
            }
        }
        Set<String> unknownSpans = answered.stream().filter(r -> NerAgent.NAME.equals(r.agent())).findFirst()
                .map(Combination::unknownSpans).orElse(Set.of());
        List<Candidate> ranked = new ArrayList<>();
        for (Map.Entry<String, Double> entry : miss.entrySet()) {
            String brand = entry.getKey();
            boolean unknownSpan = unknownSpans.contains(TextNormalizer.key(brand));
            double rival = 0;
            for (AgentResult result : answered) {
                if (!result.brand().equals(brand) && !(unknownSpan && RagAgent.NAME.equals(result.agent()))) {
                    rival = Math.max(rival, weights.getOrDefault(result.agent(), 1.0) * result.confidence());
                }
            }
            double confidence = (1 - entry.getValue()) * (1 - disagreementPenalty * Math.min(1, rival));
            ranked.add(new Candidate(brand, NerAgent.round(confidence), new ArrayList<>(proposers.get(brand))));
        }
        ranked.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
        if (ranked.size() > 5) {
            ranked = ranked.subList(0, 5);
        }
        Candidate best = ranked.isEmpty() ? null : ranked.get(0);
        if (best == null || best.confidence() < minConfidence) {
            return new Combined(null, best == null ? 0 : best.confidence(), ranked);
        }
        return new Combined(best.brand(), best.confidence(), ranked);
    }
}
