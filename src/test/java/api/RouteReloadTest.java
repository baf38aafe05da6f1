package api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.Application;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import support.Http;

/**
 * The dev profile's live reload of ROUTES_DIR: an edit is picked up; an edit that does not parse, and one that parses
 * but whose route cannot be created, leave the previous route serving while /health lists the failure with its file
 * and line; fixing the file clears it.
 */
@CamelSpringBootTest
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.profiles.active=all,dev", "routes.dir=" + RouteReloadTest.ROUTES_DIR,
                "knowledge-base.demo-catalog=false"})
class RouteReloadTest {

    /** routes.dir is read before the context starts (routefiles.RouteFileSelection), so it is fixed here, under target/. */
    static final String ROUTES_DIR = "target/test-routes/reload";
    static final Path FILE = Path.of(ROUTES_DIR, "reload-example.camel.yaml").toAbsolutePath();
    static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("mpi-reload-");
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, version("v1", "setBody:\n                simple"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example route answering {@code <name>:<body>}, with {@code step} as its (line 7) step. */
    static String version(String name, String step) {
        return """
                - route:
                    id: reload-example
                    from:
                      uri: direct:reload-example
                      steps:
                        - log: "reload example NAME"
                        - STEP: "NAME:${body}"
                """.replace("NAME", name).replace("STEP", step);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("data.dir", () -> WORK.resolve("data").toString());
        registry.add("catalog.inbox", () -> WORK.resolve("inbox").toString());
    }

    @Autowired
    ProducerTemplate template;

    @LocalServerPort
    int port;

    private String answer() {
        return template.requestBody("direct:reload-example", "x", String.class);
    }

    private JsonNode health() {
        return Http.onPort(port).get("/health").json();
    }

    private static void edit(String text) throws IOException {
        Files.writeString(FILE, text);
    }

    @Test
    void aBrokenEditLeavesThePreviousRouteServingAndHealthSaysWhereUntilItIsFixed() throws Exception {
        assertThat(answer()).isEqualTo("v1:x");
        assertThat(health().path("failed_route_reloads").isMissingNode()).isTrue();

        edit(version("v2", "setBody:\n                simple"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "v2:x".equals(answer()));

        // a field the YAML DSL does not have: the file does not parse
        edit(version("v3", "setBody:\n                simpel"));
        await().atMost(Duration.ofSeconds(30)).until(() -> health().has("failed_route_reloads"));
        JsonNode failure = health().path("failed_route_reloads").get(0);
        assertThat(failure.path("file").asText()).isEqualTo(FILE.toString());
        assertThat(failure.path("line").asInt()).isEqualTo(8);
        assertThat(failure.path("error").asText()).contains("simpel");
        assertThat(health().path("status").asText()).isEqualTo("DEGRADED");
        assertThat(answer()).isEqualTo("v2:x");

        // a route that parses but cannot be created (an unknown component): Camel alone would remove the old route
        edit(version("v4", "setBody:\n                simple").replace("- log: \"reload example v4\"",
                "- to: \"nosuch:endpoint\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> health().path("failed_route_reloads").path(0)
                .path("error").asText().contains("nosuch"));
        failure = health().path("failed_route_reloads").get(0);
        assertThat(failure.path("file").asText()).isEqualTo(FILE.toString());
        // the line of the step that failed
        assertThat(failure.path("line").asInt()).isEqualTo(6);
        assertThat(answer()).isEqualTo("v2:x");

        // fixed: reloaded, and health is clean again
        edit(version("v5", "setBody:\n                simple"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "v5:x".equals(answer()));
        assertThat(health().path("failed_route_reloads").isMissingNode()).isTrue();
        assertThat(health().path("status").asText()).isEqualTo("UP");
    }
}
