package app;

import agents.LlmAgent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import knowledge.BrandRegistry;
import knowledge.KnowledgeBase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import processors.LlmCalls;
import services.Agents;
import settings.LlmSettings;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The LLM agent where this process hosts it and a model is configured: the Bedrock Runtime client (the AWS default
 * credentials chain: the ECS task role in production; SDK retries off, the route retries itself; each call abandoned a
 * second after the agent's time limit) and the agent's call logic.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${llm.model-id:}' != '' and ${agents.llm.local:true}")
public class LlmConfig {

    @Bean(destroyMethod = "close")
    BedrockRuntimeClient bedrockRuntimeClient(LlmSettings llm, Agents agents) {
        var builder = BedrockRuntimeClient.builder()
                .region(Region.of(llm.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry())
                        // a second past the agent's own time limit: the circuit breaker times the call out first
                        // and answers; the SDK then only frees the connection of a call nobody waits for (the same
                        // limit on both raced, and the SDK's late failure could land in the answer being written)
                        .apiCallTimeout(Duration.ofMillis(agents.agent("llm").timeoutMs() + 1000)));
        if (!llm.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(llm.endpoint()));
        }
        return builder.build();
    }

    @Bean
    LlmCalls llmCalls(LlmSettings llm, ObjectProvider<KnowledgeBase> knowledgeBase, MeterRegistry meters) {
        KnowledgeBase kb = knowledgeBase.getIfAvailable();
        LlmAgent agent = new LlmAgent(kb == null ? BrandRegistry::empty : kb::registry, llm.ungroundedConfidence());
        return new LlmCalls(agent, llm.modelId(), llm.temperature(), llm.topP(), llm.maxTokens(),
                llm.cache().maxTitles(), Duration.ofMinutes(llm.cache().ttlMinutes()), meters);
    }
}
