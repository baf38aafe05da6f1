package settings;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * A token-classification transformer in place of the NER agent's tagger (ner.model.*).
 *
 * @param path              a directory with model.onnx, tokenizer.json and config.json (empty: the tagger)
 * @param entity            the entity type that is a brand (empty: the only one, or BRAND)
 * @param minScore          spans scoring under this are not brands
 * @param maxTokens         titles are cut at this many tokens
 * @param threads           onnxruntime threads per call
 * @param aggregation       how token labels become spans: simple (every sub-word labelled) or first (the first
 *                          sub-word of each word labelled, as Hugging Face's token-classification recipe trains)
 * @param calibrationTitles at most this many catalogue titles calibrate its scores
 */
@ConfigurationProperties("ner.model")
@Validated
public record NerModelSettings(String path, String entity, @DecimalMin("0") @DecimalMax("1") double minScore,
                               @Positive int maxTokens, @Positive int threads,
                               @Pattern(regexp = "simple|first", message = "must be simple or first") String aggregation,
                               @Positive int calibrationTitles) {

    public NerModelSettings {
        path = path == null ? "" : path;
        entity = entity == null ? "" : entity;
    }
}
