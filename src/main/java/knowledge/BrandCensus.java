package knowledge;

import java.util.Map;

/**
 * What a store holds about brands: how many products carry each brand spelling, and the aliases given for each spelling
 * with the number of products that gave them.
 */
public record BrandCensus(Map<String, Long> spellings, Map<String, Map<String, Long>> aliases) {
}
