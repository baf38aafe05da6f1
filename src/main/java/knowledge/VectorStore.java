package knowledge;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * Adds or replaces (same id) the entries; visible to searches after {@link #commit()}. An entry the store cannot
     * hold (a value over one of its limits) is left out and returned with the reason, and the others are stored; a
     * store that cannot be written at all throws.
     *
     * @return the entries left out, by their index in {@code entries}; empty when every one was stored
     */
    List<Rejected> upsert(List<Entry> entries);

    /** An entry of an {@link #upsert} that the store could not hold: its index in the upsert's list, and why. */
    record Rejected(int index, String reason) {
    }

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

    /**
     * Starts replacing every product with those upserted until the next {@link #commit()}, which ends the replace: then
     * the store holds exactly those. Until then, searches and a process started after a crash find what the store held
     * before, as far as the kind allows (Lucene: one transaction; Milvus: {@link MilvusVectorStore#beginReplace()}).
     */
    void beginReplace();

    /**
     * Discards what was written since the last {@link #commit()}, as far as the kind allows (Lucene: everything, the
     * store holds its last commit again; Milvus: nothing can be undone, a replace under way just ends), after a write
     * that failed.
     */
    void rollback();

    /** Makes the store when it is missing (deleted from outside while open); true when it made it. */
    boolean create();

    long count();

    long sizeOnDiskBytes();

    /**
     * At most {@code max} stored products (title and brand), a uniform sample when there are more: those whose hash of
     * (seed, title, brand) is smallest, in the order of that hash. The sample depends on what the store holds, not on the
     * order {@link #scan} visits it in (a Lucene index reorders its products when it merges segments), so a store that
     * holds the same products gives the same sample after a restart.
     */
    default List<Product> sample(int max, long seed) {
        record Drawn(long hash, String title, String brand) {
        }
        java.util.Comparator<Drawn> byHash = java.util.Comparator.comparingLong(Drawn::hash)
                .thenComparing(Drawn::title).thenComparing(Drawn::brand);
        // the max smallest so far, largest on top
        java.util.PriorityQueue<Drawn> smallest = new java.util.PriorityQueue<>(Math.max(1, max), byHash.reversed());
        scan((title, brand) -> {
            Drawn drawn = new Drawn(sampleHash(seed, title, brand), title, brand);
            if (smallest.size() < max) {
                smallest.add(drawn);
            } else if (max > 0 && byHash.compare(drawn, smallest.peek()) < 0) {
                smallest.poll();
                smallest.add(drawn);
            }
        });
        return smallest.stream().sorted(byHash).map(d -> new Product(d.title(), d.brand(), null, List.of())).toList();
    }

    /** A 64-bit hash of a product for {@link #sample}: FNV-1a over the seed and the text, then a MurmurHash3 finaliser. */
    private static long sampleHash(long seed, String title, String brand) {
        long hash = 0xcbf29ce484222325L ^ seed;
        String text = title + '\u0000' + brand;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        return hash ^ (hash >>> 33);
    }

    /**
     * A value that changes whenever the stored products do (every {@link #commit()}, {@link #clear()}), read without
     * reading them, so that a process following a store others write ({@link KnowledgeBase#follow()}) reads every product
     * only when something changed. Null when the store keeps none: then a follower reads every product each time.
     */
    default String changeMarker() {
        return null;
    }

    /** Calls {@code visitor} with the title and brand of every stored product. */
    void scan(java.util.function.BiConsumer<String, String> visitor);

    /** Brand spellings and aliases over all stored products. */
    BrandCensus census();

    /**
     * Where data derived from what the store holds now (the brand census and registry evidence) may be kept, so that a
     * restart, or another service following the same store, need not read every product again: a file beside an
     * embedded store, a side collection beside a Milvus one. Its version names the store's current contents and changes
     * whenever they do; it is taken when this is called, so call it before reading the products the data is derived
     * from. Null when nothing can be kept now (a store being rebuilt, a collection never written).
     */
    default Derived derived(String name) {
        return null;
    }

    /** Text kept for one version of the store's contents. */
    interface Derived {

        /** The contents the text is kept for. */
        String version();

        /** Where it is kept, for messages. */
        String where();

        /** The text last written under this name (for whatever version it was: the text says), or null. */
        String read() throws IOException;

        /** Keeps {@code text} in place of what was kept (whole or not at all). */
        void write(String text) throws IOException;
    }

    /** Kept in a file: written whole beside it, then renamed over it, so a crash leaves the old file or the new one. */
    record DerivedFile(Path file, String version) implements Derived {

        @Override
        public String where() {
            return file.toString();
        }

        @Override
        public String read() throws IOException {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        }

        @Override
        public void write(String text) throws IOException {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, text);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
