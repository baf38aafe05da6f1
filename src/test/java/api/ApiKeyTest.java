package api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import support.CapturedLog;
import support.Http;

/**
 * The API key guards the writes, and neither the configured key nor a wrong one given by a client reaches the log:
 * every log event of the service while it refuses, accepts and fails keyed requests is rendered with its MDC, arguments
 * and stack traces, and searched for both.
 */
class ApiKeyTest extends ApiTestBase {

    static final String WRONG_KEY = "wrong-key-7f3a9c";

    @Test
    void writesNeedTheKeyAndNoKeyIsLogged() {
        String logged;
        try (CapturedLog log = new CapturedLog()) {
            Http http = http();
            String rejectedRow = "product_name,brand\nA title without its brand,\n";
            assertThat(http.post("/catalog", "text/csv", rejectedRow).status()).isEqualTo(401);
            Http.Answer wrong = http.post("/catalog", "text/csv", rejectedRow, "X-Api-Key", WRONG_KEY);
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().at("/error/message").asText()).doesNotContain(WRONG_KEY, API_KEY);
            // a key of another length, and the right key with a character more: refused the same way
            assertThat(http.post("/catalog", "text/csv", rejectedRow, "X-Api-Key", API_KEY + "x").status())
                    .isEqualTo(401);
            assertThat(http.call("DELETE", "/admin/collection", "X-Api-Key", WRONG_KEY).status()).isEqualTo(401);
            // the right key: a load whose only row is rejected (the shared store stays as it is), and a bad body
            Http.Answer accepted = http.post("/catalog", "text/csv", rejectedRow, "X-Api-Key", API_KEY);
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(200);
            assertThat(accepted.json().get("rejected").asInt()).isEqualTo(1);
            assertThat(http.post("/catalog", "text/csv", "title\nno brand column\n", "X-Api-Key", API_KEY).status())
                    .isEqualTo(400);
            // reads and inference need no key, and a key sent along is ignored
            assertThat(http.post("/infer", "application/json", "{\"product_name\":\"Colgate Total 150g\"}",
                    "X-Api-Key", WRONG_KEY).status()).isEqualTo(200);
            assertThat(http.get("/catalog/stats").status()).isEqualTo(200);
            logged = log.text();
        }
        assertThat(logged).contains("Refused with 401"); // the refusals are logged, without the keys
        assertThat(logged).doesNotContain(API_KEY, WRONG_KEY);
    }
}
