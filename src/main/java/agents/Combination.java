package agents;

import inference.AgentResult;
import inference.AgentStatus;
import inference.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import text.TextNormalizer;

/**
 * How the NER and RAG agents' answers combine, learnt from the catalogue: a logistic regression that gives each brand
 * either agent proposed the probability that it is the title's brand, from what each agent said of it and how.
 *
 * <p>Its features ({@link #features}) treat the evidence for what it is: each agent's calibrated confidence in the
 * brand (as log-odds) and whether it is that agent's first answer; how NER found it (a registry name or alias, a near
 * miss or transliteration, or the tagger's span, naming a registry brand or not) and whether its span leads the title,
 * or only the Thai product noun that leads it comes before it (NER's evidence, {@code leads}); and the rival answers
 * (the confidence of each agent's first answer when it is another brand, NER's apart for a registry name and for a span
 * of its tagger), with the tagger's unknown span against RAG's rival apart, because RAG votes among catalogue products
 * and so can never propose a brand the catalogue does not hold; whether RAG's neighbours write the tagger's span in
 * their titles (a word of the catalogue rather than a brand it lacks); how many of the neighbours that make RAG's
 * first brand write that brand in their titles when NER does not find it in this one, on RAG's first brand and on its
 * rivals (where a catalogue's titles write their brand, a title that does not write RAG's is less likely of that brand;
 * where they leave it unwritten, this says nothing); and how near the nearest of those neighbours is, on RAG's first
 * brand and on its rivals (RAG's calibrated confidence does not say whether its vote came from near neighbours or
 * from a catalogue with nothing like the title). Examples may weigh more than one ({@link
 * Example#weight}: those standing for others left out). It is fitted after each load on held-out catalogue titles
 * ({@code services.CombinationService}): the answers NER gives with a registry built without the title's fold, and RAG
 * gives among every other product; for brands the catalogue lacks, the answers both give without any product of the
 * brand. So the probability it reports is calibrated as the agents' own confidences are: measured on the user's
 * catalogue, with its unseen brands.
 */
public final class Combination {

    /** The name its combined answer goes by among the agents' (its candidates name the agents that proposed them). */
    public static final String NAME = "ner+rag";

    static final String[] FEATURES = {"bias", "ner_log_odds", "ner_proposed", "rag_log_odds", "rag_proposed",
        "ner_first", "rag_first", "ner_registry", "ner_near_miss", "ner_tagger_known", "ner_tagger_unknown",
        "ner_rival", "rag_rival", "both_proposed", "tagger_unknown_vs_rag_rival", "ner_tagger_rival",
        "ner_leading_span", "tagger_span_in_neighbours", "rag_first_vs_tagger_span_in_neighbours",
        "rag_first_unwritten", "rag_rival_unwritten", "rag_first_similarity", "rag_rival_similarity"};
    /** L2 penalty on every weight but the bias (a tenth of it on {@link #UNKNOWN_SPAN_FEATURES}). */
    private static final double L2 = 1.0;
    /**
     * What the tagger's span naming no catalogue brand (the evidence of a brand the catalogue lacks) and RAG's rival
     * against it say. Few held-out titles hold such a span (20 of 1,855 on a 2,925-product English catalogue), so the
     * common penalty, against so few, flattened how much RAG's rival counts against it, though RAG can never propose the
     * brand such a span names. They get a tenth of it.
     */
    static final Set<String> UNKNOWN_SPAN_FEATURES = Set.of("ner_tagger_unknown", "tagger_unknown_vs_rag_rival");
    private static final double L2_UNKNOWN_SPAN = 0.1;
    /** Each feature's penalty: none for the bias. */
    private static final double[] PENALTIES = new double[FEATURES.length];

    static {
        for (int i = 1; i < FEATURES.length; i++) {
            PENALTIES[i] = UNKNOWN_SPAN_FEATURES.contains(FEATURES[i]) ? L2_UNKNOWN_SPAN : L2;
        }
    }
    private static final int ITERATIONS = 30;

    /**
     * One held-out catalogue title (its text, when known): the two agents' answers and its labelled brand;
     * {@code weight}: how many titles it stands for.
     */
    public record Example(String title, AgentResult ner, AgentResult rag, String brand, double weight) {

