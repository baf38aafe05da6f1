package services;

import agents.BrandTagger;
import agents.MatchCalibration;
import agents.NerCalibrator;
import agents.SpanTagger;
import agents.StarterTitles;
import agents.TransformerTagger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import knowledge.KnowledgeBase;
import knowledge.ProductLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import text.TextNormalizer;

/**
 * Keeps the NER agent's models. Its brand tagger: loaded from {@code ${data.dir}/tagger} at start, trained at once when
 * there is none (on the catalogue's titles, or while the catalogue has too few, on those and the demo catalogue's titles
 * the service ships), retrained in the background when the store's titles differ from those it learnt from (checked once the
 * service is ready, and after each catalogue load; loads that come while it trains are folded into one more training),
 * and saved beside the knowledge base. The same background job measures the confidence of the NER agent's
 * registry answers on held-out catalogue titles ({@link NerCalibrator}, five folds over the sample of titles the tagger
 * learns from).
 *
 * <p>When a transformer model is configured ({@code ner.model.path}), it is the NER agent's tagger instead, and the
 * background job calibrates it on a sample of the catalogue's titles.
 */
public class TaggerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaggerService.class);
    /** The starter titles are the same on every run, so that the same catalogue gives the same tagger version. */
    private static final long STARTER_SEED = 42L;

    private final KnowledgeBase knowledgeBase;
    private final Path directory;
    private final int maxTitles;
    private final int minTitles;
    private final int starterTitles;
    /** Read only when a catalogue too small to learn from needs them (at most a few times: it is idempotent). */
    private final java.util.function.Supplier<List<KnowledgeBase.LabelledTitle>> shippedTitles;
    private volatile List<BrandTagger.Example> shipped;
    private final TransformerTagger transformer;
    private final int calibrationTitles;
    /** The product lines the NER agent answers from, so that their answers are measured with the registry's. */
    private final ProductLines lines;
    private final BackgroundJob job = new BackgroundJob("ner-tagger-training", this::train);
    private volatile boolean training;
    private volatile boolean closed;
    private volatile BrandTagger tagger;
    private volatile MatchCalibration matchCalibration = MatchCalibration.none();
    private volatile String lastError;

    /**
     * The brand tagger learns from at most {@code maxTitles} catalogue titles once the catalogue has {@code minTitles};
     * until then from the catalogue's few titles, the {@code shippedTitles} (the demo catalogue's, which ship with the
     * service whether or not they are loaded) and {@code starterTitles} titles the service generates
     * ({@link StarterTitles}; 0: none), so that a service started without a catalogue has a tagger.
     */
    public TaggerService(KnowledgeBase knowledgeBase, Path directory, int maxTitles, int minTitles,
                         java.util.function.Supplier<List<KnowledgeBase.LabelledTitle>> shippedTitles,
                         int starterTitles, ProductLines lines) {
        this(knowledgeBase, directory, maxTitles, minTitles, shippedTitles, starterTitles, lines, null, 0);
    }

    /** With a transformer model ({@code null}: none), calibrated on at most {@code calibrationTitles} catalogue titles. */
    public TaggerService(KnowledgeBase knowledgeBase, Path directory, int maxTitles, int minTitles,
                         java.util.function.Supplier<List<KnowledgeBase.LabelledTitle>> shippedTitles,
                         int starterTitles, ProductLines lines, TransformerTagger transformer, int calibrationTitles) {
        this.knowledgeBase = knowledgeBase;
        this.lines = lines;
        this.directory = directory;
        this.maxTitles = maxTitles;
        this.minTitles = minTitles;
        this.starterTitles = starterTitles;
        this.shippedTitles = shippedTitles;
        this.transformer = transformer;
        this.calibrationTitles = calibrationTitles;
        if (transformer == null) {
            try {
                this.tagger = BrandTagger.load(directory).orElse(null);
                if (tagger != null) {
                    LOG.info("Brand tagger {} loaded from {}", tagger.info().version(), directory);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("The saved brand tagger in {} cannot be read ({}); training a new one", directory,
                        e.toString());
            }
        }
        boolean readable = knowledgeBase.unavailable() == null;
        if (transformer == null && tagger == null && readable) {
            // the first tagger is trained before the service answers; the calibrations follow in the background
            training = true;
            try {
                trainTagger(knowledgeBase.labelledTitles(maxTitles));
            } finally {
                training = false;
            }
        }
        // after each load, and once a store that was unavailable at start is read (KnowledgeBase.refresh)
        knowledgeBase.onLoaded(job::request);
    }

    /**
     * The calibrations (and a retraining when the store holds other titles than the tagger was trained on) start once the
     * service is ready, so that they do not slow the start-up down.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void trainOnceReady() {
        if (knowledgeBase.unavailable() == null) {
            job.request();
        }
    }

    /** The measured confidence of the NER agent's registry answers ({@link MatchCalibration#none()} until measured). */
    public MatchCalibration matchCalibration() {
        return matchCalibration;
    }

    /** The tagger the NER agent uses: the transformer when one is configured, else the trained brand tagger. */
    public Optional<SpanTagger> tagger() {
        return transformer != null ? Optional.of(transformer) : Optional.ofNullable(tagger);
    }

    /** Runs {@code listener} each time the tagger and the registry answers' calibration have been brought up to date. */
    public void onCalibrated(Runnable listener) {
        job.afterEachRun(listener);
    }

    /** One sample of the catalogue (a single scan of the store) serves the tagger and both calibrations. */
    private void train() {
        training = true;
        try {
            List<KnowledgeBase.LabelledTitle> titles = knowledgeBase.labelledTitles(maxTitles);
            if (transformer != null) {
                calibrateTransformer(titles);
            } else {
                trainTagger(titles);
            }
            calibrateMatches(titles);
        } finally {
            training = false;
        }
    }

    /** Measures the registry answers' confidence on held-out catalogue titles. */
    private void calibrateMatches(List<KnowledgeBase.LabelledTitle> titles) {
        try {
            long started = System.nanoTime();
            if (titles.isEmpty() || closed) {
                return;
            }
            matchCalibration = NerCalibrator.measure(titles, knowledgeBase::registryOf, lines, 5);
            LOG.info("NER registry answers measured on {} held-out catalogue titles in {} ms: {}",
                    matchCalibration.measuredOn(), (System.nanoTime() - started) / 1_000_000,
                    matchCalibration.summary().get("classes"));
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.error("Measuring the NER registry answers failed; the previous measure stays in use", e);
        }
    }

    private void trainTagger(List<KnowledgeBase.LabelledTitle> titles) {
        try {
            List<BrandTagger.Example> examples = examples(titles);
            int fromCatalogue = examples.size();
            // a catalogue too small to learn from is helped out by the titles the service ships
            boolean small = fromCatalogue < minTitles;
            if (small) {
                examples = new java.util.ArrayList<>(examples);
                examples.addAll(shipped());
            }
            int starterCount = small ? starterTitles : 0;
            if (starterCount <= 0 && examples.size() < minTitles) {
                LOG.info("Brand tagger not trained: {} catalogue titles, at least {} needed", fromCatalogue, minTitles);
                return;
            }
            long started = System.nanoTime();
            List<BrandTagger.Example> starter = starterCount <= 0 ? List.of()
                    : StarterTitles.shipped().examples(starterCount, STARTER_SEED);
            String version = version(examples, starter);
            if (tagger != null && tagger.info().version().equals(version)) {
                return;
            }
            if (tagger != null) {
                LOG.info("Brand tagger {} was trained on other titles than the store now holds; it serves until its "
                        + "retraining is done", tagger.info().version());
            }
            BrandTagger trained = BrandTagger.train(examples, starter, version);
            if (closed) {
                return;
            }
            trained.save(directory);
            tagger = trained;
            lastError = null;
            LOG.info("Brand tagger {} trained on {} titles ({} from the catalogue, {} shipped, {} starter titles) in {} ms; "
                    + "held out {}: precision {}, recall {}", version, trained.info().trainedOn(), fromCatalogue,
                    examples.size() - fromCatalogue, starter.size(), (System.nanoTime() - started) / 1_000_000,
                    trained.info().heldOut(),
                    String.format("%.3f", trained.info().heldOutPrecision()),
                    String.format("%.3f", trained.info().heldOutRecall()));
        } catch (IOException | RuntimeException e) {
            lastError = e.toString();
            LOG.error("Brand tagger training failed; the previous tagger (if any) stays in use", e);
        }
    }

    /** Calibrates the transformer on about {@code calibrationTitles} of the sample (every n-th title). */
    private void calibrateTransformer(List<KnowledgeBase.LabelledTitle> titles) {
        try {
            long started = System.nanoTime();
            int stride = Math.max(1, titles.size() / Math.max(1, calibrationTitles));
            List<KnowledgeBase.LabelledTitle> every = new java.util.ArrayList<>();
            for (int i = 0; i < titles.size(); i += stride) {
                every.add(titles.get(i));
            }
            List<BrandTagger.Example> examples = examples(every);
            transformer.calibrate(examples);
            lastError = null;
            LOG.info("Transformer {} calibrated on {} catalogue titles in {} ms: precision {}, recall {}",
                    transformer.version(), examples.size(), (System.nanoTime() - started) / 1_000_000,
                    String.format("%.3f", transformer.calibrated().precision()),
                    String.format("%.3f", transformer.calibrated().recall()));
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.error("Transformer calibration failed; the previous calibration stays in use", e);
        }
    }

    private List<BrandTagger.Example> shipped() {
        List<BrandTagger.Example> read = shipped;
        if (read == null) {
            read = examples(shippedTitles.get());
            shipped = read;
        }
        return read;
    }

    /** Catalogue titles as the taggers learn from them: the key of their brand and where it is written. */
    private static List<BrandTagger.Example> examples(List<KnowledgeBase.LabelledTitle> titles) {
        return titles.stream()
                .map(t -> new BrandTagger.Example(t.title(), TextNormalizer.key(t.brand()), t.start(), t.end()))
                .toList();
    }

    /**
     * The version of a tagger: a digest of what it learnt from (catalogue titles and starter titles), so the same
     * catalogue and vocabulary give the same version.
     */
    static String version(List<BrandTagger.Example> examples, List<BrandTagger.Example> starter) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update((byte) BrandTagger.TRAINING);
            for (List<BrandTagger.Example> part : List.of(examples, starter)) {
                for (BrandTagger.Example example : part) {
                    digest.update((example.title() + '\u0001' + example.brandKey() + '\u0001' + example.start()
                            + '\u0001' + example.end() + '\n').getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                digest.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** What health reports about the tagger. */
    public Map<String, Object> status() {
        Map<String, Object> status = taggerStatus();
        status.put("match_calibration", matchCalibration.summary());
        return status;
    }

    private Map<String, Object> taggerStatus() {
        Map<String, Object> status = new LinkedHashMap<>();
        if (transformer != null) {
            status.put("status", "ready");
            status.put("kind", transformer.kind());
            status.put("training", training || job.busy());
            status.put("version", transformer.version());
            status.put("path", transformer.directory().toString());
            status.put("entity", transformer.entity());
            status.put("calibrated_on", transformer.calibrated().titles());
            status.put("precision", Math.round(transformer.calibrated().precision() * 1000) / 1000.0);
            status.put("recall", Math.round(transformer.calibrated().recall() * 1000) / 1000.0);
            if (lastError != null) {
                status.put("last_error", lastError);
            }
            return status;
        }
        BrandTagger current = tagger;
        status.put("status", current != null ? "ready" : training ? "training" : "none");
        status.put("kind", "tagger");
        status.put("training", training || job.busy());
        if (current != null) {
            status.put("version", current.info().version());
            status.put("trained_on", current.info().trainedOn());
            status.put("held_out", current.info().heldOut());
            status.put("held_out_precision", Math.round(current.info().heldOutPrecision() * 1000) / 1000.0);
            status.put("held_out_recall", Math.round(current.info().heldOutRecall() * 1000) / 1000.0);
        }
        if (lastError != null) {
            status.put("last_error", lastError);
        }
        return status;
    }

    /** Stops training: a training under way is not saved, and the knowledge base may close. */
    @Override
    public void close() {
        closed = true;
        boolean stopped = job.stop();
        if (transformer != null && stopped) {
            transformer.close();
        }
    }
}
