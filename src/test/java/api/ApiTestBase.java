package api;

import app.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import support.Http;

/**
 * One running service (profile all, demo catalogue, real HTTP on a random port) shared by the API tests: its own data
 * dir, catalogue inbox and routes dir, an API key for writes, a batch limit of 20 items and a
 * catalogue body limit of 8 MiB.
 */
@CamelSpringBootTest
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "routes.dir=" + ApiTestBase.ROUTES_DIR)
@AutoConfigureObservability
abstract class ApiTestBase {

    static final String API_KEY = "test-key";
    /** routes.dir is read before the context starts (routefiles.RouteFileSelection), so it is fixed here, under target/. */
    static final String ROUTES_DIR = "target/test-routes/api";
    static final Path WORK;
    static final Path INBOX;

    static {
        try {
            WORK = Files.createTempDirectory("mpi-api-");
            INBOX = WORK.resolve("inbox");
            Path routes = Files.createDirectories(Path.of(ROUTES_DIR));
            Files.writeString(routes.resolve("external-example.camel.yaml"), """
                    - route:
                        id: external-example
                        description: "A route that exists only in ROUTES_DIR"
                        from:
                          uri: direct:external-example
                          steps:
                            - setBody:
                                simple: "external:${body}"
                    """);
            String shipped;
            try (var in = ApiTestBase.class.getResourceAsStream("/routes/hybrid.camel.yaml")) {
                shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            Files.writeString(routes.resolve("hybrid.camel.yaml"), shipped.replace(
                    "description: \"Hybrid agent: NER, then RAG, then the LLM, each only while no step before it was sure\"",
                    "description: \"Hybrid agent from ROUTES_DIR\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("data.dir", () -> WORK.resolve("data").toString());
        registry.add("catalog.inbox", INBOX::toString);
        registry.add("batch.inbox", () -> WORK.resolve("titles-in").toString());
        registry.add("batch.outbox", () -> WORK.resolve("titles-out").toString());
        registry.add("security.api-key", () -> API_KEY);
        registry.add("inference.batch.max-items", () -> "20");
        // small enough for ChunkedBodyTest to pass it quickly
        registry.add("catalog.max-body-bytes", () -> String.valueOf(8 * 1024 * 1024));
    }

    @LocalServerPort
    int port;

    Http http() {
        return Http.onPort(port);
    }

    /**
     * Catalogue loads of other tests retrain the NER tagger, recalibrate the agents and learn their combination anew in
     * the background: wait until none of that is under way.
     */
    void awaitTaggerIdle() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> {
                    var agents = http().get("/agents").json();
                    return !agents.at("/agents/0/tagger/training").asBoolean(true)
                            && !agents.at("/agents/1/calibration/calibrating").asBoolean(true)
                            && !http().get("/health").json().at("/combination/learning").asBoolean(true);
                });
    }
}
