package agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a language model answered, read from its text: the JSON object {@code {"brand": string|null, "confidence":
 * number, "reason": string}} it was asked for. Reading is strict about the object (it must be JSON with a {@code brand}
 * field that is a string or null) and tolerant around it: code fences and text before or after the object are skipped.
 * The brand comes through whole (several words, Thai script); {@code unknown}, {@code none} and the like mean no brand.
 *
 * @param brand      the brand named, trimmed; null when the model named none
 * @param confidence the model's own confidence in 0..1 (a percentage over 1 is read as such); 0 when it gave none
 * @param reason     its reason, or an empty string
 */
public record LlmAnswer(String brand, double confidence, String reason) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers that name no brand. */
    private static final Set<String> NO_BRAND = Set.of("", "unknown", "none", "null", "n/a", "na", "no brand",
            "not found", "unbranded", "generic", "ไม่ทราบ", "ไม่มี", "ไม่ระบุ");

    /** Why a model's text could not be read as the answer asked for. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    /** Reads the first JSON object with a {@code brand} field in {@code text}. */
    public static LlmAnswer parse(String text) throws Unreadable {
        if (text == null || text.isBlank()) {
            throw new Unreadable("the model answered with no text");
        }
        String problem = "no JSON object in the model's answer";
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            Optional<String> object = balancedObject(text, start);
            if (object.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(object.get());
            } catch (JsonProcessingException e) {
                problem = "the model's answer has no well-formed JSON object";
                continue;
            }
            if (!node.isObject() || !node.has("brand")) {
                problem = "the model's JSON has no \"brand\" field";
                continue;
            }
            return read(node);
        }
        throw new Unreadable(problem + ": " + abbreviate(text));
    }

    private static LlmAnswer read(JsonNode node) throws Unreadable {
        JsonNode brandNode = node.get("brand");
        String brand;
        if (brandNode.isNull()) {
            brand = null;
        } else if (brandNode.isTextual()) {
            brand = brandNode.asText().strip();
            if (NO_BRAND.contains(brand.toLowerCase(Locale.ROOT).replaceAll("[.!]+$", ""))) {
                brand = null;
            }
        } else {
            throw new Unreadable("the model's \"brand\" is not a string or null: " + abbreviate(node.toString()));
        }
        double confidence = 0;
        JsonNode confidenceNode = node.get("confidence");
        if (confidenceNode != null && confidenceNode.isNumber()) {
            confidence = confidenceNode.asDouble();
        } else if (confidenceNode != null && confidenceNode.isTextual()) {
            try {
                confidence = Double.parseDouble(confidenceNode.asText().strip().replace("%", ""));
            } catch (NumberFormatException e) {
                confidence = 0;
            }
        }
        if (confidence > 1 && confidence <= 100) {
            confidence /= 100;
        }
        confidence = Double.isFinite(confidence) ? Math.max(0, Math.min(1, confidence)) : 0;
        JsonNode reasonNode = node.get("reason");
        String reason = reasonNode != null && reasonNode.isTextual() ? reasonNode.asText().strip() : "";
        return new LlmAnswer(brand, brand == null ? 0 : confidence, reason);
    }

    /** The JSON object starting at {@code start}: up to its matching brace, strings and escapes respected. */
    private static Optional<String> balancedObject(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return Optional.of(text.substring(start, i + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 200 ? "'" + flat + "'" : "'" + flat.substring(0, 200) + "...'";
    }
}
