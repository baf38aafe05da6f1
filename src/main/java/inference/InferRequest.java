package inference;

/** A validated inference request: trimmed title, language hint (auto, en, th, mixed) and method. */
public record InferRequest(String productName, String languageHint, String method) {
}
