package knowledge;

import java.util.Locale;
import java.util.Optional;

/** The catalogue formats the knowledge base reads. */
public enum CatalogFormat {
    CSV("text/csv"), JSON("application/json"), NDJSON("application/x-ndjson");

    private final String mediaType;

    CatalogFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format of a {@code Content-Type} header value (parameters such as charset are ignored). */
    public static Optional<CatalogFormat> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv", "application/csv" -> Optional.of(CSV);
            case "application/json" -> Optional.of(JSON);
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" ->
                    Optional.of(NDJSON);
            default -> Optional.empty();
        };
    }

    /** The format of a file from its extension: {@code .csv}, {@code .json}, {@code .ndjson} or {@code .jsonl}. */
    public static Optional<CatalogFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        if (lower.endsWith(".json")) {
            return Optional.of(JSON);
        }
        return Optional.empty();
    }
}
