package knowledge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import text.TextNormalizer;

/**
 * The brands the knowledge base knows, built from a {@link BrandCensus}. Spellings with the same key
 * ({@link TextNormalizer#key}: case, spaces and punctuation ignored) are one brand; its canonical name is the spelling
 * most products use (ties: the alphabetically first). Immutable: a catalogue load builds a new one.
 */
public final class BrandRegistry {

    private final Map<String, Brand> byKey;
    private final Map<String, Brand> byAliasKey;
    private final BrandMatcher matcher;

    private BrandRegistry(Map<String, Brand> byKey) {
        this.byKey = byKey;
        this.byAliasKey = new HashMap<>();
        for (Brand brand : byKey.values()) {
            for (Brand.Alias alias : brand.aliases()) {
                byAliasKey.putIfAbsent(TextNormalizer.key(alias.name()), brand);
            }
        }
        this.matcher = new BrandMatcher(byKey.values());
    }

    public static BrandRegistry empty() {
        return new BrandRegistry(Map.of());
    }

    public static BrandRegistry of(BrandCensus census) {
        return of(census, List.of());
    }

    /** The registry of {@code census}, with the aliases {@code learnt} from titles added to their brands. */
    public static BrandRegistry of(BrandCensus census, List<AliasLearner.Learnt> learnt) {
        Map<String, List<AliasLearner.Learnt>> learntByBrand = new HashMap<>();
        for (AliasLearner.Learnt alias : learnt) {
            learntByBrand.computeIfAbsent(alias.brandKey(), k -> new ArrayList<>()).add(alias);
        }
        Map<String, List<Map.Entry<String, Long>>> spellingsByKey = new HashMap<>();
        for (Map.Entry<String, Long> spelling : census.spellings().entrySet()) {
            String key = TextNormalizer.key(spelling.getKey());
            if (!key.isEmpty()) {
                spellingsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(spelling);
            }
        }
        Map<String, Brand> brands = new LinkedHashMap<>();
        spellingsByKey.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            List<Map.Entry<String, Long>> spellings = entry.getValue();
            spellings.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            String canonical = spellings.get(0).getKey();
            long products = spellings.stream().mapToLong(Map.Entry::getValue).sum();
            Map<String, Brand.Alias> aliases = new LinkedHashMap<>();
            for (Map.Entry<String, Long> spelling : spellings.subList(1, spellings.size())) {
                aliases.put(spelling.getKey(), new Brand.Alias(spelling.getKey(), "spelling", spelling.getValue()));
            }
            for (Map.Entry<String, Long> spelling : spellings) {
                census.aliases().getOrDefault(spelling.getKey(), Map.of()).forEach((alias, support) -> {
                    if (!TextNormalizer.key(alias).isEmpty() && !alias.equals(canonical)) {
                        aliases.merge(alias, new Brand.Alias(alias, "catalog", support),
                                (a, b) -> new Brand.Alias(a.name(), a.source(), a.support() + b.support()));
                    }
                });
            }
            for (AliasLearner.Learnt alias : learntByBrand.getOrDefault(entry.getKey(), List.of())) {
                boolean known = aliases.values().stream()
                        .anyMatch(a -> TextNormalizer.key(a.name()).equals(TextNormalizer.key(alias.alias())));
                if (!known) {
                    aliases.put(alias.alias(), new Brand.Alias(alias.alias(), "learnt", alias.support(),
                            alias.precision()));
                }
            }
            brands.put(entry.getKey(), new Brand(canonical, entry.getKey(), products, new ArrayList<>(aliases.values())));
        });
        return new BrandRegistry(brands);
    }

    /** The brand whose name or alias has the same key as {@code name}. */
    public Optional<Brand> find(String name) {
        String key = TextNormalizer.key(name);
        Brand brand = byKey.get(key);
        return Optional.ofNullable(brand != null ? brand : byAliasKey.get(key));
    }

    /** The canonical spelling of {@code name} when the registry knows it, otherwise {@code name} itself. */
    public String canonical(String name) {
        return find(name).map(Brand::name).orElse(name);
    }

    public Collection<Brand> brands() {
        return byKey.values();
    }

    public int size() {
        return byKey.size();
    }

    public long aliasCount() {
        return byKey.values().stream().mapToLong(b -> b.aliases().size()).sum();
    }

    public BrandMatcher matcher() {
        return matcher;
    }
}
