package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * A neural sentence embedder for RAG (embedding.*); without a model, the character n-gram embedder alone.
 *
 * @param model       the ONNX model
 * @param ngramWeight its combination with the n-gram embedder: the n-grams' weight (0: the model alone; 1: n-grams
 *                    alone, the model not loaded)
 */
@ConfigurationProperties("embedding")
@Validated
public record EmbeddingSettings(@NotNull @Valid Model model, @DecimalMin("0") @DecimalMax("1") double ngramWeight) {

    /**
     * embedding.model.*.
     *
     * @param path      a directory with model.onnx and tokenizer.json (empty: none)
     * @param name      a model built into the jar (the minilm Maven profiles); not with path
     * @param maxTokens titles are cut at this many tokens
     * @param threads   onnxruntime threads per call
     */
    public record Model(String path, String name, @Positive int maxTokens, @Positive int threads) {

        public Model {
            path = path == null ? "" : path;
            name = name == null ? "" : name;
            if (!path.isBlank() && !name.isBlank()) {
                throw new IllegalStateException("set embedding.model.path or embedding.model.name, not both");
            }
        }

        /** Whether a model is configured. */
        public boolean configured() {
            return !path.isBlank() || !name.isBlank();
        }
    }
}
