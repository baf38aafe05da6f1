package architecture;

import static org.assertj.core.api.Assertions.assertThat;

import app.Application;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.processor.SendProcessor;
import org.apache.camel.processor.WireTapProcessor;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * docs/ARCHITECTURE.md's two diagrams are the code's: the packages and which depends on which (read from the sources'
 * references to each other), and the routes and which sends to which (read from the routes of a service started on
 * its defaults). When the code changes them, this test fails and prints the diagram to put in the document. It also
 * holds the rules the diagram shows: no package depends on one that depends on it, and the domain packages use no Camel.
 */
@CamelSpringBootTest
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "routes.dir=target/test-routes/architecture")
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path DOCUMENT = Path.of("docs/ARCHITECTURE.md");
    /** The packages of the domain: plain Java (and Spring's settings binding), no Camel. */
    private static final Set<String> WITHOUT_CAMEL = Set.of("agents", "inference", "knowledge", "models", "settings",
            "text");

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path work = Files.createTempDirectory("mpi-architecture-");
        registry.add("data.dir", () -> work.resolve("data").toString());
        registry.add("catalog.inbox", () -> work.resolve("inbox").toString());
        registry.add("batch.inbox", () -> work.resolve("titles").toString());
        registry.add("batch.outbox", () -> work.resolve("results").toString());
    }

    @Test
    void thePackageDiagramIsTheCodes() throws IOException {
        Map<String, Set<String>> dependencies = packageDependencies();
        List<String> lines = new ArrayList<>();
        lines.add("flowchart TD");
        dependencies.forEach((from, tos) -> {
            if (tos.isEmpty()) {
                lines.add("    " + from);
            }
            tos.forEach(to -> lines.add("    " + from + " --> " + to));
        });
        assertThat(section("packages")).as("the packages diagram of %s; put this there:%n%s", DOCUMENT,
                fenced(lines)).isEqualTo(fenced(lines));
    }

    @Test
    void noPackageDependsOnOneThatDependsOnItAndTheDomainUsesNoCamel() throws IOException {
        Map<String, Set<String>> dependencies = packageDependencies();
        dependencies.forEach((from, tos) -> tos.forEach(to -> assertThat(reaches(dependencies, to, from, new TreeSet<>()))
                .as("%s depends on %s, which depends on %s again", from, to, from).isFalse()));
        for (String domain : WITHOUT_CAMEL) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(domain))) {
                for (Path file : files.toList()) {
                    assertThat(code(file)).as("%s uses Camel", file).doesNotContain("org.apache.camel");
                }
            }
        }
    }

    @Test
    void theRoutesDiagramIsTheRunningServices() throws IOException {
        Map<String, String> consumers = new TreeMap<>(); // endpoint uri -> route id
        for (Route route : camel.getRoutes()) {
            consumers.put(route.getEndpoint().getEndpointUri(), name(route));
        }
        Set<String> edges = new TreeSet<>();
        Set<String> nodes = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            nodes.add(name(route));
            for (Processor processor : route.filter("*")) {
                String uri = processor instanceof SendProcessor send ? send.getDestination().getEndpointUri()
                        : processor instanceof WireTapProcessor tap ? tap.getUri() : null;
                String to = uri == null ? null : consumers.get(uri);
                if (to != null && !to.equals(name(route))) {
                    edges.add("    " + name(route) + " --> " + to);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("flowchart LR");
        for (String node : nodes) {
            if (edges.stream().noneMatch(edge -> edge.contains(" " + node + " ") || edge.endsWith(" " + node))) {
                lines.add("    " + node);
            }
        }
        lines.addAll(edges);
        assertThat(section("routes")).as("the routes diagram of %s; put this there:%n%s", DOCUMENT, fenced(lines))
                .isEqualTo(fenced(lines));
    }

    /** A route's id, or for one Camel named itself (the REST API's description), its endpoint. */
    private static String name(Route route) {
        return route.getRouteId().matches("route\\d+")
                ? route.getEndpoint().getEndpointUri().replaceAll("\\?.*", "").replaceAll("[^A-Za-z0-9]+", "-")
                        .replaceAll("^-|-$", "")
                : route.getRouteId();
    }

    /** Package -> the packages of src/main/java its code refers to (imports and qualified names). */
    private static Map<String, Set<String>> packageDependencies() throws IOException {
        List<String> packages;
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            packages = dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList();
        }
        Map<String, Set<String>> dependencies = new TreeMap<>();
        for (String from : packages) {
            Set<String> tos = new TreeSet<>();
            try (Stream<Path> files = Files.list(SOURCES.resolve(from))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = code(file);
                    for (String to : packages) {
                        if (!to.equals(from) && Pattern.compile("(?<![\\w.])" + to + "\\.[A-Z]").matcher(code).find()) {
                            tos.add(to);
                        }
                    }
                }
            }
            dependencies.put(from, tos);
        }
        return dependencies;
    }

    private static boolean reaches(Map<String, Set<String>> dependencies, String from, String to, Set<String> seen) {
        for (String next : dependencies.getOrDefault(from, Set.of())) {
            if (next.equals(to) || seen.add(next) && reaches(dependencies, next, to, seen)) {
                return true;
            }
        }
        return false;
    }

    /** A source file without its comments and string literals. */
    private static String code(Path file) throws IOException {
        // (the literals' pattern unrolled, possessive: a long file's literals would overflow the stack otherwise)
        return Files.readString(file).replaceAll("\"[^\"\\\\\\n]*+(?:\\\\.[^\"\\\\\\n]*+)*+\"", "\"\"")
                .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }

    private static String section(String name) throws IOException {
        Matcher section = Pattern.compile("(?s)<!-- " + name + ":begin -->\\n(.*?)<!-- " + name + ":end -->")
                .matcher(Files.readString(DOCUMENT));
        return section.find() ? section.group(1) : "(no <!-- " + name + ":begin --> ... <!-- " + name + ":end -->)";
    }

    private static String fenced(List<String> lines) {
        return "```mermaid\n" + String.join("\n", lines) + "\n```\n";
    }
}
