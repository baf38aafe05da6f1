package commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import knowledge.Embedder;
import knowledge.KnowledgeBase;
import knowledge.LoadReport;
import knowledge.Reindex;
import knowledge.StoreLocation;
import knowledge.VectorStore;
import org.springframework.beans.BeansException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import processors.Json;
import services.Stores;

/**
 * Collection management from the command line, {@code java -jar multilingual-product-inference-<version>.jar collection ...}:
 * stats, create, drop and reindex of the configured store (the embedded index or a Milvus collection), without starting
 * the service. Settings are read as the service reads them (application.yaml, profiles, environment, {@code --key=value}
 * arguments), so the command works on the store the service would use. Every command prints one JSON object.
 */
@Configuration(proxyBeanMethods = false)
@Import(Stores.class)
public class CollectionCommand {

    static final String USAGE = """
            usage: java -jar target/multilingual-product-inference-<version>.jar collection <command> [--setting=value ...]
              stats                  what the configured store holds: rows, the embedder that built it, its index
              create                 make the store for the configured embedder (nothing when it is there)
              drop --yes             delete the store and every product in it
              reindex [--source=KIND]
                                     read every product of the configured store (or, with --source=lucene|milvus, of
                                     that kind's store) and store it again in the configured store, embedded with the
                                     configured embedder; a store built with another embedder is rebuilt so.
                                     The embedded store keeps its products until the rebuilt index is committed; a
                                     run that dies leaves its spool in data.dir/reindex, which the service loads at
                                     its next start
            settings as for the service: --knowledge-base.store=milvus --milvus.uri=http://host:19530 --data.dir=...
            or the environment (KNOWLEDGE_BASE_STORE, MILVUS_URI, DATA_DIR, EMBEDDING_MODEL_NAME ...)""";

    /** Runs a command; the exit status: 0 done, 1 failed (the reason on {@code err}), 2 not understood. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        boolean confirmed = false;
        String source = null;
        List<String> settings = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if ("--yes".equals(args[i])) {
                confirmed = true;
            } else if (args[i].startsWith("--source=")) {
                source = args[i].substring("--source=".length());
            } else if (args[i].startsWith("--") && args[i].contains("=")) {
                settings.add(args[i]);
            } else {
                err.println("not understood: " + args[i] + "\n" + USAGE);
                return 2;
            }
        }
        if (!List.of("stats", "create", "drop", "reindex").contains(command)) {
            err.println("unknown command: " + command + "\n" + USAGE);
            return 2;
        }
        if ("drop".equals(command) && !confirmed) {
            err.println("drop deletes the store and every product in it: say so with --yes");
            return 2;
        }
        if (source != null && !List.of("lucene", "milvus").contains(source)) {
            err.println("--source must be lucene or milvus, not '" + source + "'");
            return 2;
        }
        try (ConfigurableApplicationContext context = StandaloneContext.start(CollectionCommand.class,
                settings.toArray(String[]::new))) {
            Stores stores = context.getBean(Stores.class);
            StoreLocation location = stores.location();
            Map<String, Object> result = switch (command) {
                case "stats" -> Stores.describe(location, stores.embedder());
                case "create" -> create(location, stores.embedder());
                case "drop" -> drop(location);
                default -> reindex(stores, location, source == null ? location : stores.location(source));
            };
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return 0;
        } catch (Exception e) {
            // a setting that does not bind fails the context's start: its own message says which and why
            err.println("collection " + command + " failed: " + (e instanceof BeansException
                    ? NestedExceptionUtils.getMostSpecificCause(e).getMessage() : e.getMessage()));
            return 1;
        }
    }

    private static Map<String, Object> create(StoreLocation location, Embedder embedder) throws Exception {
        boolean existed = Boolean.TRUE.equals(location.inspect().get("exists"));
        try (VectorStore store = location.open(embedder)) {
            store.create();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created", !existed);
        view.putAll(Stores.describe(location, embedder));
        return view;
    }

    private static Map<String, Object> drop(StoreLocation location) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("dropped", location.delete());
        view.put("store", location.describe());
        return view;
    }

    /**
     * Spools every product of {@code from}, then rebuilds the target (it may be built for another embedder) from the
     * spool: the embedded store keeps its products until the rebuilt index is committed whole
     * ({@link StoreLocation#rebuild}); a spool left by a process that died meanwhile is loaded at the service's start.
     */
    private static Map<String, Object> reindex(Stores stores, StoreLocation target, StoreLocation from) {
        Embedder embedder = stores.embedder();
        Reindex.Spool spool = Reindex.spool(from, target.kind(), stores.spoolDir());
        VectorStore store;
        try {
            store = target.rebuild(embedder);
        } catch (RuntimeException e) {
            spool.delete(); // nothing changed: the products are where they were
            throw e;
        }
        LoadReport report;
        try (KnowledgeBase kb = stores.knowledgeBase(store, embedder)) {
            report = Reindex.load(spool, kb);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reindexed", new Reindex.Result(from.describe(), spool.products(), report));
        view.putAll(Stores.describe(target, embedder));
        return view;
    }
}
