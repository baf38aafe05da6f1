package processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inference.ApiException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

class HttpBodiesTest {

    private static Message message(InputStream body) {
        Message message = new DefaultMessage(new DefaultCamelContext());
        message.setBody(body);
        return message;
    }

    /** A stream that hands out a few bytes at a time and says nothing is available, as a socket may. */
    private static InputStream trickle(byte[] body) {
        return new java.io.FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 3));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    @Test
    void aStreamedBodyIsReadWholeUpToTheLimitAndRefusedOneByteOver() {
        byte[] body = "{\"product_name\":\"ยาสีฟัน Wonder smile\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(HttpBodies.readBounded(message(new ByteArrayInputStream(body)), body.length)).isEqualTo(body);
        assertThat(HttpBodies.readBounded(message(trickle(body)), 1 << 20)).isEqualTo(body);
        // longer than the first read (512 bytes, with a stream that says nothing is available)
        byte[] longer = new byte[3000];
        java.util.Arrays.fill(longer, (byte) 'a');
        assertThat(HttpBodies.readBounded(message(trickle(longer)), longer.length)).isEqualTo(longer);
        assertThatThrownBy(() -> HttpBodies.readBounded(message(trickle(longer)), longer.length - 1))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> HttpBodies.readBounded(message(new ByteArrayInputStream(body)), body.length - 1))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("over " + (body.length - 1) + " bytes");
                });
    }
}
