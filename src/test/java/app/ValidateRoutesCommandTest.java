package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code validate-routes} command: every shipped route file, every example of docs/routes and the benchmark's
 * routes pass (each loaded into the service's Camel context and started; the JBang-only agents file is run by
 * CamelJBangTest), and an integrator's broken files are reported with the file, the line and what is wrong, by the schema
 * or by loading them.
 */
class ValidateRoutesCommandTest {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ValidateRoutesCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void shippedRoutesAreValidAndBrokenOnesAreReportedWithTheirLines() throws Exception {
        write("keywords.camel.yaml", """
                - route:
                    id: keywords-example
                    from:
                      uri: direct:keywords-example
                      steps:
                        - to: direct:ask-ner
                """);
        Path schema = write("typo.camel.yaml", """
                - route:
                    id: typo-example
                    from:
                      uri: direct:typo-example
                      steps:
                        - log: "x"
                        - setBody:
                            simpel: "a:${body}"
                """);
        Path component = write("component.camel.yaml", """
                - route:
                    id: component-example
                    from:
                      uri: direct:component-example
                      steps:
                        - log: "x"
                        - to: "nosuch:endpoint"
                """);
        Path placeholder = write("placeholder.camel.yaml", """
                - route:
                    id: placeholder-example
                    from:
                      uri: direct:placeholder-example
                      steps:
                        - setBody:
                            constant: "{{no.such.setting}}"
                """);
        Run result = run("src/main/resources/routes", "docs/routes", "scripts/bench", dir.toString());
        assertThat(result.status()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).as(result.out())
                .contains("src/main/resources/routes/hybrid.camel.yaml: ok (routes: agent-hybrid)")
                .contains("src/main/resources/routes/catalog-inbox.camel.yaml: ok (routes: catalog-inbox)")
                .contains(dir.resolve("keywords.camel.yaml") + ": ok (routes: keywords-example)")
                .contains(schema + ":8:13: schema: $[0].route.from.steps[1].setBody: property 'simpel' is not "
                        + "defined in the schema")
                .contains(component + ":7: load: Failed to create route: component-example")
                .contains("No endpoint could be found for: nosuch://endpoint")
                .contains(placeholder + ":")
                .contains("no.such.setting")
                .contains("docs/routes/rules-agent.camel.yaml: ok (routes: agent-rules)")
                .contains("docs/routes/ask-rag-within-300ms.camel.yaml: ok")
                .contains("docs/routes/review-low-confidence.camel.yaml: ok (routes: review-low-confidence)")
                .contains("scripts/bench/constant-agents.camel.yaml: ok (routes: constant-ner, constant-rag)")
                .contains("src/main/resources/routes/agents.camel.yaml: ok")
                .contains("12 file(s), 3 with errors");
    }

    @Test
    void nothingToValidateIsAUsageError() {
        Run result = run(dir.toString());
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("no *.camel.yaml file given");
        assertThat(run("no/such/dir").err()).contains("no such file or directory: no/such/dir");
    }
}
