package dev.llmgateway.discovery;

import dev.llmgateway.model.ModelInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** Joins the model lists of several backends (one split exchange each) into one sorted list. */
public class ModelListAggregationStrategy implements AggregationStrategy {

    private static final Comparator<ModelInfo> ORDER =
            Comparator.comparing(ModelInfo::backend).thenComparing(ModelInfo::id);

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        List<ModelInfo> joined = oldExchange == null ? new ArrayList<>() : oldExchange.getMessage().getBody(List.class);
        List<ModelInfo> more = newExchange.getMessage().getBody(List.class);
        if (more != null) {
            joined.addAll(more);
            joined.sort(ORDER);
        }
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        result.getMessage().setBody(joined);
        return result;
    }
}
