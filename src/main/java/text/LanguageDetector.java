package text;

/**
 * Language of a title from its scripts: {@code th} (Thai script only), {@code en} (Latin script only), {@code mixed}
 * (Thai and Latin words) or {@code other} (no Thai or Latin letters, e.g. Japanese, or only digits).
 * Latin script is reported as {@code en}: the service does not tell English from other Latin-script languages.
 */
public final class LanguageDetector {

    private LanguageDetector() {
    }

    public static String detect(String text) {
        int thai = 0;
        int latinInWords = 0;
        int other = 0;
        int latinRun = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Script script = Script.of(cp);
            if (script == Script.LATIN) {
                latinRun++;
                if (latinRun == 2) {
                    latinInWords += 2;
                } else if (latinRun > 2) {
                    latinInWords++;
                }
                continue;
            }
            latinRun = 0;
            if (script == Script.THAI) {
                thai++;
            } else if (script == Script.OTHER) {
                other++;
            }
        }
        if (thai > 0 && latinInWords > 0) {
            return "mixed";
        }
        if (thai > 0) {
            return "th";
        }
        if (latinInWords > 0 && latinInWords >= other) {
            return "en";
        }
        return "other";
    }
}
