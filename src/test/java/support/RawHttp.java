package support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, the request target sent exactly as given: the spellings of a path that
 * {@link java.net.URI} would refuse or normalise reach the service as an attacker would send them.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** An answer's status and body. */
    public record Answer(int status, String body) {
    }

    /** Sends {@code method target} with {@code body} (may be null) and the given header lines, and reads the answer. */
    public static Answer send(int port, String method, String target, String body, String... headerLines) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            if (body != null) {
                request.append("Content-Length: ").append(bytes.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /** The answer on {@code in}: the status from its first line, the rest as the body (headers included). */
    public static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int end = text.indexOf("\r\n\r\n");
        return new Answer(status, end < 0 ? "" : text.substring(end + 4));
    }
}
