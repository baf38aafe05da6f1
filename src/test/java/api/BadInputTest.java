package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import support.Http;

/**
 * Generated bad requests (jqwik's generators; new ones at every run, each failure printed with its request): 10,000
 * bodies across
 * {@code POST /infer} and {@code POST /infer/batch}: random bytes, invalid UTF-8, wrong JSON types, deep nesting, huge
 * numbers, control and zero-width characters, right-to-left text, emoji, bodies over the limit, wrong content types.
 * Every answer is a 4xx with the error body, or a 200 where the input is in fact valid; never a 5xx, and the service
 * is healthy afterwards. Generated catalogue uploads are in CatalogBadInputTest, on a service of their own.
 */
class BadInputTest extends ApiTestBase {

    /** Strings with what breaks naive text handling: controls, zero-width, bidi marks, emoji, Thai, lone surrogates. */
    static Arbitrary<String> nastyText() {
        Arbitrary<Character> nasty = Arbitraries.of('\u0000', '\u0001', '\u001f', '\u007f', '\u200b', '\u200d',
                '\ufeff', '\u202e', '\u202d', '\u2066', '\u0e22', '\u0e32', '\u0e2a', '\u0e35', '\u0e1f', '\u0e31',
                '\u0e19', '"', '\\', '\n', '\r', '\t', ' ', 'a', 'Z', '9', '{', '}', '\ud83d', '\ude00', '\ud800',
                '\udfff', '\u00e9', '\u4e2d');
        return nasty.list().ofMaxSize(300).map(chars -> {
            StringBuilder text = new StringBuilder();
            chars.forEach(text::append);
            return text.toString();
        });
    }

    /** A JSON value of any type, nasty strings included. */
    static Arbitrary<Object> anyValue() {
        return Arbitraries.oneOf(nastyText().map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just((Object) null), nastyText().list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.just((Object) java.util.Map.of("a", 1)));
    }

    /** A request object: the right fields with values of any type, sometimes extra or missing ones. */
    static Arbitrary<String> inferObject() {
        return Combinators.combine(anyValue(), Arbitraries.of("orchestrator", "ner", "rag", "hybrid", "nosuch", "",
                        "ORCHESTRATOR").map(m -> (Object) m).injectNull(0.1),
                Arbitraries.of("auto", "th", "en", "mixed", "xx", "").map(h -> (Object) h).injectNull(0.3),
                anyValue().injectNull(0.5), Arbitraries.of(true, false))
                .as((name, method, hint, category, extra) -> {
                    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
                    body.put("product_name", name);
                    if (method != null) {
                        body.put("method", method);
                    }
                    if (hint != null) {
                        body.put("language_hint", hint);
                    }
                    if (category != null) {
                        body.put("category", category);
                    }
                    if (extra) {
                        body.put("unexpected", name);
                    }
                    return Http.json(body);
                });
    }

    /** Raw bodies that are not a request at all. */
    static Arbitrary<byte[]> rawBody() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<byte[]> invalidUtf8 = nastyText().map(s -> ("{\"product_name\":\"" + s + "\u00ff\"}")
                .getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> nested = Arbitraries.integers().between(1, 5000).map(depth ->
                ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> nestedObject = Arbitraries.integers().between(1, 3000).map(depth ->
                ("{\"product_name\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}")
                        .getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> hugeNumber = Arbitraries.integers().between(1, 5000).map(digits ->
                ("{\"product_name\":1" + "9".repeat(digits) + "e999999}").getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> truncated = inferObject().map(json -> json.substring(0, json.length() / 2)
                .getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> large = Arbitraries.integers().between(65_000, 1_100_000).map(size ->
                ("{\"product_name\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, bytes), net.jqwik.api.Tuple.of(3, invalidUtf8),
                net.jqwik.api.Tuple.of(2, nested), net.jqwik.api.Tuple.of(2, nestedObject),
                net.jqwik.api.Tuple.of(2, hugeNumber), net.jqwik.api.Tuple.of(3, truncated),
                net.jqwik.api.Tuple.of(1, large));
    }

    static Arbitrary<String> contentType() {
        return Arbitraries.of("application/json", "application/json", "application/json; charset=utf-8",
                "application/problem+json", "text/plain", "text/csv", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x").injectNull(0.1);
    }

    private void check(String path, String contentType, byte[] body) {
        Http.Answer answer = http().post(path, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
        String request = path + " " + contentType + " " + new String(body, 0, Math.min(body.length, 300),
                StandardCharsets.UTF_8);
        assertThat(answer.status()).as(request + " -> " + answer.text()).isIn(200, 400, 413, 415);
        if (answer.status() != 200) {
            JsonNode error = answer.json() == null ? null : answer.json().path("error");
            assertThat(error).as(request + " -> " + answer.text()).isNotNull();
            assertThat(error.path("code").asText()).as(request + " -> " + answer.text()).isNotBlank();
            assertThat(error.path("message").asText()).as(request + " -> " + answer.text()).isNotBlank();
        }
    }

    @Test
    void tenThousandGeneratedBadRequestsGetAClearAnswerAndTheServiceStaysHealthy() {
        Random random = new Random();
        List<String> types = contentType().sampleStream().limit(10_000).toList();
        List<byte[]> raw = rawBody().sampleStream().limit(3_000).toList();
        List<String> objects = inferObject().sampleStream().limit(4_000).toList();
        List<List<String>> batches = inferObject().list().ofMaxSize(30).sampleStream().limit(3_000).toList();
        int sent = 0;
        for (byte[] body : raw) {
            check(sent % 2 == 0 ? "/infer" : "/infer/batch", types.get(sent), body);
            sent++;
        }
        for (String object : objects) {
            check("/infer", types.get(sent), object.getBytes(StandardCharsets.UTF_8));
            sent++;
        }
        for (List<String> items : batches) {
            String body = random.nextInt(10) == 0 ? "[" + String.join(",", items) + "]"
                    : "{\"items\":[" + String.join(",", items) + "]}";
            check("/infer/batch", types.get(sent), body.getBytes(StandardCharsets.UTF_8));
            sent++;
        }
        assertThat(sent).isEqualTo(10_000);
        Http.Answer health = http().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        Http.Answer valid = http().postJson("/infer", "{\"product_name\":\"Colgate Total 150g\"}");
        assertThat(valid.json().path("brand").asText()).isEqualTo("Colgate");
    }
}
