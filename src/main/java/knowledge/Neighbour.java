package knowledge;

/** A catalogue product found near a query, with its cosine similarity to the query (-1..1). */
public record Neighbour(String productName, String brand, String category, double similarity) {
}
