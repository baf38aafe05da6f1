package knowledge;

import java.util.ArrayList;
import java.util.List;

/** Turns a text into a fixed-size, L2-normalised vector. Implementations are thread-safe. */
public interface Embedder {

    /** A stable name of the model and its settings; a store built with another id cannot be searched with this one. */
    String id();

    int dimension();

    float[] embed(String text);

    default List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }
}
