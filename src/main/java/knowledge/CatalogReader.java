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
import text.BoundedText;

/**
 * Reads a catalogue as a stream of rows, one at a time, so a file of any size is never held in memory.
 *
 * <p>Every row ends in exactly one call of the handler: {@link RowHandler#row} for a valid one, {@link RowHandler#reject}
 * with its line number and the reason otherwise. When the text itself breaks (an unclosed quote, broken JSON) reading
 * stops there and the rest of the input is reported as one rejected entry at that line. A row holding bytes that are not
 * UTF-8 is rejected on its own. A CSV record, an NDJSON line or a JSON array element is held in memory up to
 * {@code maxRecordChars} characters only ({@link BoundedText}): an NDJSON line over it is rejected alone; a CSV record or
 * JSON element over it (an unclosed quote) stops the reading there, reported at its line, as broken text does.
 */
public final class CatalogReader {

    /** Receives the rows of a catalogue in order. */
    public interface RowHandler {
        void row(long line, Product product);

        void reject(long line, String message);
    }

    /*
     * The length limits of a row's fields, after trimming, in characters (Java chars: an emoji counts two) and in UTF-8
     * bytes, which the stores count: Lucene holds a term or doc value of at most 32,766 bytes, and the Milvus
     * collection's VARCHAR fields hold at most MilvusVectorStore.*_MAX_BYTES bytes. A row over any of them is rejected
     * with its line. With at most 3 UTF-8 bytes a Java char, the character limits keep every field under its byte limit;
     * both are checked, so that raising one cannot pass a value a store refuses.
     */
    public static final int MAX_NAME_LENGTH = 1000;
    public static final int MAX_NAME_BYTES = 4096;
    public static final int MAX_BRAND_LENGTH = 200;
    public static final int MAX_BRAND_BYTES = 1024;
    public static final int MAX_CATEGORY_LENGTH = 200;
    public static final int MAX_CATEGORY_BYTES = 1024;
    /** One alias (another name of the brand). */
    public static final int MAX_ALIAS_LENGTH = 200;
    public static final int MAX_ALIAS_BYTES = 1024;
    /** All the aliases of a row, written with {@code |} between them (as the stores keep them). */
    public static final int MAX_ALIASES_LENGTH = 1000;
    public static final int MAX_ALIASES_BYTES = 4096;

    /** The characters of one CSV record, NDJSON line or JSON array element held at most, unless a caller says. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 65_536;
    /** The setting of the limit, named in the messages. */
    private static final String SETTING = "catalog.max-record-chars";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CatalogReader() {
    }

    public static void read(InputStream in, CatalogFormat format, RowHandler handler) throws IOException {
        read(in, format, DEFAULT_MAX_RECORD_CHARS, handler);
    }

    /**
     * @param maxRecordChars the characters of one CSV record, NDJSON line or JSON array element read at most (the
     *                       memory a catalogue costs, whatever its size); the fields' own limits are far below
     */
    public static void read(InputStream in, CatalogFormat format, int maxRecordChars, RowHandler handler)
            throws IOException {
        Reader reader = utf8(in);
        switch (format) {
            case CSV -> readCsv(new BoundedText.CsvRecords(reader, maxRecordChars, SETTING), handler);
            case JSON -> readJsonArray(new BoundedText.JsonValues(reader, maxRecordChars, SETTING), handler);
            case NDJSON -> readNdjson(new BoundedText.Lines(reader, maxRecordChars), maxRecordChars, handler);
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
                handler.reject(lineOfNext, (BoundedText.tooLong(e)
                        ? "the record starting here " : "unreadable from this line on, ")
                        + "not read, nor anything after it: " + message(e.getCause()));
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

    private static void readJsonArray(BoundedText.JsonValues reader, RowHandler handler) throws IOException {
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
                    reader.startValue(parser.currentTokenLocation().getCharOffset());
                    node = parser.readValueAsTree();
                    reader.endValue();
                } catch (IOException e) {
                    handler.reject(line, (BoundedText.tooLong(e)
                            ? "the array element starting here is not read, nor anything after it: "
                            : "unreadable from this line on, nothing after it was loaded: ") + message(e));
                    return;
                }
                validateNode(line, node, handler);
            }
        }
    }

    private static void readNdjson(BoundedText.Lines lines, int maxRecordChars, RowHandler handler)
            throws IOException {
        long line = 0;
        while (true) {
            String text = lines.next();
            if (text == null) {
                break;
            }
            line++;
            if (text == BoundedText.Lines.TOO_LONG) {
                handler.reject(line, "the line is longer than " + maxRecordChars
                        + " characters (" + SETTING + "): not read");
                continue;
            }
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
        String cat = category == null || category.isBlank() ? null : category.strip();
        List<String> kept = aliases.stream().map(String::strip).filter(a -> !a.isEmpty()).distinct().toList();
        String tooLong;
        if (isMalformed(productName) || isMalformed(brandName) || isMalformed(category)
                || aliases.stream().anyMatch(CatalogReader::isMalformed)) {
            handler.reject(line, "the row holds bytes that are not valid UTF-8");
        } else if (productName.isEmpty()) {
            handler.reject(line, "product_name is missing or empty");
        } else if (brandName.isEmpty()) {
            handler.reject(line, "brand is missing or empty");
        } else if ((tooLong = tooLong(productName, brandName, cat, kept)) != null) {
            handler.reject(line, tooLong);
        } else if (text.TextNormalizer.key(brandName).isEmpty()) {
            handler.reject(line, "brand '" + brandName + "' has no letters or digits");
        } else {
            handler.row(line, new Product(productName, brandName, cat, kept));
        }
    }

    /** Which field of a row is over its limits, and by how much; null when none is. */
    private static String tooLong(String name, String brand, String category, List<String> aliases) {
        String over = overLimit("product_name", name, MAX_NAME_LENGTH, MAX_NAME_BYTES);
        if (over == null) {
            over = overLimit("brand", brand, MAX_BRAND_LENGTH, MAX_BRAND_BYTES);
        }
        if (over == null && category != null) {
            over = overLimit("category", category, MAX_CATEGORY_LENGTH, MAX_CATEGORY_BYTES);
        }
        for (int i = 0; over == null && i < aliases.size(); i++) {
            over = overLimit("alias " + (i + 1), aliases.get(i), MAX_ALIAS_LENGTH, MAX_ALIAS_BYTES);
        }
        if (over == null) {
            over = overLimit("aliases (together, with | between them)", String.join("|", aliases),
                    MAX_ALIASES_LENGTH, MAX_ALIASES_BYTES);
        }
        return over;
    }

    private static String overLimit(String field, String value, int maxChars, int maxBytes) {
        int bytes = utf8Length(value, maxBytes);
        if (value.length() <= maxChars && bytes <= maxBytes) {
            return null;
        }
        return field + " is " + value.length() + " characters long (" + (bytes > maxBytes ? "over " + maxBytes
                : bytes) + " UTF-8 bytes), the limit is " + maxChars + " characters and " + maxBytes + " bytes";
    }

    /** The UTF-8 length of {@code value}, counted up to just over {@code max} (the exact length does not matter then). */
    static int utf8Length(String value, int max) {
        int bytes = 0;
        for (int i = 0; i < value.length() && bytes <= max; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
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
