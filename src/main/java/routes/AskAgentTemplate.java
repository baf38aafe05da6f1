package routes;

import services.Agents;
import inference.AgentResult;
import inference.RequestContentException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;
import processors.AgentCalls;
import processors.Json;
import settings.AgentsSettings;

/**
 * The route template {@value #ID}: how the orchestrator, the hybrid pipeline and {@code POST /infer} with a method reach
 * an agent. A route made from it answers on {@code direct:ask-<agent>} and sends the agent request to the agent's
 * endpoint ({@code agents.<agent>.endpoint}: {@code direct:agent-<agent>} when this process hosts the agent, an HTTP URL
 * when it runs as its own service) inside a resilience4j circuit breaker with the agent's time limit
 * ({@code agents.<agent>.timeout-ms}) and the thresholds of Camel's {@code camel.resilience4j.*}, with
 * {@code camel.resilience4j.configurations.<agent>.*} for the agent's own. Either way the caller gets an
 * {@link AgentResult}, also when the call failed, timed out, was refused by an open circuit, or the agent is disabled.
 *
 * <p>Parameters: {@code agent} (its name), and optionally {@code name} (the route's direct endpoint, default
 * {@code ask-<agent>}) and {@code timeoutMs} (a time limit of this route's own, default the agent's).
 *
 * <p>The built-in agents' routes ({@code ask-ner}, {@code ask-rag}, {@code ask-hybrid}, {@code ask-llm}) are made by
 * {@code routes/agents.camel.yaml}; an agent added by configuration ({@code agents.<name>.*} of another name) gets its
 * {@code ask-<name>} here, from the same template.
 */
@Component
public class AskAgentTemplate extends RouteBuilder {

    public static final String ID = "ask-agent";

    private final Agents agents;
    private final AgentsSettings settings;
    private final AgentCalls calls;

    public AskAgentTemplate(Agents agents, AgentsSettings settings, AgentCalls calls) {
        this.agents = agents;
        this.settings = settings;
        this.calls = calls;
    }

    /** Camel registry name of the pool {@code agent}'s calls run on inside its circuit breaker. */
    static String callPool(String agent) {
        return "agentCallPool-" + agent;
    }

    @Override
    public void configure() {
        // {{agent:<name>.<setting>}}: each agent's settings as the service reads them (services.Agents)
        getContext().getPropertiesComponent().addPropertiesFunction(agents);
        for (String name : agents.names()) {
            // the circuit breakers need a thread per call to enforce its time limit. Each agent has a fixed pool of
            // agent-calls.threads (managed and shut down by Camel): slow agents cannot make the service start threads
            // without end, and the calls of an agent that hang (a timed-out call is not interrupted: its thread stays
            // with it) use up its own pool only, while the other agents go on answering
            ExecutorService pool = getContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "agent-call-" + name, settings.agentCalls().threads());
            getContext().getRegistry().bind(callPool(name), pool);
            // an agent without a camel.resilience4j.configurations.<name> of its own has the defaults
            // (camel.resilience4j.*)
            if (getContext().getRegistry().lookupByNameAndType(name, Resilience4jConfigurationDefinition.class)
                    == null) {
                getContext().getRegistry().bind(name, new Resilience4jConfigurationDefinition());
            }
        }
        ((ModelCamelContext) getContext()).addModelLifecycleStrategy(new RecordExceptionsCopyFix());
        JacksonDataFormat requestJson = new JacksonDataFormat(Json.MAPPER, Object.class);
        JacksonDataFormat resultJson = new JacksonDataFormat(Json.MAPPER, AgentResult.class);

