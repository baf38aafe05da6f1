package knowledge;

/** A catalogue that cannot be read at all (no usable header, not the format announced). */
public class CatalogFormatException extends RuntimeException {

    public CatalogFormatException(String message) {
        super(message);
    }
}
