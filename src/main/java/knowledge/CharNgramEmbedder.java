package knowledge;

import text.TextNormalizer;

/**
 * The default, language-agnostic embedder: character n-grams of the normalised title, hashed into a fixed-size vector.
 *
 * <p>The title is normalised ({@link TextNormalizer#normalize}: NFKC, lower case, Thai/Latin boundaries spaced) and split
 * at spaces. Each token is padded with a boundary mark ({@code ^token$}) and cut into character n-grams of every size from
 * {@code minN} to {@code maxN}; each n-gram adds {@code 1} to one coordinate picked by a 32-bit FNV-1a hash (over the three low bytes of each code point), with a sign
 * taken from another bit of the hash so that collisions cancel out rather than pile up. A token made only of digits counts
 * half, because sizes and model numbers say less about the brand than words do. The vector is then L2-normalised, so a dot
 * product is the cosine similarity. It needs no model and treats Thai, Latin and mixed titles alike.
 */
public final class CharNgramEmbedder implements Embedder {

    private final int dimension;
    private final int minN;
    private final int maxN;

    public CharNgramEmbedder(int dimension, int minN, int maxN) {
        if (dimension < 16 || dimension > 1024) {
            throw new IllegalArgumentException("embedding dimension must be 16..1024, got " + dimension);
        }
        if (minN < 1 || maxN < minN) {
            throw new IllegalArgumentException("n-gram sizes must satisfy 1 <= min <= max, got " + minN + ".." + maxN);
        }
        this.dimension = dimension;
        this.minN = minN;
        this.maxN = maxN;
    }

    @Override
    public String id() {
        return "char-ngram-" + minN + "-" + maxN + "-fnv1a";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        float[] vector = new float[dimension];
        String normalized = TextNormalizer.normalize(text);
        // each token's code points between its boundary marks, in one array for every token
        int[] cps = new int[normalized.length() + 2];
        for (int from = 0, to; from < normalized.length(); from = to + 1) {
            to = normalized.indexOf(' ', from);
            if (to < 0) {
                to = normalized.length();
            }
            if (to == from) {
                continue;
            }
            int length = 0;
            cps[length++] = '^';
            for (int i = from; i < to; ) {
                int cp = normalized.codePointAt(i);
                cps[length++] = cp;
                i += Character.charCount(cp);
            }
            cps[length++] = '$';
            float weight = isNumeric(normalized, from, to) ? 0.5f : 1f;
            for (int n = minN; n <= maxN; n++) {
                for (int i = 0; i + n <= length; i++) {
                    int hash = fnv1a(cps, i, n);
                    int index = Math.floorMod(hash, dimension);
                    vector[index] += ((hash >>> 31) == 0 ? weight : -weight);
                }
            }
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    /** Whether the token between {@code from} and {@code to} has no letter (char by char). */
    private static boolean isNumeric(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int fnv1a(int[] cps, int from, int n) {
        int hash = 0x811C9DC5;
        for (int i = from; i < from + n; i++) {
            int cp = cps[i];
            for (int shift = 0; shift < 24; shift += 8) {
                hash ^= (cp >>> shift) & 0xFF;
                hash *= 0x01000193;
            }
        }
        // final avalanche so that nearby n-grams spread over the whole vector
        hash ^= hash >>> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >>> 13;
        return hash;
    }
}
