package dev.llmgateway.discovery;

import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ModelInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The model {@code GET /v1/models/{id}} asks for, among the discovered ones. The id is the one the
 * model list gives ({@code ollama/llama3.2:latest}), whose slashes clients send as they are
 * (openai-python) or percent-encoded (openai-java: {@code ollama%2Fllama3.2:latest}); a bare id
 * ({@code llama3.2:latest}) names the model when one backend alone serves it.
 */
public final class RequestedModel {

    private static final String PREFIX = "/v1/models/";

    private RequestedModel() {
    }

    /** The id in the request's path, decoded. */
    public static String id(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class);
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        int start = path.indexOf(PREFIX);
        String id = start < 0 ? "" : path.substring(start + PREFIX.length());
        return URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public static Optional<ModelInfo> find(List<ModelInfo> models, String id) {
        Optional<ModelInfo> exact = models.stream().filter(m -> (m.backend() + "/" + m.id()).equals(id)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        List<ModelInfo> bare = models.stream().filter(m -> m.id().equals(id)).toList();
        return bare.size() == 1 ? Optional.of(bare.get(0)) : Optional.empty();
    }

    /** OpenAI's answer for an unknown model. */
    public static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "model_not_found", "The model '" + id + "' does not exist");
    }
}
