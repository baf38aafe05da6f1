package knowledge;

import java.util.List;

/**
 * A brand of the registry: its canonical name (the spelling most catalogue rows use), the other names it goes by and how
 * many catalogue products carry it.
 */
public record Brand(String name, String key, long productCount, List<Alias> aliases) {

    public Brand {
        aliases = List.copyOf(aliases);
    }

    /**
     * Another name of a brand.
     *
     * @param source    {@code catalog} when given in a catalogue's aliases column, {@code spelling} when catalogue rows
     *                  spell the brand itself this way ({@code DE'COS} next to {@code DECOS}), {@code learnt} when found
     *                  recurring in the brand's titles and rarely elsewhere ({@link AliasLearner}), {@code line} for a
     *                  product line of a well-known maker ({@link ProductLines})
     * @param support   how many products back it
     * @param precision for a learnt alias, the share of the titles containing it that belong to this brand (smoothed);
     *                  1 for the others
     */
    public record Alias(String name, String source, long support, double precision) {

        public Alias(String name, String source, long support) {
            this(name, source, support, 1.0);
        }
    }
}
