package models;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face transformer exported to ONNX, read from a directory: {@code model.onnx} (or {@code onnx/model.onnx}) run
 * by onnxruntime in one session shared by all threads (onnxruntime sessions are thread-safe), and {@code tokenizer.json}
 * read by DJL's Rust-backed HuggingFaceTokenizer. Texts are tokenised with the model's special tokens and cut to
 * {@code maxTokens}; the session is fed the inputs it declares among {@code input_ids}, {@code attention_mask} and
 * {@code token_type_ids}.
 */
public final class OnnxTransformer implements AutoCloseable {

    private static final Set<String> KNOWN_INPUTS = Set.of("input_ids", "attention_mask", "token_type_ids");

    static {
        // DJL's tokenizer otherwise asks the EC2 metadata service and, on EC2 or ECS, reports to DJL's telemetry
        // bucket; the service opts out unless the operator set OPT_OUT_TRACKING themselves
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Set<String> inputs;
    private final String version;
    private final String origin;

    private OnnxTransformer(String origin, OrtSession session, HuggingFaceTokenizer tokenizer, String version)
            throws OrtException {
        this.origin = origin;
        this.session = session;
        this.tokenizer = tokenizer;
        this.inputs = session.getInputNames();
        this.version = version;
        for (String input : inputs) {
            if (!KNOWN_INPUTS.contains(input)) {
                throw new IllegalArgumentException("the model " + origin + " wants the input '" + input
                        + "'; supported inputs are " + KNOWN_INPUTS);
            }
        }
        if (!inputs.contains("input_ids")) {
            throw new IllegalArgumentException("the model " + origin + " has no input_ids input");
        }
    }

    /**
     * Opens the model in {@code directory}; {@code threads} is onnxruntime's intra-op thread count per inference (1 suits
     * a service answering many titles at once).
     */
    public static OnnxTransformer open(Path directory, int maxTokens, int threads) throws IOException {
        Path model = directory.resolve("model.onnx");
        if (!Files.isRegularFile(model)) {
            model = directory.resolve("onnx").resolve("model.onnx");
        }
        if (!Files.isRegularFile(model)) {
            throw new IOException("no model.onnx in " + directory + " (nor in its onnx/ folder)");
        }
        Path tokenizerFile = directory.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IOException("no tokenizer.json in " + directory);
        }
        return open(Files.readAllBytes(model), Files.readAllBytes(tokenizerFile), "in " + directory, maxTokens,
                threads);
    }

    /**
     * Opens a model given as the bytes of its ONNX file and of its {@code tokenizer.json} (read from the classpath, for
     * instance); {@code origin} says where they came from, in messages.
     */
    public static OnnxTransformer open(byte[] model, byte[] tokenizerJson, String origin, int maxTokens, int threads)
            throws IOException {
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = new java.io.ByteArrayInputStream(tokenizerJson)) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "true",
                    "truncation", "true", "maxLength", String.valueOf(maxTokens), "padding", "false"));
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = OrtEnvironment.getEnvironment().createSession(model, options);
            try {
                return new OnnxTransformer(origin, session, tokenizer, digest(model));
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException | RuntimeException e) {
            tokenizer.close();
            throw new IOException("cannot open the ONNX model " + origin + ": " + e.getMessage(), e);
        }
    }

    /** The text's tokens (with special tokens, cut to the maximum length) and their character spans. */
    public Encoding encode(String text) {
        return tokenizer.encode(text);
    }

    /**
     * Runs the model on encodings (padded to the longest) and returns its first output, {@code [batch][token][value]}.
     */
    public float[][][] run(List<Encoding> batch) {
        int length = batch.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
        long[] shape = {batch.size(), length};
        Map<String, long[]> values = new HashMap<>();
        values.put("input_ids", new long[batch.size() * length]);
        values.put("attention_mask", new long[batch.size() * length]);
        values.put("token_type_ids", new long[batch.size() * length]);
        for (int b = 0; b < batch.size(); b++) {
            Encoding encoding = batch.get(b);
            System.arraycopy(encoding.getIds(), 0, values.get("input_ids"), b * length, encoding.getIds().length);
            System.arraycopy(encoding.getAttentionMask(), 0, values.get("attention_mask"), b * length,
                    encoding.getAttentionMask().length);
            System.arraycopy(encoding.getTypeIds(), 0, values.get("token_type_ids"), b * length,
                    encoding.getTypeIds().length);
        }
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (String input : inputs) {
                tensors.put(input, OnnxTensor.createTensor(environment, LongBuffer.wrap(values.get(input)), shape));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                Object output = result.get(0).getValue();
                if (!(output instanceof float[][][] values3)) {
                    throw new IllegalStateException("the model's first output is not a float [batch, token, value] "
                            + "tensor but " + output.getClass().getSimpleName());
                }
                return values3;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed: " + e.getMessage(), e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    /** The first 12 hex digits of the model file's SHA-256: names the model in health and evidence. */
    public String version() {
        return version;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tokenizer.close();
        }
    }
}
