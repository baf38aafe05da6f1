package agents;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import models.OnnxTransformer;
import text.Token;

/**
 * The NER agent's optional transformer: a Hugging Face token-classification model exported to ONNX ({@code model.onnx},
 * {@code tokenizer.json}, and {@code config.json} with {@code id2label}), run with onnxruntime on DJL's tokenisation.
 *
 * <p>Each token's label is its highest-scoring one; labels are read as IOB2 ({@code B-TYPE} begins an entity,
 * {@code I-TYPE} continues one; an {@code I-TYPE} after anything else begins one, as IOB1 has it; {@code S-}/{@code U-}
 * count as {@code B-}, {@code E-}/{@code L-} as {@code I-}, a bare type ({@code BRAND}, IO tagging) as {@code I-}; labels of
 * other entity types count as outside). An entity is
 * the character span from its first token's start to its last token's end in the title as given (sub-word tokens
 * included, so a brand glued to Thai text is cut where the model cuts it), and its score is the mean probability of its
 * tokens' labels. Special tokens ({@code [CLS]}, {@code [SEP]}) are never part of an entity. With {@code first}
 * aggregation (for models trained, as Hugging Face's token-classification recipe does, with labels on the first sub-word
 * of each word only) every sub-word takes its word's first sub-word's decision, so entities are whole words of the
 * tokenizer's pre-tokenisation; {@code simple} (the default) reads each token by its own label, so a brand glued to Thai
 * text can be cut inside the word.
 *
 * <p>Its confidence is its score calibrated on catalogue titles ({@link #calibrate}), which the model did not learn from.
 */
public final class TransformerTagger implements SpanTagger, AutoCloseable {

    /** An entity found in a title: its text, offsets into the title, and mean label probability. */
    public record Span(String text, int start, int end, double score) {
    }

    /** How the model was measured on catalogue titles. */
    public record Calibrated(int titles, double precision, double recall) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OUTSIDE = 0;
    private static final int BEGIN = 1;
    private static final int INSIDE = 2;

    private final OnnxTransformer model;
    private final Path directory;
    private final int[] roles;
    private final String entity;
    private final double minScore;
    private final boolean wordLevel;
    private volatile Calibration calibration = Calibration.identity();
    private volatile Calibrated calibrated = new Calibrated(0, 0, 0);

    private TransformerTagger(OnnxTransformer model, Path directory, int[] roles, String entity, double minScore,
                              boolean wordLevel) {
        this.model = model;
        this.directory = directory;
        this.wordLevel = wordLevel;
        this.roles = roles;
        this.entity = entity;
        this.minScore = minScore;
    }

    /**
     * Opens the model in {@code directory}. {@code entity} is the entity type that is a brand ({@code BRAND},
     * {@code ORG} ...); blank: the model's only entity type. Entities scoring under {@code minScore} are dropped.
     */
    public static TransformerTagger open(Path directory, String entity, double minScore, int maxTokens, int threads)
            throws IOException {
        return open(directory, entity, minScore, maxTokens, threads, "simple");
    }

