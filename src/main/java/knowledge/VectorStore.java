package knowledge;

import java.io.Closeable;
import java.util.List;

/** Where catalogue products and their embeddings live. Searches may run while a load writes. */
public interface VectorStore extends Closeable {

    /** A product with its embedding, ready to store. */
    record Entry(String id, Product product, float[] vector) {
    }

    /** Short name of the implementation, e.g. {@code lucene}. */
    default String kind() {
        return location().kind();
    }

    /** Where this store lives. */
    StoreLocation location();

    /** Adds or replaces (same id) the entries; visible to searches after {@link #commit()}. */
    void upsert(List<Entry> entries);

    /** Makes everything upserted so far durable and searchable. */
    void commit();

    /** The {@code k} stored products most similar to {@code vector}, most similar first. */
    default List<Neighbour> search(float[] vector, int k) {
        return search(vector, k, null);
    }

    /**
     * The {@code k} stored products of category {@code category} (exactly as loaded; null: any) most similar to
     * {@code vector}, most similar first.
     */
    List<Neighbour> search(float[] vector, int k, String category);

    /** Removes every product, durably; the store stays open for the same embedder. */
    void clear();

    /** Makes the store when it is missing (deleted from outside while open); true when it made it. */
    boolean create();

    long count();

    long sizeOnDiskBytes();

    /**
     * At most {@code max} stored products (title and brand), a uniform sample when there are more (reservoir sampling
     * over {@link #scan}); the same store and seed give the same sample.
     */
    default List<Product> sample(int max, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Product> reservoir = new java.util.ArrayList<>();
        long[] seen = {0};
        scan((title, brand) -> {
            seen[0]++;
            if (reservoir.size() < max) {
                reservoir.add(new Product(title, brand, null, List.of()));
            } else {
                int slot = (int) (random.nextDouble() * seen[0]);
                if (slot < max) {
                    reservoir.set(slot, new Product(title, brand, null, List.of()));
                }
            }
        });
        return reservoir;
    }

    /** Calls {@code visitor} with the title and brand of every stored product. */
    void scan(java.util.function.BiConsumer<String, String> visitor);

    /** Brand spellings and aliases over all stored products. */
    BrandCensus census();
}
