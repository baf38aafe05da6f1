package api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import support.Http;

/**
 * An upload whose body arrives slowly (a client on a poor line, or one that stalls on purpose) does not hold the
 * knowledge base's load lock while it arrives: another load completes meanwhile. (platform-http reads and spools the
 * whole body before the route runs, and the load takes the lock only then; this guards that order.) The slow upload is
 * raw HTTP/1.1 with a chunked body, so the test decides when each part is sent.
 */
class SlowUploadTest extends ApiTestBase {

    /** One chunk of a chunked body (an empty one ends the body). */
    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void aSlowUploadDoesNotHoldUpAnotherLoad() throws Exception {
        try (Socket slow = new Socket("localhost", port)) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /catalog HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nX-Api-Key: " + API_KEY
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk(out, "product_name,brand\nSlow-upload pen blue,Slowuploadbrand\n");
            // the slow upload is under way, its body not complete: another load is answered meanwhile
            CompletableFuture<Http.Answer> other = CompletableFuture.supplyAsync(() -> Http.onPort(port).post(
                    "/catalog", "text/csv", "product_name,brand\nMeanwhile eraser,Meanwhilebrand\n", "X-Api-Key",
                    API_KEY));
            Http.Answer answer = other.get(60, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.json().get("accepted").asInt()).isEqualTo(1);

            // the slow one is loaded when its body is complete
            chunk(out, "Slow-upload pen red,Slowuploadbrand\n");
            chunk(out, "");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            slow.getInputStream().transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (response.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = body.replaceFirst("(?s)^[0-9a-fA-F]+\r\n", "");
            }
            assertThat(new ObjectMapper().readTree(body).get("accepted").asInt()).isEqualTo(2);
        }
        assertThat(Http.onPort(port).get("/catalog/brands/Slowuploadbrand").json().get("products").asInt())
                .isEqualTo(2);
    }
}