    /**
     * {@link #open(Path, String, double, int, int)} with the way sub-words are read: {@code simple} (each token by its
     * own label) or {@code first} (each word of the tokenizer's pre-tokenisation by its first sub-word's label).
     */
    public static TransformerTagger open(Path directory, String entity, double minScore, int maxTokens, int threads,
                                         String aggregation) throws IOException {
        if (!"simple".equals(aggregation) && !"first".equals(aggregation)) {
            throw new IllegalArgumentException("ner.model.aggregation must be simple or first, not '" + aggregation + "'");
        }
        Path configFile = directory.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new IOException("no config.json in " + directory + " (it names the labels: id2label)");
        }
        JsonNode id2label = JSON.readTree(configFile.toFile()).path("id2label");
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new IOException(configFile + " has no id2label");
        }
        Map<Integer, String> labels = new TreeMap<>();
        id2label.fields().forEachRemaining(e -> labels.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
        TreeSet<String> types = new TreeSet<>();
        labels.values().forEach(label -> type(label).ifPresent(types::add));
        String chosen = entity == null ? "" : entity.strip();
        if (chosen.isEmpty()) {
            if (types.size() != 1) {
                throw new IllegalArgumentException("the model in " + directory + " has the entity types " + types
                        + ": set ner.model.entity to the one that is a brand");
            }
            chosen = types.first();
        } else if (!types.contains(chosen)) {
            throw new IllegalArgumentException("the model in " + directory + " has no entity type '" + chosen
                    + "'; its types are " + types);
        }
        int size = labels.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        int[] roles = new int[size];
        for (Map.Entry<Integer, String> label : labels.entrySet()) {
            roles[label.getKey()] = role(label.getValue(), chosen);
        }
        OnnxTransformer model = OnnxTransformer.open(directory, maxTokens, threads);
        return new TransformerTagger(model, directory, roles, chosen, minScore, "first".equals(aggregation));
    }

    /** The entity type of a label ({@code B-ORG} -> ORG; {@code B} -> the empty type), none for {@code O}. */
    private static Optional<String> type(String label) {
        if (label.equals("O") || label.isEmpty()) {
            return Optional.empty();
        }
        if (label.length() == 1) {
            return Optional.of("");
        }
        if (label.length() > 2 && (label.charAt(1) == '-' || label.charAt(1) == '_')) {
            return Optional.of(label.substring(2));
        }
        return Optional.of(label);
    }

    private static int role(String label, String entity) {
        Optional<String> type = type(label);
        if (type.isEmpty() || !type.get().equals(entity)) {
            return OUTSIDE;
        }
        // a bare type (IO tagging) continues the entity before it; after O it begins one
        char prefix = label.equals(entity) ? 'I' : Character.toUpperCase(label.charAt(0));
        return switch (prefix) {
            case 'B', 'S', 'U' -> BEGIN;
            case 'I', 'E', 'L' -> INSIDE;
            default -> OUTSIDE;
        };
    }

    /** Every entity of the brand type in {@code title}, in title order. */
    public List<Span> spans(String title) {
        Encoding encoding = model.encode(title);
        float[][] logits = model.run(List.of(encoding))[0];
        long[] special = encoding.getSpecialTokenMask();
        long[] words = encoding.getWordIds();
        CharSpan[] chars = encoding.getCharTokenSpans();
        int tokens = Math.min(logits.length, special.length);
        int[] role = new int[tokens];
        double[] probability = new double[tokens];
        for (int t = 0; t < tokens; t++) {
            role[t] = OUTSIDE;
            if (special[t] == 0 && chars[t] != null) {
                float[] values = logits[t];
                int best = 0;
                for (int k = 1; k < values.length; k++) {
                    if (values[k] > values[best]) {
                        best = k;
                    }
                }
                probability[t] = softmax(values, best);
                role[t] = best < roles.length ? roles[best] : OUTSIDE;
                if (wordLevel && t > 0 && words[t] >= 0 && words[t] == words[t - 1] && special[t - 1] == 0) {
                    // a later sub-word of a word takes the word's first sub-word's decision and no part in the score
                    role[t] = role[t - 1] == OUTSIDE ? OUTSIDE : INSIDE;
                    probability[t] = Double.NaN;
                }
            }
        }
        List<Span> spans = new ArrayList<>();
        int start = -1;
        int end = -1;
        double sum = 0;
        int scored = 0;
        boolean open = false;
        for (int t = 0; t < tokens; t++) {
            if (role[t] == OUTSIDE || role[t] == BEGIN) {
                if (open) {
                    add(spans, title, start, end, sum / Math.max(1, scored));
                }
                open = false;
                sum = 0;
                scored = 0;
            }
            if (role[t] != OUTSIDE) {
                if (!open) {
                    start = utf16(title, chars[t].getStart());
                    open = true;
                }
                end = utf16(title, chars[t].getEnd());
                if (!Double.isNaN(probability[t])) {
                    sum += probability[t];
                    scored++;
                }
            }
        }
        if (open) {
            add(spans, title, start, end, sum / Math.max(1, scored));
        }
        return spans;
    }

    private void add(List<Span> spans, String title, int start, int end, double score) {
        if (score >= minScore && end > start) {
            spans.add(new Span(title.substring(start, end), start, end, score));
        }
    }

    /** The tokenizer's offsets count Unicode code points; Java strings count UTF-16 units. */
    private static int utf16(String title, int codePoints) {
        return title.offsetByCodePoints(0, Math.min(codePoints, title.codePointCount(0, title.length())));
    }

    private static double softmax(float[] values, int index) {
        double max = values[index];
        double total = 0;
        for (float value : values) {
            total += Math.exp(value - max);
        }
        return 1 / total;
    }

    /** The best-scoring entity, with its calibrated confidence. */
    @Override
    public Optional<Tag> tag(String title, List<Token> tokens) {
        return spans(title).stream().max(java.util.Comparator.comparingDouble(Span::score))
                .map(s -> new Tag(s.text(), s.start(), s.end(), s.score(), calibration.confidence(s.score())));
    }

    /**
     * Measures the model on catalogue titles (their brand spans known) and calibrates its confidence on them: a tagged
     * span is right when it is the title's brand span (compared as keys).
     */
    public void calibrate(List<BrandTagger.Example> examples) {
        Calibration.Measured measured = Calibration.measure(examples, title -> spans(title).stream()
                .max(java.util.Comparator.comparingDouble(Span::score))
                .map(s -> new Tag(s.text(), s.start(), s.end(), s.score(), s.score())));
        calibration = measured.calibration();
        calibrated = new Calibrated(measured.titles(), measured.precision(), measured.recall());
    }

    public Calibrated calibrated() {
        return calibrated;
    }

    public String entity() {
        return entity;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String kind() {
        return "transformer";
    }

    @Override
    public String version() {
        return model.version();
    }

    @Override
    public void close() {
        model.close();
    }
}
