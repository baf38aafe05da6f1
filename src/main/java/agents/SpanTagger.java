package agents;

import java.util.List;
import java.util.Optional;
import text.Token;

/** A statistical model that finds the brand span of a title without the registry (for brands the registry lacks). */
public interface SpanTagger {

    /** A brand span found in a title: its text and character offsets, the model's raw score and its calibrated confidence. */
    record Tag(String text, int start, int end, double score, double confidence) {
    }

    /** The most likely brand span of {@code title} (its {@link text.TitleTokenizer} tokens given), if it finds one. */
    Optional<Tag> tag(String title, List<Token> tokens);

    /** How the span was found, as the NER evidence's {@code match_type} says it: {@code tagger} or {@code transformer}. */
    String kind();

    /** Which model: changes when it is retrained or replaced. */
    String version();

    /**
     * Whether the model may have learnt from this catalogue title of this brand (key): its answers on such titles say
     * nothing of how it does on titles it never saw. A model trained elsewhere learnt from none of them.
     */
    default boolean mayHaveLearnt(String title, String brandKey) {
        return false;
    }

    /** The share of catalogue titles {@link #mayHaveLearnt} says it did not learn from (1 for a model trained elsewhere). */
    default double heldOutShare() {
        return 1;
    }
}
