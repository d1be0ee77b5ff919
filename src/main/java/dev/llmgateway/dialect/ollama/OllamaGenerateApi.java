package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.http.ChatFrontDoor;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.TextCompletion;
import dev.llmgateway.request.RequestContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * {@code POST /api/generate} ({@code routes/ollama.yaml}), Ollama's text completion:
 * <pre>
 * → {"model":"llama3.2","prompt":"Why is the sky blue?","system":"Be brief.","stream":true}
 * ← {"model":"llama3.2","created_at":"2026-12-03T10:00:00.1Z","response":"The","done":false}
 *   {"model":"llama3.2","created_at":"2026-12-03T10:00:01.2Z","response":"","done":true,"done_reason":"stop",
 *    "total_duration":1100000000,"prompt_eval_count":26,"eval_count":298}
 * </pre>
 * {@code suffix}, {@code images}, {@code format}, {@code options}, {@code think},
 * {@code keep_alive}, and Ollama's {@code raw}, {@code template} and {@code context}, reach Ollama
 * backends as they came. An empty prompt loads the model (with {@code keep_alive:0} unloads it),
 * as Ollama does; a backend that loads its models itself is not called for it.
 */
public class OllamaGenerateApi extends ChatFrontDoor {

    private static final List<String> OLLAMA_FIELDS = List.of("raw", "template", "context");

    public OllamaGenerateApi() {
        super("application/json; charset=utf-8");
    }

    public ChatRequest readRequest(byte[] body, Exchange exchange) {
        JsonNode json = requestBody(body, exchange);
        String prompt = Json.string(json, "prompt");
        String system = Json.string(json, "system");
        ObjectNode fields = Json.object();
        for (String name : OLLAMA_FIELDS) {
            if (json.hasNonNull(name)) {
                fields.set(name, json.get(name));
            }
        }
        List<String> images = new ArrayList<>();
        List<String> base64 = Json.strings(json, "images");
        (base64 == null ? List.<String>of() : base64).forEach(image -> images.add(OllamaRequests.dataUrl(image)));
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(ChatMessage.of(Role.SYSTEM, system));
        }
        messages.add(new ChatMessage(Role.USER, prompt, images, null, null, null, null));
        boolean stream = Json.bool(json, "stream", true);
        if (stream) {
            streamWith(exchange, "application/x-ndjson", out -> new OllamaStreamWriter(out, true));
        }
        return new ChatRequest(Json.string(json, "model"), messages, List.of(), null, OllamaRequests.readOptions(json),
                stream, new TextCompletion(prompt, Json.string(json, "suffix"), system, fields));
    }

    @Override
    protected ObjectNode wholeReply(ChatResponse reply, String model, Exchange exchange) {
        long elapsed = System.nanoTime() - RequestContext.of(exchange).startNanos();
        return OllamaReplies.done(model, reply, elapsed, true, true);
    }

    @Override
    protected ObjectNode errorJson(GatewayException error) {
        return Json.object().put("error", error.getMessage());
    }
}
