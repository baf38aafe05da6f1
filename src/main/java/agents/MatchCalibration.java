package agents;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The confidence of the NER agent's registry answers, measured on the catalogue: for each class of answer (how the brand
 * was found, whether it leads the title, whether its name is short, whether several brands were found; see
 * {@link NerAgent}) the share of held-out catalogue titles on which such an answer was the title's brand. A class measured
 * on few titles leans on the agent's prior rule: {@code (right + 10 * prior) / (answers + 10)}.
 */
public final class MatchCalibration {

    private static final double PRIOR_WEIGHT = 10;

    private final Map<String, int[]> counts;
    private final int measuredOn;

    private MatchCalibration(Map<String, int[]> counts, int measuredOn) {
        this.counts = counts;
        this.measuredOn = measuredOn;
    }

    /** Not measured: every answer keeps its prior confidence. */
    public static MatchCalibration none() {
        return new MatchCalibration(Map.of(), 0);
    }

    /** Collects held-out answers by class. */
    public static final class Builder {
        private final Map<String, int[]> counts = new TreeMap<>();
        private int titles;

        public void title() {
            titles++;
        }

        public void answer(String matchClass, boolean right) {
            int[] count = counts.computeIfAbsent(matchClass, c -> new int[2]);
            count[0]++;
            count[1] += right ? 1 : 0;
        }

        public MatchCalibration build() {
            return new MatchCalibration(Map.copyOf(counts), titles);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The confidence of an answer of {@code matchClass} whose prior confidence is {@code prior}. */
    public double confidence(String matchClass, double prior) {
        int[] count = counts.get(matchClass);
        if (count == null) {
            return prior;
        }
        return (count[1] + PRIOR_WEIGHT * prior) / (count[0] + PRIOR_WEIGHT);
    }

    /** How many held-out titles it was measured on (0: not measured). */
    public int measuredOn() {
        return measuredOn;
    }

    /** Per class: answers measured and their precision (for health). */
    public Map<String, Object> summary() {
        Map<String, Object> classes = new LinkedHashMap<>();
        new TreeMap<>(counts).forEach((matchClass, count) -> classes.put(matchClass, Map.of("answers", count[0],
                "precision", Math.round(1000.0 * count[1] / count[0]) / 1000.0)));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("measured_on", measuredOn);
        summary.put("classes", classes);
        return summary;
    }
}
