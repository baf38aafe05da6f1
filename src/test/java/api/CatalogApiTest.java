package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.Http;

class CatalogApiTest extends ApiTestBase {

    private Http.Answer load(String contentType, String body) {
        return http().post("/catalog", contentType, body, "X-Api-Key", API_KEY);
    }

    private long products() {
        return http().get("/catalog/stats").json().get("products").asLong();
    }

    @Test
    void writesNeedTheApiKeyReadsDoNot() {
        String csv = "product_name,brand\nZ title,Z\n";
        Http.Answer none = http().post("/catalog", "text/csv", csv);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().at("/error/message").asText()).contains("X-Api-Key");
        assertThat(http().post("/catalog", "text/csv", csv, "X-Api-Key", "wrong").status()).isEqualTo(401);
        assertThat(http().get("/catalog/stats").status()).isEqualTo(200);
    }

    @Test
    void csvLoadKeepsGoodRowsReportsBadOnesByLineAndIsIdempotent() {
        String csv = """
                product_name,brand,category,aliases
                Zebra Sarasa Clip gel pen 0.5 mm blue,Zebra,stationery,ซีบร้า
                ,Zebra,stationery,
                ปากกาเจลซีบร้า ซาราซ่า สีดำ 0.5 มม.,Zebra,stationery,
                Zebra highlighter Mildliner 5 colours,,stationery,
                """;
        long before = products();
        Http.Answer first = load("text/csv; charset=utf-8", csv);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("accepted").asLong()).isEqualTo(2);
        assertThat(first.json().get("rejected").asLong()).isEqualTo(2);
        assertThat(first.json().at("/errors/0/line").asLong()).isEqualTo(3);
        assertThat(first.json().at("/errors/0/message").asText()).contains("product_name");
        assertThat(first.json().at("/errors/1/line").asLong()).isEqualTo(5);
        assertThat(first.json().at("/errors/1/message").asText()).contains("brand");
        assertThat(products()).isEqualTo(before + 2);

        Http.Answer again = load("text/csv", csv);
        assertThat(again.json().get("accepted").asLong()).isEqualTo(2);
        assertThat(products()).isEqualTo(before + 2);

        JsonNode answer = http().postJson("/infer", Http.json(Map.of("product_name", "ปากกา ซีบร้า สีแดง"))).json();
        assertThat(answer.get("brand").asText()).isEqualTo("Zebra");
    }

    @Test
    void jsonArrayAndNdjsonLoadToo() {
        Http.Answer json = load("application/json", """
                [{"product_name":"Faber-Castell colour pencils 24","brand":"Faber-Castell","aliases":["เฟเบอร์คาสเทล"]},
                 {"product_name":"Faber-Castell eraser","brand":"Faber-Castell"},
                 {"brand":"no title"}]""");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().get("accepted").asLong()).isEqualTo(2);
        assertThat(json.json().get("rejected").asLong()).isEqualTo(1);
        assertThat(json.json().at("/errors/0/line").asLong()).isEqualTo(3);

        Http.Answer ndjson = load("application/x-ndjson", """
                {"product_name":"Pilot Frixion erasable pen","brand":"Pilot"}
                {"product_name":"ปากกาไพลอต ลบได้","brand":"Pilot"}
                """);
        assertThat(ndjson.json().get("accepted").asLong()).isEqualTo(2);
        assertThat(http().postJson("/infer", Http.json(Map.of("product_name", "ดินสอสี เฟเบอร์คาสเทล 12 สี")))
                .json().get("brand").asText()).isEqualTo("Faber-Castell");
    }

    @Test
    void unreadableCataloguesAreRefusedWhole() {
        Http.Answer header = load("text/csv", "title,maker\na,b\n");
        assertThat(header.status()).isEqualTo(400);
        assertThat(header.json().at("/error/code").asText()).isEqualTo("invalid_catalog");
        assertThat(header.json().at("/error/message").asText()).contains("product_name and brand");
        assertThat(load("application/json", "{\"product_name\":\"a\"}").status()).isEqualTo(400);
        Http.Answer type = load("text/plain", "product_name,brand\na,b\n");
        assertThat(type.status()).isEqualTo(415);
        assertThat(type.json().at("/error/message").asText()).contains("text/csv");
    }

    @Test
    void aBrandShowsItsAliasesAndWhereTheyCameFrom() {
        Http.Answer load = load("text/csv", """
                product_name,brand,aliases
                Kiwi shoe polish black 45ml,KIWI,กีวี่
                ขัดรองเท้า ชูชายน์ สีดำ,KIWI,
                ชูชายน์ ครีมขัดรองเท้า สีน้ำตาล,KIWI,
                ฟองน้ำขัดรองเท้า ชูชายน์,KIWI,
                KIWI Shoe Shine sponge,Kiwi,
                """);
        assertThat(load.status()).isEqualTo(200);
        Http.Answer brand = http().get("/catalog/brands/" + java.net.URLEncoder.encode("กีวี่",
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(brand.status()).as(brand.text()).isEqualTo(200);
        assertThat(brand.json().get("name").asText()).isEqualTo("KIWI");
        assertThat(brand.json().get("products").asLong()).isEqualTo(5);
        JsonNode aliases = brand.json().get("aliases");
        assertThat(aliases.findValuesAsText("source")).contains("catalog", "spelling", "learnt");
        JsonNode learnt = null;
        for (JsonNode alias : aliases) {
            if ("ชูชายน์".equals(alias.get("name").asText())) {
                learnt = alias;
            }
        }
        assertThat(learnt.get("source").asText()).isEqualTo("learnt");
        assertThat(learnt.get("support").asLong()).isEqualTo(3);
        assertThat(learnt.get("precision").asDouble()).isEqualTo(0.75);
        assertThat(http().postJson("/infer", Http.json(Map.of("product_name", "ชูชายน์ ขัดรองเท้า สีขาว",
                "method", "ner"))).json().get("brand").asText()).isEqualTo("KIWI");
        Http.Answer unknown = http().get("/catalog/brands/NoSuchBrand");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asText()).isEqualTo("unknown_brand");
    }

    @Test
    void statsDescribeTheStore() {
        JsonNode stats = http().get("/catalog/stats").json();
        assertThat(stats.get("products").asLong()).isGreaterThanOrEqualTo(200);
        assertThat(stats.get("brands").asLong()).isGreaterThanOrEqualTo(40);
        assertThat(stats.get("aliases").asLong()).isPositive();
        assertThat(stats.get("store").asText()).isEqualTo("lucene");
        assertThat(stats.get("index_size_bytes").asLong()).isPositive();
    }
}
