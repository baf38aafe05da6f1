package settings;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import support.ServiceInstance;

/** A wrong setting stops the start, with the property and the reason: nothing is silently turned into a default. */
class SettingsValidationTest {

    @Test
    void aTimeoutOfZeroFailsTheStartNamingTheAgentsProperty() throws Exception {
        assertThatThrownBy(() -> start("agents.ner.timeout-ms", "0"))
                .rootCause().isInstanceOf(BindValidationException.class)
                .hasMessageContaining("agents[ner].timeoutMs").hasMessageContaining("must be greater than 0");
    }

    @Test
    void aConfidenceAboveOneFailsTheStart() throws Exception {
        assertThatThrownBy(() -> start("inference.min-confidence", "1.5"))
                .rootCause().isInstanceOf(BindValidationException.class)
                .hasMessageContaining("minConfidence").hasMessageContaining("must be less than or equal to 1");
    }

    @Test
    void anUnknownStoreKindFailsTheStartSayingWhichAreKnown() throws Exception {
        assertThatThrownBy(() -> start("knowledge-base.store", "redis"))
                .hasRootCauseMessage("knowledge-base.store must be lucene or milvus, not 'redis'");
    }

    @Test
    void anAgentAddedWithoutAnEndpointFailsTheStart() throws Exception {
        assertThatThrownBy(() -> start("agents.rules.timeout-ms", "200"))
                .rootCause().isInstanceOf(BindValidationException.class)
                .hasMessageContaining("agents[rules].endpoint").hasMessageContaining("is not set");
    }

    private static void start(String key, String value) throws Exception {
        Path work = Files.createTempDirectory("mpi-settings-");
        Map<String, String> properties = ServiceInstance.ownDirectories(work);
        properties.put("knowledge-base.demo-catalog", "false");
        properties.put(key, value);
        ServiceInstance.start("all", properties).close();
    }
}
