package knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hybrid retrieval in one vector: the unit vectors of several embedders, each scaled by the square root of its weight
 * (weights summing to 1), put end to end. The dot product of two such vectors is the weighted sum of the embedders'
 * cosine similarities, {@code sum w_i * cos_i}, so any vector store searching by dot product or cosine ranks neighbours
 * by that combined similarity (for instance dense neural and character n-gram similarity).
 */
public final class HybridEmbedder implements Embedder, AutoCloseable {

    private final List<Embedder> parts;
    private final double[] weights;
    private final int dimension;

    public HybridEmbedder(List<Embedder> parts, List<Double> weights) {
        if (parts.size() != weights.size() || parts.isEmpty()) {
            throw new IllegalArgumentException("one weight per embedder is needed");
        }
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0 || weights.stream().anyMatch(w -> w < 0)) {
            throw new IllegalArgumentException("embedder weights must be non-negative with a positive sum: " + weights);
        }
        this.parts = List.copyOf(parts);
        this.weights = weights.stream().mapToDouble(w -> w / total).toArray();
        this.dimension = parts.stream().mapToInt(Embedder::dimension).sum();
    }

    @Override
    public String id() {
        StringBuilder id = new StringBuilder("hybrid(");
        for (int i = 0; i < parts.size(); i++) {
            id.append(i == 0 ? "" : ",").append(parts.get(i).id())
                    .append(String.format(Locale.ROOT, "*%.3f", weights[i]));
        }
        return id.append(')').toString();
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
        List<List<float[]>> byPart = new ArrayList<>();
        for (Embedder part : parts) {
            byPart.add(part.embedAll(texts));
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int t = 0; t < texts.size(); t++) {
            float[] vector = new float[dimension];
            int at = 0;
            for (int p = 0; p < parts.size(); p++) {
                float scale = (float) Math.sqrt(weights[p]);
                float[] part = byPart.get(p).get(t);
                for (int d = 0; d < part.length; d++) {
                    vector[at + d] = part[d] * scale;
                }
                at += part.length;
            }
            vectors.add(vector);
        }
        return vectors;
    }

    /** Closes the embedders that hold resources (an ONNX session). */
    @Override
    public void close() throws Exception {
        for (Embedder part : parts) {
            if (part instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