        var template = routeTemplate(ID)
                .templateParameter("agent", null, "the agent's name: agents.<agent>.* configure it")
                .templateParameter("name", "ask-{{agent}}", "the direct endpoint the route answers on")
                .templateParameter("timeoutMs", "{{agent:{{agent}}.timeout-ms}}",
                        "the time limit of one call, in milliseconds (default: agents.<agent>.timeout-ms)")
                .templateBean("askStart", Processor.class, rtc -> calls.start())
                .templateBean("askDisabled", Processor.class,
                        rtc -> calls.disabled(agent(rtc), agents.disabledReason(agent(rtc))))
                .templateBean("askWithApiKey", Processor.class, rtc -> calls.withApiKey())
                .templateBean("askRemoteFailure", Processor.class, rtc -> calls.remoteFailure(agent(rtc)))
                .templateBean("askFallback", Processor.class, rtc -> calls.fallback(agent(rtc), timeoutMs(rtc)))
                .templateBean("askFinish", Processor.class, rtc -> calls.finish(agent(rtc)));
        ChoiceDefinition enabled = template.from("direct:{{name}}").routeConfigurationId(CallerHandlesErrors.ID)
                .choice();
        enabled.when(simple("{{agent:{{agent}}.disabled}}"))
                .process("#{{askDisabled}}");
        CircuitBreakerDefinition breaker = enabled.otherwise()
                .process("#{{askStart}}")
                .circuitBreaker().configuration("{{agent}}");
        Resilience4jConfigurationDefinition own = breaker.resilience4jConfiguration()
                .timeoutEnabled(true)
                .timeoutExecutorService(callPool("{{agent}}"))
                // the request's own content is not the agent's health: not counted (AgentCalls.finish)
                .ignoreException(RequestContentException.class);
        own.setTimeoutDuration("{{timeoutMs}}");
        own.end();
        ChoiceDefinition call = breaker.choice();
        call.when(simple("{{agent:{{agent}}.remote}}"))
                .marshal(requestJson)
                .removeHeaders("*")
                .process("#{{askWithApiKey}}")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .doTry()
                    .to("{{agent:{{agent}}.call-endpoint}}")
                .doCatch(HttpOperationFailedException.class)
                    // the agent refused the request's content (400, 413, 422): not the agent's health
                    .process("#{{askRemoteFailure}}")
                .end()
                .unmarshal(resultJson);
        call.otherwise()
                .to("{{agent:{{agent}}.call-endpoint}}");
        call.end();
        breaker.onFallback()
                .process("#{{askFallback}}");
        breaker.end()
                .process("#{{askFinish}}");
        enabled.end();

        // agents added by configuration: the same template (the built-in ones are in routes/agents.camel.yaml)
        for (String name : agents.names()) {
            if (!Agents.BUILT_IN.contains(name)) {
                templatedRoute(ID).routeId("ask-" + name).parameter("agent", name);
            }
        }
    }

    /**
     * Camel 4.17 copies a route template's circuit breaker configuration into each route made from it with its ignored
     * exceptions as recorded exceptions as well ({@code Resilience4jConfigurationCommon}'s copy constructor): only
     * those would then count as failures, and the ignore rule would let time-outs through as successes, with no
     * fallback. For each route made from a template, a circuit breaker recording exactly the exceptions it ignores
     * records every exception again, as the template says.
     */
    static final class RecordExceptionsCopyFix extends ModelLifecycleStrategySupport {

        @Override
        public void onAddRouteDefinition(RouteDefinition route) {
            if (route.isCreatedFromTemplate()) {
                fix(route.getOutputs());
            }
        }

        private static void fix(List<ProcessorDefinition<?>> outputs) {
            for (ProcessorDefinition<?> output : outputs) {
                if (output instanceof CircuitBreakerDefinition breaker && breaker.getResilience4jConfiguration() != null) {
                    Resilience4jConfigurationDefinition own = breaker.getResilience4jConfiguration();
                    if (!own.getIgnoreExceptions().isEmpty()
                            && own.getRecordExceptions().equals(own.getIgnoreExceptions())) {
                        own.setRecordExceptions(new ArrayList<>());
                    }
                }
                if (output instanceof ChoiceDefinition choice) {
                    choice.getWhenClauses().forEach(when -> fix(when.getOutputs()));
                    if (choice.getOtherwise() != null) {
                        fix(choice.getOtherwise().getOutputs());
                    }
                }
                fix(output.getOutputs());
            }
        }
    }

    private static String agent(RouteTemplateContext rtc) {
        return String.valueOf(rtc.getProperty("agent"));
    }

    private static long timeoutMs(RouteTemplateContext rtc) {
        Object timeoutMs = rtc.getProperty("timeoutMs");
        return Long.parseLong(rtc.getCamelContext().resolvePropertyPlaceholders(String.valueOf(timeoutMs)));
    }
}
