package inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import text.LanguageDetector;
import text.SafeText;

/** Turns the JSON of an /infer request (or one batch item) into an {@link InferRequest}, or says what is wrong. */
public final class InferRequests {

    public static final int MAX_NAME_LENGTH = 1000;
    public static final int MAX_CATEGORY_LENGTH = 1000;
    public static final List<String> LANGUAGE_HINTS = List.of("auto", "en", "th", "mixed");

    private InferRequests() {
    }

    public static InferRequest parse(JsonNode node, List<String> methods, String defaultMethod) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("invalid_request", "expected a JSON object with product_name, got "
                    + (node == null ? "nothing" : describe(node)));
        }
        JsonNode nameNode = node.get("product_name");
        if (nameNode == null || nameNode.isNull()) {
            throw ApiException.badRequest("missing_product_name", "product_name is required");
        }
        if (!nameNode.isTextual()) {
            throw ApiException.badRequest("invalid_product_name", "product_name must be a string, got "
                    + describe(nameNode));
        }
        String name = nameNode.asText().strip();
        if (name.isEmpty()) {
            throw ApiException.badRequest("empty_product_name", "product_name is empty after trimming");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("product_name_too_long", "product_name is " + name.length()
                    + " characters long after trimming, the limit is " + MAX_NAME_LENGTH);
        }
        String hint = optionalText(node, node.has("language_hint") ? "language_hint" : "language", "auto");
        if (!LANGUAGE_HINTS.contains(hint)) {
            throw ApiException.badRequest("invalid_language_hint", "language_hint must be one of " + LANGUAGE_HINTS
                    + ", got '" + SafeText.value(hint) + "'");
        }
        String method = optionalText(node, "method", defaultMethod);
        if (!methods.contains(method)) {
            throw ApiException.badRequest("invalid_method", "method must be one of " + methods + ", got '"
                    + SafeText.value(method) + "'");
        }
        JsonNode categoryNode = node.get("category");
        String category = null;
        if (categoryNode != null && !categoryNode.isNull()) {
            if (!categoryNode.isTextual()) {
                throw ApiException.badRequest("invalid_category", "category must be a string, got "
                        + describe(categoryNode));
            }
            category = categoryNode.asText().strip();
            if (category.isEmpty()) {
                category = null;
            } else if (category.length() > MAX_CATEGORY_LENGTH) {
                throw ApiException.badRequest("category_too_long", "category is " + category.length()
                        + " characters long after trimming, the limit is " + MAX_CATEGORY_LENGTH);
            } else if (SafeText.hasControl(category)) {
                throw ApiException.badRequest("invalid_category", "category must not hold control characters "
                        + "(line breaks, tabs, C0/C1 controls, U+2028/U+2029), got '" + SafeText.value(category) + "'");
            }
        }
        return new InferRequest(name, hint, method, category);
    }

    /** The language a request is handled in: its hint, or the one detected from the title's scripts. */
    public static String language(InferRequest request) {
        return "auto".equals(request.languageHint()) ? LanguageDetector.detect(request.productName())
                : request.languageHint();
    }

    private static String optionalText(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("invalid_" + field, field + " must be a string, got " + describe(value));
        }
        return value.asText().strip().toLowerCase(Locale.ROOT);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
