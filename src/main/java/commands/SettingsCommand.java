package commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
     * the secrets ({@link #secret}: they would end up in a file), with its resolved value; keys whose value cannot be
     * resolved (a placeholder naming nothing) are left out, and so is a value that repeats a secret's value.
     */
    static final List<String> FRAMEWORKS = List.of("spring.", "server.", "management.", "logging.", "camel.");
    /** What a secret's name contains, in its {@link #canonical} form. */
    static final List<String> SECRET_WORDS = List.of("key", "token", "secret", "password", "credential");
    /** The service's own settings whose names contain a {@link #SECRET_WORDS secret word} but hold no secret. */
    static final Set<String> NOT_SECRETS = Set.of("security.require-api-key", "embedding.model.max-tokens",
            "ner.model.max-tokens", "llm.max-tokens").stream().map(SettingsCommand::canonical)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * {@code name} as Spring's relaxed binding matches it, whatever its spelling: lower case, without separators
     * ({@code security.apiKey}, {@code SECURITY_API_KEY} and {@code security.api-key} are all {@code securityapikey}).
     */
    static String canonical(String name) {
        StringBuilder canonical = new StringBuilder(name.length());
        name.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit)
                .forEach(canonical::appendCodePoint);
        return canonical.toString();
    }

    /** Whether a setting of this name may hold a secret: its canonical name contains a {@link #SECRET_WORDS} word. */
    static boolean secret(String name) {
        String canonical = canonical(name);
        return !NOT_SECRETS.contains(canonical) && SECRET_WORDS.stream().anyMatch(canonical::contains);
    }

    static Map<String, String> settings(ConfigurableEnvironment env) {
        Map<String, String> settings = new TreeMap<>();
        Set<String> secretValues = new HashSet<>();
        for (PropertySource<?> source : env.getPropertySources()) {
            boolean configuration = source.getName().startsWith("Config resource")
                    || source.getName().equals("commandLineArgs");
            if (configuration && source instanceof EnumerablePropertySource<?> enumerable) {
                for (String key : enumerable.getPropertyNames()) {
                    if (FRAMEWORKS.stream().anyMatch(key::startsWith)) {
                        continue;
                    }
                    try {
                        String value = env.getProperty(key);
                        if (value != null && secret(key)) {
                            secretValues.add(value);
                        } else if (value != null) {
                            settings.put(key, value);
                        }
                    } catch (IllegalArgumentException unresolvable) {
                        // left out: a route using it fails on its placeholder, as in the service
                    }
                }
            }
        }
        // a setting that repeats a secret (--x=${API_KEY}) would print it under another name
        secretValues.removeIf(String::isBlank);
        settings.values().removeIf(value -> secretValues.stream().anyMatch(value::contains));
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
