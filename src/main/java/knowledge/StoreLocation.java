package knowledge;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a store lives, apart from the embedder that reads it: what collection management works on. A location can be
 * inspected, exported and deleted whatever embedder built it (so a store built with another embedder can be reindexed),
 * and opened as a {@link VectorStore} for one embedder (which creates it when absent and refuses a store built with
 * another).
 */
public sealed interface StoreLocation {

    /** What a refusal to open a store built with another embedder says to do. */
    String REINDEX_HINT = "reindex it with the configured embedder: run the service's jar as java -jar <jar> "
            + "collection reindex, with the same settings as the service (README, \"Collection management\")";

    /** {@code lucene} or {@code milvus}. */
    String kind();

    /** Where, for people: a directory, or a collection at a URI. */
    String describe();

    /** The store for {@code embedder}, created when absent; fails with a reindex message when built for another. */
    VectorStore open(Embedder embedder);

    /**
     * What is there, without opening it for an embedder: {@code exists}, {@code built_with} (the embedder recorded),
     * {@code rows}, and what the kind adds (Lucene: size and segments; Milvus: reachable, loaded, index).
     */
    Map<String, Object> inspect();

    /** Calls {@code visitor} with every stored product (title, brand, category, aliases); the number visited. */
    long export(Consumer<Product> visitor);

    /** Deletes the store with everything in it; false when there was none. */
    boolean delete();

    /**
     * The embedded Lucene index in a directory. After each write, its segments are merged into one in the background
     * while it holds at most {@code mergeMaxProducts} products (0: never; {@link LuceneVectorStore#commit()}).
     */
    record Lucene(Path directory, long mergeMaxProducts) implements StoreLocation {

        public Lucene {
            directory = directory.toAbsolutePath().normalize();
        }

        public Lucene(Path directory) {
            this(directory, LuceneVectorStore.DEFAULT_MERGE_MAX_PRODUCTS);
        }

        @Override
        public String kind() {
            return "lucene";
        }

        @Override
        public String describe() {
            return directory.toString();
        }

        @Override
        public VectorStore open(Embedder embedder) {
            return new LuceneVectorStore(directory, embedder, mergeMaxProducts);
        }

        @Override
        public Map<String, Object> inspect() {
            return LuceneVectorStore.inspect(directory);
        }

        @Override
        public long export(Consumer<Product> visitor) {
            return LuceneVectorStore.export(directory, visitor);
        }

        @Override
        public boolean delete() {
            return LuceneVectorStore.delete(directory);
        }
    }

    /** A collection on a Milvus server (or Milvus Lite), with a time limit on connecting and on every call. */
    record Milvus(String uri, String token, String collection, long timeoutMs) implements StoreLocation {

        @Override
        public String kind() {
            return "milvus";
        }

        @Override
        public String describe() {
            return "Milvus collection " + collection + " at " + uri;
        }

        @Override
        public VectorStore open(Embedder embedder) {
            return new MilvusVectorStore(this, embedder);
        }

        @Override
        public Map<String, Object> inspect() {
            return MilvusVectorStore.inspect(this);
        }

        @Override
        public long export(Consumer<Product> visitor) {
            return MilvusVectorStore.export(this, visitor);
        }

        @Override
        public boolean delete() {
            return MilvusVectorStore.delete(this);
        }

        @Override
        public String toString() {
            return "Milvus[uri=" + uri + ", collection=" + collection + "]"; // never the token
        }
    }
}
