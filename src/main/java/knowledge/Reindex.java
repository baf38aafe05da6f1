package knowledge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reindexing, the one mechanism behind {@code collection reindex} and {@code POST /admin/collection/reindex}: every
 * product of a store (the configured one, or another kind) is first written to a spool file (complete, on disk, before
 * the store is touched), then the spool replaces the target store's products ({@link KnowledgeBase#replaceWith}),
 * embedded with the configured embedder. The spool is deleted only once that is committed. A spool still there at
 * start means the process died during a reindex, or stopped during it: the service loads it again
 * ({@link #interrupted}). After a failure the process lives through, the spool is renamed {@code failed-...}, so that a later start does not load it over the
 * loads that came since; it holds every product and can be loaded like any catalogue file.
 */
public final class Reindex {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Reindex.class);
    /** A complete spool: from one store kind, for one (an older name has no target: any), and when. */
    private static final java.util.regex.Pattern SPOOL = java.util.regex.Pattern.compile(
            "reindex-(lucene|milvus)(?:-to-(lucene|milvus))?-(\\d{8}-\\d{6}-\\d{3})\\.ndjson");
    /** A spool being written: the store was not touched yet. */
    private static final String PARTIAL = ".partial";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private Reindex() {
    }

    /** What a reindex did: where the products came from, how many were exported, and the load of them. */
    public record Result(String from, long exported, LoadReport load) {
    }

    /** Products of a store written to {@code file} (NDJSON with product_name, brand, category, aliases). */
    public record Spool(Path file, long products) {

        public void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the reindex spool " + file, e);
            }
        }
    }

    /** Writes every product of {@code from} to a new NDJSON file in {@code dir}, for a store of the same kind. */
    public static Spool spool(StoreLocation from, Path dir) {
        return spool(from, from.kind(), dir);
    }

    /**
     * Writes every product of {@code from} to a new NDJSON file in {@code dir}, for a store of kind {@code target}: first
     * as a {@code .partial} file, which is forced to disk and then renamed, so that a spool under its own name is
     * complete.
     */
    public static Spool spool(StoreLocation from, String target, Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("reindex-" + from.kind() + "-to-" + target + "-" + STAMP.format(Instant.now())
                    + ".ndjson");
            Path partial = file.resolveSibling(file.getFileName() + PARTIAL);
            long products;
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(partial,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                try (OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(
                        channel), 1 << 16);
                     JsonGenerator json = new JsonFactory().createGenerator(out)) {
                    json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
                    products = from.export(product -> write(json, product));
                    json.writeRaw('\n');
                    json.flush();
                    out.flush();
                    channel.force(true);
                }
                Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                forceDirectory(dir);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            return new Spool(file, products);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reindex spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(JsonGenerator json, Product product) {
        try {
            json.writeStartObject();
            json.writeStringField("product_name", product.productName());
            json.writeStringField("brand", product.brand());
            if (product.category() != null) {
                json.writeStringField("category", product.category());
            }
            if (!product.aliases().isEmpty()) {
                json.writeArrayFieldStart("aliases");
                for (String alias : product.aliases()) {
                    json.writeString(alias);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forces a directory's entries (a file renamed in it) to disk, where the platform can. */
    private static void forceDirectory(Path dir) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir,
                java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every platform opens directories (Windows): the rename is then as durable as it gets there
        }
    }

    /**
     * Replaces {@code target}'s products with the spool's; the spool is deleted when that is committed. When it fails,
     * the target holds what it held before (the embedded store; a Milvus collection keeps what was upserted so far, each
     * product once), and the spool is renamed {@code failed-...} (its path in the error).
     */
    public static LoadReport load(Spool spool, KnowledgeBase target) {
        if (spool.products() == 0) {
            // nothing to load: the target is emptied all the same (one commit), as a reindex of an empty store leaves it
            target.clear();
            spool.delete();
            return new LoadReport(0, 0, java.util.List.of(), false);
        }
        LoadReport report;
        try {
            report = target.replaceWith(spool.file());
        } catch (IOException | RuntimeException e) {
            if (target.closed()) {
                // stopped, not failed: the store holds what it held before, and the next start does the reindex
                throw new IllegalStateException("reindex stopped, the knowledge base was closed: " + e.getMessage()
                        + "; its spool " + spool.file() + " is loaded at the next start", e);
            }
            Path kept = spool.file();
            try {
                kept = Files.move(spool.file(), spool.file().resolveSibling("failed-" + spool.file().getFileName()));
            } catch (IOException rename) {
                e.addSuppressed(rename);
            }
            throw new IllegalStateException("reindex failed while loading: " + e.getMessage() + "; the store holds "
                    + "what it held before the reindex (a Milvus collection: and what was loaded so far); every product "
                    + "is saved in " + kept + ", load it as a catalogue (POST /catalog with Content-Type "
                    + "application/x-ndjson, or the catalogue inbox) or reindex again once the cause is fixed", e);
        }
        spool.delete();
        return report;
    }

    /**
     * The spools a reindex into a store of kind {@code target} left in {@code dir} when its process died, oldest first
     * (the last is the newest: the products the store held when that reindex began). Spools only partly written are
     * deleted (the store was not touched yet).
     */
    public static java.util.List<Spool> interrupted(Path dir, String target) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        java.util.TreeMap<String, Path> found = new java.util.TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                java.util.regex.Matcher spool = SPOOL.matcher(name);
                if (name.startsWith("reindex-") && name.endsWith(".ndjson" + PARTIAL)) {
                    LOG.warn("Deleting {}, the spool of a reindex that was stopped while writing it (the store was not "
                            + "changed yet)", file);
                    Files.deleteIfExists(file);
                } else if (spool.matches() && (spool.group(2) == null || spool.group(2).equals(target))) {
                    found.put(spool.group(3) + name, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reindex spools in " + dir + ": " + e.getMessage(), e);
        }
        java.util.List<Spool> spools = new java.util.ArrayList<>();
        for (Path file : found.values()) {
            spools.add(new Spool(file, products(file)));
        }
        return spools;
    }

    /** Whether {@code dir} holds any spool, complete or not, for any store, failed or not. */
    public static boolean anySpool(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(file -> file.getFileName().toString().contains("reindex-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reindex spools in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The products of a spool file: its lines that are not blank. */
    private static long products(Path file) throws UncheckedIOException {
        try (var lines = Files.lines(file, java.nio.charset.StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reindex spool " + file + ": " + e.getMessage(), e);
        }
    }
}
