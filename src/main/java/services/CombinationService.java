package services;

import agents.Combination;
import agents.NerAgent;
import agents.RagAgent;
import agents.SpanTagger;
import inference.AgentRequest;
import inference.AgentResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import knowledge.BrandRegistry;
import knowledge.KnowledgeBase.LabelledTitle;
import knowledge.KnowledgeBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import text.TextNormalizer;

/**
 * Learns how NER's and RAG's answers combine ({@link Combination}) from the catalogue, in the background, each time
 * either agent's calibration has been brought up to date after a load. A sample of catalogue titles is split in five
 * folds by a hash of the title; each fold's titles are answered by NER with the registry the other folds alone would
 * give, and by RAG among every other product (as a query is answered, and as RAG's own confidence is calibrated), with
 * the confidences the agents report live. A title NER answered with its tagger is left out when the tagger may have
 * learnt from it (its brand was not among those the tagger held out), so that the tagger's answers weigh as they do on
 * titles it never saw; those kept weigh for the ones left out ({@code 1 / heldOutShare}), so that the tagger's answers
 * are as many in the fit as among the titles.
 *
 * <p>Brands the catalogue lacks are few among its own held-out titles (a brand is unseen there only when every sampled
 * title of it fell in one fold), so the evidence that matters for them (the tagger's span naming no catalogue brand,
 * RAG's rival against it) would be learnt from a score of titles. They are learnt from an unseen stratum instead: every
 * sampled title of a brand the tagger did not learn, answered as if the catalogue held no product of its brand, each
 * brand counting once, the stratum weighing as many as the held-out titles whose brand the other folds lacked (which it
 * stands for and which are left out). So the share of unseen brands stays the catalogue's own, and what is learnt of
 * them rests on several times the titles.
 *
 * <p>It learns from the user's titles only: the demo catalogue's are left out (written for the demo, every one names its
 * brand, and a combination learnt from them is far surer than the user's titles warrant). Until {@code minTitles} of the
 * held-out titles were answered by either agent, the orchestrator combines by its rule ({@link agents.Combiner}).
 */
