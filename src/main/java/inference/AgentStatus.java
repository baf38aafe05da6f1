package inference;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How an agent's part in a request ended. */
public enum AgentStatus {
    OK, FAILED, TIMEOUT, OPEN_CIRCUIT, DISABLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
