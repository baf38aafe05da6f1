package api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import support.RawHttp;

/**
 * A body sent without a length (chunked) stops being read at the endpoint's limit: 50 MB sent chunked to
 * {@code /infer} (limit 64 KiB), {@code /infer/batch} (4 MB) and {@code /catalog} (8 MiB in these tests) are refused
 * with 413 long before the client has sent them, so the service never reads, let alone spools, the rest. Loopback socket buffers hold a few MB, so the bound
 * asserted on what the client got to send is 20 MB.
 */
class ChunkedBodyTest extends ApiTestBase {

    static final long SENT = 50L * 1024 * 1024;

    record Outcome(int status, String body, long written) {
    }

    Outcome sendChunked(String path, String headers) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'x');
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                long written = 0;
                try {
                    while (written < SENT) {
                        out.write(head);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        written += chunk.length;
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closedByTheService) {
                    // the service answered and closed the connection: what was written so far is the figure
                }
                return written;
            });
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            socket.shutdownOutput();
            long written = writer.get(2, TimeUnit.MINUTES);
            return new Outcome(answer.status(), answer.body(), written);
        }
    }

    @Test
    void aChunkedBodyIsReadOnlyUpToTheLimit() throws Exception {
        String json = "Content-Type: application/json\r\n";
        Map<String, String> paths = Map.of("/infer", json, "/infer/batch", json,
                "/catalog", "Content-Type: text/csv\r\nX-Api-Key: " + API_KEY + "\r\n");
        long products = http().get("/catalog/stats").json().path("products").asLong();
        for (var sent : paths.entrySet()) {
            String path = sent.getKey();
            Outcome outcome = sendChunked(path, sent.getValue());
            assertThat(outcome.status()).as(path + " -> " + outcome.body()).isEqualTo(413);
            assertThat(outcome.body()).contains("payload_too_large");
            assertThat(outcome.written()).as(path + ": bytes the client got to send").isLessThan(20L * 1024 * 1024);
        }
        assertThat(http().get("/health").json().path("status").asText()).isEqualTo("UP");
        assertThat(http().get("/catalog/stats").json().path("products").asLong()).isEqualTo(products);
    }
}
