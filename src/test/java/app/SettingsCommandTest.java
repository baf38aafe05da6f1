package app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The {@code settings} command of the jar: the service's own settings as a properties file Camel reads back. */
class SettingsCommandTest {

    private static Properties settings(int expectedStatus, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SettingsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedStatus);
        // what Camel does with a properties file: Properties.load, ISO-8859-1 with \\u escapes
        Properties properties = new Properties();
        properties.load(new StringReader(out.toString(StandardCharsets.ISO_8859_1)));
        return properties;
    }

    @Test
    void printsTheServicesOwnSettingsResolvedWithArgumentsOverTheFiles() throws Exception {
        Properties properties = settings(0, "--hybrid.stop-confidence=0.7", "--try.title=ยาสีฟัน a=b: #1");
        assertThat(properties.getProperty("hybrid.stop-confidence")).isEqualTo("0.7");
        assertThat(properties.getProperty("orchestrator.disagreement-penalty")).isEqualTo("0.3");
        assertThat(properties.getProperty("try.title")).isEqualTo("ยาสีฟัน a=b: #1");
        // placeholders resolved: ${KNOWLEDGE_BASE_STORE:lucene}
        assertThat(properties.getProperty("knowledge-base.store")).isEqualTo("lucene");
        // the frameworks' settings are not the routes' business
        assertThat(properties.stringPropertyNames())
                .noneMatch(key -> key.startsWith("camel.") || key.startsWith("spring.") || key.startsWith("server."));
    }

    @Test
    void secretsAreLeftOut() throws Exception {
        Properties properties = settings(0, "--security.api-key=s3cret-key", "--milvus.token=s3cret-token");
        assertThat(properties.stringPropertyNames()).doesNotContain("security.api-key", "milvus.token");
        assertThat(properties.values()).noneMatch(value -> value.toString().contains("s3cret"));
        assertThat(properties.getProperty("security.require-api-key")).isEqualTo("false");
    }

    @Test
    void anArgumentThatIsNotASettingIsRefused() throws Exception {
        assertThat(settings(2, "hybrid.stop-confidence").isEmpty()).isTrue();
    }
}
