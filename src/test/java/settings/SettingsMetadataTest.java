package settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import processors.Json;

/**
 * The settings' metadata (what IDEs complete and document, generated from the records of this package and
 * {@code META-INF/additional-spring-configuration-metadata.json}) against application.yaml, where every setting and its
 * default is written: each of the service's settings has a documented property, each property is a setting, and each
 * default the metadata states is application.yaml's.
 */
class SettingsMetadataTest {

    /** The top-level keys of application.yaml that belong to the service (the rest are Spring's, Camel's, ...). */
    private static final List<String> OWN = List.of("data", "knowledge-base", "milvus", "embedding", "inference",
            "batch", "sqs", "catalog", "security", "orchestrator", "ner", "hybrid", "llm", "agent-calls", "agents",
            "api", "routes", "metrics", "s3");
    /** Map-valued properties: their keys are names the user chooses (an agent's, for one). */
    private static final List<String> MAPS = List.of("agents", "orchestrator.weights");
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{[A-Z0-9_]+:(.*)}");

    @Test
    void everySettingHasADocumentedPropertyWithItsDefault() throws Exception {
        Map<String, Object> yaml = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/application.yaml")) {
            flatten("", new Yaml().load(in), yaml);
        }
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            Json.MAPPER.readTree(in).path("properties").forEach(p -> properties.put(p.get("name").asText(), p));
        }
        List<String> problems = new ArrayList<>();
        yaml.forEach((key, value) -> {
            boolean own = OWN.contains(key.substring(0, key.indexOf('.') < 0 ? key.length() : key.indexOf('.')));
            boolean inMap = MAPS.stream().anyMatch(map -> key.startsWith(map + "."));
            if (own && !inMap && !properties.containsKey(key)) {
                problems.add(key + ": in application.yaml, no property in the metadata (a settings record lacks it)");
            }
        });
        properties.forEach((name, property) -> {
            if (property.path("description").asText().isBlank()) {
                problems.add(name + ": no description (the record's @param)");
            }
            if (MAPS.contains(name)) {
                return;
            }
            if (!yaml.containsKey(name)) {
                problems.add(name + ": a property that application.yaml does not set");
                return;
            }
            if (property.has("defaultValue") && !same(property.get("defaultValue"), yaml.get(name))) {
                problems.add(name + ": the metadata's default " + property.get("defaultValue") + " is not "
                        + "application.yaml's " + yaml.get(name) + " (META-INF/additional-spring-configuration-metadata.json)");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(properties).containsKeys("agents", "inference.min-confidence", "orchestrator.timeout-ms",
                "knowledge-base.store", "llm.model-id", "sqs.requests-queue", "security.api-key", "batch.chunk-size");
    }

    @Test
    void anAgentsNamesAreHinted() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode hints = Json.MAPPER.readTree(in).path("hints");
            List<String> agents = new ArrayList<>();
            hints.forEach(hint -> {
                if ("agents.keys".equals(hint.path("name").asText())) {
                    hint.path("values").forEach(value -> agents.add(value.path("value").asText()));
                }
            });
            assertThat(agents).containsExactly("ner", "rag", "hybrid", "llm");
        }
    }

    private static boolean same(JsonNode metadata, Object yaml) {
        String text = String.valueOf(yaml);
        Matcher env = ENV_DEFAULT.matcher(text);
        if (env.matches()) {
            text = env.group(1);
        }
        if (metadata.isArray()) {
            List<String> values = new ArrayList<>();
            metadata.forEach(value -> values.add(value.asText()));
            return String.join(",", values).equals(text.replace(" ", ""));
        }
        if (metadata.isNumber()) {
            try {
                return metadata.decimalValue().compareTo(new BigDecimal(text)) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return metadata.asText().equals(text);
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, inner,
                    into));
        } else {
            into.put(prefix, value);
        }
    }
}
