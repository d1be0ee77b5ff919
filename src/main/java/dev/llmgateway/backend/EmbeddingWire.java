package dev.llmgateway.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Embeddings;

/**
 * One dialect's embeddings API, which its {@link BackendCodec} offers through
 * {@link BackendCodec#embeddingWire()}: the path, the request body and the reply. The gateway
 * sends at most {@link #maxBatch()} inputs per call and joins the answers in order.
 */
public interface EmbeddingWire {

    /** The endpoint below the base URL, e.g. {@code /embeddings}. */
    String path(EmbeddingRequest request, Backend backend);

    /** The request body; a 400 ({@code GatewayException}) for what this API cannot take, e.g. token ids. */
    ObjectNode encode(EmbeddingRequest request, Backend backend);

    /** The vectors of a reply, in the inputs' order. */
    Embeddings decode(JsonNode body, Backend backend);

    /** The most inputs one call may carry. */
    int maxBatch();
}
