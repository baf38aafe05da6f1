package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the service keeps its files and the folders it watches: data.*, catalog.*, batch.* and
 * routes.*.
 *
 * @param data    the knowledge base's directory
 * @param catalog catalogue loads (the catalogue inbox, POST /catalog)
 * @param batch   files of titles dropped in the title inbox, answered into the outbox
 * @param routes  the YAML routes a user adds or overrides without recompiling
 */
@ConfigurationProperties
@Validated
public record FilesSettings(@NotNull @Valid Data data, @NotNull @Valid Catalog catalog, @NotNull @Valid Batch batch,
                            @NotNull @Valid Routes routes) {

    /** @param dir where the knowledge base lives (the Lucene index under dir/index, the tagger, spools) */
    public record Data(@NotNull Path dir) {
    }

    /**
     * @param inbox             files dropped here are loaded (routes/catalog-inbox.camel.yaml)
     * @param maxBodyBytes      POST /catalog bodies over this many bytes get 413
     * @param maxReportedErrors at most this many rejected rows are listed in a load report
     * @param maxRecordChars    a CSV record, NDJSON line or JSON array element is read up to this many characters
     */
    public record Catalog(@NotNull Path inbox, @Positive long maxBodyBytes, @PositiveOrZero int maxReportedErrors,
                          @Positive int maxRecordChars) {
    }

    /**
     * @param inbox          files of titles dropped here are answered
     * @param outbox         into <name>.results.csv here
     * @param chunkSize      titles answered per chunk
     * @param progressEvery  a progress line in the log every this many titles
     * @param maxRecordChars a CSV record or NDJSON line is read up to this many characters
     */
    public record Batch(@NotNull Path inbox, @NotNull Path outbox, @Positive int chunkSize,
                        @Positive long progressEvery, @Positive int maxRecordChars) {
    }

    /**
     * @param dir    the YAML routes loaded at start (a file named as a shipped one replaces it); empty: none
     * @param skip   shipped route files not loaded (names, comma-separated)
     * @param reload reload a file of dir when it changes (the dev profile)
     */
    public record Routes(String dir, String skip, boolean reload) {

        public Routes {
            dir = dir == null ? "" : dir;
            skip = skip == null ? "" : skip;
        }
    }
}
