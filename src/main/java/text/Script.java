package text;

/** The writing systems the service tells apart. */
public enum Script {
    THAI, LATIN, DIGIT, OTHER, NONE;

    /** The script of one code point; {@link #NONE} for spaces, punctuation and symbols. */
    public static Script of(int cp) {
        if (cp >= 0x0E00 && cp <= 0x0E7F) {
            return Character.isDigit(cp) ? DIGIT : THAI;
        }
        if (Character.isDigit(cp)) {
            return DIGIT;
        }
        if (Character.isLetter(cp)) {
            return Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN ? LATIN : OTHER;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) {
            return OTHER;
        }
        return NONE;
    }
}
