package processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inference.InferResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import knowledge.CatalogFormatException;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import settings.FilesSettings;
import text.BoundedText;
import text.SafeText;

/**
 * Files of titles dropped in {@code batch.inbox} (routes.TitleBatchRoutes): a CSV with a {@code product_name}
 * column, or NDJSON with a {@code product_name} field, is read as a stream in chunks of {@code batch.chunk-size} lines;
 * each chunk is answered like a {@code /infer/batch} request (in parallel, in order), and its lines are appended to
 * {@code <name>.results.csv} in {@code batch.outbox}: the input's own columns, then brand, confidence, language, status
 * and error. A line that cannot be answered keeps its row, with its error. The results file is written as
 * {@code .part} and renamed once complete, so nothing reads a half-written file. The S3 title inbox answers its files
 * with the same steps, its rows going to an S3 object instead ({@link Results}, {@link S3TitleInbox}).
 *
 * <p>A CSV record or an NDJSON line is held up to {@code batch.max-record-chars} characters only ({@link BoundedText}),
 * whatever the file: an NDJSON line over it is skipped to its end unkept and its row says so; a CSV record over it (an
 * unclosed quote) ends the file there with a row saying at which line, every line before it answered, and the input
 * then moves to {@code .error/} ({@link #OUTCOME}). The route moves a file to {@code .processing/} before reading it;
 * one a stopped run left there goes to {@code .error/} at the next start ({@link #recoverInterrupted}).
 */
@Component("titleBatches")
public class TitleBatches {

    private static final Logger LOG = LoggerFactory.getLogger(TitleBatches.class);
    /** The variable the route keeps the file's {@link #open} state in. */
    public static final String BATCH = "titleBatch";
    /**
     * The variable the route's file consumer moves the input by once answered: {@code .done}, or {@code .error} when a
     * CSV record over the limit cut the file short.
     */
    public static final String OUTCOME = "titleOutcome";
    /** The limit's setting, named in the error rows. */
    private static final String SETTING = "batch.max-record-chars";
    private static final List<String> RESULT_COLUMNS = List.of("brand", "confidence", "language", "status", "error");
    /** Fields of an input line that are part of the request (others are carried through only). */
    private static final List<String> REQUEST_FIELDS = List.of("product_name", "method", "language_hint", "category");

    private final Path outbox;
    private final int chunkSize;
    private final long progressEvery;
    private final int maxRecordChars;
    private final AtomicLong linesOfCurrentFile = new AtomicLong();
    private final Counter okLines;
    private final Counter errorLines;

    public TitleBatches(FilesSettings files, MeterRegistry meters) {
        FilesSettings.Batch batch = files.batch();
        this.maxRecordChars = batch.maxRecordChars();
        this.outbox = batch.outbox();
        this.chunkSize = batch.chunkSize();
        this.progressEvery = batch.progressEvery();
        Gauge.builder("mpi.batch.file.lines", linesOfCurrentFile, AtomicLong::get)
                .description("Lines of the title file being answered that are done (0 when none is)").register(meters);
        this.okLines = Counter.builder("mpi.batch.lines").description("Title file lines answered, by status")
                .tag("status", "ok").register(meters);
        this.errorLines = Counter.builder("mpi.batch.lines").description("Title file lines answered, by status")
                .tag("status", "error").register(meters);
    }

    /**
     * One line of the input: its own values (column -> value) and the request made of it; or, when {@code error} is not
     * null, a line that is not asked (it could not be read) and the error its row shows.
     */
    public record Line(Map<String, String> values, JsonNode request, String error) {
        Line(Map<String, String> values, JsonNode request) {
            this(values, request, null);
        }

        static Line unread(String error) {
            return new Line(Map.of(), null, error);
        }
    }

    /**
     * Body: the dropped file. Returns the file's lines in chunks, read as they are asked for, for the route to keep in
     * the variable {@link #BATCH} and split.
     */
    public Iterator<List<Line>> open(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return open(name, InboxFiles.open(exchange), new FileResults(outbox, name));
    }

    /**
     * The lines of the title file {@code name} (its format from the name: .csv, else NDJSON) that {@code in} reads, in
     * chunks, whose rows go to {@code results}: for the route to keep in the variable {@link #BATCH} and split, as
     * {@link #open(Exchange)} does for a file of the inbox. A file that cannot be read (no product_name column) throws,
     * and nothing is written.
     */
    public Iterator<List<Line>> open(String name, InputStream in, Results results) throws IOException {
        linesOfCurrentFile.set(0);
        return new Batch(name, in, results);
    }

