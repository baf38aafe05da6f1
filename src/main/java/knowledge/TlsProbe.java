package knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Why a TLS server refuses or is refused, found by one handshake of its own: the gRPC client Milvus uses waits for a
 * connection until its deadline and then reports only that the deadline passed, whatever the reason.
 */
final class TlsProbe {

    private TlsProbe() {
    }

    /**
     * What goes wrong in a TLS handshake with the server at {@code uri} (host and port; 443 when it names none), checking
     * its certificate against the certificates in the PEM file {@code caCert}, or the JVM's certificate authorities when
     * that is null or blank, and its name against the uri's host: the handshake's error, or null when the handshake
     * succeeds or the server cannot be reached at all.
     */
    static String handshakeError(String uri, String caCert, int timeoutMs) {
        URI address = URI.create(uri);
        int port = address.getPort() > 0 ? address.getPort() : 443;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caCert), null);
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(address.getHost(), port), timeoutMs);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, address.getHost(), port,
                    true)) {
                socket.setSoTimeout(timeoutMs);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setApplicationProtocols(new String[] {"h2"}); // as gRPC offers
                socket.setSSLParameters(parameters);
                socket.startHandshake();
            }
            return null;
        } catch (SSLException e) {
            return e.getMessage();
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }

    private static TrustManager[] trustManagers(String caCert) throws IOException, GeneralSecurityException {
        if (caCert == null || caCert.isBlank()) {
            return null; // the JVM's
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(Path.of(caCert))) {
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }
}
