package knowledge;

import ai.djl.huggingface.tokenizers.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import models.OnnxTransformer;

/**
 * Sentence embeddings from a Hugging Face sentence-transformer exported to ONNX (all-MiniLM-L6-v2 and the like): the
 * model's token vectors ({@code last_hidden_state}, its first output) are averaged over the title's tokens (mean pooling,
 * padding left out) and L2-normalised. One onnxruntime session serves every thread; catalogue loads embed in batches of
 * {@link #BATCH} titles.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

    /** Titles per model run during catalogue loads. */
    static final int BATCH = 32;
    /** The ready-made models whose files the langchain4j embedding artifacts carry (see the pom's minilm profiles). */
    public static final List<String> BUNDLED = List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q");

    private final OnnxTransformer model;
    private final String name;
    private final int dimension;

    public OnnxEmbedder(OnnxTransformer model, String name) {
        this.model = model;
        this.name = name;
        this.dimension = embed("dimension probe").length;
    }

    /**
     * One of the {@link #BUNDLED} models, read from the classpath ({@code <name>.onnx} and {@code <name>-tokenizer.json},
     * where the langchain4j artifacts put them).
     */
    public static OnnxEmbedder bundled(String name, int maxTokens, int threads) throws IOException {
        if (!BUNDLED.contains(name)) {
            throw new IllegalArgumentException("unknown bundled embedding model '" + name + "'; known: " + BUNDLED);
        }
        byte[] onnx = resource(name + ".onnx", name);
        byte[] tokenizer = resource(name + "-tokenizer.json", name);
        return new OnnxEmbedder(OnnxTransformer.open(onnx, tokenizer, name + " from the classpath", maxTokens, threads),
                name);
    }

    private static byte[] resource(String file, String name) throws IOException {
        try (InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IOException("the embedding model " + name + " is not in this build: build the jar with "
                        + "./mvnw -P" + (name.endsWith("-q") ? "minilm" : "minilm-full")
                        + " package, or point embedding.model.path at a directory holding model.onnx and tokenizer.json");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public String id() {
        return "onnx-" + name + "-" + model.version();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<Encoding> batch = new ArrayList<>();
            for (String text : texts.subList(from, Math.min(texts.size(), from + BATCH))) {
                batch.add(model.encode(text));
            }
            float[][][] hidden = model.run(batch);
            for (int b = 0; b < batch.size(); b++) {
                vectors.add(meanPooled(hidden[b], batch.get(b).getAttentionMask()));
            }
        }
        return vectors;
    }

    /** The mean of the token vectors whose mask is 1, L2-normalised. */
    static float[] meanPooled(float[][] tokens, long[] mask) {
        float[] sum = new float[tokens[0].length];
        int count = 0;
        for (int t = 0; t < mask.length && t < tokens.length; t++) {
            if (mask[t] == 1) {
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += tokens[t][d];
                }
                count++;
            }
        }
        double norm = 0;
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= Math.max(1, count);
            norm += sum[d] * sum[d];
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int d = 0; d < sum.length; d++) {
                sum[d] /= (float) norm;
            }
        }
        return sum;
    }

    @Override
    public void close() {
        model.close();
    }
}
