package app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Settings that were renamed, still honoured with a warning: the circuit breaker of each agent, once
 * {@code agents.<agent>.breaker.*} and {@code agents.<agent>.max-concurrent-calls}, is Camel's own since
 * {@code camel.resilience4j.configurations.<agent>.*}. A property source ahead of the others answers each new name from
 * the old one, wherever the old one is set (application.yaml of a deployment, the environment, the command line, a
 * test's properties), and is read when the settings are bound, so it sees every source.
 */
public class DeprecatedSettings implements EnvironmentPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DeprecatedSettings.class);
    private static final Pattern OLD = Pattern.compile("agents\\.([a-z][a-z0-9-]*)\\.(breaker\\.[a-z-]+|max-concurrent-calls)");
    /** Old name (after agents.<agent>.) -> the Camel name (after camel.resilience4j.configurations.<agent>.). */
    static final Map<String, String> RENAMED = Map.of(
            "breaker.sliding-window-size", "sliding-window-size",
            "breaker.minimum-calls", "minimum-number-of-calls",
            "breaker.failure-rate-threshold", "failure-rate-threshold",
            "breaker.open-seconds", "wait-duration-in-open-state",
            "breaker.half-open-calls", "permitted-number-of-calls-in-half-open-state",
            "max-concurrent-calls", "bulkhead-max-concurrent-calls");
    private static final String NEW = "camel.resilience4j.configurations.";
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final String ENABLED = "#enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        env.getPropertySources().addFirst(new Renamed(env));
    }

    /** The new names of the old settings set anywhere in {@code env}, each answered with the old one's value. */
    static final class Renamed extends EnumerablePropertySource<Object> {

        private final ConfigurableEnvironment env;

        Renamed(ConfigurableEnvironment env) {
            // not the environment as its source: Spring Boot would take this source for a nested environment and
            // walk into it again and again
            super("deprecatedSettings", new Object());
            this.env = env;
        }

        @Override
        public String[] getPropertyNames() {
            return renamed().keySet().toArray(String[]::new);
        }

        @Override
        public Object getProperty(String name) {
            if (!name.startsWith(NEW)) {
                return null;
            }
            String old = renamed().get(name);
            if (old == null) {
                return null;
            }
            if (old.endsWith(ENABLED)) {
                // a bulkhead of max-concurrent-calls, 0 meaning none
                String calls = env.getProperty(old.substring(0, old.length() - ENABLED.length()));
                return calls == null ? null : String.valueOf(Long.parseLong(calls.strip()) > 0);
            }
            return env.getProperty(old);
        }

        /** New name -> old name, for the old names set in the other sources. */
        private Map<String, String> renamed() {
            Map<String, String> names = new LinkedHashMap<>();
            for (PropertySource<?> source : env.getPropertySources()) {
                if (source == this || !(source instanceof EnumerablePropertySource<?> enumerable)) {
                    continue;
                }
                for (String old : enumerable.getPropertyNames()) {
                    Matcher matcher = OLD.matcher(old);
                    String renamed = matcher.matches() ? RENAMED.get(matcher.group(2)) : null;
                    if (renamed == null) {
                        continue;
                    }
                    String agent = matcher.group(1);
                    names.putIfAbsent(NEW + agent + "." + renamed, old);
                    if ("max-concurrent-calls".equals(matcher.group(2))) {
                        names.putIfAbsent(NEW + agent + ".bulkhead-enabled", old + ENABLED);
                    }
                    if (WARNED.add(old)) {
                        LOG.warn("{} is deprecated: set {}{}.{} instead (the circuit breakers are Camel's own "
                                + "settings)", old, NEW, agent, renamed);
                    }
                }
            }
            return names;
        }
    }
}
