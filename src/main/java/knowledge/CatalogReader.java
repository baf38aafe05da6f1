package knowledge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a catalogue as a stream of rows, one at a time, so a file of any size is never held in memory.
 *
 * <p>Every row ends in exactly one call of the handler: {@link RowHandler#row} for a valid one, {@link RowHandler#reject}
 * with its line number and the reason otherwise. When the text itself breaks (an unclosed quote, broken JSON) reading
 * stops there and the rest of the input is reported as one rejected entry at that line. A row holding bytes that are not
 * UTF-8 is rejected on its own.
 */
public final class CatalogReader {

    /** Receives the rows of a catalogue in order. */
    public interface RowHandler {
        void row(long line, Product product);

        void reject(long line, String message);
    }

    public static final int MAX_NAME_LENGTH = 1000;
    public static final int MAX_BRAND_LENGTH = 200;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CatalogReader() {
    }

    public static void read(InputStream in, CatalogFormat format, RowHandler handler) throws IOException {
        Reader reader = utf8(in);
        switch (format) {
            case CSV -> readCsv(reader, handler);
            case JSON -> readJsonArray(reader, handler);
            case NDJSON -> readNdjson(reader, handler);
            default -> throw new IllegalStateException("unknown format " + format);
        }
    }

    private static Reader utf8(InputStream in) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
    }

    private static void readCsv(Reader reader, RowHandler handler) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        CSVParser parser;
        try {
            parser = CSVParser.parse(reader, format);
        } catch (UncheckedIOException e) {
            throw new CatalogFormatException("the CSV header could not be read: " + message(e.getCause()));
        }
        Iterator<CSVRecord> records = parser.iterator();
        Map<String, Integer> columns;
        int headerSize;
        try {
            if (!records.hasNext()) {
                throw new CatalogFormatException("the CSV is empty: expected a header row with product_name and brand");
            }
            CSVRecord header = records.next();
            headerSize = header.size();
            columns = header(header);
        } catch (UncheckedIOException e) {
            throw new CatalogFormatException("the CSV header could not be read: " + message(e.getCause()));
        }
        int width = columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        long lineOfNext = parser.getCurrentLineNumber() + 1;
        while (true) {
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    break;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                handler.reject(lineOfNext, "unreadable from this line on, nothing after it was loaded: "
                        + message(e.getCause()));
                return;
            }
            long line = lineOfNext;
            lineOfNext = parser.getCurrentLineNumber() + 1;
            if (record.size() < width) {
                handler.reject(line, "expected " + width + " columns as in the header, got " + record.size());
                continue;
            }
            if (record.size() > headerSize) {
                handler.reject(line, "expected " + headerSize + " columns as in the header, got " + record.size()
                        + " (a comma in an unquoted field?)");
                continue;
            }
            Map<String, String> values = new HashMap<>();
            columns.forEach((name, index) -> values.put(name, record.get(index)));
            validate(line, values.get("product_name"), values.get("brand"), values.get("category"),
                    splitAliases(values.get("aliases")), handler);
        }
    }

    private static Map<String, Integer> header(CSVRecord header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
            if (List.of("product_name", "brand", "category", "aliases").contains(name)) {
                columns.putIfAbsent(name, i);
            }
        }
        if (!columns.containsKey("product_name") || !columns.containsKey("brand")) {
            List<String> got = new ArrayList<>();
            header.forEach(got::add);
            throw new CatalogFormatException("the CSV header must name the columns product_name and brand "
                    + "(optional: category, aliases); got " + got);
        }
        return columns;
    }

    private static void readJsonArray(Reader reader, RowHandler handler) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(reader)) {
            JsonToken first;
            try {
                first = parser.nextToken();
            } catch (IOException e) {
                throw new CatalogFormatException("the body is not JSON: " + message(e));
            }
            if (first != JsonToken.START_ARRAY) {
                throw new CatalogFormatException("expected a JSON array of objects with product_name and brand, got "
                        + (first == null ? "nothing" : first.asString() == null ? first.name() : first.asString()));
            }
            while (true) {
                long line = parser.currentLocation().getLineNr();
                JsonNode node;
                try {
                    JsonToken token = parser.nextToken();
                    if (token == JsonToken.END_ARRAY || token == null) {
                        break;
                    }
                    line = parser.currentTokenLocation().getLineNr();
                    node = parser.readValueAsTree();
                } catch (IOException e) {
                    handler.reject(line, "unreadable from this line on, nothing after it was loaded: " + message(e));
                    return;
                }
                validateNode(line, node, handler);
            }
        }
    }

    private static void readNdjson(Reader reader, RowHandler handler) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        long line = 0;
        while (true) {
            String text = lines.readLine();
            if (text == null) {
                break;
            }
            line++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(text);
            } catch (IOException e) {
                handler.reject(line, "not a JSON object: " + message(e));
                continue;
            }
            validateNode(line, node, handler);
        }
    }

    private static void validateNode(long line, JsonNode node, RowHandler handler) {
        if (node == null || !node.isObject()) {
            handler.reject(line, "expected an object with product_name and brand, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
            return;
        }
        String name = text(node, "product_name");
        String brand = text(node, "brand");
        String category = text(node, "category");
        if (name == null && node.hasNonNull("product_name") || brand == null && node.hasNonNull("brand")
                || category == null && node.hasNonNull("category")) {
            handler.reject(line, "product_name, brand and category must be strings");
            return;
        }
        JsonNode aliasNode = node.get("aliases");
        List<String> aliases;
        if (aliasNode == null || aliasNode.isNull()) {
            aliases = List.of();
        } else if (aliasNode.isTextual()) {
            aliases = splitAliases(aliasNode.asText());
        } else if (aliasNode.isArray()) {
            aliases = new ArrayList<>();
            for (JsonNode alias : aliasNode) {
                if (!alias.isTextual()) {
                    handler.reject(line, "aliases must be a string (| between aliases) or an array of strings");
                    return;
                }
                aliases.add(alias.asText().trim());
            }
        } else {
            handler.reject(line, "aliases must be a string (| between aliases) or an array of strings");
            return;
        }
        validate(line, name, brand, category, aliases, handler);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static void validate(long line, String name, String brand, String category, List<String> aliases,
                                 RowHandler handler) {
        String productName = name == null ? "" : name.strip();
        String brandName = brand == null ? "" : brand.strip();
        if (isMalformed(productName) || isMalformed(brandName) || isMalformed(category)
                || aliases.stream().anyMatch(CatalogReader::isMalformed)) {
            handler.reject(line, "the row holds bytes that are not valid UTF-8");
        } else if (productName.isEmpty()) {
            handler.reject(line, "product_name is missing or empty");
        } else if (productName.length() > MAX_NAME_LENGTH) {
            handler.reject(line, "product_name is " + productName.length() + " characters long, the limit is "
                    + MAX_NAME_LENGTH);
        } else if (brandName.isEmpty()) {
            handler.reject(line, "brand is missing or empty");
        } else if (brandName.length() > MAX_BRAND_LENGTH) {
            handler.reject(line, "brand is " + brandName.length() + " characters long, the limit is " + MAX_BRAND_LENGTH);
        } else if (text.TextNormalizer.key(brandName).isEmpty()) {
            handler.reject(line, "brand '" + brandName + "' has no letters or digits");
        } else {
            String cat = category == null || category.isBlank() ? null : category.strip();
            List<String> kept = aliases.stream().map(String::strip)
                    .filter(a -> !a.isEmpty() && a.length() <= MAX_BRAND_LENGTH).distinct().toList();
            handler.row(line, new Product(productName, brandName, cat, kept));
        }
    }

    /** Bytes that are not UTF-8 were decoded to U+FFFD; such a row is rejected rather than stored garbled. */
    private static boolean isMalformed(String value) {
        return value != null && value.indexOf('\uFFFD') >= 0;
    }

    private static List<String> splitAliases(String aliases) {
        if (aliases == null || aliases.isBlank()) {
            return List.of();
        }
        return Arrays.stream(aliases.split("\\|")).map(String::strip).filter(a -> !a.isEmpty()).toList();
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int cut = message.indexOf("\n at [Source");
        return (cut > 0 ? message.substring(0, cut) : message).replace('\n', ' ');
    }
}
