package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.GeneratedLines;
import support.Http;
import support.ServiceInstance;

/**
 * Catalogue loads while {@code /infer} is under load: every answer during the loads (and the tagger training and
 * calibration they start) is a 200 with the right brand, both agents answering, and nothing in between.
 */
class LoadWhileServingTest {

    static final int BRANDS = 200;
    static final int USERS = 4;
    static final int FIRST = 1_000;
    static final int LOAD = 3_000;

    @TempDir
    Path work;

    static String title(int i) {
        return "Brand%03d น้ำยาล้างจาน สูตร %d ขนาด %d ml".formatted(i % BRANDS, i, 100 + i % 900);
    }

    static InputStream catalogue(int from, int rows) {
        return GeneratedLines.of("product_name,brand", rows,
                i -> title(from + i) + ",Brand%03d".formatted((from + i) % BRANDS));
    }

    @Test
    void answersStayWholeAndRightWhileTheCatalogueGrows() throws Exception {
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("knowledge-base.demo-catalog", "false");
        properties.put("agents.ner.tagger.max-titles", "2000");
        properties.put("agents.hybrid.enabled", "false");
        try (ServiceInstance service = ServiceInstance.start("all", properties)) {
            Http http = service.http();
            Http.Answer first = http.post("/catalog", "text/csv",
                    HttpRequest.BodyPublishers.ofInputStream(() -> catalogue(0, FIRST)));
            assertThat(first.status()).as(first.text()).isEqualTo(200);

            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            ExecutorService users = Executors.newFixedThreadPool(USERS);
            List<Future<?>> running = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                int user = u;
                running.add(users.submit(() -> {
                    // titles not in the catalogue: another size of a known product
                    for (int i = user; loading.get(); i += USERS) {
                        String title = title(i % FIRST).replace(" ml", "0 ml");
                        Http.Answer answer = http.postJson("/infer", Http.json(Map.of("product_name", title)));
                        answered.incrementAndGet();
                        String problem = problem(answer, "Brand%03d".formatted(i % FIRST % BRANDS));
                        if (problem != null) {
                            wrong.add(title + ": " + problem);
                        }
                    }
                }));
            }
            // three loads, one after the other, while the users ask
            for (int load = 1; load <= 3; load++) {
                int from = FIRST + (load - 1) * LOAD;
                Http.Answer loaded = http.post("/catalog", "text/csv",
                        HttpRequest.BodyPublishers.ofInputStream(() -> catalogue(from, LOAD)));
                assertThat(loaded.status()).as(loaded.text()).isEqualTo(200);
                assertThat(loaded.json().get("accepted").asInt()).isEqualTo(LOAD);
            }
            loading.set(false);
            for (Future<?> user : running) {
                user.get();
            }
            users.shutdown();
            assertThat(answered.get()).isGreaterThan(100);
            assertThat(wrong).as("of %d answers", answered.get()).isEmpty();
            assertThat(http.get("/catalog/stats").json().get("products").asInt()).isEqualTo(FIRST + 3 * LOAD);
            assertThat(http.get("/health").json().get("status").asText()).isEqualTo("UP");
        }
    }

    /** What is wrong with an answer, or null. */
    private static String problem(Http.Answer answer, String brand) {
        if (answer.status() != 200) {
            return answer.status() + " " + answer.text();
        }
        JsonNode body = answer.json();
        if (!brand.equals(body.path("brand").asText())) {
            return "answered " + body.path("brand").asText() + ": " + answer.text();
        }
        List<String> agents = new ArrayList<>();
        body.path("agents").forEach(agent -> agents.add(agent.path("agent").asText() + "=" + agent.path("status").asText()));
        if (!agents.equals(List.of("ner=ok", "rag=ok"))) {
            return "agents " + agents + ": " + answer.text();
        }
        return body.path("confidence").isNumber() && body.path("candidates").size() > 0 ? null : answer.text();
    }
}
