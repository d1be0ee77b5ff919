package dev.llmgateway.backend;

import dev.llmgateway.model.EmbeddingInput;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Embeddings;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.telemetry.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The steps of {@code direct:llm-embed} around the backend calls: the routed request split into
 * batches of at most what the backend's embeddings API takes per call (Gemini 100, OpenAI 2048), the
 * answers joined in order (Camel's splitter calls one batch after the other), and the joined
 * answer checked to hold one vector per input.
 */
public class EmbeddingCalls implements AggregationStrategy {

    private static final String REQUEST = "llmEmbeddingRequest";

    /** Splitter expression: the batches, or a 400 at once when the routed backend has no embeddings API. */
    public List<EmbeddingRequest> batches(EmbeddingRequest request, Exchange exchange) {
        if (request.inputs().isEmpty()) {
            throw GatewayException.badRequest("'input' is empty: send at least one text");
        }
        exchange.setProperty(REQUEST, request);     // the splitter replaces the body; answered() checks against it
        Backend backend = RequestContext.of(exchange).backend();
        BackendCodec codec = BackendCodecs.codec(backend.dialect())
                .orElseThrow(() -> new IllegalStateException("no codec for dialect " + backend.dialect()));
        int size = codec.requireEmbeddings(backend).maxBatch();
        List<EmbeddingInput> inputs = request.inputs();
        if (inputs.size() <= size) {
            return List.of(request);
        }
        List<EmbeddingRequest> batches = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += size) {
            batches.add(request.withInputs(inputs.subList(from, Math.min(inputs.size(), from + size))));
        }
        return batches;
    }

    /** One batch's answer after the ones before it. */
    @Override
    public Exchange aggregate(Exchange joined, Exchange batch) {
        if (joined == null) {
            return batch;
        }
        joined.getMessage().setBody(joined.getMessage().getBody(Embeddings.class)
                .followedBy(batch.getMessage().getBody(Embeddings.class)));
        return joined;
    }

    /** The last step: one vector per input, or a 502 naming the backend. */
    public Embeddings answered(Embeddings answer, Exchange exchange) {
        EmbeddingRequest request = exchange.getProperty(REQUEST, EmbeddingRequest.class);
        if (request != null && answer.vectors().size() != request.inputs().size()) {
            throw GatewayException.upstream(RequestContext.of(exchange).backend().name(), 502, "the backend answered "
                    + answer.vectors().size() + " embeddings for " + request.inputs().size() + " inputs");
        }
        RequestRecord record = RequestContext.of(exchange).record();
        if (record != null && answer.usage() != null) {
            record.counted(answer.usage());
        }
        return answer;
    }
}
