package dev.llmgateway.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendCodecs;
import dev.llmgateway.http.ChatFrontDoor;
import dev.llmgateway.http.JsonReply;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.TokenCountRequest;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.tokens.TokenEstimator;
import org.apache.camel.Exchange;

/**
 * {@code POST /v1/messages/count_tokens} ({@code routes/anthropic.yaml}), as Claude Code and the
 * Anthropic SDKs call it:
 * <pre>
 * → {"model":"claude-sonnet-4-5","system":"Be brief.","messages":[{"role":"user","content":"Hello, Claude"}],"tools":[…]}
 * ← {"input_tokens":14}
 * </pre>
 * Routed as a message would be: an Anthropic backend counts it itself (the body as it came, with the
 * model it knows); any other backend is counted here with a real tokenizer
 * ({@link TokenEstimator}), and the answer says so in {@code X-LLM-Token-Count: estimate; tokenizer=o200k_base}.
 */
public class AnthropicTokenCounts {

    static final String ESTIMATE_HEADER = "X-LLM-Token-Count";

    public TokenCountRequest readRequest(byte[] body, Exchange exchange) {
        JsonNode json = ChatFrontDoor.requestBody(body, exchange);
        JsonNode messages = json.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw GatewayException.badRequest("messages: Field required (a non-empty array)");
        }
        return new TokenCountRequest(Json.string(json, "model"), (ObjectNode) json);
    }

    /** Whether the routed backend counts tokens itself (its codec has a counting API). */
    public boolean backendCounts(Exchange exchange) {
        Backend backend = RequestContext.of(exchange).backend();
        return BackendCodecs.codec(backend.dialect()).map(codec -> codec.tokenCountPath() != null).orElse(false);
    }

    /**
     * The text a model reads of the request, tokenized: the system prompt, each message's text,
     * tool calls and results, and each tool's name, description and schema. Images and documents
     * are not counted.
     */
    public ObjectNode countLocally(TokenCountRequest request, Exchange exchange) {
        JsonNode body = request.body();
        int tokens = count(body.get("system"));
        for (JsonNode message : body.path("messages")) {
            tokens += 3 + count(message.get("content"));           // a turn's role and separators
        }
        for (JsonNode tool : body.path("tools")) {
            tokens += TokenEstimator.count(Json.text(tool, "name")) + TokenEstimator.count(Json.text(tool, "description"))
                    + (tool.has("input_schema") ? TokenEstimator.count(Json.write(tool.get("input_schema"))) : 0);
        }
        exchange.setProperty(ESTIMATED, true);
        return Json.object().put("input_tokens", tokens);
    }

    /** A text, or content blocks: their text, thinking, tool input (as JSON) and tool results. */
    private static int count(JsonNode content) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return TokenEstimator.count(content.textValue());
        }
        int tokens = 0;
        for (JsonNode block : content) {
            String type = Json.text(block, "type");
            if ("text".equals(type)) {
                tokens += TokenEstimator.count(Json.text(block, "text"));
            } else if ("thinking".equals(type)) {
                tokens += TokenEstimator.count(Json.text(block, "thinking"));
            } else if ("tool_use".equals(type)) {
                tokens += TokenEstimator.count(Json.text(block, "name")) + TokenEstimator.count(Json.write(block.path("input")));
            } else if ("tool_result".equals(type)) {
                tokens += count(block.get("content"));
            }
        }
        return tokens;
    }

    /** {@code {"input_tokens":14}}, with the estimate header when it was counted here. */
    public void writeReply(JsonNode count, Exchange exchange) {
        ObjectNode json = Json.object().put("input_tokens", count.path("input_tokens").asInt());
        JsonReply.send(exchange, 200, "application/json", json);
        if (Boolean.TRUE.equals(exchange.getProperty(ESTIMATED, Boolean.class))) {
            exchange.getMessage().setHeader(ESTIMATE_HEADER, "estimate; tokenizer=" + TokenEstimator.TOKENIZER);
        }
    }

    private static final String ESTIMATED = "llmTokensEstimated";
}
