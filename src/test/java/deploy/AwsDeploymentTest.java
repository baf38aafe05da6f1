package deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import processors.Json;
import support.Command;

/**
 * The deployment scripts against moto's server standing in for AWS (MOTO_URL; .ci/run starts it and puts the AWS CLI
 * in AWS_TOOLS_BIN): the five stacks created and updated, outputs chained between them, every task definition
 * registered, every service created and updated, the autoscaling targets and policies registered. The resource types
 * that moto's CloudFormation does not implement (it skips them) are printed, not pretended.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsDeploymentTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String MOTO = System.getenv("MOTO_URL");
    static final String STACK = "t" + Long.toHexString(System.nanoTime() & 0xffffff);
    static final List<String> STACKS = List.of("main", "storage", "alb", "ecs", "monitoring");
    static final List<String> SERVICES = List.of("milvus", "ner", "rag", "llm", "hybrid", "orchestrator", "worker");
    static final Map<String, String> ENV = new HashMap<>();
    static String aws;

    @BeforeAll
    static void tools() throws IOException {
        String bin = System.getenv("AWS_TOOLS_BIN");
        aws = Command.find(bin, "aws");
        Assumptions.assumeTrue(MOTO != null && !MOTO.isBlank() && aws != null, "MOTO_URL is not set or the AWS CLI is "
                + "missing: the deployment test is skipped. Run it as .ci/run does: python3 -m venv v && v/bin/pip "
                + "install 'moto[server]' awscli && v/bin/moto_server -p 5000 &, then MOTO_URL=http://127.0.0.1:5000 "
                + "AWS_TOOLS_BIN=$PWD/v/bin ./mvnw verify");
        if (bin != null && !bin.isBlank()) {
            ENV.put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        }
        ENV.put("AWS_ACCESS_KEY_ID", "testing");
        ENV.put("AWS_SECRET_ACCESS_KEY", "testing");
        ENV.put("AWS_REGION", "us-east-1");
        ENV.put("AWS_DEFAULT_REGION", "us-east-1");
        ENV.put("STACK_NAME", STACK);
        ENV.put("CLUSTER_NAME", STACK + "-cluster");
        ENV.put("DEPLOYMENT_ENV", "test");
        // one repository per run: its name is account-wide
        ENV.put("ECR_REPOSITORY", STACK + "-images");
        // the settings file of a developer's checkout plays no part
        Path noSettings = Files.createTempFile("mpi-empty-env-", ".env");
        ENV.put("MPI_TEST_ENV_FILE", noSettings.toString());
    }

    static Command.Result script(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/" + name, "--endpoint-url", MOTO,
                "--env-file", ENV.get("MPI_TEST_ENV_FILE")));
        command.addAll(List.of(args));
        Command.Result result = Command.run(ROOT, ENV, 900, command);
        System.out.println("$ " + String.join(" ", command) + " -> " + result.exitCode() + "\n" + result.output());
        return result;
    }

    static JsonNode aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws, "--endpoint-url", MOTO, "--region", "us-east-1",
                "--output", "json"));
        command.addAll(List.of(args));
        Command.Result result = Command.run(ROOT, ENV, 120, command);
        assertThat(result.exitCode()).as(String.join(" ", args) + ":\n" + result.output()).isZero();
        return Json.MAPPER.readTree(result.output());
    }

    static JsonNode stack(String stack) throws Exception {
        return aws("cloudformation", "describe-stacks", "--stack-name", STACK + "-" + stack).get("Stacks").get(0);
    }

    static Map<String, String> outputs(String stack) throws Exception {
        Map<String, String> outputs = new HashMap<>();
        stack(stack).path("Outputs").forEach(output -> outputs.put(output.get("OutputKey").asText(),
                output.get("OutputValue").asText()));
        return outputs;
    }

    static Map<String, String> parameters(String stack) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        stack(stack).path("Parameters").forEach(parameter -> parameters.put(parameter.get("ParameterKey").asText(),
                parameter.get("ParameterValue").asText()));
        return parameters;
    }

    @Test
    @Order(1)
    void theStacksAreCreatedThenUpdatedAndTheirOutputsChain() throws Exception {
        Command.Result first = script("deploy-cloudformation.sh");
        assertThat(first.exitCode()).as(first.output()).isZero();
        for (String stack : STACKS) {
            assertThat(stack(stack).get("StackStatus").asText()).as(stack).isEqualTo("CREATE_COMPLETE");
        }
        Command.Result second = script("deploy-cloudformation.sh");
        assertThat(second.exitCode()).as("a second run updates: " + second.output()).isZero();
        for (String stack : STACKS) {
            assertThat(stack(stack).get("StackStatus").asText()).as(stack).isIn("CREATE_COMPLETE", "UPDATE_COMPLETE");
        }

        Map<String, String> main = outputs("main");
        assertThat(main.get("VpcId")).startsWith("vpc-");
        assertThat(parameters("storage")).containsEntry("VpcId", main.get("VpcId"));
        assertThat(parameters("alb")).containsEntry("VpcId", main.get("VpcId"));
        assertThat(outputs("alb").get("LoadBalancerDnsName")).isNotBlank();
        assertThat(outputs("ecs")).containsKeys("ClusterName", "TaskRoleArn", "RequestsQueueUrl", "RepositoryUri");
        assertThat(parameters("ecs")).containsEntry("CatalogEventsQueueArn", outputs("storage")
                .get("CatalogEventsQueueArn")).containsEntry("TitleEventsQueueArn", outputs("storage")
                .get("TitleEventsQueueArn"));

        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String stack : STACKS) {
            Set<String> declared = new TreeSet<>();
            Set<String> conditional = new TreeSet<>();
            yaml.readTree(ROOT.resolve("infrastructure/cloudformation/" + stack + "-stack.yaml").toFile())
                    .get("Resources").forEach(resource -> {
                        declared.add(resource.get("Type").asText());
                        if (resource.has("Condition")) {
                            conditional.add(resource.get("Type").asText());
                        }
                    });
            Set<String> made = new TreeSet<>();
            aws("cloudformation", "list-stack-resources", "--stack-name", STACK + "-" + stack)
                    .get("StackResourceSummaries").forEach(resource -> made.add(resource.get("ResourceType").asText()));
            Set<String> notMade = declared.stream().filter(type -> !made.contains(type))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> ignored = notMade.stream().filter(type -> !conditional.contains(type))
                    .collect(Collectors.toCollection(TreeSet::new));
            notMade.removeAll(ignored);
            System.out.println("[moto] " + stack + "-stack declares " + declared.size() + " resource types. Not made "
                    + "because moto's CloudFormation does not implement them: "
                    + (ignored.isEmpty() ? "none" : String.join(", ", ignored))
                    + ". Not made, conditional (off in this run, or not implemented): "
                    + (notMade.isEmpty() ? "none" : String.join(", ", notMade)));
        }
    }

    @Test
    @Order(2)
    void theServicesAreDeployedThenUpdatedWithTheirAutoscaling() throws Exception {
        for (int run = 1; run <= 2; run++) {
            for (String name : List.of("setup-milvus-storage.sh", "deploy-milvus.sh", "deploy-ecs.sh")) {
                Command.Result result = script(name);
                assertThat(result.exitCode()).as("run " + run + " of " + name + ": " + result.output()).isZero();
            }
        }
        String cluster = STACK + "-cluster";
        Set<String> services = new TreeSet<>();
        aws("ecs", "list-services", "--cluster", cluster).get("serviceArns")
                .forEach(arn -> services.add(arn.asText().substring(arn.asText().lastIndexOf('/') + 1)));
        assertThat(services).containsAll(SERVICES);
        for (String service : SERVICES) {
            JsonNode described = aws("ecs", "describe-services", "--cluster", cluster, "--services", service)
                    .get("services").get(0);
            String taskDefinition = described.get("taskDefinition").asText();
            assertThat(taskDefinition).as(service).contains(STACK + "-" + service + ":");
            assertThat(taskDefinition).as("updated to a new revision on the second run").doesNotEndWith(":1");
            JsonNode container = aws("ecs", "describe-task-definition", "--task-definition", taskDefinition)
                    .get("taskDefinition").get("containerDefinitions").get(0);
            assertThat(container.get("image").asText()).as(service).isNotBlank();
            Map<String, String> storage = outputs("storage");
            Map<String, String> environment = new HashMap<>();
            container.get("environment").forEach(variable -> environment.put(variable.get("name").asText(),
                    variable.get("value").asText()));
            if (service.equals("rag")) {
                assertThat(environment).as("the S3 catalogue inbox of rag").containsEntry("S3_CATALOG_INBOX_ENABLED",
                        "true").containsEntry("TRAINING_BUCKET", storage.get("TrainingBucketName"))
                        .containsEntry("CATALOG_EVENTS_QUEUE", storage.get("CatalogEventsQueueName"));
            }
            if (service.equals("worker")) {
                assertThat(environment).as("the S3 title inbox of the worker").containsEntry("S3_TITLE_INBOX_ENABLED",
                        "true").containsEntry("TRAINING_BUCKET", storage.get("TrainingBucketName"))
                        .containsEntry("TITLE_EVENTS_QUEUE", storage.get("TitleEventsQueueName"));
            }
        }
        JsonNode targets = aws("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs")
                .get("ScalableTargets");
        Set<String> scaled = new TreeSet<>();
        targets.forEach(target -> {
            if (target.get("ResourceId").asText().startsWith("service/" + cluster + "/")) {
                scaled.add(target.get("ResourceId").asText().substring(("service/" + cluster + "/").length()));
            }
        });
        assertThat(scaled).containsExactlyInAnyOrder("orchestrator", "ner", "rag", "llm", "hybrid", "worker");
        Set<String> policies = new TreeSet<>();
        aws("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs")
                .get("ScalingPolicies").forEach(policy -> {
                    if (policy.get("ResourceId").asText().startsWith("service/" + cluster + "/")) {
                        policies.add(policy.get("ResourceId").asText().substring(("service/" + cluster + "/")
                                .length()) + ":" + policy.get("PolicyType").asText());
                    }
                });
        assertThat(policies).contains("worker:TargetTrackingScaling", "orchestrator:TargetTrackingScaling");
        assertThat(aws("application-autoscaling", "describe-scaling-policies", "--service-namespace", "ecs",
                "--resource-id", "service/" + cluster + "/worker").get("ScalingPolicies")).as("CPU and backlog")
                .hasSize(2);
    }

    @Test
    @Order(3)
    void theBlueGreenStepAddsTheSecondOrchestrator() throws Exception {
        Command.Result result = script("deploy-ecs.sh", "--blue-green");
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode v2 = aws("ecs", "describe-services", "--cluster", STACK + "-cluster", "--services", "orchestrator-v2")
                .get("services").get(0);
        assertThat(v2.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode v1 = aws("ecs", "describe-services", "--cluster", STACK + "-cluster", "--services", "orchestrator")
                .get("services").get(0);
        assertThat(v2.get("loadBalancers").get(0).get("targetGroupArn").asText()).as("the same target group")
                .isEqualTo(v1.get("loadBalancers").get(0).get("targetGroupArn").asText());
    }

    @Test
    @Order(4)
    void theImageGoesToTheRepositoryOfTheEcsStack() throws Exception {
        Command.Result result = script("build-and-push-images.sh", "--dry-run", "--tag", "abc123");
        assertThat(result.exitCode()).as(result.output()).isZero();
        String repository = outputs("ecs").get("RepositoryUri");
        assertThat(result.output()).contains("docker buildx build --platform linux/amd64\\,linux/arm64 --tag "
                + repository + ":abc123 --push");
    }

    static String listenerRule(int priority) throws Exception {
        String listener = outputs("alb").get("ListenerArn");
        for (JsonNode rule : aws("elbv2", "describe-rules", "--listener-arn", listener).get("Rules")) {
            if (rule.get("Priority").asText().equals(String.valueOf(priority))) {
                return rule.toString();
            }
        }
        return null;
    }

    @Test
    @Order(5)
    void maintenanceModeAnswersEveryRequestWith503UntilSwitchedOff() throws Exception {
        assertThat(script("maintenance-mode.sh", "status").output()).contains("off");
        assertThat(script("maintenance-mode.sh", "on").exitCode()).isZero();
        assertThat(script("maintenance-mode.sh", "on").exitCode()).as("again: still on, no second rule").isZero();
        String rule = listenerRule(1);
        assertThat(rule).contains("fixed-response", "503", "maintenance", "/*");
        assertThat(script("maintenance-mode.sh", "status").output()).contains("on");
        assertThat(script("maintenance-mode.sh", "off").exitCode()).isZero();
        assertThat(listenerRule(1)).isNull();
    }

    @Test
    @Order(6)
    void servicesScaleDownToNothingAndDeployingPutsThemBack() throws Exception {
        String cluster = STACK + "-cluster";
        assertThat(script("scale-services.sh", "--tasks", "0").exitCode()).isZero();
        JsonNode ner = aws("ecs", "describe-services", "--cluster", cluster, "--services", "ner").get("services").get(0);
        assertThat(ner.get("desiredCount").asInt()).isZero();
        JsonNode target = aws("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs",
                "--resource-ids", "service/" + cluster + "/ner").get("ScalableTargets").get(0);
        assertThat(target.get("MaxCapacity").asInt()).as("autoscaling held at 0").isZero();

        assertThat(script("deploy-ecs.sh", "--service", "ner").exitCode()).isZero();
        ner = aws("ecs", "describe-services", "--cluster", cluster, "--services", "ner").get("services").get(0);
        assertThat(ner.get("desiredCount").asInt()).as("the configured count").isEqualTo(2);
        target = aws("application-autoscaling", "describe-scalable-targets", "--service-namespace", "ecs",
                "--resource-ids", "service/" + cluster + "/ner").get("ScalableTargets").get(0);
        assertThat(target.get("MaxCapacity").asInt()).isEqualTo(10);
    }
}