        public Example(AgentResult ner, AgentResult rag, String brand, double weight) {
            this(null, ner, rag, brand, weight);
        }

        public Example(AgentResult ner, AgentResult rag, String brand) {
            this(ner, rag, brand, 1);
        }

        public String brandKey() {
            return TextNormalizer.key(brand);
        }

        /**
         * Whether the brand with key {@code key} (named {@code name}) is this title's: its labelled brand, or, for a span
         * of the tagger that names no catalogue brand, the labelled brand named to another extent
         * ({@link TextNormalizer#otherExtent}): which words a brand the catalogue lacks is named by, no catalogue
         * can tell.
         */
        boolean isBrand(String key, String name, Answers answers) {
            return key.equals(brandKey()) || answers.unknownSpan(key) && TextNormalizer.otherExtent(name, brand);
        }
    }

    /**
     * What the fit saw (for health and the log): held-out titles, those with a brand proposed, the precision and log-loss
     * of the first-ranked brand, and per kind of first-ranked brand (how NER found it, or {@code rag_only}) how many
     * titles, their mean probability and the share that was right: the two agree where the fit is calibrated. Shares
     * and means weigh each title as the fit does ({@link Example#weight}).
     */
    public record Info(int titles, int answered, double precision, double logLoss, Map<String, Group> byEvidence) {
    }

    /** One kind of first-ranked brand on the held-out titles. */
    public record Group(int titles, double meanProbability, double precision) {
    }

    private final double[] weights;
    private final Info info;

    private Combination(double[] weights, Info info) {
        this.weights = weights;
        this.info = info;
    }

    public Info info() {
        return info;
    }

    /** The weights by feature name (for health). */
    public Map<String, Double> weights() {
        Map<String, Double> named = new LinkedHashMap<>();
        for (int i = 0; i < FEATURES.length; i++) {
            named.put(FEATURES[i], Math.round(weights[i] * 1000) / 1000.0);
        }
        return named;
    }

