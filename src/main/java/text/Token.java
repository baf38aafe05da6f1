package text;

/**
 * A token of a title with its offsets into the title as given.
 *
 * @param shape a coarse form that transfers across words: {@code XX} (Latin upper case), {@code Xx} (capitalised),
 *              {@code xx} (lower case), {@code X} / {@code x} (one letter), {@code d} (digits), {@code Xd} (letters and
 *              digits, like model numbers), {@code d.d} (a number with a separator), {@code TH} (Thai), {@code O}
 *              (another script)
 */
public record Token(String text, int start, int end, Script script, String shape) {
}
