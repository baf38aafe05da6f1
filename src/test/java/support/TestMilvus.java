package support;

import knowledge.StoreLocation;
import org.junit.jupiter.api.Assumptions;

/**
 * The Milvus the tests run against, as the environment names it: MILVUS_URI, with MILVUS_TOKEN (authorization on) and
 * MILVUS_CA_CERT (TLS with a certificate a private authority signed) when set. .ci/run starts the Milvus 2.3.5 server
 * with both, or Milvus Lite with neither. A service a test starts reads the same variables through application.yaml.
 */
public final class TestMilvus {

    public static final String URI = variable("MILVUS_URI");
    public static final String TOKEN = variable("MILVUS_TOKEN");
    public static final String CA_CERT = variable("MILVUS_CA_CERT");

    private TestMilvus() {
    }

    /** Skips the calling test, saying how to run it, when no Milvus is named. */
    public static void assumeAvailable(String skipped) {
        Assumptions.assumeTrue(URI != null, "MILVUS_URI is not set: " + skipped + ". Run it with a Milvus server or "
                + "Milvus Lite (README, Milvus as the store: python3 -m venv v && v/bin/pip install milvus-lite pymilvus "
                + "&& v/bin/milvus-lite server --data-dir /tmp/milvus --port 19530), then "
                + "MILVUS_URI=http://localhost:19530 ./mvnw verify; .ci/run starts a Milvus server");
    }

    /** A collection of the test Milvus, with its credentials and certificate. */
    public static StoreLocation.Milvus location(String collection) {
        return new StoreLocation.Milvus(URI, TOKEN, collection, 10_000, CA_CERT);
    }

    private static String variable(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }
}
