package agents;

import inference.AgentRequest;
import inference.AgentResult;
import inference.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import knowledge.BrandRegistry;
import knowledge.KnowledgeBase;
import knowledge.Neighbour;
import text.TextNormalizer;

/**
 * RAG v1: the {@code k} catalogue products nearest to the title (of the request's category, when it names one) vote for
 * their brands.
 *
 * <p>Neighbours under {@code minSimilarity} do not vote; with none left there is no answer. Each remaining neighbour
 * votes with its similarity; a brand's share is its votes over all votes, and its confidence is the geometric mean of
 * that share and the similarity of its closest neighbour, {@code sqrt(share * best)}: a brand must both win the vote and
 * have a product close to the title. (Measured on Thai/mixed and English titles, this is far better calibrated than the
 * plain product: expected calibration error 0.11 against 0.27; docs/EVALUATION.md.)
 *
 * <p>That raw confidence is then calibrated on the catalogue itself ({@link #calibrate}): each title of a sample asks for
 * its neighbours with itself left out, and how often the top brand was the title's own brand, per raw-confidence bin,
 * becomes the confidence reported ({@link Calibration}). So the agent is as sure as it was on the user's own catalogue,
 * not as a fixed formula says: on catalogues whose titles rarely share their brand's words it reports low confidence.
 */
public final class RagAgent {

    public static final String NAME = "rag";

    private final KnowledgeBase knowledgeBase;
    private final int k;
    private final double minSimilarity;
    private volatile Calibration calibration = Calibration.identity();
    private volatile boolean calibrated;
    private volatile double measuredPrecision;

    public RagAgent(KnowledgeBase knowledgeBase, int k, double minSimilarity) {
        if (k < 1) {
            throw new IllegalArgumentException("rag k must be at least 1, got " + k);
        }
        this.knowledgeBase = knowledgeBase;
        this.k = k;
        this.minSimilarity = minSimilarity;
    }

    public AgentResult infer(AgentRequest request) {
        return vote(knowledgeBase.nearest(request.productName(), k, request.category()),
                calibrated ? calibration : null, request.category());
    }

    /**
     * The answer for a catalogue title as if the products {@code leftOut} accepts were not in the catalogue (the title
     * itself among them), with the confidence calibrated as {@link #infer}'s: what the learnt combination is fitted on.
     * It searches {@code k + leftOutAtMost + 3} neighbours, so that {@code k} remain when at most that many of the
     * nearest are left out.
     */
    public AgentResult inferWithout(String title, java.util.function.Predicate<Neighbour> leftOut, int leftOutAtMost) {
        List<Neighbour> neighbours = knowledgeBase.nearest(title, k + leftOutAtMost + 3).stream()
                .filter(n -> !leftOut.test(n)).limit(k).toList();
        return vote(neighbours, calibrated ? calibration : null, null);
    }

    /**
     * The neighbours' vote; confidences calibrated by {@code calibration} when given, raw when null; {@code category}
     * (when searched in) is shown in the evidence.
     */
    private AgentResult vote(List<Neighbour> neighbours, Calibration calibration, String category) {
        BrandRegistry registry = knowledgeBase.registry();
        Map<String, double[]> votes = new LinkedHashMap<>(); // brand -> {sum of similarities, best similarity}
        double total = 0;
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (Neighbour neighbour : neighbours) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("product_name", neighbour.productName());
            item.put("brand", neighbour.brand());
            item.put("similarity", NerAgent.round(neighbour.similarity()));
            item.put("brand_written", writesItsBrand(registry, neighbour));
            evidence.add(item);
            if (neighbour.similarity() < minSimilarity) {
                continue;
            }
            String brand = registry.canonical(neighbour.brand());
            double[] vote = votes.computeIfAbsent(brand, b -> new double[2]);
            vote[0] += neighbour.similarity();
            vote[1] = Math.max(vote[1], neighbour.similarity());
            total += neighbour.similarity();
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, double[]> vote : votes.entrySet()) {
            double confidence = Math.sqrt(vote.getValue()[0] / total * vote.getValue()[1]);
            candidates.add(new Candidate(vote.getKey(), confidence, List.of(NAME)));
        }
        candidates.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
        candidates = candidates.stream().map(c -> new Candidate(c.brand(), NerAgent.round(
                calibration == null ? c.confidence() : calibration.confidence(c.confidence())), c.agents())).toList();
        if (candidates.size() > 5) {
            candidates = candidates.subList(0, 5);
        }
        Map<String, Object> evidenceMap = new LinkedHashMap<>();
        evidenceMap.put("neighbours", evidence);
        evidenceMap.put("min_similarity", minSimilarity);
        if (category != null) {
            evidenceMap.put("category", category);
        }
        return AgentResult.answer(NAME, candidates, evidenceMap);
    }

    /**
     * Whether the neighbour's title writes its brand: the brand's name or one of the names the registry knows it by
     * (its aliases in any script, a product line), as the NER agent would find it.
     */
    static boolean writesItsBrand(BrandRegistry registry, Neighbour neighbour) {
        String title = TextNormalizer.key(neighbour.productName());
        for (String name : registry.nameKeys(neighbour.brand())) {
            if (title.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Calibrates the confidence on catalogue titles, each asking for its neighbours without itself (neighbours with the
     * very same title are left out).
     */
    public void calibrate(List<KnowledgeBase.LabelledTitle> titles) {
        Calibration.Builder builder = Calibration.builder();
        int answered = 0;
        int right = 0;
        for (KnowledgeBase.LabelledTitle title : titles) {
            List<Neighbour> neighbours = knowledgeBase.nearest(title.title(), k + 3).stream()
                    .filter(n -> !n.productName().equals(title.title())).limit(k).toList();
            AgentResult result = vote(neighbours, null, null);
            if (result.brand() == null) {
                continue;
            }
            boolean ok = text.TextNormalizer.key(result.brand()).equals(text.TextNormalizer.key(title.brand()));
            builder.add(result.confidence(), ok);
            answered++;
            right += ok ? 1 : 0;
        }
        calibration = builder.build();
        measuredPrecision = answered == 0 ? 0 : (double) right / answered;
        calibrated = answered > 0;
    }

    /** What health shows of the calibration. */
    public Map<String, Object> calibrationStatus() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("calibrated", calibrated);
        status.put("measured_on", calibration.measuredOn());
        status.put("precision", NerAgent.round(measuredPrecision));
        return status;
    }
}
