package processors;

import agents.Combination;
import agents.Combiner;
import services.CombinationService;
import inference.AgentRequest;
import inference.AgentResult;
import inference.AgentStatus;
import inference.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/**
 * The steps of the hybrid agent's YAML route ({@code routes/hybrid.camel.yaml}): agents asked one after the other, each
 * seeing what the earlier ones proposed, stopping at the first answer whose confidence reaches {@code stopConfidence}.
 * When none does, the answers of all steps are combined as the orchestrator combines agents (by the combination learnt
 * from the catalogue, where this process holds it). Stateless: the pipeline's
 * state travels in exchange variables, so one instance serves concurrent requests.
 */
public class HybridPipeline {

    public static final String NAME = "hybrid";
    static final String REQUEST = "hybridRequest";
    static final String STEPS = "hybridSteps";
    static final String SURE = "hybridSure";

    private double stopConfidence = 0.8;
    private double disagreementPenalty = 0.3;
    private volatile Supplier<Combination> learnt;

    public void setStopConfidence(double stopConfidence) {
        this.stopConfidence = stopConfidence;
    }

    public void setDisagreementPenalty(double disagreementPenalty) {
        this.disagreementPenalty = disagreementPenalty;
    }

    /** Body: the {@link AgentRequest}. Starts an empty pipeline. */
    public void begin(Exchange exchange) {
        exchange.setVariable(REQUEST, exchange.getMessage().getBody(AgentRequest.class));
        exchange.setVariable(STEPS, new ArrayList<AgentResult>());
        exchange.setVariable(SURE, false);
        exchange.setVariable(Keys.STARTED, System.nanoTime());
    }

    /**
     * Body: the result of the step just taken. Records it, notes whether the pipeline can stop, and makes the body the
     * request for the next step, carrying the candidates proposed so far.
     */
    @SuppressWarnings("unchecked")
    public void record(Exchange exchange) {
        List<AgentResult> steps = exchange.getVariable(STEPS, List.class);
        AgentResult result = exchange.getMessage().getBody(AgentResult.class);
        steps.add(result);
        boolean sure = result.status() == AgentStatus.OK && result.brand() != null
                && result.confidence() >= stopConfidence;
        exchange.setVariable(SURE, sure);
        AgentRequest request = exchange.getVariable(REQUEST, AgentRequest.class);
        List<Candidate> prior = new ArrayList<>();
        steps.forEach(step -> prior.addAll(step.candidates()));
        exchange.getMessage().setBody(new AgentRequest(request.requestId(), request.productName(), request.language(),
                request.category(), prior));
    }

    /**
     * Where this process learns how NER's and RAG's answers combine ({@link CombinationService}), they combine so here
     * too; looked up once.
     */
    private Supplier<Combination> learnt(Exchange exchange) {
        Supplier<Combination> found = learnt;
        if (found == null) {
            CombinationService service = exchange.getContext().getRegistry().findSingleByType(CombinationService.class);
            found = service == null ? () -> null : service::current;
            learnt = found;
        }
        return found;
    }

    /** Afterwards: the hybrid agent's {@link AgentResult}, with each step in its evidence. */
    @SuppressWarnings("unchecked")
    public AgentResult finish(Exchange exchange) {
        List<AgentResult> steps = exchange.getVariable(STEPS, List.class);
        boolean sure = exchange.getVariable(SURE, false, Boolean.class);
        List<Candidate> candidates;
        if (sure) {
            candidates = steps.get(steps.size() - 1).candidates();
        } else {
            candidates = new Combiner(Map.of(), disagreementPenalty, 0, learnt(exchange)).combine(steps).candidates();
        }
        List<Map<String, Object>> trace = new ArrayList<>();
        for (AgentResult step : steps) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("agent", step.agent());
            item.put("status", step.status().wire());
            item.put("brand", step.brand());
            item.put("confidence", step.confidence());
            item.put("latency_ms", step.latencyMs());
            item.put("evidence", step.evidence());
            trace.add(item);
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("steps", trace);
        evidence.put("stopped_at", sure ? steps.get(steps.size() - 1).agent() : null);
        evidence.put("stop_confidence", stopConfidence);
        Long started = exchange.getVariable(Keys.STARTED, Long.class);
        long latency = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
        boolean anyOk = steps.stream().anyMatch(s -> s.status() == AgentStatus.OK);
        if (!anyOk) {
            return new AgentResult(NAME, AgentStatus.FAILED, null, 0, List.of(), evidence, latency,
                    "no step of the pipeline could answer");
        }
        return AgentResult.answer(NAME, candidates, evidence).withLatency(latency);
    }
}