public class CombinationService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CombinationService.class);
    private static final int FOLDS = 5;
    /** The most products of one brand RAG's search looks past (the neighbours searched grow with it). */
    private static final int MAX_LEFT_OUT = 50;

    private final KnowledgeBase knowledgeBase;
    private final TaggerService tagger;
    private final NerAgent ner;
    private final RagAgent rag;
    private final int titles;
    private final int minTitles;
    /** Read when first needed: the demo catalogue's titles, which are left out of what it learns from. */
    private final Supplier<List<LabelledTitle>> demoTitles;
    private volatile Set<String> demo;
    private final BackgroundJob job;
    private volatile Combination current;
    private volatile String state = "not learnt yet";

    public CombinationService(KnowledgeBase knowledgeBase, TaggerService tagger, RagCalibrationService ragCalibration,
                              NerAgent ner, RagAgent rag, int titles, int minTitles,
                              Supplier<List<LabelledTitle>> demoTitles) {
        this.knowledgeBase = knowledgeBase;
        this.demoTitles = demoTitles;
        this.tagger = tagger;
        this.ner = ner;
        this.rag = rag;
        this.titles = titles;
        this.minTitles = minTitles;
        this.job = new BackgroundJob("combination-learning", this::learn);
        tagger.onCalibrated(job::request);
        ragCalibration.onCalibrated(job::request);
    }

    /** The combination learnt from the catalogue the store holds now, or null (the orchestrator's rule combines). */
    public Combination current() {
        return current;
    }

    private void learn() {
        long started = System.nanoTime();
        Set<String> left = demo();
        List<LabelledTitle> sample = knowledgeBase.labelledTitles(titles).stream()
                .filter(title -> !left.contains(title.title())).toList();
        List<Combination.Example> examples = heldOut(sample).all();
        long answered = examples.stream().filter(e -> e.ner().brand() != null || e.rag().brand() != null).count();
        if (answered < minTitles) {
            current = null;
            state = answered + " held-out catalogue titles answered, at least " + minTitles + " needed: the rule combines";
            LOG.info("Combination not learnt: {}", state);
            return;
        }
        Combination learnt = Combination.fit(examples);
        current = learnt;
        state = "learnt";
        LOG.info("Combination of NER and RAG learnt on {} held-out catalogue titles in {} ms: precision {}, log-loss {}, "
                        + "by first answer {}", learnt.info().titles(), (System.nanoTime() - started) / 1_000_000,
                String.format("%.3f", learnt.info().precision()), String.format("%.3f", learnt.info().logLoss()),
                learnt.info().byEvidence());
    }

    /**
     * What the combination is fitted on: the held-out titles of brands the other folds hold ({@code seen}), and the
     * unseen stratum ({@code unseen}, weighed) standing for the {@code naturallyUnseen} held-out titles whose brand the
     * other folds lacked.
     */
    record HeldOut(List<Combination.Example> seen, List<Combination.Example> unseen, int naturallyUnseen) {

        List<Combination.Example> all() {
            List<Combination.Example> all = new ArrayList<>(seen);
            all.addAll(unseen);
            return all;
        }
    }

    HeldOut heldOut(List<LabelledTitle> sample) {
        Optional<SpanTagger> model = tagger.tagger();
        Map<String, Integer> titlesOfBrand = new HashMap<>();
        for (LabelledTitle title : sample) {
            titlesOfBrand.merge(TextNormalizer.key(title.brand()), 1, Integer::sum);
        }
        // how many of the catalogue's products one sampled title stands for: how many of a brand's products RAG may find
        int perSampled = (int) Math.max(1, Math.ceil((double) knowledgeBase.productCount() / Math.max(1, sample.size())));
        List<Combination.Example> examples = new ArrayList<>();
        List<Combination.Example> unseen = new ArrayList<>();
        int naturallyUnseen = 0;
        for (int fold = 0; fold < FOLDS && !Thread.currentThread().isInterrupted(); fold++) {
            List<LabelledTitle> training = new ArrayList<>();
            List<LabelledTitle> heldOut = new ArrayList<>();
            for (LabelledTitle title : sample) {
                (fold(title.title()) == fold ? heldOut : training).add(title);
            }
            if (training.isEmpty() || heldOut.isEmpty()) {
                continue;
            }
            Set<String> trainingBrands = new HashSet<>();
            training.forEach(title -> trainingBrands.add(TextNormalizer.key(title.brand())));
            BrandRegistry registry = knowledgeBase.registryOf(training);
            NerAgent heldOutNer = ner.withRegistry(() -> registry);
            Set<String> unseenBrands = new HashSet<>();
            for (LabelledTitle title : heldOut) {
                String brandKey = TextNormalizer.key(title.brand());
                if (!brandKey.isEmpty() && (model.isEmpty() || !model.get().mayHaveLearnt(title.title(), brandKey))) {
                    unseenBrands.add(brandKey);
                }
                if (!trainingBrands.contains(brandKey)) {
                    // a brand the other folds lack: the unseen stratum below stands for it
                    naturallyUnseen++;
                    continue;
                }
                AgentResult nerResult = heldOutNer.infer(new AgentRequest("combination", title.title(), null, List.of()));
                boolean tagged = model.isPresent() && Combination.taggerFound(nerResult);
                if (tagged && model.get().mayHaveLearnt(title.title(), brandKey)) {
                    continue;
                }
                // RAG as a query meets it (and as its own confidence is calibrated): among every product but itself
                AgentResult ragResult = rag.inferWithout(title.title(),
                        product -> product.productName().equals(title.title()), 1);
                // the tagger's answers kept stand for those left out too: they weigh as many
                examples.add(new Combination.Example(title.title(), nerResult, ragResult, title.brand(),
                        tagged ? 1 / model.get().heldOutShare() : 1));
            }
            unseen.addAll(unseenExamples(sample, heldOut, unseenBrands, titlesOfBrand, perSampled));
        }
        return new HeldOut(examples, weighed(unseen, naturallyUnseen), naturallyUnseen);
    }

    /**
     * The unseen stratum of one fold: its titles of brands the tagger did not learn (so that its spans are as on titles
     * it never saw), each answered as if the catalogue held no product of that brand (NER with the registry of the
     * sample without them, RAG without their products): what the agents say of a brand the catalogue lacks. Each title
     * weighs one over its brand's sampled titles, so that each brand counts once, as a brand a catalogue lacks mostly
     * comes once or twice.
     */
    private List<Combination.Example> unseenExamples(List<LabelledTitle> sample, List<LabelledTitle> heldOut,
                                                     Set<String> brands, Map<String, Integer> titlesOfBrand,
                                                     int perSampled) {
        if (brands.isEmpty()) {
            return List.of();
        }
        List<LabelledTitle> without = sample.stream()
                .filter(title -> !brands.contains(TextNormalizer.key(title.brand()))).toList();
        BrandRegistry registry = knowledgeBase.registryOf(without);
        NerAgent unseenNer = ner.withRegistry(() -> registry);
        List<Combination.Example> examples = new ArrayList<>();
        for (LabelledTitle title : heldOut) {
            String brandKey = TextNormalizer.key(title.brand());
            if (!brands.contains(brandKey)) {
                continue;
            }
            AgentResult nerResult = unseenNer.infer(new AgentRequest("combination", title.title(), null, List.of()));
            AgentResult ragResult = rag.inferWithout(title.title(),
                    product -> TextNormalizer.key(product.brand()).equals(brandKey),
                    Math.min(MAX_LEFT_OUT, titlesOfBrand.get(brandKey) * perSampled));
            examples.add(new Combination.Example(title.title(), nerResult, ragResult, title.brand(),
                    1.0 / titlesOfBrand.get(brandKey)));
        }
        return examples;
    }

    /**
     * The unseen stratum weighed as many as the held-out titles whose brand the other folds lacked ({@code natural}):
     * the share of unseen brands the catalogue itself shows, each brand counting once whatever its number of titles.
     */
    private static List<Combination.Example> weighed(List<Combination.Example> unseen, int natural) {
        double total = unseen.stream().mapToDouble(Combination.Example::weight).sum();
        if (total == 0 || natural == 0) {
            return List.of();
        }
        double scale = natural / total;
        return unseen.stream().map(e -> new Combination.Example(e.title(), e.ner(), e.rag(), e.brand(),
                        e.weight() * scale))
                .toList();
    }

    private Set<String> demo() {
        Set<String> read = demo;
        if (read == null) {
            read = new HashSet<>();
            for (LabelledTitle title : demoTitles.get()) {
                read.add(title.title());
            }
            demo = read;
        }
        return read;
    }

    static int fold(String title) {
        return Math.floorMod(title.hashCode(), FOLDS);
    }

    /** What health shows: whether a combination is learnt, on what, and its weights. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        Combination learnt = current;
        status.put("learnt", learnt != null);
        status.put("learning", job.busy());
        if (learnt == null) {
            status.put("state", state);
            return status;
        }
        status.put("held_out_titles", learnt.info().titles());
        status.put("answered", learnt.info().answered());
        status.put("precision", Math.round(learnt.info().precision() * 1000) / 1000.0);
        status.put("log_loss", Math.round(learnt.info().logLoss() * 1000) / 1000.0);
        Map<String, Object> byEvidence = new LinkedHashMap<>();
        learnt.info().byEvidence().forEach((kind, group) -> byEvidence.put(kind, Map.of("titles", group.titles(),
                "mean_confidence", group.meanProbability(), "precision", group.precision())));
        status.put("by_first_answer", byEvidence);
        status.put("weights", learnt.weights());
        return status;
    }

    @Override
    public void close() {
        job.close();
    }
}
