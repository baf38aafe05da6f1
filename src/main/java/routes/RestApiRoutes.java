package routes;

import services.Agents;
import inference.ApiException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.springframework.stereotype.Component;
import settings.ApiSettings;

/**
 * The HTTP API (REST DSL on platform-http; OpenAPI at /api-doc). Every endpoint hands over to a {@code direct:} route of
 * the same name with {@code -http} appended; bodies are read and written by the processors so that each bad input gets
 * its own status and message.
 */
@Component
public class RestApiRoutes extends RouteBuilder {

    private final Agents agents;
    private final ApiSettings api;

    public RestApiRoutes(Agents agents, ApiSettings api) {
        this.agents = agents;
        this.api = api;
    }

    @Override
    public void configure() {
        restConfiguration().bindingMode(RestBindingMode.off);

        if (api.inference().enabled()) {
            rest("/infer").description("Brand inference")
                    .post().id("rest-infer").description("Infer the brand of one product title")
                    .consumes("application/json").produces("application/json")
                    .to("direct:infer-http")
                    .post("/batch").id("rest-infer-batch")
                    .description("Infer the brands of up to inference.batch.max-items titles, answered in order")
                    .consumes("application/json").produces("application/json")
                    .to("direct:infer-batch-http");
        }
        rest("/catalog").description("Knowledge base")
                .post().id("rest-catalog-load")
                .description("Load products (CSV, JSON array or NDJSON); upserts, reports bad rows by line")
                .consumes("text/csv,application/json,application/x-ndjson").produces("application/json")
                .to("direct:catalog-load-http")
                .get("/stats").id("rest-catalog-stats").produces("application/json")
                .to("direct:catalog-stats-http")
                .get("/brands/{brand}").id("rest-catalog-brand")
                .description("A brand by its name or any alias: its aliases and where each came from")
                .produces("application/json")
                .to("direct:catalog-brand-http");
        rest("/admin/collection").description("Collection management (needs X-Api-Key when security.api-key is set)")
                .get().id("rest-collection-stats").description("What the store holds and which embedder built it")
                .produces("application/json").to("direct:collection-stats-http")
                .post().id("rest-collection-create").description("Make the store when missing (201), else 200")
                .produces("application/json").to("direct:collection-create-http")
                .delete().id("rest-collection-drop").description("Remove every product; the service goes on empty")
                .produces("application/json").to("direct:collection-drop-http")
                .post("/reindex").id("rest-collection-reindex")
                .description("Embed every product of this store (or ?source=lucene|milvus) again and store it here")
                .param().name("source").type(org.apache.camel.model.rest.RestParamType.query).required(false)
                .description("lucene or milvus: the store to read; default this service's").endParam()
                .produces("application/json").to("direct:collection-reindex-http");
        rest("/health").get().id("rest-health").description("UP, DEGRADED or DOWN, with each agent")
                .produces("application/json").to("direct:health-http");
        rest("/agents").description("Agents")
                .get().id("rest-agents").produces("application/json").to("direct:agents-http")
                .get("/{name}/health").id("rest-agent-health").produces("application/json")
                .to("direct:agent-health-http")
                .post("/{name}/infer").id("rest-agent-infer")
                .description("Ask one agent hosted by this instance (how the orchestrator reaches remote agents)")
                .consumes("application/json").produces("application/json")
                .to("direct:agent-infer-http");

        from("direct:infer-http").routeId("infer-http").routeConfigurationId(ApiErrorHandling.ID)
                .bean("requestContext", "begin")
                .bean("inference", "readRequest")
                .to("direct:infer")
                .bean("inference", "write");

        from("direct:infer-batch-http").routeId("infer-batch-http").routeConfigurationId(ApiErrorHandling.ID)
                .bean("requestContext", "begin")
                // answered or refused: the slot is free before the answer is written, so a client that sends its
                // next batch on reading one never finds its own slot still taken
                .onCompletion().modeBeforeConsumer()
                    .bean("batchSlots", "release")
                .end()
                .bean("batchSlots", "acquire")
                .bean("inference", "readBatch")
                .to("direct:infer-batch")
                .bean("inference", "writeBatch");

        from("direct:catalog-load-http").routeId("catalog-load-http").routeConfigurationId(ApiErrorHandling.ID)
                .bean("requestContext", "begin")
                .bean("catalogLoads", "loadHttp");

        from("direct:catalog-stats-http").routeId("catalog-stats-http").routeConfigurationId(ApiErrorHandling.ID)
                .bean("requestContext", "begin")
                .bean("catalogLoads", "writeStats");

        from("direct:catalog-brand-http").routeId("catalog-brand-http").routeConfigurationId(ApiErrorHandling.ID)
                .bean("requestContext", "begin")
                .bean("catalogLoads", "writeBrand");

        for (String operation : new String[] {"stats", "create", "drop", "reindex"}) {
            from("direct:collection-" + operation + "-http").routeId("collection-" + operation + "-http")
                    .routeConfigurationId(ApiErrorHandling.ID)
                    .bean("requestContext", "begin")
                    .bean("collectionAdmin", "stats".equals(operation) ? "writeStats" : operation);
        }

        from("direct:health-http").routeId("health-http").routeConfigurationId(ApiErrorHandling.ID)
                .bean("requestContext", "begin")
                .bean("serviceHealth", "writeHealth");

        from("direct:agents-http").routeId("agents-http").routeConfigurationId(ApiErrorHandling.ID)
                .bean("requestContext", "begin")
                .bean("serviceHealth", "writeAgents");

        from("direct:agent-health-http").routeId("agent-health-http").routeConfigurationId(ApiErrorHandling.ID)
                .bean("requestContext", "begin")
                .bean("serviceHealth", "writeAgent");

        var hosted = from("direct:agent-infer-http").routeId("agent-infer-http")
                .routeConfigurationId(ApiErrorHandling.ID)
                .bean("agentRequests", "readRequest")
                .choice();
        for (String agent : agents.names()) {
            if (agents.agent(agent).local()) {
                // an agent route in YAML may answer the result's JSON: read as the orchestrator reads it
                hosted.when(header("name").isEqualTo(agent)).to("direct:agent-" + agent)
                        .process(exchange -> exchange.getMessage().setBody(
                                processors.AgentCalls.result(agent, exchange.getMessage().getBody())));
            }
        }
        hosted.otherwise()
                .throwException(new ApiException(404, "agent_not_hosted", "this instance hosts no such agent; "
                        + "GET /agents shows which agents it hosts (hosted_here)"))
                .end()
                .bean("inference", "write");
    }
}
