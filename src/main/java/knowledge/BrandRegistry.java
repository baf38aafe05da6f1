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
 * ({@link TextNormalizer#key}: case, spaces and punctuation ignored) are one brand; so are a name and a longer name that
 * extends it by whole words when the catalogue shows they are one ({@link #extendsName}: titles labelled {@code wausau}
 * that write {@code wausau paper}). A brand's canonical name is the spelling most products use (ties: the alphabetically
 * first); its other spellings are its aliases. Immutable: a catalogue load builds a new one.
 */
public final class BrandRegistry {

    private final Map<String, Brand> byKey;
    private final Map<String, Brand> byAliasKey;
    /** Brand key -> the keys of every name it goes by, its own first. */
    private final Map<String, List<String>> nameKeys;
    private final BrandMatcher matcher;

    private BrandRegistry(Map<String, Brand> byKey) {
        this.byKey = byKey;
        this.byAliasKey = new HashMap<>();
        this.nameKeys = new HashMap<>();
        for (Brand brand : byKey.values()) {
            List<String> keys = new ArrayList<>();
            keys.add(brand.key());
            for (Brand.Alias alias : brand.aliases()) {
                String key = TextNormalizer.key(alias.name());
                byAliasKey.putIfAbsent(key, brand);
                if (!key.isEmpty() && !keys.contains(key)) {
                    keys.add(key);
                }
            }
            nameKeys.put(brand.key(), List.copyOf(keys));
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
        return of(census, learnt, Map.of());
    }

    /**
     * Whether brand name {@code longer} extends {@code shorter} by whole words ({@code Lexar Media} extends
     * {@code Lexar}, {@code startech.com} extends {@code StarTech}; {@code Toast} does not extend {@code TOA}).
     */
    public static boolean extendsName(String longer, String shorter) {
        String a = String.join(" ", BrandMatcher.words(longer));
        String b = String.join(" ", BrandMatcher.words(shorter));
        return !b.isEmpty() && a.startsWith(b + " ");
    }

    /** Keys shorter than this are not spelling variants: one letter more or less makes another short name. */
    static final int MIN_VARIANT_KEY = 5;

    /**
     * Whether two brand keys ({@link TextNormalizer#key}) are spellings of one name: both at least
     * {@link #MIN_VARIANT_KEY} characters, one letter inserted, removed or changed ({@code KINGSTELLA} and
     * {@code KINGSSTELLA}, {@code ROSOFF} and {@code RASOFF}). This alone does not merge brands ({@code VICTOR} and
     * {@code VICTORY} are two): the catalogue's titles must also show it (KnowledgeBase).
     */
    public static boolean spellingVariant(String keyA, String keyB) {
        String shorter = keyA.length() <= keyB.length() ? keyA : keyB;
        String longer = shorter == keyA ? keyB : keyA;
        if (shorter.length() < MIN_VARIANT_KEY || longer.length() - shorter.length() > 1 || shorter.equals(longer)) {
            return false;
        }
        int prefix = 0;
        while (prefix < shorter.length() && shorter.charAt(prefix) == longer.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < shorter.length() - prefix
                && shorter.charAt(shorter.length() - 1 - suffix) == longer.charAt(longer.length() - 1 - suffix)) {
            suffix++;
        }
        // what is left between the common prefix and suffix: one letter (or none) of the shorter, one of the longer
        return shorter.length() - prefix - suffix <= 1 && longer.length() - prefix - suffix == 1;
    }

    /**
     * The registry of {@code census} and the aliases {@code learnt}, where each key of {@code sameBrand} is one brand
     * with the keys it maps to (brand keys, as {@link TextNormalizer#key} gives them).
     */
    public static BrandRegistry of(BrandCensus census, List<AliasLearner.Learnt> learnt,
                                   Map<String, java.util.Set<String>> sameBrand) {
        Map<String, String> parent = new HashMap<>();
        sameBrand.forEach((key, others) -> others.forEach(other -> union(parent, key, other)));
        Map<String, List<AliasLearner.Learnt>> learntByBrand = new HashMap<>();
        for (AliasLearner.Learnt alias : learnt) {
            learntByBrand.computeIfAbsent(alias.brandKey(), k -> new ArrayList<>()).add(alias);
        }
        Map<String, List<Map.Entry<String, Long>>> spellingsByKey = new HashMap<>();
        for (Map.Entry<String, Long> spelling : census.spellings().entrySet()) {
            String key = TextNormalizer.key(spelling.getKey());
            if (!key.isEmpty()) {
                spellingsByKey.computeIfAbsent(find(parent, key), k -> new ArrayList<>()).add(spelling);
            }
        }
        Map<String, Brand> brands = new LinkedHashMap<>();
        spellingsByKey.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            List<Map.Entry<String, Long>> spellings = entry.getValue();
            spellings.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            String canonical = spellings.get(0).getKey();
            String brandKey = TextNormalizer.key(canonical);
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
            List<AliasLearner.Learnt> learntHere = spellings.stream().map(e -> TextNormalizer.key(e.getKey()))
                    .distinct().flatMap(k -> learntByBrand.getOrDefault(k, List.of()).stream()).toList();
            for (AliasLearner.Learnt alias : learntHere) {
                boolean known = TextNormalizer.key(alias.alias()).equals(brandKey) || aliases.values().stream()
                        .anyMatch(a -> TextNormalizer.key(a.name()).equals(TextNormalizer.key(alias.alias())));
                if (!known) {
                    aliases.put(alias.alias(), new Brand.Alias(alias.alias(), "learnt", alias.support(),
                            alias.precision()));
                }
            }
            brands.put(brandKey, new Brand(canonical, brandKey, products, new ArrayList<>(aliases.values())));
        });
        return new BrandRegistry(brands);
    }

    private static String find(Map<String, String> parent, String key) {
        String root = key;
        while (parent.containsKey(root)) {
            root = parent.get(root);
        }
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String rootA = find(parent, a);
        String rootB = find(parent, b);
        if (!rootA.equals(rootB)) {
            // the smaller root points at the larger one, so the root of a set does not depend on the order of unions
            if (rootA.compareTo(rootB) < 0) {
                parent.put(rootA, rootB);
            } else {
                parent.put(rootB, rootA);
            }
        }
    }

    /** The brand whose name or alias has the same key as {@code name}. */
    public Optional<Brand> find(String name) {
        String key = TextNormalizer.key(name);
        Brand brand = byKey.get(key);
        return Optional.ofNullable(brand != null ? brand : byAliasKey.get(key));
    }

    /**
     * The keys of every name the brand named {@code name} goes by (its own and its aliases', in any script), or only
     * {@code name}'s key when the registry does not know it.
     */
    public List<String> nameKeys(String name) {
        Optional<Brand> brand = find(name);
        if (brand.isEmpty()) {
            String key = TextNormalizer.key(name);
            return key.isEmpty() ? List.of() : List.of(key);
        }
        return nameKeys.get(brand.get().key());
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
