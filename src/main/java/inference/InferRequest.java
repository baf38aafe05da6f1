package inference;

/**
 * A validated inference request: trimmed title, language hint (auto, en, th, mixed), method, and the product's category
 * when the caller knows it (null otherwise).
 */
public record InferRequest(String productName, String languageHint, String method, String category) {
}
