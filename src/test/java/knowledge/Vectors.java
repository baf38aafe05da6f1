package knowledge;

/** Vector arithmetic the embedder tests share. */
final class Vectors {

    private Vectors() {
    }

    /** The dot product: the cosine similarity of two unit vectors. */
    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
