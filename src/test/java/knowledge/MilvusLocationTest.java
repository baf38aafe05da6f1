package knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The TLS settings of a Milvus location, refused with a message before anything is sent (no Milvus needed). */
class MilvusLocationTest {

    @Test
    void aCertificateForAPlainAddressIsRefused() {
        assertThatThrownBy(() -> new StoreLocation.Milvus("http://milvus:19530", null, "products", 1000, "/ca.pem"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("milvus.ca-cert (env MILVUS_CA_CERT) is given, so milvus.uri must be an https:// address, "
                        + "not http://milvus:19530");
    }

    @Test
    void aCertificateFileThatCannotBeReadIsNamed() throws Exception {
        StoreLocation.Milvus location = new StoreLocation.Milvus("https://127.0.0.1:9", null, "products", 1000,
                "/nonexistent/milvus-ca.pem");
        try (MilvusVectorStore store = new MilvusVectorStore(location, VectorStoreContract.EMBEDDER)) {
            assertThat(store.status()).containsEntry("reachable", false).containsEntry("error",
                    "cannot read the certificate file /nonexistent/milvus-ca.pem given in milvus.ca-cert (env "
                            + "MILVUS_CA_CERT) for Milvus at https://127.0.0.1:9");
        }
    }
}
