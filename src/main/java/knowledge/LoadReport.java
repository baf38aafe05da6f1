package knowledge;

import java.util.List;
import text.SafeText;

/**
 * The outcome of one catalogue load: how many rows were stored, how many were rejected and why.
 *
 * @param errors the rejected rows with their line, at most the configured number; {@code rejected} is always exact
 */
public record LoadReport(long accepted, long rejected, List<RowError> errors, boolean errorsTruncated) {

    /** This report with its messages safe to log and show: the values they echo escaped and cut short. */
    public LoadReport printable() {
        return new LoadReport(accepted, rejected, errors.stream()
                .map(error -> new RowError(error.line(), SafeText.message(error.message()))).toList(), errorsTruncated);
    }

    /** A rejected row: its line in the file (1 = header for CSV) and what was wrong. */
    public record RowError(long line, String message) {
    }
}