    /**
     * Fits the weights on held-out examples: one row per brand either agent proposed for a title, labelled by whether it
     * is the title's brand (Newton's method on the L2-penalised log-likelihood). Precision and log-loss are those of the
     * first-ranked brand on the same examples.
     */
    public static Combination fit(List<Example> examples) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<Double> rowWeights = new ArrayList<>();
        for (Example example : examples) {
            Answers answers = Answers.of(example.ner(), example.rag());
            for (Map.Entry<String, Candidate> proposed : answers.proposed().entrySet()) {
                String key = proposed.getKey();
                rows.add(answers.features(key));
                labels.add(example.isBrand(key, proposed.getValue().brand(), answers));
                rowWeights.add(example.weight());
            }
        }
        int n = FEATURES.length;
        double[] w = new double[n];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] gradient = new double[n];
            double[][] hessian = new double[n][n];
            for (int r = 0; r < rows.size(); r++) {
                double[] x = rows.get(r);
                double p = sigmoid(dot(w, x));
                double weight = rowWeights.get(r);
                double error = weight * (p - (labels.get(r) ? 1 : 0));
                double curvature = weight * Math.max(p * (1 - p), 1e-9);
                for (int i = 0; i < n; i++) {
                    gradient[i] += error * x[i];
                    for (int j = 0; j < n; j++) {
                        hessian[i][j] += curvature * x[i] * x[j];
                    }
                }
            }
            for (int i = 1; i < n; i++) {
                gradient[i] += PENALTIES[i] * w[i];
                hessian[i][i] += PENALTIES[i];
            }
            hessian[0][0] += 1e-6;
            double[] step = solve(hessian, gradient);
            double largest = 0;
            for (int i = 0; i < n; i++) {
                w[i] -= step[i];
                largest = Math.max(largest, Math.abs(step[i]));
            }
            if (largest < 1e-6) {
                break;
            }
        }
        Combination fitted = new Combination(w, null);
        int answered = 0;
        double weighed = 0;
        double right = 0;
        double loss = 0;
        // kind -> {titles, weight, weighted sum of probabilities, weight right}
        Map<String, double[]> groups = new java.util.TreeMap<>();
        for (Example example : examples) {
            Answers answers = Answers.of(example.ner(), example.rag());
            List<Candidate> ranked = fitted.rank(answers);
            if (ranked.isEmpty()) {
                continue;
            }
            answered++;
            double weight = example.weight();
            weighed += weight;
            String top = TextNormalizer.key(ranked.get(0).brand());
            boolean ok = example.isBrand(top, ranked.get(0).brand(), answers);
            right += ok ? weight : 0;
            double p = Math.min(1 - 1e-6, Math.max(1e-6, ranked.get(0).confidence()));
            loss -= weight * Math.log(ok ? p : 1 - p);
            String kind = ranked.get(0).agents().contains(NerAgent.NAME) ? howNerFound(example.ner(), top) : "rag_only";
            double[] group = groups.computeIfAbsent(kind, k -> new double[4]);
            group[0]++;
            group[1] += weight;
            group[2] += weight * ranked.get(0).confidence();
            group[3] += ok ? weight : 0;
        }
        Map<String, Group> byEvidence = new LinkedHashMap<>();
        groups.forEach((kind, g) -> byEvidence.put(kind, new Group((int) g[0], NerAgent.round(g[2] / g[1]),
                NerAgent.round(g[3] / g[1]))));
        return new Combination(w, new Info(examples.size(), answered, weighed == 0 ? 0 : right / weighed,
                weighed == 0 ? 0 : loss / weighed, byEvidence));
    }

    /** Whether it applies to these results: NER and RAG both answered (status ok). */
    static boolean applies(AgentResult ner, AgentResult rag) {
        return ner != null && rag != null && ner.status() == AgentStatus.OK && rag.status() == AgentStatus.OK;
    }

    /**
     * The brands NER or RAG proposed, ranked by the probability that each is the title's brand (at most five); named as
     * the first agent to propose it names it, with the agents that proposed it.
     */
    public List<Candidate> rank(AgentResult ner, AgentResult rag) {
        return rank(Answers.of(ner, rag));
    }

    private List<Candidate> rank(Answers answers) {
        List<Candidate> ranked = new ArrayList<>();
        answers.proposed().forEach((key, candidate) -> ranked.add(new Candidate(candidate.brand(),
                NerAgent.round(sigmoid(dot(weights, answers.features(key)))), candidate.agents())));
        ranked.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
        return ranked.size() > 5 ? new ArrayList<>(ranked.subList(0, 5)) : ranked;
    }

    /**
     * What the two answers say of one title, read from them once: each brand's confidence from each agent (by key), the
     * span NER gives each brand in its evidence, each agent's first answer, and whether RAG's neighbours write NER's first
     * span when its tagger found it.
     */
    private record Answers(AgentResult ner, AgentResult rag, Map<String, Candidate> proposed,
                           Map<String, Double> nerConfidences, Map<String, Double> ragConfidences,
                           Map<String, Map<?, ?>> nerSpans, String nerFirst, String ragFirst, boolean nerFirstTagged,
                           double sharedWithNeighbours, double ragFirstUnwritten, double ragFirstSimilarity) {

        static Answers of(AgentResult ner, AgentResult rag) {
            Map<String, Candidate> proposed = new LinkedHashMap<>();
            Map<String, Double> nerConfidences = confidences(ner, proposed);
            Map<String, Double> ragConfidences = confidences(rag, proposed);
            Map<String, Map<?, ?>> nerSpans = spans(ner);
            String nerFirst = ner.brand() == null ? null : TextNormalizer.key(ner.brand());
            String ragFirst = rag.brand() == null ? null : TextNormalizer.key(rag.brand());
            boolean nerFirstTagged = nerFirst != null && how(nerSpans.get(nerFirst)).startsWith("tagger");
            double shared = nerFirstTagged ? spanInNeighbours(nerSpans.get(nerFirst), rag) : 0;
            Support support = Support.of(rag, ragFirst);
            // RAG's first brand, which NER does not find in the title, written in its neighbours' titles
            double unwritten = nerConfidences.containsKey(ragFirst) ? 0 : support.written();
            return new Answers(ner, rag, proposed, nerConfidences, ragConfidences, nerSpans, nerFirst, ragFirst,
                    nerFirstTagged, shared, unwritten, support.nearest());
        }

        /** Whether NER proposed the brand with key {@code key} as a span of its tagger naming no catalogue brand. */
        boolean unknownSpan(String key) {
            return nerConfidences.containsKey(key) && how(nerSpans.get(key)).equals("tagger_unknown");
        }

        /** The features of the brand with key {@code key}: see the class comment. */
        double[] features(String key) {
            double[] x = new double[FEATURES.length];
            x[0] = 1;
            Double nerConfidence = nerConfidences.get(key);
            Double ragConfidence = ragConfidences.get(key);
            if (nerConfidence != null) {
                x[1] = logOdds(nerConfidence);
                x[2] = 1;
            }
            if (ragConfidence != null) {
                x[3] = logOdds(ragConfidence);
                x[4] = 1;
            }
            boolean isNerFirst = key.equals(nerFirst);
            boolean isRagFirst = key.equals(ragFirst);
            x[5] = isNerFirst ? 1 : 0;
            x[6] = isRagFirst ? 1 : 0;
            String how = nerConfidence != null ? how(nerSpans.get(key)) : "";
            x[7] = how.equals("registry") ? 1 : 0;
            x[8] = how.equals("near_miss") ? 1 : 0;
            x[9] = how.equals("tagger_known") ? 1 : 0;
            x[10] = how.equals("tagger_unknown") ? 1 : 0;
            // NER's rival answer weighs by how it was found: a registry name written in the title, or a span of the tagger
            double nerRival = nerFirst != null && !isNerFirst ? ner.confidence() : 0;
            x[11] = nerFirstTagged ? 0 : nerRival;
            x[12] = ragFirst != null && !isRagFirst ? rag.confidence() : 0;
            x[13] = nerConfidence != null && ragConfidence != null ? 1 : 0;
            x[14] = x[10] * x[12];
            x[15] = nerFirstTagged ? nerRival : 0;
            x[16] = nerConfidence != null && leading(nerSpans.get(key)) ? 1 : 0;
            // NER's first answer a span of its tagger that RAG's neighbours write too: a word of the catalogue's titles
            // (a product word, or a line of the neighbours' brand) rather than a brand the catalogue lacks
            x[17] = isNerFirst ? sharedWithNeighbours : 0;
            x[18] = isRagFirst && !isNerFirst ? sharedWithNeighbours : 0;
            x[19] = isRagFirst ? ragFirstUnwritten : 0;
            x[20] = isRagFirst ? 0 : x[12] * ragFirstUnwritten;
            x[21] = isRagFirst ? ragFirstSimilarity : 0;
            x[22] = isRagFirst ? 0 : x[12] * ragFirstSimilarity;
            return x;
        }

        /** Brand key -> confidence of {@code result}'s candidates (the first of a key counts), noting each in proposed. */
        private static Map<String, Double> confidences(AgentResult result, Map<String, Candidate> proposed) {
            Map<String, Double> confidences = new HashMap<>();
            for (Candidate candidate : result.candidates()) {
                String key = TextNormalizer.key(candidate.brand());
                if (key.isEmpty()) {
                    continue;
                }
                confidences.putIfAbsent(key, candidate.confidence());
                Candidate known = proposed.get(key);
                Set<String> agents = new LinkedHashSet<>(known == null ? List.of() : known.agents());
                agents.add(result.agent());
                proposed.put(key, new Candidate(known == null ? candidate.brand() : known.brand(), 0,
                        new ArrayList<>(agents)));
            }
            return confidences;
        }
    }

    /** Brand key -> the first span NER's evidence gives that brand. */
    private static Map<String, Map<?, ?>> spans(AgentResult ner) {
        Map<String, Map<?, ?>> byKey = new HashMap<>();
        Object matches = ner.evidence() == null ? null : ner.evidence().get("matches");
        if (matches instanceof List<?> spans) {
            for (Object item : spans) {
                if (item instanceof Map<?, ?> span) {
                    byKey.putIfAbsent(TextNormalizer.key(String.valueOf(span.get("brand"))), span);
                }
            }
        }
        return byKey;
    }

    /** The share of RAG's neighbours whose titles write NER's first span (0 when there are none). */
    static double spanInNeighbours(AgentResult ner, AgentResult rag) {
        return ner.brand() == null ? 0 : spanInNeighbours(spans(ner).get(TextNormalizer.key(ner.brand())), rag);
    }

    private static double spanInNeighbours(Map<?, ?> nerSpan, AgentResult rag) {
        Object neighbours = rag.evidence() == null ? null : rag.evidence().get("neighbours");
        if (nerSpan == null || !(neighbours instanceof List<?> near) || near.isEmpty()) {
            return 0;
        }
        String span = TextNormalizer.key(String.valueOf(nerSpan.get("span")));
        if (span.isEmpty()) {
            return 0;
        }
        int writing = 0;
        for (Object item : near) {
            if (item instanceof Map<?, ?> neighbour
                    && TextNormalizer.key(String.valueOf(neighbour.get("product_name"))).contains(span)) {
                writing++;
            }
        }
        return (double) writing / near.size();
    }

    /**
     * What RAG's neighbours of one brand say of it: the share whose titles write it (by any name the registry knows it
     * by: their evidence's {@code brand_written}) and the highest similarity among them; both 0 when none is of it.
     */
    private record Support(double written, double nearest) {

        static final Support NONE = new Support(0, 0);

        static Support of(AgentResult rag, String key) {
            Object neighbours = rag.evidence() == null ? null : rag.evidence().get("neighbours");
            if (key == null || !(neighbours instanceof List<?> near)) {
                return NONE;
            }
            int of = 0;
            int writing = 0;
            double nearest = 0;
            for (Object item : near) {
                if (item instanceof Map<?, ?> neighbour
                        && TextNormalizer.key(String.valueOf(neighbour.get("brand"))).equals(key)) {
                    of++;
                    writing += Boolean.TRUE.equals(neighbour.get("brand_written")) ? 1 : 0;
                    if (neighbour.get("similarity") instanceof Number similarity) {
                        nearest = Math.max(nearest, similarity.doubleValue());
                    }
                }
            }
            return of == 0 ? NONE : new Support((double) writing / of, nearest);
        }
    }

    /**
     * Whether NER's span leads the title (retail titles lead with the brand), or follows only the Thai product noun that
     * leads it (its evidence's {@code leads}; a NER agent of an earlier version gives only its start).
     */
    private static boolean leading(Map<?, ?> nerSpan) {
        if (nerSpan == null) {
            return false;
        }
        if (nerSpan.get("leads") instanceof Boolean leads) {
            return leads;
        }
        return nerSpan.get("start") instanceof Number start && start.intValue() == 0;
    }

    /**
     * How NER found the brand, from its evidence: {@code registry} (a name or alias of a registry brand written in the
     * title, or a product line), {@code near_miss} (a misspelling or transliteration of one), {@code tagger_known} /
     * {@code tagger_unknown} (the tagger's span, naming a registry brand or not).
     */
    static String howNerFound(AgentResult ner, String key) {
        return how(spans(ner).get(key));
    }

    /** The keys of the brands NER proposed as spans of its tagger naming no catalogue brand. */
    static Set<String> unknownSpans(AgentResult ner) {
        Set<String> keys = new java.util.HashSet<>();
        spans(ner).forEach((key, span) -> {
            if (how(span).equals("tagger_unknown")) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** Whether any brand of NER's answer was found by its tagger. */
    public static boolean taggerFound(AgentResult ner) {
        return spans(ner).values().stream().anyMatch(span -> how(span).startsWith("tagger"));
    }

    private static String how(Map<?, ?> nerSpan) {
        if (nerSpan == null) {
            return "registry";
        }
        return switch (String.valueOf(nerSpan.get("match_type"))) {
            case "fuzzy", "transliterated" -> "near_miss";
            case "tagger", "transformer" -> nerSpan.containsKey("matched") ? "tagger_known" : "tagger_unknown";
            default -> "registry";
        };
    }

    private static double logOdds(double confidence) {
        double p = Math.max(0.01, Math.min(0.99, confidence));
        return Math.log(p / (1 - p));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double dot(double[] w, double[] x) {
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i] * x[i];
        }
        return sum;
    }

    /** Solves {@code a * x = b} by Gaussian elimination with partial pivoting ({@code a} is positive definite here). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int row = col + 1; row < n; row++) {
                double factor = m[row][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[row][k] -= factor * m[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = m[row][n];
            for (int k = row + 1; k < n; k++) {
                sum -= m[row][k] * x[k];
            }
            x[row] = sum / m[row][row];
        }
        return x;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Combination[fitted on %d titles, precision %.3f]",
                info == null ? 0 : info.titles(), info == null ? 0 : info.precision());
    }
}
