package processors;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Collects the bodies of a split's parts into one list in the order of the input, whatever order they finish in
 * (the parts may run in parallel).
 */
public class InOrderCollector implements AggregationStrategy {

    private static final String PARTS = "mpiSplitParts";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        TreeMap<Integer, Object> parts = result.getProperty(PARTS, TreeMap.class);
        if (parts == null) {
            parts = new TreeMap<>();
            result.setProperty(PARTS, parts);
        }
        parts.put(newExchange.getProperty(Exchange.SPLIT_INDEX, Integer.class), newExchange.getMessage().getBody());
        return result;
    }

    /** {@code exchange} is null when no part produced a result (an empty split): the input then gets an empty list. */
    @Override
    @SuppressWarnings("unchecked")
    public void onCompletion(Exchange exchange, Exchange input) {
        Exchange target = exchange != null ? exchange : input;
        TreeMap<Integer, Object> parts = target.getProperty(PARTS, TreeMap.class);
        List<Object> ordered = parts == null ? new ArrayList<>() : new ArrayList<>(parts.values());
        target.removeProperty(PARTS);
        target.getMessage().setBody(ordered);
    }
}
