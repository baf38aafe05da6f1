package api;

import static org.assertj.core.api.Assertions.assertThat;

import app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import support.Http;

/**
 * Generated catalogue uploads on a service of their own (they change its store): CSV with quotes, embedded newlines,
 * BOMs, other encodings, missing and extra columns, nasty text; JSON and NDJSON of any shape; random bytes. Every
 * answer is a 200 with a load report or a 4xx with the error body, never a 5xx. Mixed uploads, where the test knows
 * which rows are good: every good row is stored (the store's count grows by exactly their number), every bad row is
 * reported with its line.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogBadInputTest {

    static final String KEY = "catalog-key";
    static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path work = Files.createTempDirectory("mpi-catalog-fuzz-");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", () -> work.resolve("inbox").toString());
        registry.add("batch.inbox", () -> work.resolve("titles").toString());
        registry.add("batch.outbox", () -> work.resolve("results").toString());
        registry.add("routes.dir", () -> work.resolve("routes").toString());
        registry.add("security.api-key", () -> KEY);
        registry.add("knowledge-base.demo-catalog", () -> "false");
        registry.add("catalog.max-reported-errors", () -> "1000");
    }

    @LocalServerPort
    int port;

    private Http.Answer upload(String contentType, byte[] body) {
        return Http.onPort(port).post("/catalog", contentType, HttpRequest.BodyPublishers.ofByteArray(body),
                "X-Api-Key", KEY);
    }

    private int products() {
        return Http.onPort(port).get("/catalog/stats").json().get("products").asInt();
    }

    /** A CSV cell as a spreadsheet writes it: quoted, with its quotes doubled. */
    static String quoted(String cell) {
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    /** A cell of any kind: nasty text, quoted or bare (so sometimes broken), sometimes empty or very long. */
    static Arbitrary<String> cell() {
        Arbitrary<String> text = BadInputTest.nastyText();
        return Arbitraries.frequencyOf(Tuple.of(4, text.map(CatalogBadInputTest::quoted)), Tuple.of(3, text),
                Tuple.of(1, Arbitraries.just("")), Tuple.of(1, Arbitraries.strings().withChars('"', ',', '\n', 'a')
                        .ofMaxLength(20)),
                Tuple.of(1, Arbitraries.integers().between(900, 1200).map("x"::repeat)));
    }

    /** A CSV of any shape: a header (right, wrong or missing), rows of 0 to 5 cells, various line ends. */
    static Arbitrary<String> csv() {
        Arbitrary<String> header = Arbitraries.of("product_name,brand", "product_name,brand,category",
                "brand,product_name,aliases", "product_name;brand", "title,brand", "", "\"product_name\",\"brand\"");
        Arbitrary<String> row = cell().list().ofMaxSize(5).map(cells -> String.join(",", cells));
        return net.jqwik.api.Combinators.combine(header, row.list().ofMaxSize(40), Arbitraries.of("\n", "\r\n", "\r"))
                .as((head, rows, end) -> head + end + String.join(end, rows));
    }

    /** JSON or NDJSON of any shape: arrays of objects with values of any type, single objects, broken lines. */
    static Arbitrary<String> json() {
        Arbitrary<String> object = net.jqwik.api.Combinators.combine(BadInputTest.anyValue(), BadInputTest.anyValue(),
                BadInputTest.anyValue().injectNull(0.7)).as((name, brand, aliases) -> {
                    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("product_name", name);
                    row.put("brand", brand);
                    if (aliases != null) {
                        row.put("aliases", aliases);
                    }
                    return Http.json(row);
                });
        Arbitrary<String> array = object.list().ofMaxSize(30).map(rows -> "[" + String.join(",", rows) + "]");
        Arbitrary<String> ndjson = object.list().ofMaxSize(30).map(rows -> String.join("\n", rows));
        Arbitrary<String> broken = object.list().ofMaxSize(10).map(rows -> String.join("\n", rows) + "\n{\"product_");
        return Arbitraries.oneOf(array, ndjson, broken, object);
    }

    /** Text as bytes: UTF-8, with or without a BOM, or another encoding (UTF-16 with its BOM, TIS-620, Latin-1). */
    static Arbitrary<byte[]> encoded(Arbitrary<String> text) {
        return net.jqwik.api.Combinators.combine(text, Arbitraries.of("UTF-8", "UTF-8", "UTF-8+BOM", "UTF-16",
                "x-IBM874", "ISO-8859-1")).as((value, charset) -> {
                    if (charset.equals("UTF-8+BOM")) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        out.writeBytes(UTF8_BOM);
                        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
                        return out.toByteArray();
                    }
                    return value.getBytes(java.nio.charset.Charset.forName(charset));
                });
    }

    static Arbitrary<String> contentType() {
        return Arbitraries.of("text/csv", "text/csv", "text/csv; charset=utf-8", "application/json",
                "application/x-ndjson", "application/jsonl", "text/plain", "application/octet-stream",
                "application/x-www-form-urlencoded").injectNull(0.05);
    }

    @Test
    void generatedUploadsGetAReportOrAClearErrorNeverA5xx() {
        List<String> types = contentType().sampleStream().limit(1_500).toList();
        List<byte[]> bodies = new ArrayList<>();
        bodies.addAll(encoded(csv()).sampleStream().limit(800).toList());
        bodies.addAll(encoded(json()).sampleStream().limit(500).toList());
        bodies.addAll(Arbitraries.bytes().array(byte[].class).ofMaxSize(3000).sampleStream().limit(200).toList());
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < bodies.size(); i++) {
            String type = i < 800 ? (i % 3 == 0 ? types.get(i) : "text/csv") : types.get(i);
            byte[] body = bodies.get(i);
            Http.Answer answer = upload(type, body);
            String request = type + " " + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            assertThat(answer.status()).as(request + " -> " + answer.text()).isIn(200, 400, 413, 415);
            statuses.merge(answer.status(), 1, Integer::sum);
            JsonNode json = answer.json();
            assertThat(json).as(request + " -> " + answer.text()).isNotNull();
            if (answer.status() == 200) {
                assertThat(json.path("accepted").isIntegralNumber() && json.path("rejected").isIntegralNumber())
                        .as(request + " -> " + answer.text()).isTrue();
                assertThat(json.path("errors").size()).as(request + " -> " + answer.text())
                        .isEqualTo(json.path("rejected").asInt());
            } else {
                assertThat(json.at("/error/code").asText()).as(request + " -> " + answer.text()).isNotBlank();
                assertThat(json.at("/error/message").asText()).as(request + " -> " + answer.text()).isNotBlank();
            }
        }
        System.out.println("generated catalogue uploads by status: " + statuses);
        // the generators reach both sides: uploads read (some rows stored) and uploads refused
        assertThat(statuses).containsKeys(200, 400);
        Http.Answer health = Http.onPort(port).get("/health");
        assertThat(health.json().path("status").asText()).as(health.text()).isEqualTo("UP");
        assertThat(Http.onPort(port).get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void mixedUploadsStoreEveryGoodRowAndReportEveryBadOne() {
        Random random = new Random();
        List<String> nasty = BadInputTest.nastyText().sampleStream().limit(4_000).toList();
        String[] brands = {"Colgate", "คอลเกต", "L'Oréal Paris", "3M", "Wonder \"Smile\"", "ดัชมิลล์, Dutch Mill"};
        int unique = random.nextInt(1_000_000);
        for (int upload = 0; upload < 20; upload++) {
            int before = products();
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            if (random.nextBoolean()) {
                csv.writeBytes(UTF8_BOM);
            }
            csv.writeBytes("product_name,brand,category\r\n".getBytes(StandardCharsets.UTF_8));
            int good = 0;
            List<Integer> badLines = new ArrayList<>();
            int line = 2; // the line a row starts on (a quoted cell may hold line breaks)
            int rows = 50 + random.nextInt(150);
            for (int r = 0; r < rows; r++) {
                String title = "mix" + unique + "u" + upload + "r" + r + " "
                        + nasty.get(random.nextInt(nasty.size())).replace('\r', ' '); // lines counted by \n only
                String brand = brands[random.nextInt(brands.length)];
                String row;
                boolean bad = true;
                switch (random.nextInt(8)) {
                    case 0 -> row = quoted("") + "," + quoted(brand) + ",";                      // no name
                    case 1 -> row = quoted(title) + ",,";                                           // no brand
                    case 2 -> row = quoted(title) + "," + quoted("-- !!") + ",";                   // brand without letters
                    case 3 -> row = quoted(title);                                                  // columns missing
                    case 4 -> row = quoted(title) + "," + quoted(brand) + ",food,extra";            // a column too many
                    case 5 -> row = quoted(title + "x".repeat(1000)) + "," + quoted(brand) + ",";  // name too long
                    default -> {
                        row = quoted(title) + "," + quoted(brand) + "," + quoted(random.nextBoolean() ? "" : "food");
                        bad = false;
                    }
                }
                byte[] bytes = (row + "\r\n").getBytes(StandardCharsets.UTF_8);
                if (!bad && random.nextInt(10) == 0) { // Latin-1, not UTF-8
                    row = quoted(title + "\u00e9") + "," + quoted(brand) + ",";
                    bytes = (row + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    bad = true;
                }
                if (bad) {
                    badLines.add(line);
                } else {
                    good++;
                }
                csv.writeBytes(bytes);
                line += (int) row.chars().filter(c -> c == '\n').count() + 1;
            }
            Http.Answer answer = upload("text/csv", csv.toByteArray());
            String shown = answer.text().length() > 3000 ? answer.text().substring(0, 3000) : answer.text();
            assertThat(answer.status()).as(shown).isEqualTo(200);
            assertThat(answer.json().get("accepted").asInt()).as(shown).isEqualTo(good);
            assertThat(answer.json().get("rejected").asInt()).as(shown).isEqualTo(badLines.size());
            List<Integer> reported = new ArrayList<>();
            answer.json().get("errors").forEach(error -> reported.add(error.get("line").asInt()));
            assertThat(reported).as(shown).isEqualTo(badLines);
            assertThat(products()).as("the store's count after upload %d", upload).isEqualTo(before + good);
        }
    }

    @Test
    void aFieldOverAStoreLimitIsARejectedRowNotA500AndTheRowsAfterItAreStored() {
        // 11,000 Thai characters: 33,000 UTF-8 bytes, over Lucene's 32,766-byte term (this was a 500 and a partial load)
        String huge = "\u0e01".repeat(11_000);
        int before = products();
        String csv = "product_name,brand,category,aliases\n"
                + "Limit-test title one,Limitbrand,food,\n"
                + "Limit-test title two,Limitbrand," + huge + ",\n"
                + "Limit-test title three,Limitbrand,food,\n"
                + "Limit-test title four,Limitbrand,food,alias " + huge + "\n"
                + "Limit-test title five,Limitbrand," + "\u0e01".repeat(201) + ",\n"
                + "Limit-test title six,Limitbrand,food,\n";
        Http.Answer answer = upload("text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().get("accepted").asInt()).as(answer.text()).isEqualTo(3);
        List<Integer> lines = new ArrayList<>();
        answer.json().get("errors").forEach(error -> lines.add(error.get("line").asInt()));
        assertThat(lines).containsExactly(3, 5, 6);
        assertThat(answer.json().at("/errors/0/message").asText()).contains("category").contains("the limit is 200");
        assertThat(products()).isEqualTo(before + 3);

        String ndjson = "{\"product_name\": \"Limit-test json one\", \"brand\": \"Limitbrand\"}\n"
                + "{\"product_name\": \"Limit-test json two\", \"brand\": \"Limitbrand\", \"category\": \"" + huge
                + "\"}\n{\"product_name\": \"Limit-test json three\", \"brand\": \"Limitbrand\"}\n";
        Http.Answer json = upload("application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
        assertThat(json.status()).as(json.text()).isEqualTo(200);
        assertThat(json.json().get("accepted").asInt()).as(json.text()).isEqualTo(2);
        assertThat(json.json().at("/errors/0/line").asInt()).isEqualTo(2);
        assertThat(products()).isEqualTo(before + 5);
    }
}
