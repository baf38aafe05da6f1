package support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards TCP connections from a loopback port to a target (a server that comes up, for outage tests): bytes are
 * copied both ways, so any protocol passes (gRPC too). Closing stops it and every connection.
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private TcpForwarder(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket target = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(target);
                    pipe(client, target);
                    pipe(target, client);
                } catch (IOException e) {
                    // closed, or the target refused: the client sees its connection end
                }
            }
        }, "tcp-forwarder-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts forwarding {@code port} (on 127.0.0.1) to {@code targetHost:targetPort}. */
    public static TcpForwarder start(int port, String targetHost, int targetPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        return new TcpForwarder(server, targetHost, targetPort);
    }

    /** A loopback port nothing listens on (at the time of asking). */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-forwarder-pipe");
        copier.setDaemon(true);
        copier.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(TcpForwarder::closeQuietly);
    }
}
