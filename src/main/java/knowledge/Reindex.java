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
 * product of a store (the configured one, or another kind) is first written to a spool file, then the target store is
 * emptied and the spool loaded into it as a catalogue, embedded with the configured embedder. The spool is deleted only
 * once the load is through; after a failure it holds every product and can be loaded like any catalogue file.
 */
public final class Reindex {

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

    /** Writes every product of {@code from} to a new NDJSON file in {@code dir}. */
    public static Spool spool(StoreLocation from, Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("reindex-" + from.kind() + "-" + STAMP.format(Instant.now()) + ".ndjson");
            long products;
            try (OutputStream out = Files.newOutputStream(file);
                 JsonGenerator json = new JsonFactory().createGenerator(out)) {
                json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
                products = from.export(product -> write(json, product));
                json.writeRaw('\n');
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(file);
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

    /**
     * Empties {@code target}'s store and loads the spool into it; the spool is deleted when the load is through and kept
     * (its path in the error) when not.
     */
    public static LoadReport load(Spool spool, KnowledgeBase target) {
        if (spool.products() == 0) {
            // nothing to load: the target is emptied all the same, as a reindex of an empty store leaves it empty
            target.clear();
            spool.delete();
            return new LoadReport(0, 0, java.util.List.of(), false);
        }
        LoadReport report;
        try {
            report = target.replaceWith(spool.file());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("reindex failed while loading: " + e.getMessage() + "; every product is "
                    + "saved in " + spool.file() + ", load it as a catalogue (POST /catalog with Content-Type "
                    + "application/x-ndjson, or the catalogue inbox) once the cause is fixed", e);
        }
        spool.delete();
        return report;
    }
}
