package processors;

import inference.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import knowledge.Brand;
import knowledge.CatalogFormat;
import knowledge.CatalogFormatException;
import knowledge.KnowledgeBase;
import knowledge.LoadReport;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import text.SafeText;

/**
 * Catalogue loads, from POST /catalog and from files dropped in {@code catalog.inbox}: both stream the input into
 * {@link KnowledgeBase#load}, so they behave alike. Also the stats of GET /catalog/stats.
 */
@Component("catalogLoads")
public class CatalogLoads {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogLoads.class);

    private final ObjectProvider<KnowledgeBase> knowledgeBase;
    public CatalogLoads(ObjectProvider<KnowledgeBase> knowledgeBase) {
        this.knowledgeBase = knowledgeBase;
    }

    /** Body: the HTTP request of POST /catalog. Afterwards: the JSON {@link LoadReport}. */
    public void loadHttp(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        String type = HttpBodies.mediaType(message);
        CatalogFormat format = CatalogFormat.ofContentType(type).orElseThrow(() -> new ApiException(415,
                "unsupported_media_type", "expected Content-Type text/csv, application/json or application/x-ndjson, got "
                + (type.isEmpty() ? "none" : "'" + SafeText.value(type) + "'")));
        // the web layer bounds the body at catalog.max-body-bytes (web.RequestGuard): over it the request was refused
        // before this step, whether it declared its length or not
        InputStream body = message.getBody(InputStream.class);
        if (body == null) {
            throw ApiException.badRequest("empty_body", "the request body is empty: expected a catalogue");
        }
        LoadReport report = knowledgeBase().load(body, format).printable();
        LOG.info("Catalogue load over HTTP ({}): {} accepted, {} rejected", format, report.accepted(), report.rejected());
        ApiErrors.write(exchange, 200, report);
    }

    /**
     * Body: a file dropped in the inbox. Afterwards: the {@link LoadReport}; a file that could not be read at all (or broke
     * off) gets a report with one rejected entry saying why.
     */
    public LoadReport loadFile(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return load("Catalogue file " + SafeText.value(name), name, null, () -> InboxFiles.open(exchange));
    }

    /**
     * Loads the catalogue file {@code name} (its format from the name's extension, else from {@code contentType}) as
     * {@code open} reads it, and closes it. A file that could not be read at all (or broke off) gets a report with one
     * rejected entry saying why; the rows read before are stored.
     *
     * @param what what the log calls it ("Catalogue file x.csv", "Catalogue object s3://b/k")
     */
    public LoadReport load(String what, String name, String contentType, Source open) {
        try (InputStream in = open.open()) {
            CatalogFormat format = CatalogFormat.ofFileName(name).or(() -> CatalogFormat.ofContentType(contentType))
                    .orElseThrow(() -> new CatalogFormatException("cannot tell the format of " + SafeText.value(name)
                            + ": expected a name ending in .csv, .json, .ndjson or .jsonl"
                            + (contentType == null ? "" : ", or the content type text/csv, application/json or "
                            + "application/x-ndjson (it is '" + SafeText.value(contentType) + "')")));
            LoadReport report = knowledgeBase().load(in, format).printable();
            LOG.info("{}: {} accepted, {} rejected", what, report.accepted(), report.rejected());
            return report;
        } catch (IOException | RuntimeException e) {
            // the rows read before the failure are stored (KnowledgeBase.load); the report says where it stopped
            LOG.warn("{} could not be read: {}", what, SafeText.message(e.getMessage()));
            return new LoadReport(0, 1, List.of(new LoadReport.RowError(1, "the file could not be read: "
                    + SafeText.message(e.getMessage()))), false);
        }
    }

    /** Opens a catalogue file for {@link #load}. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /**
     * At start, before the inbox route runs: a file still in {@code <inbox>/.processing/} was being loaded when the
     * service stopped (a crash, an out-of-memory exit, a kill). It is not loaded again, which could stop the service the
     * same way at every start: it moves to {@code .error/} with a report saying so
     * ({@link InboxFiles#recoverInterrupted}). Rows read before the stop may be stored (a load is an upsert: dropping the fixed file again completes it).
     *
     * @return the files moved
     */
    public List<Path> recoverInterrupted(Path inbox) throws IOException {
        return InboxFiles.recoverInterrupted(inbox, "Catalogue file", file -> {
            LoadReport report = new LoadReport(0, 1, List.of(new LoadReport.RowError(1, "the service stopped "
                    + "while this file was being loaded (a crash or an out-of-memory exit?), so it is not loaded "
                    + "again: rows before the point where it stopped may be stored. Check the file (a huge or "
                    + "unclosed quoted field?) and drop it again")), false);
            Files.write(file.resolveSibling(file.getFileName() + ".report.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        });
    }

    /** The stats of GET /catalog/stats. */
    public Map<String, Object> stats() {
        KnowledgeBase kb = knowledgeBase();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("products", kb.productCount());
        stats.put("brands", kb.registry().size());
        stats.put("aliases", kb.registry().aliasCount());
        stats.put("store", kb.store().kind());
        stats.put("index_size_bytes", kb.store().sizeOnDiskBytes());
        stats.put("embedder", kb.embedder().id());
        stats.put("dimension", kb.embedder().dimension());
        return stats;
    }

    /** GET /catalog/brands/{brand}: the brand named so (by its name or an alias, any case or punctuation). */
    public void writeBrand(Exchange exchange) throws Exception {
        String raw = exchange.getMessage().getHeader("brand", String.class);
        // the path parameter arrives percent-encoded; '+' is a literal plus in a path
        String name = raw == null ? "" : java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        Brand brand = knowledgeBase().registry().find(name).orElseThrow(() -> new ApiException(404,
                "unknown_brand", "the knowledge base has no brand named '" + SafeText.value(name)
                + "' (by name or alias)"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", brand.name());
        view.put("key", brand.key());
        view.put("products", brand.productCount());
        view.put("aliases", brand.aliases().stream().map(alias -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", alias.name());
            item.put("source", alias.source());
            item.put("support", alias.support());
            item.put("precision", alias.precision());
            return item;
        }).toList());
        ApiErrors.write(exchange, 200, view);
    }

    public void writeStats(Exchange exchange) throws Exception {
        ApiErrors.write(exchange, 200, stats());
    }

    private KnowledgeBase knowledgeBase() {
        return required(knowledgeBase);
    }

    /** The knowledge base, or 503 where this instance holds none. */
    static KnowledgeBase required(ObjectProvider<KnowledgeBase> knowledgeBase) {
        KnowledgeBase kb = knowledgeBase.getIfAvailable();
        if (kb == null) {
            throw new ApiException(503, "no_knowledge_base", "this instance holds no knowledge base "
                    + "(knowledge-base.enabled=false, e.g. the orchestrator profile); load catalogues and manage the "
                    + "collection on the agent services");
        }
        return kb;
    }
}
