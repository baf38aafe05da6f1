package tools;

import agents.BrandTagger;
import java.util.List;
import java.util.Optional;
import text.TitleTokenizer;
import text.Token;

/**
 * The baseline the evaluation compares every method with (issue 24): the brand is the first run of upper-case
 * Latin-script words of the title that are not units ({@code ซีเมนต์ JORAKAY 20 KG} -> {@code JORAKAY}). No model and no
 * catalogue: what a five-line rule gets from the way retail titles are written.
 */
final class CapitalsRule {

    /** Its name in the reports. */
    static final String NAME = "capitals rule (baseline)";

    private CapitalsRule() {
    }

    static Optional<String> answer(String title) {
        List<Token> tokens = TitleTokenizer.tokenize(title);
        for (int i = 0; i < tokens.size(); i++) {
            if (capital(tokens.get(i))) {
                int end = i + 1;
                while (end < tokens.size() && capital(tokens.get(end))) {
                    end++;
                }
                return Optional.of(title.substring(tokens.get(i).start(), tokens.get(end - 1).end()));
            }
        }
        return Optional.empty();
    }

    /** An upper-case Latin word of two letters or more (shape {@code XX}) that is not a unit. */
    private static boolean capital(Token token) {
        return "XX".equals(token.shape()) && !BrandTagger.isUnit(TitleTokenizer.lower(token));
    }
}
