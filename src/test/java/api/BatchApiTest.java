package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.Http;

class BatchApiTest extends ApiTestBase {

    @Test
    void itemsAreAnsweredInOrderAndABadItemGetsItsErrorInItsSlot() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add(Map.of("product_name", i % 2 == 0 ? "Mama instant noodles pack " + i : "Colgate toothpaste " + i));
        }
        items.add(3, Map.of("product_name", ""));
        items.add(Map.of("product_name", "Dove soap", "method", "nope"));
        Http.Answer answer = http().postJson("/infer/batch", Http.json(Map.of("items", items)));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode results = answer.json().get("items");
        assertThat(results.size()).isEqualTo(8);
        assertThat(results.get(0).get("brand").asText()).isEqualTo("Mama");
        assertThat(results.get(1).get("brand").asText()).isEqualTo("Colgate");
        assertThat(results.get(2).get("product_name").asText()).isEqualTo("Mama instant noodles pack 2");
        assertThat(results.get(3).at("/error/code").asText()).isEqualTo("empty_product_name");
        assertThat(results.get(4).get("product_name").asText()).isEqualTo("Colgate toothpaste 3");
        assertThat(results.get(7).at("/error/code").asText()).isEqualTo("invalid_method");
        String batchId = answer.json().get("request_id").asText();
        assertThat(results.get(5).get("request_id").asText()).isEqualTo(batchId + "-5");
    }

    @Test
    void overTheItemLimitIs413() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            items.add(Map.of("product_name", "title " + i));
        }
        Http.Answer answer = http().postJson("/infer/batch", Http.json(Map.of("items", items)));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().at("/error/message").asText()).contains("21").contains("20");
    }

    @Test
    void anEmptyBatchIsAnsweredAtOnce() {
        Http.Answer answer = http().postJson("/infer/batch", "{\"items\":[]}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("items").size()).isZero();
    }

    @Test
    void aBatchWithoutItemsIs400() {
        assertThat(http().postJson("/infer/batch", "{\"items\":{}}").status()).isEqualTo(400);
        assertThat(http().postJson("/infer/batch", "[]").status()).isEqualTo(400);
        assertThat(http().post("/infer/batch", "text/csv", "a,b").status()).isEqualTo(415);
    }
}
