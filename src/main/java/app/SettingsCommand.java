package app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * {@code java -jar multilingual-product-inference-<version>.jar settings [--key=value ...]}: prints the service's own
 * settings as a Java properties file, each with the value the service would use (application.yaml and the active
 * profiles' files, then the environment and the arguments over them, placeholders resolved). The frameworks' settings
 * ({@code spring.*}, {@code server.*}, {@code management.*}, {@code logging.*}, {@code camel.*}: how Spring Boot
 * configures the service's Camel) are left out: they mean something else to another Camel runtime. Camel routes run outside
 * the service read it for their {@code {{...}}} placeholders ({@code scripts/camel run} passes it as
 * {@code --properties}), so a YAML route tried with Camel JBang sees the service's settings.
 */
@Configuration(proxyBeanMethods = false)
public class SettingsCommand {

    /** Runs the command; the exit status: 0 printed, 1 failed (the reason on {@code err}), 2 not understood. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> settings = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                err.println("not understood: " + arg + "\nusage: java -jar target/multilingual-product-inference-"
                        + "<version>.jar settings [--setting=value ...]");
                return 2;
            }
            settings.add(arg);
        }
        try (ConfigurableApplicationContext context = StandaloneContext.start(SettingsCommand.class,
                settings.toArray(String[]::new))) {
            settings(context.getEnvironment()).forEach((key, value) ->
                    out.println(escape(key, true) + "=" + escape(value, false)));
            return 0;
        } catch (RuntimeException e) {
            err.println("settings failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Every key of the configuration files and arguments in {@code env}, but the frameworks' ({@link #FRAMEWORKS}) and
     * the secrets ({@link #SECRETS}: they would end up in a file), with its resolved value; keys whose value cannot be
     * resolved (a placeholder naming nothing) are left out.
     */
    static final List<String> FRAMEWORKS = List.of("spring.", "server.", "management.", "logging.", "camel.");
    static final List<String> SECRETS = List.of("security.api-key", "milvus.token");

    static Map<String, String> settings(ConfigurableEnvironment env) {
        Map<String, String> settings = new TreeMap<>();
        for (PropertySource<?> source : env.getPropertySources()) {
            boolean configuration = source.getName().startsWith("Config resource")
                    || source.getName().equals("commandLineArgs");
            if (configuration && source instanceof EnumerablePropertySource<?> enumerable) {
                for (String key : enumerable.getPropertyNames()) {
                    if (FRAMEWORKS.stream().anyMatch(key::startsWith) || SECRETS.contains(key)) {
                        continue;
                    }
                    try {
                        String value = env.getProperty(key);
                        if (value != null) {
                            settings.put(key, value);
                        }
                    } catch (IllegalArgumentException unresolvable) {
                        // left out: a route using it fails on its placeholder, as in the service
                    }
                }
            }
        }
        return settings;
    }

    /** {@code text} as a properties file writes it (read back by {@code Properties.load}, ISO-8859-1 with escapes). */
    static String escape(String text, boolean key) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '\f' -> escaped.append("\\f");
                case '=', ':', '#', '!' -> escaped.append('\\').append(c);
                case ' ' -> escaped.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
