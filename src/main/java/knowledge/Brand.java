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
     * @param source {@code catalog} when given in a catalogue's aliases column, {@code spelling} when catalogue rows
     *               spell the brand itself this way ({@code DE'COS} next to {@code DECOS})
     */
    public record Alias(String name, String source, long support) {
    }
}
