package app;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.JsonNodeReader;
import com.networknt.schema.serialization.node.JsonLocationAware;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import routefiles.ReloadFailures;

/**
 * {@code java -jar multilingual-product-inference-<version>.jar validate-routes PATH... [--setting=value ...]}
 * ({@code scripts/validate-routes.sh}): checks YAML route files ({@code *.camel.yaml}, or every one of a directory)
 * before they are deployed to {@code ROUTES_DIR}, in two steps, each error with its file and line:
 * <ol>
 *   <li>against Camel's YAML DSL schema (the one in camel-yaml-dsl, the Camel version the service runs);</li>
 *   <li>by loading them, one file after the other, into the service itself, started as it would run (the settings
 *       and profiles given, on an empty temporary data directory, on a free port): each file's routes are created
 *       and started next to the service's own routes, replacing a shipped route of the same id as {@code ROUTES_DIR}
 *       does, so an unknown component, bean, endpoint option or setting placeholder is found here.</li>
 * </ol>
 * Prints one line per file ({@code ok} with its routes, or its errors as {@code file:line:column: message}); the exit
 * status is 0 when every file is valid, 1 when one is not, 2 when the command is not understood.
 */
public final class ValidateRoutesCommand {

    static final String USAGE = """
            usage: java -jar target/multilingual-product-inference-<version>.jar validate-routes PATH... [--setting=value ...]
              PATH                   a *.camel.yaml file, or a directory: each of its *.camel.yaml files
              --setting=value        settings of the service the routes will run in (--spring.profiles.active=...)""";

    /** An error in a route file, found by the schema or by loading it. */
    record Problem(Path file, Integer line, Integer column, String check, String message) {
        String describe() {
            return file + (line == null ? "" : ":" + line + (column == null ? "" : ":" + column)) + ": " + check
                    + ": " + message;
        }
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{\\{.+?}}");

    private ValidateRoutesCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        List<String> settings = new ArrayList<>();
        try {
            for (String arg : args) {
                if (arg.startsWith("--") && arg.contains("=")) {
                    settings.add(arg);
                } else if (Files.isDirectory(Path.of(arg))) {
                    try (Stream<Path> listed = Files.list(Path.of(arg))) {
                        listed.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted()
                                .forEach(files::add);
                    }
                } else if (Files.isRegularFile(Path.of(arg))) {
                    files.add(Path.of(arg));
                } else {
                    err.println("no such file or directory: " + arg + "\n" + USAGE);
                    return 2;
                }
            }
        } catch (IOException e) {
            err.println("cannot list " + e.getMessage());
            return 2;
        }
        if (files.isEmpty()) {
            err.println("no *.camel.yaml file given\n" + USAGE);
            return 2;
        }
        Map<Path, List<Problem>> problems = new TreeMap<>();
        JsonSchema schema = schema();
        for (Path file : files) {
            problems.put(file, new ArrayList<>(schemaProblems(schema, file)));
        }
        List<Path> parsed = files.stream().filter(file -> problems.get(file).isEmpty()).toList();
        Map<Path, List<String>> routes = new TreeMap<>();
        if (!parsed.isEmpty()) {
            try {
                load(parsed, settings, problems, routes);
            } catch (RuntimeException e) {
                err.println("the service could not be started to load the routes into: " + e.getMessage());
                return 1;
            }
        }
        int invalid = 0;
        for (Path file : files) {
            List<Problem> found = problems.get(file);
            if (found.isEmpty()) {
                List<String> ids = routes.getOrDefault(file, List.of());
                out.println(file + ": ok" + (ids.isEmpty() ? "" : " (routes: " + String.join(", ", ids) + ")"));
            } else {
                invalid++;
                found.forEach(problem -> out.println(problem.describe()));
            }
        }
        out.println(files.size() + " file(s), " + invalid + " with errors");
        return invalid == 0 ? 0 : 1;
    }

