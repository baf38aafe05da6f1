package agents;

import inference.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the LLM agent asks: a system instruction, a few worked examples as earlier turns of the conversation, then the
 * title with the candidates earlier agents proposed (when there are any). Each turn is a {@link Turn}; the Bedrock route
 * turns them into Converse messages.
 */
public final class LlmPrompt {

    /** One message of the conversation: {@code user} or {@code assistant}. */
    public record Turn(String role, String text) {
    }

    public static final String SYSTEM = """
            You identify the BRAND of a retail product from its title. Titles are in English, Thai or both.
            Answer with one JSON object and nothing else:
            {"brand": "<the brand>" or null, "confidence": <a number from 0 to 1>, "reason": "<a few words>"}
            Rules:
            - The brand is the maker's or brand's name: not the product type, model number, size, colour or shop.
            - Give the whole name with every word ("Clear Nose", not "Clear"), spelt as the title writes it; a brand
              written only in Thai script is answered in Thai script.
            - Candidates from other agents may be listed; prefer one of them when the title supports it.
            - When the title names no brand and no candidate fits, answer {"brand": null, ...}. Never invent a brand.
            - confidence is how likely your brand is right.""";

    /** Worked examples, as alternating user and assistant turns. */
    static final List<Turn> EXAMPLES = List.of(
            new Turn("user", question("ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์", List.of())),
            new Turn("assistant", "{\"brand\": \"Wonder Smile\", \"confidence\": 0.95, "
                    + "\"reason\": \"named in Latin and Thai script\"}"),
            new Turn("user", question("Clear Nose Acne Care Solution Serum 8ml", List.of())),
            new Turn("assistant", "{\"brand\": \"Clear Nose\", \"confidence\": 0.9, "
                    + "\"reason\": \"a two-word brand leading the title\"}"),
            new Turn("user", question("แชมพู ซันซิล สูตรผมนุ่มลื่น 320 มล.", List.of())),
            new Turn("assistant", "{\"brand\": \"ซันซิล\", \"confidence\": 0.85, "
                    + "\"reason\": \"the brand Sunsilk written in Thai script\"}"),
            new Turn("user", question("USB-C cable 1 m fast charging black", List.of())),
            new Turn("assistant", "{\"brand\": null, \"confidence\": 0.0, \"reason\": \"no brand in the title\"}"));

    private LlmPrompt() {
    }

    /** The conversation for {@code title}: the examples, then the title with {@code candidates}. */
    public static List<Turn> conversation(String title, List<Candidate> candidates) {
        List<Turn> turns = new ArrayList<>(EXAMPLES);
        turns.add(new Turn("user", question(title, candidates)));
        return turns;
    }

    static String question(String title, List<Candidate> candidates) {
        StringBuilder text = new StringBuilder("Title: ").append(title);
        if (!candidates.isEmpty()) {
            text.append("\nCandidates from other agents:");
            for (Candidate candidate : candidates) {
                text.append("\n- ").append(candidate.brand()).append(" (")
                        .append(String.format(Locale.ROOT, "%.2f", candidate.confidence()));
                if (!candidate.agents().isEmpty()) {
                    text.append(", ").append(String.join("+", candidate.agents()));
                }
                text.append(')');
            }
        }
        return text.append("\nAnswer with the JSON object only.").toString();
    }
}
