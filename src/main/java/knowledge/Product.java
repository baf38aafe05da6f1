package knowledge;

import java.util.List;

/**
 * One catalogue row: a product title and its brand, with an optional category and other names of the brand.
 *
 * @param aliases other spellings of the brand (any script), as given in the catalogue's {@code aliases} column
 */
public record Product(String productName, String brand, String category, List<String> aliases) {

    public Product {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