    /** Camel's YAML DSL schema, as camel-yaml-dsl ships it. */
    static JsonSchema schema() {
        // draft-04, as the file says; it marks some options "deprecated": an annotation, not a rule
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                .keyword(new NonValidationKeyword("deprecated")).build();
        JsonSchemaFactory factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                .metaSchema(meta).jsonNodeReader(JsonNodeReader.builder().locationAware().build()).build();
        try (InputStream in = ValidateRoutesCommand.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/camelYamlDsl.json is not on the classpath (camel-yaml-dsl)");
            }
            return factory.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the schema finds in {@code file}. Where a value matches none of a choice's alternatives, the schema also
     * reports each alternative's mismatch (a string was expected, ...): those are left out when a more precise error
     * (an unknown or missing property) points at the same place. A type mismatch on a property placeholder
     * ({@code "{{timeoutMs}}"} where a number goes) is left to the loading step, which resolves it.
     */
    static List<Problem> schemaProblems(JsonSchema schema, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return List.of(new Problem(file, null, null, "read", e.toString()));
        }
        if (text.isBlank()) {
            return List.of(new Problem(file, null, null, "schema", "the file is empty"));
        }
        Set<ValidationMessage> messages;
        try {
            messages = schema.validate(text, InputFormat.YAML);
        } catch (RuntimeException e) {
            // not YAML at all
            ReloadFailures.Failure failure = ReloadFailures.failure(file.toString(), e);
            return List.of(new Problem(file, failure.line(), failure.column(), "yaml", failure.error()));
        }
        List<Problem> problems = new ArrayList<>();
        Set<String> precise = new java.util.HashSet<>();
        for (ValidationMessage message : messages) {
            if (!List.of("oneOf", "anyOf", "type").contains(message.getType())) {
                precise.add(message.getInstanceLocation().toString());
            }
        }
        for (ValidationMessage message : messages) {
            if (List.of("oneOf", "anyOf", "type").contains(message.getType())
                    && precise.contains(message.getInstanceLocation().toString())) {
                continue;
            }
            // a property placeholder where the schema wants a number or a boolean: its value is known only when the
            // route is loaded, which the second step does
            if ("type".equals(message.getType()) && message.getInstanceNode() != null
                    && message.getInstanceNode().isTextual()
                    && PLACEHOLDER.matcher(message.getInstanceNode().asText()).find()) {
                continue;
            }
            Integer line = null;
            Integer column = null;
            if (message.getInstanceNode() instanceof JsonLocationAware located) {
                line = located.tokenLocation().getLineNr();
                column = located.tokenLocation().getColumnNr();
            }
            problems.add(new Problem(file, line, column, "schema", message.getMessage()));
        }
        problems.sort(Comparator.comparing((Problem p) -> p.line() == null ? 0 : p.line())
                .thenComparing(Problem::message));
        return problems;
    }

    /**
     * Starts the service (the given settings over: a free port, an empty temporary data directory and routes
     * directory, no demo catalogue, line numbers in the routes' model) and loads each file into its Camel context as
     * {@code ROUTES_DIR} would: what fails to load or start is a problem of that file (its routes are then removed).
     */
    private static void load(List<Path> files, List<String> settings, Map<Path, List<Problem>> problems,
                             Map<Path, List<String>> routes) {
        Path work;
        try {
            work = Files.createTempDirectory("validate-routes-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--data.dir=" + work.resolve("data"),
                "--catalog.inbox=" + work.resolve("inbox"), "--batch.inbox=" + work.resolve("titles-in"),
                "--batch.outbox=" + work.resolve("titles-out"), "--routes.dir=" + work.resolve("routes"),
                "--routes.reload=false", "--knowledge-base.demo-catalog=false",
                "--camel.main.source-location-enabled=true", "--logging.level.root=warn",
                "--logging.level.org.apache.camel.spring.boot=error"));
        args.addAll(settings);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(args.toArray(String[]::new))) {
            CamelContext camel = context.getBean(CamelContext.class);
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            for (Path file : files) {
                String location = "file:" + file.toAbsolutePath().normalize();
                try {
                    Resource resource = ResourceHelper.resolveMandatoryResource(camel, location);
                    Set<String> ids = PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(resource));
                    List<String> stopped = new ArrayList<>();
                    for (String id : ids) {
                        Route route = camel.getRoute(id);
                        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
                        if (route != null && !ServiceStatus.Started.equals(status)) {
                            stopped.add(id + " is " + status);
                        }
                    }
                    if (stopped.isEmpty()) {
                        routes.put(file, List.copyOf(ids));
                    } else {
                        problems.get(file).add(new Problem(file, null, null, "load", "routes not started: "
                                + stopped));
                    }
                } catch (Exception e) {
                    Integer line = ReloadFailures.failedStepLine(model, Set.of(location), e);
                    ReloadFailures.Failure failure = ReloadFailures.failure(file.toString(), e);
                    problems.get(file).add(new Problem(file, failure.line() != null ? failure.line() : line,
                            failure.column(), "load", failure.error()));
                }
            }
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind
        }
    }
}
