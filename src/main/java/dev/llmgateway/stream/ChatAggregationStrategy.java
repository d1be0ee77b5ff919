package dev.llmgateway.stream;

import dev.llmgateway.model.ChatChunk;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Split aggregation for a {@link ChatStream}: every split exchange carries one {@link ChatChunk};
 * the result carries the {@link ChatAggregator} holding all of them, so after the split the route
 * can build the final message ({@code ${body.build()}}).
 */
public class ChatAggregationStrategy implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        ChatAggregator aggregator = oldExchange == null
                ? new ChatAggregator()
                : oldExchange.getMessage().getBody(ChatAggregator.class);
        aggregator.append(newExchange.getMessage().getBody(ChatChunk.class));
        result.getMessage().setBody(aggregator);
        return result;
    }
}
