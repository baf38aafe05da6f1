package settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the NER agent knows beyond the brand registry (agents.ner.*; how it is reached and guarded is in
 * AgentsSettings).
 *
 * @param productLines whether a product line of a well-known maker names its maker (iPhone -> Apple)
 * @param tagger       the statistical tagger for brands the registry does not know
 */
@ConfigurationProperties("agents.ner")
@Validated
public record NerSettings(boolean productLines, @NotNull @Valid Tagger tagger) {

    /**
     * agents.ner.tagger.*.
     *
     * @param maxTitles     it learns from at most this many catalogue titles
     * @param minTitles     under this many catalogue titles it learns from the demo or starter titles too
     * @param starterTitles generated starter titles it learns from (0: none)
     */
    public record Tagger(@Positive int maxTitles, @PositiveOrZero int minTitles, @PositiveOrZero int starterTitles) {
    }
}
