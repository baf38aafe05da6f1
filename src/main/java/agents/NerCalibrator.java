package agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import knowledge.BrandRegistry;
import knowledge.ProductLines;
import knowledge.KnowledgeBase.LabelledTitle;
import text.TextNormalizer;

/**
 * Measures the NER agent's registry answers on catalogue titles it did not learn from: the titles are split in
 * {@code folds} by a hash of the title; for each fold, the registry that the other folds alone would give (their brands,
 * aliases and merges) answers the fold's titles, and each answer is counted right or wrong by its class. So a brand
 * found only in the held-out fold is unseen there, as a brand missing from the catalogue is at query time. An answer is
 * right when its key is the key of the title's labelled brand.
 */
public final class NerCalibrator {

    private NerCalibrator() {
    }

    /** {@code lines}: the product lines the NER agent answers from, measured as the classes {@code line|...}. */
    public static MatchCalibration measure(List<LabelledTitle> titles,
                                           Function<List<LabelledTitle>, BrandRegistry> registryOf,
                                           ProductLines lines, int folds) {
        MatchCalibration.Builder builder = MatchCalibration.builder();
        for (int fold = 0; fold < folds; fold++) {
            List<LabelledTitle> training = new ArrayList<>();
            List<LabelledTitle> heldOut = new ArrayList<>();
            for (LabelledTitle title : titles) {
                (Math.floorMod(title.title().hashCode(), folds) == fold ? heldOut : training).add(title);
            }
            if (training.isEmpty() || heldOut.isEmpty()) {
                continue;
            }
            BrandRegistry registry = registryOf.apply(training);
            for (LabelledTitle title : heldOut) {
                builder.title();
                Optional<NerAgent.RegistryAnswer> answer = NerAgent.registryAnswer(registry, lines,
                        title.title());
                answer.ifPresent(a -> builder.answer(a.matchClass(),
                        TextNormalizer.key(a.brand()).equals(TextNormalizer.key(title.brand()))));
            }
        }
        return builder.build();
    }
}
