package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import processors.Json;
import settings.S3Settings;
import support.Command;
import support.ServiceInstance;

/**
 * The deployment files agree with the application: the container port, the health check paths of the Dockerfile, the
 * ECS task definitions and the load balancer (each answered by a running service), the profile names, the environment
 * variables the task definitions set (each read by the service), and the load balancer's paths (each an API path). Also
 * the linters the deployment files have: cfn-lint over every template, hadolint over the Dockerfile and shellcheck over
 * the scripts, each where .ci/run installed it (AWS_TOOLS_BIN) or on PATH.
 */
class DeploymentFilesTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path ECS = ROOT.resolve("infrastructure/ecs");
    static final Path CLOUDFORMATION = ROOT.resolve("infrastructure/cloudformation");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Variables the JVM, Spring Boot or the AWS SDK read themselves, not the application's settings. */
    static final Set<String> PLATFORM_VARIABLES = Set.of("SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS", "AWS_REGION");

    static ServiceInstance service;

    @BeforeAll
    static void start() throws IOException {
        service = ServiceInstance.start("all", ServiceInstance.ownDirectories(
                Files.createTempDirectory("mpi-deployment-files-")));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The task definitions of the service's own image (all but Milvus). */
    static List<JsonNode> appTaskDefinitions() throws IOException {
        List<JsonNode> definitions = new ArrayList<>();
        for (Path file : files(ECS.resolve("task-definitions"))) {
            if (!file.getFileName().toString().equals("milvus-task-def.json")) {
                definitions.add(Json.MAPPER.readTree(file.toFile()));
            }
        }
        assertThat(definitions).hasSizeGreaterThanOrEqualTo(7);
        return definitions;
    }

    static int status(String path) {
        return service.http().get(path).status();
    }

    @Test
    void containerPortAndHealthChecksAreTheServicesOwn() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("EXPOSE 8080");
        Matcher probe = Pattern.compile("HEALTHCHECK[^\\n]*\\n\\s*CMD curl -fsS \"http://localhost:\\$\\{SERVER_PORT:-8080}([^\"]+)\"")
                .matcher(dockerfile);
        assertThat(probe.find()).as("the Dockerfile's HEALTHCHECK").isTrue();
        String liveness = probe.group(1);
        assertThat(status(liveness)).as(liveness).isEqualTo(200);

        for (JsonNode definition : appTaskDefinitions()) {
            JsonNode container = definition.get("containerDefinitions").get(0);
            String name = container.get("name").asText();
            assertThat(container.get("portMappings").get(0).get("containerPort").asInt()).as(name).isEqualTo(8080);
            assertThat(container.get("healthCheck").get("command").get(1).asText()).as(name)
                    .contains("http://localhost:8080" + liveness);
        }
        for (Path file : files(ECS.resolve("services"))) {
            JsonNode service = Json.MAPPER.readTree(file.toFile());
            for (JsonNode balancer : service.path("loadBalancers")) {
                assertThat(balancer.get("containerPort").asInt()).as(file.toString()).isEqualTo(8080);
            }
        }

        JsonNode alb = YAML.readTree(CLOUDFORMATION.resolve("alb-stack.yaml").toFile());
        String readiness = alb.get("Parameters").get("HealthCheckPath").get("Default").asText();
        assertThat(status(readiness)).as("the target groups' health check " + readiness).isEqualTo(200);
        alb.get("Resources").forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::ElasticLoadBalancingV2::TargetGroup")) {
                assertThat(resource.get("Properties").get("Port").asInt()).isEqualTo(8080);
            }
        });
    }

    @Test
    void profilesAndEnvironmentVariablesAreTheServicesOwn() throws IOException {
        StringBuilder settings = new StringBuilder();
        for (Path file : files(ROOT.resolve("src/main/resources"))) {
            if (file.getFileName().toString().startsWith("application")) {
                settings.append(Files.readString(file));
            }
        }
        for (JsonNode definition : appTaskDefinitions()) {
            JsonNode container = definition.get("containerDefinitions").get(0);
            String name = container.get("name").asText();
            List<JsonNode> variables = new ArrayList<>();
            container.path("environment").forEach(variables::add);
            container.path("secrets").forEach(variables::add);
            for (JsonNode variable : variables) {
                String key = variable.get("name").asText();
                if (key.equals("SPRING_PROFILES_ACTIVE")) {
                    for (String profile : variable.get("value").asText().split(",")) {
                        assertThat(profile.equals("all")
                                || Files.exists(ROOT.resolve("src/main/resources/application-" + profile + ".yaml")))
                                .as(name + ": profile " + profile + " exists").isTrue();
                    }
                }
                assertThat(PLATFORM_VARIABLES.contains(key) || settings.indexOf("${" + key + ":") >= 0
                        || settings.indexOf("${" + key + "}") >= 0)
                        .as(name + ": " + key + " is read by application*.yaml").isTrue();
            }
        }
    }

    /**
     * The S3 inboxes as deployed agree with the service's settings: the training bucket tells each inbox's events queue
     * of objects created under its incoming/ (moto's CloudFormation does not apply a bucket's notifications, so this is
     * checked here, on the template), the task role may read and remove there and write to done/ and error/ (and the
     * title results), nothing else of the bucket, and the rag (catalogues) and worker (titles) task definitions switch
     * their inbox on with that bucket and queue.
     */
    @Test
    void theS3InboxesOfTheStacksAreTheServices() throws IOException {
        S3Settings s3 = service.bean(S3Settings.class);
        JsonNode storage = YAML.readTree(CLOUDFORMATION.resolve("storage-stack.yaml").toFile()).get("Resources");
        List<String> notified = new ArrayList<>();
        storage.get("TrainingBucket").get("Properties").get("NotificationConfiguration").get("QueueConfigurations")
                .forEach(notification -> {
                    JsonNode rule = notification.get("Filter").get("S3Key").get("Rules").get(0);
                    notified.add(notification.get("Event").asText() + " " + rule.get("Name").asText() + "="
                            + rule.get("Value").asText() + " " + notification.get("Queue").asText());
                });
        assertThat(notified).containsExactlyInAnyOrder(
                "s3:ObjectCreated:* prefix=" + s3.catalogInbox().incoming() + " CatalogEventsQueue.Arn",
                "s3:ObjectCreated:* prefix=" + s3.titleInbox().incoming() + " TitleEventsQueue.Arn");

        JsonNode ecs = YAML.readTree(CLOUDFORMATION.resolve("ecs-stack.yaml").toFile()).get("Resources");
        List<String> granted = new ArrayList<>();
        for (JsonNode policy : ecs.get("TaskRole").get("Properties").get("Policies")) {
            for (JsonNode statement : policy.get("PolicyDocument").get("Statement")) {
                List<String> actions = new ArrayList<>();
                statement.get("Action").forEach(action -> actions.add(action.asText()));
                if (statement.get("Action").isTextual()) {
                    actions.add(statement.get("Action").asText());
                }
                List<String> resources = new ArrayList<>();
                statement.get("Resource").forEach(resource -> resources.add(resource.asText()));
                if (statement.get("Resource").isTextual()) {
                    resources.add(statement.get("Resource").asText());
                }
                for (String resource : resources) {
                    for (String action : actions) {
                        granted.add(action + " " + resource);
                    }
                }
            }
        }
        String training = "arn:${AWS::Partition}:s3:::${TrainingBucketName}/";
        List<String> folders = new ArrayList<>();
        for (S3Settings.Inbox inbox : List.of(s3.catalogInbox(), s3.titleInbox())) {
            assertThat(granted).contains("s3:GetObject " + training + inbox.incoming() + "*",
                    "s3:GetObjectVersion " + training + inbox.incoming() + "*",
                    "s3:DeleteObjectVersion " + training + inbox.incoming() + "*",
                    "s3:PutObject " + training + inbox.done() + "*", "s3:PutObject " + training + inbox.error() + "*");
            folders.addAll(List.of(inbox.incoming(), inbox.done(), inbox.error()));
        }
        String results = s3.titleInbox().results();
        assertThat(granted).contains("s3:PutObject " + training + results + "*",
                "s3:AbortMultipartUpload " + training + results + "*",
                "sqs:ReceiveMessage CatalogEventsQueueArn", "sqs:ChangeMessageVisibility CatalogEventsQueueArn",
                "sqs:ReceiveMessage TitleEventsQueueArn", "sqs:ChangeMessageVisibility TitleEventsQueueArn");
        folders.add(results);
        // nothing of the training bucket's objects outside those prefixes
        assertThat(granted.stream().filter(grant -> grant.contains("${TrainingBucketName}/")))
                .allMatch(grant -> folders.stream().anyMatch(grant::contains));

        assertThat(environment("rag")).contains("S3_CATALOG_INBOX_ENABLED=true", "TRAINING_BUCKET=${TRAINING_BUCKET_NAME}",
                "CATALOG_EVENTS_QUEUE=${CATALOG_EVENTS_QUEUE_NAME}");
        assertThat(environment("worker")).contains("S3_TITLE_INBOX_ENABLED=true", "TRAINING_BUCKET=${TRAINING_BUCKET_NAME}",
                "TITLE_EVENTS_QUEUE=${TITLE_EVENTS_QUEUE_NAME}");
    }

    /** The environment of a service's task definition, as NAME=value. */
    static List<String> environment(String service) throws IOException {
        List<String> environment = new ArrayList<>();
        Json.MAPPER.readTree(ECS.resolve("task-definitions/" + service + "-task-def.json").toFile())
                .get("containerDefinitions").get(0).get("environment").forEach(variable -> environment.add(
                        variable.get("name").asText() + "=" + variable.get("value").asText()));
        return environment;
    }

    @Test
    void theLoadBalancersPathsAreApiPaths() throws IOException {
        Set<String> apiPaths = new TreeSet<>();
        service.http().get("/api-doc").json().get("paths").fieldNames().forEachRemaining(apiPaths::add);
        JsonNode alb = YAML.readTree(CLOUDFORMATION.resolve("alb-stack.yaml").toFile());
        Set<String> patterns = new TreeSet<>();
        alb.get("Resources").forEach(resource -> {
            if (resource.get("Type").asText().equals("AWS::ElasticLoadBalancingV2::ListenerRule")) {
                resource.get("Properties").get("Conditions").forEach(condition -> condition.path("PathPatternConfig")
                        .path("Values").forEach(value -> patterns.add(value.asText())));
            }
        });
        assertThat(patterns).contains("/infer*", "/health", "/catalog*", "/agents/ner/*", "/agents/rag/*",
                "/agents/llm/*", "/agents/hybrid/*");
        for (String pattern : patterns) {
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("*", "**"));
            // API paths with their {name} filled as the agents' names
            assertThat(apiPaths.stream().flatMap(path -> Stream.of("ner", "rag", "llm", "hybrid")
                    .map(agent -> path.replace("{name}", agent))))
                    .as("an API path for " + pattern).anyMatch(path -> matcher.matches(Path.of(path)));
        }
    }

    @Test
    void everySettingOfTheScriptsIsInEnvExample() throws IOException {
        Set<String> listed = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^#? ?([A-Z][A-Z0-9_]*)=").matcher(Files.readString(ROOT.resolve(".env.example")));
        while (line.find()) {
            listed.add(line.group(1));
        }
        Set<String> read = new TreeSet<>();
        List<Path> scripts = new ArrayList<>(files(ROOT.resolve("scripts")));
        scripts.addAll(files(ROOT.resolve("scripts/lib")));
        Pattern defaulted = Pattern.compile("ecs_default ([A-Z][A-Z0-9_]*)|\\$\\{([A-Z][A-Z0-9_]*):=");
        for (Path script : scripts) {
            if (script.toString().endsWith(".sh")) {
                Matcher setting = defaulted.matcher(Files.readString(script));
                while (setting.find()) {
                    read.add(setting.group(1) != null ? setting.group(1) : setting.group(2));
                }
            }
        }
        assertThat(read).hasSizeGreaterThan(20);
        assertThat(listed).containsAll(read);
    }

    @Test
    void theDeployersPolicyIsWellFormedAndFitsManagedPolicies() throws IOException {
        List<Path> policies = files(ROOT.resolve("infrastructure/iam")).stream()
                .filter(file -> file.getFileName().toString().endsWith(".json")).toList();
        assertThat(policies).isNotEmpty();
        Pattern action = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*]+");
        for (Path file : policies) {
            JsonNode policy = Json.MAPPER.readTree(file.toFile());
            assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
            assertThat(policy.get("Statement")).as(file.toString()).isNotEmpty();
            for (JsonNode statement : policy.get("Statement")) {
                assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                assertThat(statement.has("Sid") && statement.has("Resource")).as(statement.toString()).isTrue();
                List<String> actions = new ArrayList<>();
                JsonNode listed = statement.get("Action");
                if (listed.isArray()) {
                    listed.forEach(each -> actions.add(each.asText()));
                } else {
                    actions.add(listed.asText());
                }
                assertThat(actions).as(statement.get("Sid").asText())
                        .allMatch(each -> action.matcher(each).matches() && !each.endsWith(":*"));
            }
            // the limit of one managed policy, counted without whitespace, with room for longer names in place of the
            // placeholders
            assertThat(Files.readString(file).replaceAll("\\s", "").length()).as(file.toString()).isLessThan(5600);
        }
    }

    static void lint(String tool, List<String> arguments) throws Exception {
        String program = Command.find(System.getenv("AWS_TOOLS_BIN"), tool);
        Assumptions.assumeTrue(program != null, tool + " is not installed: skipped (.ci/run installs it from PyPI)");
        List<String> command = new ArrayList<>(List.of(program));
        command.addAll(arguments);
        Command.Result result = Command.run(ROOT, java.util.Map.of(), 300, command);
        System.out.println("$ " + String.join(" ", command) + " -> " + result.exitCode() + "\n" + result.output());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void cfnLintFindsNoErrors() throws Exception {
        List<String> templates = files(CLOUDFORMATION).stream().map(Path::toString)
                .filter(name -> name.endsWith(".yaml")).toList();
        assertThat(templates).hasSize(5);
        List<String> arguments = new ArrayList<>(templates);
        // warnings are printed, errors fail
        arguments.add(0, "--non-zero-exit-code");
        arguments.add(1, "error");
        lint("cfn-lint", arguments);
    }

    @Test
    void hadolintFindsNothingInTheDockerfile() throws Exception {
        lint("hadolint", List.of("Dockerfile"));
    }

    @Test
    void shellcheckFindsNothingInTheScripts() throws Exception {
        List<String> scripts = new ArrayList<>();
        scripts.add("-x");
        scripts.add("scripts/camel");
        scripts.add(".ci/run");
        for (String dir : List.of("scripts", "scripts/lib")) {
            try (var files = java.nio.file.Files.list(ROOT.resolve(dir))) {
                files.map(file -> dir + "/" + file.getFileName()).filter(name -> name.endsWith(".sh")).sorted()
                        .forEach(scripts::add);
            }
        }
        assertThat(scripts).contains("scripts/deploy-ecs.sh", "scripts/lib/common.sh", "scripts/load-test.sh");
        lint("shellcheck", scripts);
    }
}
