package deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.ServiceInstance;

/**
 * The service's own metrics reach CloudWatch: WireMock answers the CloudWatch API as the AWS SDK speaks it to
 * CloudWatch (Smithy RPC v2 over CBOR, which moto does not speak), the service publishes every second, and the requests
 * carry the per-agent metrics the dashboard and alarms read, with their dimensions, in the configured namespace.
 */
class CloudWatchMetricsTest {

    static final String PUT_METRIC_DATA = "/service/GraniteServiceVersion20100801/operation/PutMetricData";
    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    static WireMockServer cloudWatch;
    static ServiceInstance service;

    @BeforeAll
    static void start() throws Exception {
        cloudWatch = new WireMockServer(wireMockConfig().dynamicPort());
        cloudWatch.start();
        // an empty CBOR map: PutMetricData answers nothing
        cloudWatch.stubFor(post(urlPathEqualTo(PUT_METRIC_DATA)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/cbor").withHeader("smithy-protocol", "rpc-v2-cbor")
                .withBody(new byte[] {(byte) 0xA0})));
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        Map<String, String> properties = ServiceInstance.ownDirectories(Files.createTempDirectory("mpi-cloudwatch-"));
        properties.put("metrics.cloudwatch.enabled", "true");
        properties.put("metrics.cloudwatch.endpoint", cloudWatch.baseUrl());
        properties.put("metrics.cloudwatch.namespace", "MPI-test");
        properties.put("metrics.cloudwatch.step", "1s");
        service = ServiceInstance.start("all", properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        cloudWatch.stop();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** Every datum the service has sent so far, each with the namespace of its request. */
    static List<JsonNode> data() throws Exception {
        List<JsonNode> data = new ArrayList<>();
        for (LoggedRequest request : cloudWatch.findAll(postRequestedFor(urlPathEqualTo(PUT_METRIC_DATA)))) {
            JsonNode body = CBOR.readTree(request.getBody());
            assertThat(body.get("Namespace").asText()).isEqualTo("MPI-test");
            body.get("MetricData").forEach(data::add);
        }
        return data;
    }

    static String dimension(JsonNode datum, String name) {
        for (JsonNode dimension : datum.path("Dimensions")) {
            if (dimension.get("Name").asText().equals(name)) {
                return dimension.get("Value").asText();
            }
        }
        return null;
    }

    @Test
    void perAgentLatencyAndOutcomesArePublishedToTheNamespace() {
        for (int i = 0; i < 5; i++) {
            assertThat(service.http().postJson("/infer", "{\"product_name\": \"ยาสีฟัน Colgate Total 150g\"}").status())
                    .isEqualTo(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<JsonNode> data = data();
            List<String> names = data.stream().map(datum -> datum.get("MetricName").asText()).distinct().toList();
            assertThat(names).contains("mpi.agent.calls.count", "mpi.agent.latency.avg", "mpi.agent.latency.max");
            assertThat(names).as("timers carry percentiles").contains("mpi.agent.latency.percentile.value");
            assertThat(names).as("only the service's own meters").allMatch(name -> name.startsWith("mpi."));
            assertThat(data).as("NER calls that went well, counted per agent and status")
                    .anyMatch(datum -> datum.get("MetricName").asText().equals("mpi.agent.calls.count")
                            && "ner".equals(dimension(datum, "agent")) && "ok".equals(dimension(datum, "status"))
                            && datum.get("Value").asDouble() > 0);
            assertThat(data).as("p95 of each agent's latency")
                    .anyMatch(datum -> datum.get("MetricName").asText().equals("mpi.agent.latency.percentile.value")
                            && "0.95".equals(dimension(datum, "phi")) && "rag".equals(dimension(datum, "agent")));
        });
        assertThat(service.http().get("/actuator/prometheus").status()).as("Prometheus still has its meters")
                .isEqualTo(200);
    }
}
