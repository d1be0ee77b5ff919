package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.http.ChatFrontDoor;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.TextCompletion;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * {@code POST /v1/completions} ({@code routes/openai.yaml}), OpenAI's text completion, as editors'
 * autocompletion (fill-in-the-middle with {@code suffix}) and older clients call it:
 * <pre>
 * → {"model":"lmStudio/qwen2.5-coder-7b","prompt":"def fib(n):","suffix":"\n    return a","max_tokens":64,"stream":false}
 * ← {"id":"cmpl-…","object":"text_completion","created":1700000000,"model":"qwen2.5-coder-7b",
 *    "choices":[{"text":"\n    a, b = 0, 1","index":0,"logprobs":null,"finish_reason":"stop"}],
 *    "usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}
 * </pre>
 * One prompt per request; {@code echo}, {@code logprobs}, {@code best_of} and {@code n} above 1
 * are refused rather than silently ignored. Errors and the stream's error event are the chat
 * door's.
 */
public class OpenAiCompletionsApi extends ChatFrontDoor {

    public OpenAiCompletionsApi() {
        super("application/json");
    }

    public ChatRequest readRequest(byte[] body, Exchange exchange) {
        JsonNode json = requestBody(body, exchange);
        String prompt = prompt(json.get("prompt"));
        if (json.path("n").asInt(1) != 1 || json.path("best_of").asInt(1) != 1) {
            throw GatewayException.badRequest("only n=1 and best_of=1 are supported: send one request per completion");
        }
        if (json.path("echo").asBoolean(false)) {
            throw GatewayException.badRequest("'echo' is not supported: the reply holds the completion only");
        }
        if (json.hasNonNull("logprobs")) {
            throw GatewayException.badRequest("'logprobs' is not supported by the gateway");
        }
        boolean stream = Json.bool(json, "stream", false);
        if (stream) {
            boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
            streamWith(exchange, "text/event-stream", out -> new OpenAiStreamWriter(out, includeUsage, true));
        }
        return new ChatRequest(Json.string(json, "model"), List.of(ChatMessage.of(Role.USER, prompt)), List.of(), null,
                OpenAiWire.readOptions(json), stream, new TextCompletion(prompt, Json.string(json, "suffix"), null, Json.object()));
    }

    /** {@code "def fib(n):"} or {@code ["def fib(n):"]}; several prompts or token ids are refused. */
    private static String prompt(JsonNode prompt) {
        if (prompt == null || prompt.isNull()) {
            throw GatewayException.badRequest("'prompt' is required");
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).textValue();
        }
        if (!prompt.isTextual()) {
            throw GatewayException.badRequest("'prompt' must be one text: send one request per prompt (token ids are not supported)");
        }
        return prompt.textValue();
    }

    @Override
    protected ObjectNode wholeReply(ChatResponse reply, String model, Exchange exchange) {
        ObjectNode json = Json.object().put("id", Ids.random("cmpl-")).put("object", "text_completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        ObjectNode choice = json.putArray("choices").addObject().put("text", reply.message().content()).put("index", 0);
        choice.putNull("logprobs").put("finish_reason", reply.finishReason().openAiName());
        if (reply.usage() != null) {
            json.set("usage", OpenAiWire.writeUsage(reply.usage()));
        }
        return json;
    }

    @Override
    protected ObjectNode errorJson(GatewayException error) {
        return OpenAiChatApi.errorBody(error);
    }
}
