package processors;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.GenericFileMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import text.SafeText;

/**
 * The file inboxes ({@code catalog.inbox}, {@code batch.inbox}) take regular files only: the routes' file consumers use
 * this as their {@code filter}, and the processors open the dropped file through {@link #open}. A symbolic link (which
 * would expose the file it points to, anywhere the service can read, in the results or the knowledge base), a named
 * pipe, a device or a socket is never read: it is moved into the inbox's {@code .error/} as it is (a link stays a link
 * there) with a log line saying why. Directories are left to the consumer, which does not descend into them.
 *
 * <p>Both routes move a file into the inbox's {@link #PROCESSING} folder before reading it; at start,
 * {@link #recoverInterrupted} moves a file a stopped run left there to {@code .error/} instead of reading it again.
 */
@Component("regularFilesOnly")
public class InboxFiles implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFiles.class);
    /** Where a file that is not a regular one goes, in its inbox. */
    static final String ASIDE = ".error";
    /** Where an inbox route moves a file while it reads it (its {@code preMove}). */
    public static final String PROCESSING = ".processing";

    /** What is left beside a file that {@link #recoverInterrupted} moved to {@code .error/}. */
    @FunctionalInterface
    public interface Note {
        /** {@code file}: where the file is now, in {@code .error/}. */
        void write(Path file) throws IOException;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Path path = file.getFile().toPath();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
        if (attributes.isRegularFile() || attributes.isDirectory()) {
            return true;
        }
        String kind = attributes.isSymbolicLink() ? "a symbolic link" : "not a regular file (a pipe, device or socket)";
        Path aside = path.resolveSibling(ASIDE).resolve(path.getFileName());
        try {
            Files.createDirectories(aside.getParent());
            Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("Inbox file {} is {}: not read, moved to {}", path, kind, aside);
        } catch (IOException e) {
            LOG.warn("Inbox file {} is {}: not read, and it could not be moved aside ({}): remove it", path, kind,
                    e.toString());
        }
        return false;
    }

    /**
     * The dropped file of the exchange (its message, as the file consumer gives it), opened for reading without following
     * a symbolic link: one put in its place after the filter looked fails here instead of being read. After a
     * {@code preMove} the consumer's message holds the moved file with a {@link java.io.File} as its body, so the file
     * is taken from the message first.
     */
    public static InputStream open(Exchange exchange) throws IOException {
        GenericFile<?> file = exchange.getMessage() instanceof GenericFileMessage<?> message
                ? message.getGenericFile() : exchange.getMessage().getBody(GenericFile.class);
        if (file == null) {
            throw new IllegalStateException("expected a file from a file consumer, got "
                    + exchange.getMessage().getBody());
        }
        Path path = Path.of(file.getAbsoluteFilePath());
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " is not a regular file (a symbolic link?): not read");
        }
        return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * At start, before the inbox's route runs: a file still in {@code <inbox>/.processing/} was being read when the
     * service stopped (a crash, an out-of-memory exit, a kill). It is not read again, which could stop the service the
     * same way at every start: it moves to {@code <inbox>/.error/} (replacing a file of its name there), and
     * {@code note} leaves beside it what the inbox tells its users.
     *
     * @param what what the files are, for the log ({@code "Catalogue file"})
     * @return the files moved, at their new place
     */
    public static List<Path> recoverInterrupted(Path inbox, String what, Note note) throws IOException {
        Path processing = inbox.resolve(PROCESSING);
        if (!Files.isDirectory(processing, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Path error = inbox.resolve(ASIDE);
        Files.createDirectories(error);
        List<Path> moved = new ArrayList<>();
        try (var files = Files.list(processing)) {
            for (Path file : files.sorted().toList()) {
                Path to = error.resolve(file.getFileName());
                Files.move(file, to, StandardCopyOption.REPLACE_EXISTING);
                note.write(to);
                LOG.warn("{} {} was being read when the service stopped: not read again, moved to {}", what,
                        SafeText.value(file.getFileName().toString()), SafeText.value(to.toString()));
                moved.add(to);
            }
        }
        return moved;
    }
}
