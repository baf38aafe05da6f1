package support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end (at most {@code timeout}), its output (stdout and stderr together) kept. */
public final class Command {

    public record Result(int exitCode, String output) {
    }

    private Command() {
    }

    /**
     * Runs {@code command} in {@code dir} with the environment of this process plus {@code env}; a PATH in {@code env}
     * replaces this process's.
     */
    public static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        // read while it runs, so that a full pipe never stalls it
        byte[][] output = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                output[0] = process.getInputStream().readAllBytes();
            } catch (IOException e) {
                output[0] = ("(output not read: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join(5000);
            throw new IllegalStateException(command + " did not end within " + timeoutSeconds + " s; output so far:\n"
                    + (output[0] == null ? "" : new String(output[0], StandardCharsets.UTF_8)));
        }
        reader.join();
        return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
    }

    /** A program's path: in {@code dir} when it is there, else its bare name for PATH to find; null when neither. */
    public static String find(String dir, String program) {
        if (dir != null && !dir.isBlank() && Path.of(dir, program).toFile().canExecute()) {
            return Path.of(dir, program).toString();
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && Path.of(entry, program).toFile().canExecute()) {
                return program;
            }
        }
        return null;
    }
}
