package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the orchestrator asks the agents and combines their answers (orchestrator.*).
 *
 * @param agents              the agents it asks, in parallel (names of agents.*; disabled ones are left out)
 * @param timeoutMs           it answers with what it has after this long, whatever the agents' own time limits
 * @param disagreementPenalty how much agents proposing different brands lower the combined confidence (the rule)
 * @param weights             each agent's weight in the rule's vote (1 when not given)
 * @param combination         the combination learnt from the catalogue where NER and RAG run in this process
 */
@ConfigurationProperties("orchestrator")
@Validated
public record OrchestratorSettings(@NotEmpty List<String> agents, @Positive long timeoutMs,
                                   @DecimalMin("0") @DecimalMax("1") double disagreementPenalty,
                                   Map<String, Double> weights, @NotNull @Valid Combination combination) {

    public OrchestratorSettings {
        agents = agents == null ? List.of() : agents.stream().map(String::strip).toList();
        weights = weights == null ? Map.of() : Map.copyOf(weights);
    }

    /**
     * orchestrator.combination.*.
     *
     * @param titles    at most this many catalogue titles are answered held out to learn it from
     * @param minTitles under this many answered held-out titles the rule combines instead
     */
    public record Combination(@Positive int titles, @Positive int minTitles) {
    }
}
