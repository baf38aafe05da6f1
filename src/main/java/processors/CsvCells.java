package processors;

import java.util.List;

/**
 * Cells of the CSV files the service and its tools write for people to open in a spreadsheet (title-file results, the
 * evaluation's misses). A cell starting with {@code =}, {@code +}, {@code -} or {@code @} (or a tab or carriage return)
 * is a formula to Excel, LibreOffice and Google Sheets, which a hostile title could use (CSV injection): such a cell
 * gets a leading apostrophe, which spreadsheets show as text and do not display. Files read back by programs, such as
 * the catalogue a tool sends to {@code POST /catalog}, are written as they are.
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    public static List<String> safe(List<String> cells) {
        return cells.stream().map(CsvCells::safe).toList();
    }
}