    /**
     * Where a title file's rows go: written as a stream, seen by others only once complete ({@link #finish}), or
     * removed ({@link #abandon}).
     */
    public interface Results {
        /** The stream the rows are written to, once; closing it ends them. */
        java.io.Writer writer() throws IOException;

        /** After the writer was closed: the rows become the results; returns where they are. */
        String finish() throws IOException;

        /** The rows written so far are removed, the writer's close then writes nothing more. */
        void abandon() throws IOException;
    }

    /** Results in {@code <outbox>/<name>.results.csv}, written as {@code .part} and renamed once complete. */
    static final class FileResults implements Results {
        private final Path part;
        private final Path results;

        FileResults(Path outbox, String name) {
            this.part = outbox.resolve(name + ".results.csv.part");
            this.results = outbox.resolve(name + ".results.csv");
        }

        @Override
        public java.io.Writer writer() throws IOException {
            Files.createDirectories(part.getParent());
            return Files.newBufferedWriter(part, StandardCharsets.UTF_8);
        }

        @Override
        public String finish() throws IOException {
            Files.move(part, results, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return results.toString();
        }

        @Override
        public void abandon() throws IOException {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Body: one chunk of lines (kept in the variable {@code chunk}). Afterwards: the requests of those that were read,
     * as the items of an /infer/batch request whose request id is the file's name and the chunk's index.
     */
    @SuppressWarnings("unchecked")
    public List<JsonNode> items(Exchange exchange) {
        List<Line> chunk = exchange.getMessage().getBody(List.class);
        exchange.setVariable("chunk", chunk);
        Batch batch = exchange.getVariable(BATCH, Batch.class);
        // the id goes into every log line of the chunk (MDC): a file name can hold control characters
        exchange.setVariable(Keys.BATCH_ID, text.SafeText.value(batch.name) + "-"
                + exchange.getProperty(Exchange.SPLIT_INDEX));
        return chunk.stream().filter(line -> line.error() == null).map(Line::request).toList();
    }

    /**
     * Body: the answers to the requests of the chunk in the variable {@code chunk}, in order. Appends the chunk's rows
     * to the results (a line that was not read, its error).
     */
    @SuppressWarnings("unchecked")
    public void write(Exchange exchange) throws IOException {
        Batch batch = exchange.getVariable(BATCH, Batch.class);
        List<Line> chunk = exchange.getVariable("chunk", List.class);
        List<Object> answers = exchange.getMessage().getBody(List.class);
        int answer = 0;
        for (Line line : chunk) {
            if (line.error() != null) {
                batch.write(line, null);
            } else {
                batch.write(line, answers != null && answer < answers.size() ? answers.get(answer) : null);
                answer++;
            }
        }
        long done = linesOfCurrentFile.addAndGet(chunk.size());
        if (done / progressEvery != (done - chunk.size()) / progressEvery) {
            LOG.info("Title file {}: {} lines answered ({} errors)", text.SafeText.value(batch.name), done,
                    batch.errors);
        }
    }

    /**
     * After the last chunk: the results file is complete and takes its name; the variable {@link #OUTCOME} says where
     * the input goes.
     */
    public void close(Exchange exchange) throws IOException {
        Batch batch = exchange.getVariable(BATCH, Batch.class);
        String results = batch.finish();
        exchange.setVariable(OUTCOME, batch.cutShort ? ".error" : ".done");
        linesOfCurrentFile.set(0);
        LOG.info("Title file {}: {} lines answered ({} errors) into {}", text.SafeText.value(batch.name), batch.lines,
                batch.errors, text.SafeText.value(results));
    }

    /** When the route failed: the partial results are removed (the input goes to .error and can be dropped again). */
    public void abandon(Exchange exchange) {
        Batch batch = exchange.getVariable(BATCH, Batch.class);
        if (batch != null) {
            batch.abandon();
        }
        linesOfCurrentFile.set(0);
    }

    /**
     * At start, before the title inbox's route runs: a file still in {@code <inbox>/.processing/} was being answered
     * when the service stopped (a crash, an out-of-memory exit, a kill). It is not answered again, which could stop the
     * service the same way at every start: it moves to {@code .error/} with {@code <name>.error.txt} beside it saying
     * so ({@link InboxFiles#recoverInterrupted}), and the partial results of that run ({@code <name>.results.csv.part})
     * are removed from the outbox.
     *
     * @return the files moved
     */
    public List<Path> recoverInterrupted(Path inbox) throws IOException {
        return InboxFiles.recoverInterrupted(inbox, "Title file", file -> {
            String name = file.getFileName().toString();
            Files.writeString(file.resolveSibling(name + ".error.txt"), "The service stopped while it was answering "
                    + "this file (a crash, an out-of-memory exit or a kill?), so it was not answered again and has no "
                    + "results. Check the file (a huge line, or a quoted field that never closes?) and drop it "
                    + "again.\n",
                    StandardCharsets.UTF_8);
            Files.deleteIfExists(outbox.resolve(name + ".results.csv.part"));
        });
    }

    private final class Batch implements Iterator<List<Line>>, Closeable {
        final String name;
        final Iterator<Line> input;
        final Closeable source;
        final List<String> columns;
        final Results results;
        final CSVPrinter out;
        long lines;
        long errors;
        /** A CSV record over the limit ended the reading: the lines after it are not answered. */
        boolean cutShort;

        Batch(String name, InputStream in, Results results) throws IOException {
            this.name = name;
            this.results = results;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)),
                    1 << 16);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".csv")) {
                CSVParser parser = CSVParser.parse(new BoundedText.CsvRecords(reader, maxRecordChars, SETTING),
                        CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get());
                Iterator<CSVRecord> records = parser.iterator();
                if (!records.hasNext()) {
                    parser.close();
                    throw new CatalogFormatException(name + " is empty: expected a header row with product_name");
                }
                List<String> header = new ArrayList<>();
                records.next().forEach(column -> header.add(column.replace("\uFEFF", "").trim()));
                if (header.stream().noneMatch(column -> column.equalsIgnoreCase("product_name"))) {
                    parser.close();
                    throw new CatalogFormatException(name + ": the CSV header must name a product_name column; got "
                            + header);
                }
                this.columns = header;
                this.source = parser;
                this.input = csvLines(parser, records, header);
            } else {
                this.source = reader;
                NdjsonLines ndjson = new NdjsonLines(new BoundedText.Lines(reader, maxRecordChars), maxRecordChars);
                this.input = ndjson;
                this.columns = ndjson.columns();
            }
            List<String> header = new ArrayList<>(columns);
            RESULT_COLUMNS.forEach(column -> header.add(columns.contains(column) ? "result_" + column : column));
            this.out = new CSVPrinter(results.writer(), CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
            out.printRecord(CsvCells.safe(header));
        }

