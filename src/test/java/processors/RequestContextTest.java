package processors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestContextTest {

    @Test
    void aNewRequestIdIsARandomVersion4Uuid() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestContext.requestIdOrNew(null);
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void aSaneClientIdIsKeptAndAnyOtherReplaced() {
        assertThat(RequestContext.requestIdOrNew("abc-123")).isEqualTo("abc-123");
        assertThat(RequestContext.requestIdOrNew("bad id\n")).isNotEqualTo("bad id\n").hasSize(36);
        assertThat(RequestContext.requestIdOrNew("x".repeat(65))).hasSize(36);
    }
}
