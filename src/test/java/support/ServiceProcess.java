package support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The service in a process of its own, on the test's classpath: for tests that kill it or bound its heap. */
public final class ServiceProcess {

    private ServiceProcess() {
    }

    /**
     * Starts the service with the JVM option {@code heap} (such as {@code -Xmx256m}) and {@code settings}
     * ({@code --key=value}) on {@code port}, its output in {@code log}, and returns it once it is ready; a process that
     * ends first fails with its output.
     */
    public static Process start(int port, Path log, String heap, List<String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), heap, "-cp", System.getProperty("java.class.path"), "app.Application",
                "--server.port=" + port));
        command.addAll(settings);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the service ended: " + Files.readString(log));
                        }
                        return Http.onPort(port).get("/actuator/health/readiness").status() == 200;
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }
}
