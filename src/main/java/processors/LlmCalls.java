package processors;

import agents.LlmAgent;
import agents.LlmPrompt;
import inference.AgentRequest;
import inference.AgentResult;
import inference.Candidate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.bedrock.runtime.BedrockConstants;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import text.TextNormalizer;

/**
 * The LLM agent's side of its Bedrock route: turns an {@link AgentRequest} into a Converse call (messages, system
 * prompt, inference settings), reads the answer ({@link LlmAgent}), keeps answers per normalised title (and candidates)
 * for a while, and counts tokens, throttled calls and cache hits ({@code mpi.llm.*}).
 */
public class LlmCalls {

    /** Header: the cached result when the title was answered lately (the route then skips Bedrock). */
    public static final String CACHED = "mpiLlmCached";
    private static final String REQUEST = "mpiLlmRequest";
    private static final String KEY = "mpiLlmKey";

    private final LlmAgent agent;
    private final String modelId;
    private final InferenceConfiguration inference;
    private final AnswerCache cache;
    private final MeterRegistry meters;

    public LlmCalls(LlmAgent agent, String modelId, double temperature, double topP, int maxTokens, int cacheSize,
                    Duration cacheTtl, MeterRegistry meters) {
        this.agent = agent;
        this.modelId = modelId;
        this.inference = InferenceConfiguration.builder().temperature((float) temperature).topP((float) topP)
                .maxTokens(maxTokens).build();
        this.cache = new AnswerCache(cacheSize, cacheTtl, Clock.systemUTC());
        this.meters = meters;
    }

    /** Body: the {@link AgentRequest}. Afterwards: the Converse headers, or the cached result in {@link #CACHED}. */
    public void prepare(Exchange exchange) {
        AgentRequest request = exchange.getMessage().getBody(AgentRequest.class);
        String key = key(request);
        exchange.setVariable(REQUEST, request);
        exchange.setVariable(KEY, key);
        AgentResult cached = cache.get(key);
        if (cached != null) {
            counter("mpi.llm.cache.hits", "Titles answered from the LLM answer cache").increment();
            Map<String, Object> evidence = new LinkedHashMap<>(cached.evidence());
            evidence.put("cached", true);
            exchange.getMessage().setHeader(CACHED, true);
            exchange.getMessage().setBody(new AgentResult(cached.agent(), cached.status(), cached.brand(),
                    cached.confidence(), cached.candidates(), evidence, 0, cached.message()));
            return;
        }
        List<Message> messages = new ArrayList<>();
        for (LlmPrompt.Turn turn : LlmPrompt.conversation(request.productName(), request.priorCandidates())) {
            messages.add(Message.builder().role("user".equals(turn.role()) ? ConversationRole.USER
                    : ConversationRole.ASSISTANT).content(ContentBlock.fromText(turn.text())).build());
        }
        var headers = exchange.getMessage();
        headers.setHeader(BedrockConstants.CONVERSE_MESSAGES, messages);
        headers.setHeader(BedrockConstants.CONVERSE_SYSTEM, List.of(SystemContentBlock.fromText(LlmPrompt.SYSTEM)));
        headers.setHeader(BedrockConstants.CONVERSE_INFERENCE_CONFIG, inference);
    }

    /** Body: the model's answer text. Afterwards: the agent's {@link AgentResult}, cached. */
    public AgentResult read(Exchange exchange) {
        AgentRequest request = exchange.getVariable(REQUEST, AgentRequest.class);
        String text = exchange.getMessage().getBody(String.class);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("model", modelId);
        Object stop = exchange.getMessage().getHeader(BedrockConstants.CONVERSE_STOP_REASON);
        call.put("stop_reason", stop == null ? null : stop.toString());
        if (exchange.getMessage().getHeader(BedrockConstants.CONVERSE_USAGE) instanceof TokenUsage usage) {
            call.put("input_tokens", usage.inputTokens());
            call.put("output_tokens", usage.outputTokens());
            tokens("input", usage.inputTokens());
            tokens("output", usage.outputTokens());
        }
        AgentResult result = agent.read(request, text, call);
        String outcome = result.evidence().containsKey("unreadable") ? "unreadable"
                : result.brand() == null ? "no_brand" : "brand";
        Counter.builder("mpi.llm.answers").description("Model answers by what they gave").tag("outcome", outcome)
                .register(meters).increment();
        cache.put(exchange.getVariable(KEY, String.class), result);
        return result;
    }

    /** Counts a call Bedrock throttled (before a retry, or before the failure when no retry is left). */
    public void throttled() {
        counter("mpi.llm.throttled", "Bedrock calls refused for throttling (429)").increment();
    }

    /** Whether a Bedrock failure is worth retrying: throttling (429) and server errors (5xx), nothing else. */
    public static boolean retryable(Throwable error) {
        return error instanceof SdkServiceException service
                && (service.isThrottlingException() || service.statusCode() == 429 || service.statusCode() >= 500);
    }

    public static boolean throttling(Throwable error) {
        return error instanceof SdkServiceException service
                && (service.isThrottlingException() || service.statusCode() == 429);
    }

    /** Cache key: the normalised title and the candidates it was asked with (they are in the prompt). */
    static String key(AgentRequest request) {
        StringBuilder key = new StringBuilder(TextNormalizer.normalize(request.productName()));
        for (Candidate candidate : request.priorCandidates()) {
            key.append('\u0001').append(TextNormalizer.key(candidate.brand()));
        }
        return key.toString();
    }

    private void tokens(String type, Integer count) {
        if (count != null) {
            Counter.builder("mpi.llm.tokens").description("Bedrock tokens by type").tag("type", type)
                    .register(meters).increment(count);
        }
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(meters);
    }

    /** Answers per key, at most {@code size}, each for {@code ttl}; the least recently used goes first. */
    static final class AnswerCache {
        private record CachedAnswer(AgentResult result, long expiresAtMillis) {
        }

        private final int size;
        private final long ttlMillis;
        private final Clock clock;
        private final LinkedHashMap<String, CachedAnswer> entries;

        AnswerCache(int size, Duration ttl, Clock clock) {
            this.size = size;
            this.ttlMillis = ttl.toMillis();
            this.clock = clock;
            this.entries = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CachedAnswer> eldest) {
                    return size() > AnswerCache.this.size;
                }
            };
        }

        synchronized AgentResult get(String key) {
            CachedAnswer entry = entries.get(key);
            if (entry == null) {
                return null;
            }
            if (entry.expiresAtMillis() <= clock.millis()) {
                entries.remove(key);
                return null;
            }
            return entry.result();
        }

        synchronized void put(String key, AgentResult result) {
            if (size > 0 && ttlMillis > 0) {
                entries.put(key, new CachedAnswer(result, clock.millis() + ttlMillis));
            }
        }
    }
}
