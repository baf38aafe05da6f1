package models;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where a model's files are: a local directory as given, or for {@code s3://bucket/prefix/} a copy of every object under
 * that prefix in a local cache ({@code <cache>/<bucket>/<prefix>}), brought up to date at each start. A file whose size
 * and ETag match what the cache's manifest recorded when it was copied is not copied again, so a restart on the same
 * volume reads nothing but the listing; files no longer under the prefix are removed from the copy.
 */
public final class ModelFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFiles.class);
    /** Beside the copied files: one line per file, {@code <etag> <size> <relative path>}. */
    static final String MANIFEST = ".s3-manifest";

    private final Path cache;
    private final Supplier<S3Client> s3;

    /**
     * @param cache where copies of S3 models are kept (on a volume that outlives the process, to reuse them)
     * @param s3    makes an S3 client, only when a location is in S3; closed once the copy is up to date
     */
    public ModelFiles(Path cache, Supplier<S3Client> s3) {
        this.cache = cache;
        this.s3 = s3;
    }

    public static boolean inS3(String location) {
        return location.startsWith("s3://");
    }

    /**
     * The local directory of the model at {@code location}: the path itself, or the up-to-date copy of an S3 prefix.
     *
     * @throws IOException naming the S3 object or prefix that could not be listed or read, or that holds nothing
     */
    public Path directory(String location) throws IOException {
        if (!inS3(location)) {
            return Path.of(location).toAbsolutePath();
        }
        URI uri = URI.create(location);
        String bucket = uri.getHost();
        String prefix = uri.getPath().replaceFirst("^/", "");
        if (bucket == null || bucket.isEmpty()) {
            throw new IOException("cannot read the bucket of " + location + ": expected s3://bucket/prefix/");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        String where = "s3://" + bucket + "/" + prefix;
        Path local = cache.resolve(bucket).resolve(prefix.isEmpty() ? "_" : prefix).toAbsolutePath().normalize();
        if (!local.startsWith(cache.toAbsolutePath().normalize())) {
            throw new IOException("the prefix of " + where + " leaves the model cache");
        }
        try (S3Client client = s3.get()) {
            copy(client, bucket, prefix, where, local);
        }
        return local;
    }

    private void copy(S3Client client, String bucket, String prefix, String where, Path local) throws IOException {
        Map<String, S3Object> objects = list(client, bucket, prefix, where, local);
        if (objects.isEmpty()) {
            throw new IOException("there is no object under " + where);
        }
        Files.createDirectories(local);
        Map<String, String> copied = readManifest(local);
        Map<String, String> manifest = new LinkedHashMap<>();
        int fetched = 0;
        long bytes = 0;
        for (Map.Entry<String, S3Object> entry : objects.entrySet()) {
            String relative = entry.getKey();
            S3Object object = entry.getValue();
            String stamp = object.eTag() + " " + object.size();
            Path file = local.resolve(relative);
            if (!stamp.equals(copied.get(relative)) || !Files.isRegularFile(file) || Files.size(file) != object.size()) {
                fetch(client, bucket, object.key(), file);
                fetched++;
                bytes += object.size();
            }
            manifest.put(relative, stamp);
            // each file recorded as soon as it is copied: a start that fails midway keeps what it copied
            writeManifest(local, manifest, copied);
        }
        removeOthers(local, objects.keySet());
        writeManifest(local, manifest, Map.of());
        LOG.info("Model {}: {} files in {}, {} copied ({} bytes), {} reused", where, objects.size(), local, fetched,
                bytes, objects.size() - fetched);
    }

    /** The objects under the prefix by their path below it (directory markers left out). */
    private static Map<String, S3Object> list(S3Client client, String bucket, String prefix, String where, Path local)
            throws IOException {
        Map<String, S3Object> objects = new LinkedHashMap<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String relative = object.key().substring(prefix.length());
                if (relative.isEmpty() || relative.endsWith("/")) {
                    continue;
                }
                Path file = local.resolve(relative).normalize();
                if (!file.startsWith(local) || relative.contains("\\")) {
                    throw new IOException("s3://" + bucket + "/" + object.key() + " would be copied outside "
                            + local + ": refused");
                }
                objects.put(relative, object);
            }
        } catch (SdkException e) {
            throw new IOException("cannot list " + where + ": " + e.getMessage(), e);
        }
        return objects;
    }

    private static void fetch(S3Client client, String bucket, String key, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (InputStream in = client.getObject(b -> b.bucket(bucket).key(key))) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        } catch (SdkException | IOException e) {
            Files.deleteIfExists(part);
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, String> readManifest(Path local) throws IOException {
        Map<String, String> manifest = new LinkedHashMap<>();
        Path file = local.resolve(MANIFEST);
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3) {
                    manifest.put(parts[2], parts[0] + " " + parts[1]);
                }
            }
        }
        return manifest;
    }

    /** Writes {@code manifest}, and of {@code before} the files it does not name yet (not yet checked this start). */
    private static void writeManifest(Path local, Map<String, String> manifest, Map<String, String> before)
            throws IOException {
        Map<String, String> all = new LinkedHashMap<>(before);
        all.putAll(manifest);
        List<String> lines = new ArrayList<>();
        all.forEach((relative, stamp) -> lines.add(stamp + " " + relative));
        Path part = local.resolve(MANIFEST + ".part");
        Files.write(part, lines, StandardCharsets.UTF_8);
        Files.move(part, local.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the files of the copy that are no longer under the prefix. */
    private static void removeOthers(Path local, Set<String> kept) throws IOException {
        Set<Path> keep = new HashSet<>();
        kept.forEach(relative -> keep.add(local.resolve(relative).normalize()));
        keep.add(local.resolve(MANIFEST));
        List<Path> stale;
        try (Stream<Path> files = Files.walk(local)) {
            stale = files.filter(Files::isRegularFile).filter(file -> !keep.contains(file.normalize())).toList();
        }
        for (Path file : stale) {
            LOG.info("Model copy {}: {} is no longer in S3, removed", local, local.relativize(file));
            Files.delete(file);
        }
    }
}
