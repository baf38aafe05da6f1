package commands;

import commands.SettingsCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

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
    void secretsSpelledAnyWayTheSettingsBindAreLeftOut() throws Exception {
        Properties properties = settings(0, "--security.apiKey=s3cret-1", "--API_KEY=s3cret-2", "--milvus.Token=s3cret-3",
                "--SECURITY_API_KEY=s3cret-4", "--copy=${API_KEY}");
        assertThat(properties.values()).noneMatch(value -> value.toString().contains("s3cret"));
        assertThat(properties.getProperty("security.require-api-key")).isEqualTo("false");
        assertThat(properties.getProperty("llm.max-tokens")).isEqualTo("200");
    }

    /** A name's words spelled as relaxed binding reads them: any case, joined by '.', '-', '_' or nothing. */
    private static Arbitrary<String> spelling(List<String> words) {
        Arbitrary<String> separator = Arbitraries.of(".", "-", "_", "");
        return Combinators.combine(separator.list().ofSize(words.size()), Arbitraries.longs())
                .as((separators, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    StringBuilder name = new StringBuilder();
                    for (int i = 0; i < words.size(); i++) {
                        if (i > 0) {
                            name.append(separators.get(i));
                        }
                        for (char c : words.get(i).toCharArray()) {
                            name.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                        }
                    }
                    return name.toString();
                });
    }

    /** Generated: a name of a secret (the service's, or any holding key, token, secret, password) in any spelling. */
    static Arbitrary<String> secretName() {
        Arbitrary<List<String>> words = Arbitraries.oneOf(
                Arbitraries.of(List.of("security", "api", "key"), List.of("milvus", "token"), List.of("api", "key"),
                        List.of("milvus", "token"), List.of("aws", "secret", "access", "key")),
                Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                                Arbitraries.of("key", "token", "secret", "password", "apikey", "passwords"),
                                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(5))
                        .as((before, word, after) -> after.isEmpty() ? List.of(before, word)
                                : List.of(before, word, after)));
        return words.flatMap(SettingsCommandTest::spelling);
    }

    @Test
    void generatedSpellingsOfSecretNamesAreLeftOut() {
        List<String> names = secretName().sampleStream().limit(2_000).toList();
        Arbitrary<String> plainName = Arbitraries.strings().withCharRange('a', 'j').ofMinLength(3).ofMaxLength(10)
                .map(name -> "plain." + name);
        for (int i = 0; i < names.size(); i += 20) {
            List<String> batch = names.subList(i, Math.min(names.size(), i + 20));
            List<String> args = new java.util.ArrayList<>();
            for (int j = 0; j < batch.size(); j++) {
                args.add("--" + batch.get(j) + "=s3cret-" + j);
            }
            String plain = plainName.sample();
            args.add("--" + plain + "=visible");
            StandardEnvironment env = new StandardEnvironment();
            env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args.toArray(String[]::new)));
            Map<String, String> printed = SettingsCommand.settings(env);
            assertThat(printed.values()).as("printed for %s", args).noneMatch(value -> value.contains("s3cret"));
            // not everything is hidden: a name without a secret word is printed
            assertThat(printed).as("printed for %s", args).containsEntry(plain, "visible");
        }
    }

    @Test
    void anArgumentThatIsNotASettingIsRefused() throws Exception {
        assertThat(settings(2, "hybrid.stop-confidence").isEmpty()).isTrue();
    }
}
