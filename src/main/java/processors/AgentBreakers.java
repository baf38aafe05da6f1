package processors;

import inference.RequestContentException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceConstants;
import org.apache.camel.model.Model;
import org.apache.camel.model.Resilience4jConfigurationCommon;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.PluginHelper;
import org.springframework.stereotype.Component;

/**
 * Each agent's circuit breaker and bulkhead (resilience4j), one per agent, shared by every route that asks it. They are
 * configured from Camel's own settings tree, as Camel's {@code circuitBreaker} EIP would be: {@code camel.resilience4j.*}
 * for every agent, {@code camel.resilience4j.configurations.<agent>.*} over it for one agent's own. The time limit is
 * not read here: it is the ask route's ({@code agents.<agent>.timeout-ms}, {@link GuardedCall}). A bulkhead refuses a
 * call over its limit at once (the caller never waits for a place, so {@code bulkhead-max-wait-duration} is not used).
 * {@code inference.RequestContentException} is never counted: it is the request's content, not the agent's health.
 */
@Component
public class AgentBreakers {

    private final CamelContext camel;
    private final Map<String, Guards> byAgent = new ConcurrentHashMap<>();

    public AgentBreakers(CamelContext camel) {
        this.camel = camel;
    }

    /** An agent's circuit breaker and, where configured, its bulkhead (null when none). */
    record Guards(CircuitBreaker breaker, Bulkhead bulkhead) {
    }

    /** The circuit breaker of {@code agent}'s calls; null while no route has asked the agent yet. */
    public CircuitBreaker breaker(String agent) {
        Guards guards = byAgent.get(agent);
        return guards == null ? null : guards.breaker();
    }

    /** The agent's guards, made from its configuration on first use (when the first route asking it is made). */
    Guards guards(String agent) {
        return byAgent.computeIfAbsent(agent, this::make);
    }

    private Guards make(String agent) {
        Map<String, Object> settings = settings(agent);
        String circuitBreakerRef = text(settings, "circuitBreaker");
        CircuitBreaker breaker = circuitBreakerRef != null
                ? CamelContextHelper.mandatoryLookup(camel, circuitBreakerRef, CircuitBreaker.class)
                : CircuitBreaker.of(agent, breakerConfig(agent, settings));
        Bulkhead bulkhead = null;
        if (Boolean.parseBoolean(text(settings, "bulkheadEnabled"))) {
            BulkheadConfig.Builder config = BulkheadConfig.custom().maxWaitDuration(Duration.ZERO);
            String max = text(settings, "bulkheadMaxConcurrentCalls");
            if (max != null) {
                config.maxConcurrentCalls(Integer.parseInt(max));
            }
            bulkhead = Bulkhead.of(agent, config.build());
        }
        return new Guards(breaker, bulkhead);
    }

    private CircuitBreakerConfig breakerConfig(String agent, Map<String, Object> settings) {
        String configRef = text(settings, "config");
        CircuitBreakerConfig.Builder config = configRef != null
                ? CircuitBreakerConfig.from(CamelContextHelper.mandatoryLookup(camel, configRef, CircuitBreakerConfig.class))
                : CircuitBreakerConfig.custom();
        set(settings, "failureRateThreshold", value -> config.failureRateThreshold(Float.parseFloat(value)));
        set(settings, "slowCallRateThreshold", value -> config.slowCallRateThreshold(Float.parseFloat(value)));
        set(settings, "slowCallDurationThreshold",
                value -> config.slowCallDurationThreshold(Duration.ofSeconds(Long.parseLong(value))));
        set(settings, "slidingWindowType",
                value -> config.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.valueOf(value)));
        set(settings, "slidingWindowSize", value -> config.slidingWindowSize(Integer.parseInt(value)));
        set(settings, "minimumNumberOfCalls", value -> config.minimumNumberOfCalls(Integer.parseInt(value)));
        set(settings, "permittedNumberOfCallsInHalfOpenState",
                value -> config.permittedNumberOfCallsInHalfOpenState(Integer.parseInt(value)));
        set(settings, "waitDurationInOpenState",
                value -> config.waitDurationInOpenState(Duration.ofSeconds(Long.parseLong(value))));
        set(settings, "automaticTransitionFromOpenToHalfOpenEnabled",
                value -> config.automaticTransitionFromOpenToHalfOpenEnabled(Boolean.parseBoolean(value)));
        set(settings, "writableStackTraceEnabled",
                value -> config.writableStackTraceEnabled(Boolean.parseBoolean(value)));
        Predicate<Throwable> recorded = anyOf(agent, settings.get("recordExceptions"));
        Predicate<Throwable> ignored = anyOf(agent, settings.get("ignoreExceptions"));
        Predicate<Throwable> content = RequestContentException.class::isInstance;
        if (recorded != null) {
            config.recordException(recorded);
        }
        return config.ignoreException(ignored == null ? content : content.or(ignored)).build();
    }

    /**
     * The agent's settings: those of {@code camel.resilience4j.*} with {@code camel.resilience4j.configurations.<agent>.*}
     * over them, by Camel's property names (the model's first, then the registry's, as Camel's EIP reads them).
     */
    private Map<String, Object> settings(String agent) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Map<String, Object> settings = new LinkedHashMap<>();
        read(settings, model.getResilience4jConfiguration(null), ResilienceConstants.DEFAULT_RESILIENCE_CONFIGURATION_ID);
        read(settings, model.getResilience4jConfiguration(agent), agent);
        return settings;
    }

    private void read(Map<String, Object> into, Resilience4jConfigurationCommon fromModel, String name) {
        Resilience4jConfigurationCommon config = fromModel != null ? fromModel
                : camel.getRegistry().lookupByNameAndType(name, Resilience4jConfigurationDefinition.class);
        if (config != null) {
            PluginHelper.getBeanIntrospection(camel).getProperties(config, into, null, false);
        }
    }

    private String text(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        return value == null ? null : camel.resolvePropertyPlaceholders(value.toString()).trim();
    }

    private void set(Map<String, Object> settings, String key, Consumer<String> setter) {
        String value = text(settings, key);
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camel.resilience4j " + key + ": cannot use '" + value + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Whether a throwable is of one of the classes named; null when none are named. */
    private Predicate<Throwable> anyOf(String agent, Object names) {
        if (!(names instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        List<Class<?>> classes = new ArrayList<>();
        for (Object name : list) {
            String className = camel.resolvePropertyPlaceholders(String.valueOf(name)).trim();
            try {
                classes.add(camel.getClassResolver().resolveMandatoryClass(className));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("camel.resilience4j (agent " + agent + "): no exception class "
                        + className, e);
            }
        }
        return thrown -> classes.stream().anyMatch(type -> type.isInstance(thrown));
    }
}
