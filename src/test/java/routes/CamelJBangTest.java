package routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Camel JBang commands, run as a user runs them: {@code scripts/camel} (the real Camel JBang CLI, resolved
 * through Maven) runs the shipped hybrid route with the JBang-only agents file, outside the service, in dev mode and
 * with the remote systems stubbed. The hybrid agent answers a Thai title from the knowledge base the run made in
 * {@code DATA_DIR}; an edit of a route file while it runs is reloaded and answers again. The same files run under an
 * installed JBang too (jbang-cli from Maven Central, given the service's classes by {@code scripts/camel
 * --service-classpath}).
 */
class CamelJBangTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern ANSWER = Pattern.compile("\\{\"agent\":\"hybrid\",\"status\":\"ok\",\"brand\":\"([^\"]+)\"");
    private static final String DEFAULT_TITLE = "ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์";

    @TempDir
    Path dir;

    @Test
    void theHybridRouteRunsStandaloneWithTheServicesAgentsAndReloadsAnEdit() throws Exception {
        // copies of the route files, to edit while they run
        Path hybrid = Files.copy(ROOT.resolve("src/main/resources/routes/hybrid.camel.yaml"),
                dir.resolve("hybrid.camel.yaml"));
        Path agents = Files.copy(ROOT.resolve("scripts/jbang/local-agents.camel.yaml"),
                dir.resolve("local-agents.camel.yaml"));
        assertThat(Files.readString(agents)).contains(DEFAULT_TITLE);
        Process process = startWithData(List.of(ROOT.resolve("scripts/camel").toString(), "run", hybrid.toString(),
                agents.toString(), "--dev", "--stub=aws-bedrock,aws2-sqs", "--logging-color=false"));
        BlockingQueue<String> lines = lines(process);
        StringBuilder output = new StringBuilder();
        try {
            // the first run resolves the CLI and the service's libraries through Maven
            assertThat(nextAnswer(lines, output, 600)).as(output::toString).isEqualTo("Wonder Smile");
            // dev mode: the file edited (another title, Thai only) is reloaded and its timer answers again
            Files.writeString(agents, Files.readString(agents).replace(DEFAULT_TITLE,
                    "บะหมี่กึ่งสำเร็จรูปมาม่า รสหมูสับ 60 กรัม"));
            assertThat(nextAnswer(lines, output, 120)).as(output::toString).isEqualTo("Mama");
        } finally {
            stop(process);
        }
        String all = output + String.join("\n", lines);
        assertThat(all).contains("Started agent-hybrid (direct://agent-hybrid)", "\"stopped_at\":\"ner\"");
        // the agents ran on the knowledge base in DATA_DIR (the demo catalogue, loaded into it as the service would)
        assertThat(dir.resolve("data/index/brand-registry.json")).exists();
    }

    /**
     * The README's command for an installed JBang: {@code jbang --cp "$(scripts/camel --service-classpath)"
     * camel@apache/camel run ... --properties="$(scripts/camel --service-properties)"}, with JBang 0.132.1 and a script
     * with the dependencies of Camel's catalogue entry in place of {@code camel@apache/camel}.
     */
    @Test
    void anInstalledJBangRunsTheSameFilesWithTheServicesClasses() throws Exception {
        Path cliClasspath = dir.resolve("jbang-cli.classpath");
        run(ROOT.resolve("mvnw").toString(), "-B", "-q", "-f", "src/test/jbang/pom.xml", "dependency:build-classpath",
                "-Dmdep.outputFile=" + cliClasspath);
        String serviceClasspath = run(ROOT.resolve("scripts/camel").toString(), "--service-classpath").strip();
        String properties = run(ROOT.resolve("scripts/camel").toString(), "--service-properties").strip();
        // jbang's launcher runs dev.jbang.Main, which prints the command to run and exits with 255
        ProcessBuilder jbang = new ProcessBuilder(List.of("java", "-cp", Files.readString(cliClasspath).strip(),
                "dev.jbang.Main", "--cp", serviceClasspath, ROOT.resolve("src/test/jbang/CamelJBang.java").toString(),
                "run", ROOT.resolve("src/main/resources/routes/hybrid.camel.yaml").toString(),
                ROOT.resolve("scripts/jbang/local-agents.camel.yaml").toString(), "--properties=" + properties,
                "--stub=aws-bedrock,aws2-sqs", "--logging-color=false"))
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        jbang.environment().put("JBANG_DIR", dir.resolve("jbang").toString());
        Process resolve = jbang.start();
        String command = new String(resolve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(resolve.waitFor()).as(command).isEqualTo(255);
        Process process = startWithData(List.of("bash", "-c", "exec " + command));
        BlockingQueue<String> lines = lines(process);
        StringBuilder output = new StringBuilder();
        try {
            assertThat(nextAnswer(lines, output, 300)).as(output::toString).isEqualTo("Wonder Smile");
        } finally {
            stop(process);
        }
        assertThat(output).contains("Apache Camel (JBang) 4.17.0");
    }

    /** Starts {@code command} in the test's directory, its knowledge base in DATA_DIR there, stderr into stdout. */
    private Process startWithData(List<String> command) throws java.io.IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("DATA_DIR", dir.resolve("data").toString());
        return builder.start();
    }

    /** Runs a command in the project's directory and answers its standard output; fails when it fails. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
        return out;
    }

    /** The process's output, line by line, read on a thread of its own. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("(output not read: " + e + ")");
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The brand of the next hybrid answer in the output, waiting at most {@code seconds}. */
    private static String nextAnswer(BlockingQueue<String> lines, StringBuilder output, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                output.append(line).append('\n');
                Matcher answer = ANSWER.matcher(line);
                if (answer.find()) {
                    return answer.group(1);
                }
            }
        }
        return "no answer within " + seconds + " s";
    }
}
