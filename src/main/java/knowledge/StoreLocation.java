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
     * The store opened to be rebuilt for {@code embedder}, whatever embedder built it, with a replace under way
     * ({@link VectorStore#beginReplace()}): its first commit makes it hold exactly what was upserted. Lucene keeps what
     * was there until that commit; a Milvus collection built for another embedder is dropped first.
     */
    VectorStore rebuild(Embedder embedder);

    /**
     * Whether a store is there, even an empty one or one a crash left without a commit (Lucene: any file in its
     * directory; Milvus: the collection), without opening or creating it.
     */
    boolean exists();

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
     * while it holds at most {@code mergeMaxProducts} products (0: never; {@link LuceneVectorStore#commit()}); what it
     * writes gets an HNSW graph shaped by {@code graph}.
     */
    record Lucene(Path directory, long mergeMaxProducts, HnswGraph graph) implements StoreLocation {

        public Lucene {
            directory = directory.toAbsolutePath().normalize();
        }

        public Lucene(Path directory, long mergeMaxProducts) {
            this(directory, mergeMaxProducts, HnswGraph.DEFAULT);
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
            return new LuceneVectorStore(directory, embedder, mergeMaxProducts, graph);
        }

        @Override
        public VectorStore rebuild(Embedder embedder) {
            return LuceneVectorStore.rebuilding(directory, embedder, mergeMaxProducts, graph);
        }

        @Override
        public boolean exists() {
            if (!java.nio.file.Files.isDirectory(directory)) {
                return false;
            }
            try (var files = java.nio.file.Files.list(directory)) {
                return files.anyMatch(file -> !file.getFileName().toString()
                        .equals(org.apache.lucene.index.IndexWriter.WRITE_LOCK_NAME));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot list the knowledge base index in " + directory, e);
            }
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

    /**
     * A collection on a Milvus server (or Milvus Lite), with a time limit on connecting and on every call. An
     * {@code https://} uri is reached over TLS, trusting the JVM's certificate authorities, or only the certificates in
     * the PEM file {@code caCert} when it is given (a Milvus whose certificate a private authority signed).
     */
    record Milvus(String uri, String token, String collection, long timeoutMs, String caCert)
            implements StoreLocation {

        public Milvus {
            if (caCert != null && !caCert.isBlank() && !uri.startsWith("https://")) {
                throw new IllegalArgumentException("milvus.ca-cert (env MILVUS_CA_CERT) is given, so milvus.uri must "
                        + "be an https:// address, not " + uri);
            }
        }

        /** Over plain gRPC (http://) or TLS trusting the JVM's certificate authorities (https://). */
        public Milvus(String uri, String token, String collection, long timeoutMs) {
            this(uri, token, collection, timeoutMs, null);
        }

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
        public VectorStore rebuild(Embedder embedder) {
            return MilvusVectorStore.rebuilding(this, embedder);
        }

        @Override
        public boolean exists() {
            return Boolean.TRUE.equals(inspect().get("exists"));
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
