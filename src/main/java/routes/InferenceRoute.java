package routes;

import services.Agents;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import processors.InOrderCollector;
import settings.InferenceSettings;

/**
 * Answers an inference request with the method it asks for: the orchestrator over several agents, or one agent alone.
 * The batch route runs the items of a batch through the same route, in parallel, and answers them in order; an item that
 * fails gets its error in its own slot.
 */
@Component
public class InferenceRoute extends RouteBuilder {

    private final Agents agents;
    private final InferenceSettings settings;

    public InferenceRoute(Agents agents, InferenceSettings settings) {
        this.agents = agents;
        this.settings = settings;
    }

    @Override
    public void configure() {
        var infer = from("direct:infer").routeId("infer").routeConfigurationId(CallerHandlesErrors.ID);
        var byMethod = infer
                .choice()
                .when(simple("${variable.method} == 'orchestrator'"))
                    .to("direct:orchestrator")
                    .bean("inference", "answerFromAgents");
        for (String agent : agents.names()) {
            byMethod.when(simple("${variable.method} == '" + agent + "'"))
                    .to("direct:ask-" + agent)
                    .bean("inference", "answerFromAgent");
        }
        byMethod.end();
        if (!settings.answersTo().isBlank()) {
            // a copy of the answer, on another thread: neither its time nor its failures reach the caller
            infer.wireTap(settings.answersTo());
        }

        from("direct:infer-batch").routeId("infer-batch").routeConfigurationId(CallerHandlesErrors.ID)
                .split(body(), new InOrderCollector()).parallelProcessing()
                    .to("direct:infer-item")
                .end();

        from("direct:infer-item").routeId("infer-item").routeConfigurationId(CallerHandlesErrors.ID)
                .doTry()
                    .bean("inference", "readItem")
                    .to("direct:infer")
                .doCatch(Exception.class)
                    .setBody(method("inference", "itemError"))
                .end();
    }
}
