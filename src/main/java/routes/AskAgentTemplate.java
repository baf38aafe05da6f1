package routes;

import inference.AgentResult;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.PolicyDefinition;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.Policy;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.springframework.stereotype.Component;
import processors.AgentBreakers;
import processors.AgentCalls;
import processors.GuardedCall;
import processors.Json;
import services.Agents;
import settings.AgentsSettings;

/**
 * The route template {@value #ID}: how the orchestrator, the hybrid pipeline and {@code POST /infer} with a method reach
 * an agent. A route made from it answers on {@code direct:ask-<agent>} and sends the agent request to the agent's
 * endpoint ({@code agents.<agent>.endpoint}: {@code direct:agent-<agent>} when this process hosts the agent, an HTTP URL
 * when it runs as its own service) on the agent's own thread pool, under its resilience4j circuit breaker (the
 * thresholds of Camel's {@code camel.resilience4j.*}, with {@code camel.resilience4j.configurations.<agent>.*} for the
 * agent's own) and its time limit ({@code agents.<agent>.timeout-ms}): the policy {@link GuardedCall}, which hands the
 * call over without a thread waiting for it. Either way the caller gets an {@link AgentResult}, also when the call
 * failed, timed out, was refused by an open circuit, or the agent is disabled.
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
    private final AgentBreakers breakers;

    public AskAgentTemplate(Agents agents, AgentsSettings settings, AgentCalls calls, AgentBreakers breakers) {
        this.agents = agents;
        this.settings = settings;
        this.calls = calls;
        this.breakers = breakers;
    }

    @Override
    public void configure() {
        // {{agent:<name>.<setting>}}: each agent's settings as the service reads them (services.Agents)
        getContext().getPropertiesComponent().addPropertiesFunction(agents);
        ExecutorServiceManager executors = getContext().getExecutorServiceManager();
        Map<String, ExecutorService> pools = new HashMap<>();
        for (String name : agents.names()) {
            // each agent's calls run on a fixed pool of its own (agent-calls.threads; managed and shut down by Camel):
            // slow agents cannot make the service start threads without end, and the calls of an agent that hang (a
            // timed-out call is not interrupted: its thread stays with it) use up its own pool only, while the other
            // agents go on answering. Over the pool and its queue, a call is refused at once (failed)
            ThreadPoolProfile profile = new ThreadPoolProfileBuilder("agent-call-" + name)
                    .poolSize(settings.agentCalls().threads()).maxPoolSize(settings.agentCalls().threads())
                    .keepAliveTime(0L).allowCoreThreadTimeOut(false)
                    .maxQueueSize(executors.getDefaultThreadPoolProfile().getMaxQueueSize())
                    .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build();
            pools.put(name, executors.newThreadPool(this, "agent-call-" + name, profile));
        }
        // tells each call when its time is up; the caller then goes on on another pool, not on the timer
        ScheduledExecutorService timer = executors.newSingleThreadScheduledExecutor(this, "agent-time-limit");
        ExecutorService afterTimeouts = executors.newDefaultThreadPool(this, "agent-timed-out");
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
                .templateBean("askGuard", Policy.class, rtc -> new GuardedCall(agent(rtc), timeoutMs(rtc), breakers,
                        pools.get(agent(rtc)), timer, afterTimeouts))
                .templateBean("askWithApiKey", Processor.class, rtc -> calls.withApiKey())
                .templateBean("askRemoteFailure", Processor.class, rtc -> calls.remoteFailure(agent(rtc)))
                .templateBean("askFinish", Processor.class, rtc -> calls.finish(agent(rtc)));
        ChoiceDefinition enabled = template.from("direct:{{name}}").routeConfigurationId(CallerHandlesErrors.ID)
                .choice();
        enabled.when(simple("{{agent:{{agent}}.disabled}}"))
                .process("#{{askDisabled}}");
        PolicyDefinition guarded = enabled.otherwise()
                .process("#{{askStart}}")
                // the agent's circuit breaker, bulkhead and time limit; the steps inside run on the agent's pool
                .policy("{{askGuard}}");
        ChoiceDefinition call = guarded.choice();
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
        guarded.end()
                .process("#{{askFinish}}");
        enabled.end();

        // agents added by configuration: the same template (the built-in ones are in routes/agents.camel.yaml)
        for (String name : agents.names()) {
            if (!Agents.BUILT_IN.contains(name)) {
                templatedRoute(ID).routeId("ask-" + name).parameter("agent", name);
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
