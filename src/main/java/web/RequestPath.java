package web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import text.SafeText;

/**
 * The one spelling of a request's path that the API key check and the routing agree on: the raw path percent-decoded
 * once, as Spring and Camel route on it. A path that could be read two ways is refused instead of read: path parameters
 * ({@code ;x}), a backslash, an encoded slash, backslash, dot or semicolon, a control character or line separator
 * however encoded ({@link SafeText#isControl}), a percent-escape left
 * after decoding (double encoding), malformed escapes or UTF-8, an empty segment ({@code //}) and the segments
 * {@code .} and {@code ..}. No endpoint needs any of them. A trailing slash is dropped.
 */
public final class RequestPath {

    private RequestPath() {
    }

    /** Why a path was refused; the message says what was wrong. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The canonical path of {@code rawPath} (the request URI without its query string, as the client sent it). */
    public static String canonical(String rawPath) throws Refused {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new Refused("the path must start with '/'");
        }
        if (rawPath.indexOf(';') >= 0) {
            throw new Refused("path parameters (';') are not accepted");
        }
        if (rawPath.indexOf('\\') >= 0) {
            throw new Refused("a backslash is not accepted in the path");
        }
        String path = decode(rawPath);
        if (path.codePoints().anyMatch(SafeText::isControl)) {
            throw new Refused("a control character (a line break, say) is not accepted in the path");
        }
        if (hasEscape(path)) {
            throw new Refused("the path is percent-encoded twice");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.length() > 1) {
            for (String segment : path.substring(1).split("/", -1)) {
                if (segment.isEmpty()) {
                    throw new Refused("an empty path segment ('//') is not accepted");
                }
                if (segment.equals(".") || segment.equals("..")) {
                    throw new Refused("'.' and '..' are not accepted as path segments");
                }
            }
        }
        return path;
    }

    private static String decode(String raw) throws Refused {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                if (c < 0x20 || c == 0x7f) {
                    throw new Refused("a control character is not accepted in the path");
                }
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
            if (low < 0) {
                throw new Refused("malformed percent-encoding in the path (expected '%' and two hex digits)");
            }
            int b = high * 16 + low;
            if (b == '/' || b == '\\' || b == '.' || b == ';' || b < 0x20 || b == 0x7f) {
                throw new Refused("an encoded '/', '\\', '.', ';' or control character is not accepted in the path");
            }
            bytes.write(b);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("the percent-encoded path is not UTF-8");
        }
    }

    /** Whether {@code path} still holds a percent-escape ('%' and two hex digits): it was encoded twice. */
    private static boolean hasEscape(String path) {
        for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
            if (Character.digit(path.charAt(i + 1), 16) >= 0 && Character.digit(path.charAt(i + 2), 16) >= 0) {
                return true;
            }
        }
        return false;
    }
}