        /**
         * The records after the header. A record over the limit is not read: it becomes the last line, with an error
         * saying at which line it starts (other broken CSV fails the file, as it always did).
         */
        private Iterator<Line> csvLines(CSVParser parser, Iterator<CSVRecord> records, List<String> header) {
            return new Iterator<>() {
                long lineOfNext = parser.getCurrentLineNumber() + 1;
                Line unread;
                boolean ended;

                @Override
                public boolean hasNext() {
                    if (ended) {
                        return false;
                    }
                    if (unread != null) {
                        return true;
                    }
                    try {
                        return records.hasNext();
                    } catch (UncheckedIOException e) {
                        if (!BoundedText.tooLong(e)) {
                            throw e;
                        }
                        cutShort = true;
                        unread = Line.unread("record_too_long: the record starting at line " + lineOfNext + " is "
                                + "longer than " + maxRecordChars + " characters (" + SETTING + "; an unclosed "
                                + "quote?): not read, nor anything after it");
                        LOG.warn("Title file {}: {}", SafeText.value(name), unread.error());
                        return true;
                    }
                }

                @Override
                public Line next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    if (unread != null) {
                        ended = true;
                        return unread;
                    }
                    CSVRecord record = records.next();
                    lineOfNext = parser.getCurrentLineNumber() + 1;
                    Map<String, String> values = new LinkedHashMap<>();
                    ObjectNode request = JsonNodeFactory.instance.objectNode();
                    for (int i = 0; i < header.size(); i++) {
                        String value = i < record.size() ? record.get(i) : "";
                        values.put(header.get(i), value);
                        String field = header.get(i).toLowerCase(Locale.ROOT);
                        if (REQUEST_FIELDS.contains(field) && !value.isEmpty()) {
                            request.put(field, value);
                        }
                    }
                    return new Line(values, request);
                }
            };
        }

        @Override
        public boolean hasNext() {
            return input.hasNext();
        }

        @Override
        public List<Line> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<Line> chunk = new ArrayList<>(chunkSize);
            while (chunk.size() < chunkSize && input.hasNext()) {
                chunk.add(input.next());
            }
            return chunk;
        }

        void write(Line line, Object answer) throws IOException {
            List<String> row = new ArrayList<>(columns.size() + RESULT_COLUMNS.size());
            columns.forEach(column -> row.add(line.values().getOrDefault(column, "")));
            if (line.error() == null && answer instanceof InferResponse response) {
                row.add(response.brand() == null ? "" : response.brand());
                row.add(String.valueOf(response.confidence()));
                row.add(response.language());
                row.add("ok");
                row.add("");
                okLines.increment();
            } else {
                row.add("");
                row.add("");
                row.add("");
                row.add("error");
                row.add(line.error() != null ? line.error() : errorText(answer));
                errors++;
                errorLines.increment();
            }
            out.printRecord(CsvCells.safe(row));
            lines++;
        }

        private String errorText(Object answer) {
            if (answer instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> error) {
                return error.get("code") + ": " + error.get("message");
            }
            return "no answer";
        }

        String finish() throws IOException {
            try {
                out.close();
            } finally {
                close();
            }
            return results.finish();
        }

        void abandon() {
            try {
                results.abandon();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot remove the partial results of {}: {}", SafeText.value(name), e.getMessage());
            }
            try {
                try {
                    out.close();
                } finally {
                    close();
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("Closing the abandoned results of {}: {}", SafeText.value(name), e.getMessage());
            }
        }

        /** Closes the input (the split does so once it has read the last chunk); the results stay open. */
        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    /**
     * NDJSON lines; the columns are the fields of the first object (a line of other fields keeps those only). A line
     * over the limit is not kept ({@link BoundedText.Lines}): its row says so.
     */
    private static final class NdjsonLines implements Iterator<Line> {
        private final BoundedText.Lines reader;
        private final int maxRecordChars;
        private String pending;
        /** The line number of {@link #pending}. */
        private long line;
        private final List<String> columns = new ArrayList<>();

        NdjsonLines(BoundedText.Lines reader, int maxRecordChars) throws IOException {
            this.reader = reader;
            this.maxRecordChars = maxRecordChars;
            advance();
            if (pending != null && pending != BoundedText.Lines.TOO_LONG) {
                JsonNode first = parse(pending);
                if (first != null && first.isObject()) {
                    first.fieldNames().forEachRemaining(columns::add);
                }
            }
            if (!columns.contains("product_name")) {
                columns.add(0, "product_name");
            }
        }

        List<String> columns() {
            return columns;
        }

        private void advance() {
            try {
                do {
                    pending = reader.next();
                    line++;
                } while (pending != null && pending != BoundedText.Lines.TOO_LONG && pending.isBlank());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static JsonNode parse(String text) {
            try {
                return Json.MAPPER.readTree(text);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public Line next() {
            if (pending == null) {
                throw new NoSuchElementException();
            }
            String text = pending;
            long number = line;
            advance();
            if (text == BoundedText.Lines.TOO_LONG) {
                return Line.unread("line_too_long: line " + number + " is longer than " + maxRecordChars
                        + " characters (" + SETTING + "): not read");
            }
            JsonNode node = parse(text);
            Map<String, String> values = new LinkedHashMap<>();
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            if (node != null && node.isObject()) {
                for (String column : columns) {
                    JsonNode value = node.get(column);
                    values.put(column, value == null || value.isNull() ? ""
                            : value.isValueNode() ? value.asText() : value.toString());
                }
                for (String field : REQUEST_FIELDS) {
                    if (node.has(field)) {
                        request.set(field, node.get(field));
                    }
                }
                return new Line(values, request);
            }
            // not a JSON object: its row says so (the request without product_name is refused as an item error)
            values.put("product_name", text.length() > 200 ? text.substring(0, 200) : text);
            return new Line(values, JsonNodeFactory.instance.textNode(text));
        }
    }
}
