package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.PrivacyRules;
import dev.llmgateway.dialect.openai.ResponseStore.Stored;
import dev.llmgateway.http.ChatFrontDoor;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Role;
import dev.llmgateway.request.RequestContext;
import dev.llmgateway.security.GatewayKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The OpenAI Responses API ({@code routes/openai.yaml}), as Codex CLI, the Vercel AI SDK and the
 * OpenAI SDKs call it: {@code POST /v1/responses} reads into the internal chat format
 * ({@link ResponsesInput}) and goes to any backend through {@code direct:llm-chat}; the answer is
 * one response object or its semantic event stream ({@link ResponsesStreamWriter}). Responses are
 * kept ({@link ResponseStore}) unless {@code "store":false}, so that {@code previous_response_id}
 * continues a conversation (tool results included) and {@code GET} / {@code DELETE
 * /v1/responses/{id}} find them.
 */
public class OpenAiResponsesApi extends ChatFrontDoor {

    private static final String DRAFT = "llmResponseDraft";

    private final ResponseStore store;

    public OpenAiResponsesApi(ResponseStore store) {
        super("application/json");
        this.store = store;
    }

    public ChatRequest readRequest(byte[] body, Exchange exchange) {
        JsonNode json = requestBody(body, exchange);
        String owner = owner(exchange);
        List<ChatMessage> history = new ArrayList<>();
        String previous = Json.string(json, "previous_response_id");
        if (previous != null) {
            Stored earlier = store.find(previous, owner).orElseThrow(() -> notFound("Previous response", previous));
            history.addAll(earlier.conversation());
            if (earlier.isPrivate()) {
                exchange.getMessage().setHeader(PrivacyRules.HEADER, "private");    // what continues it stays private
            }
        }
        history.addAll(ResponsesInput.messages(json.get("input")));
        ResponseDraft draft = ResponseDraft.of(json, history, owner);
        exchange.setProperty(DRAFT, draft);
        List<ChatMessage> messages = new ArrayList<>();
        String instructions = Json.string(json, "instructions");
        if (instructions != null) {
            messages.add(ChatMessage.of(Role.SYSTEM, instructions));
        }
        messages.addAll(history);
        boolean stream = Json.bool(json, "stream", false);
        if (stream) {
            streamWith(exchange, "text/event-stream", out -> new ResponsesStreamWriter(out, draft,
                    (made, response) -> keep(made, response, exchange)));
        }
        return new ChatRequest(Json.string(json, "model"), messages, ResponsesInput.tools(json.get("tools")),
                ResponsesInput.toolChoice(json.get("tool_choice")), ResponsesInput.options(json), stream);
    }

    @Override
    protected ObjectNode wholeReply(ChatResponse reply, String model, Exchange exchange) {
        ResponseDraft draft = exchange.getProperty(DRAFT, ResponseDraft.class);
        ObjectNode response = draft.finished(model, ResponseDraft.items(reply), reply);
        keep(draft, response, exchange);
        return response;
    }

    /** Stores a finished response, unless its request said {@code "store":false}. */
    private void keep(ResponseDraft draft, ObjectNode response, Exchange exchange) {
        if (!draft.store()) {
            return;
        }
        List<ObjectNode> items = new ArrayList<>();
        response.path("output").forEach(item -> items.add((ObjectNode) item));
        boolean isPrivate = RequestContext.of(exchange).route() != null && RequestContext.of(exchange).route().isPrivate();
        store.put(draft.id(), new Stored(draft.owner(), isPrivate, draft.continued(items), response));
    }

    /** {@code GET /v1/responses/{id}}: the stored response. */
    public void retrieve(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Stored stored = store.find(id, owner(exchange)).orElseThrow(() -> notFound("Response", id));
        respond(exchange, stored.response());
    }

    /** {@code DELETE /v1/responses/{id}}: {@code {"id":"resp_…","object":"response","deleted":true}}. */
    public void delete(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (!store.delete(id, owner(exchange))) {
            throw notFound("Response", id);
        }
        respond(exchange, Json.object().put("id", id).put("object", "response").put("deleted", true));
    }

    private static GatewayException notFound(String what, String id) {
        return new GatewayException(404, "invalid_request_error", null, what + " with id '" + id + "' not found.");
    }

    /**
     * Whose responses these are: a digest of the gateway key the request carried; "" while the
     * gateway asks for no key (then any client may continue any response, as it may use any backend).
     */
    private static String owner(Exchange exchange) {
        GatewayKeys keys = exchange.getContext().getRegistry().lookupByNameAndType("llmGatewayKeys", GatewayKeys.class);
        Message message = exchange.getMessage();
        String key = GatewayKeys.presented(message.getHeader("Authorization", String.class),
                message.getHeader("x-api-key", String.class), null);
        if (keys == null || !keys.enabled() || key == null || key.isEmpty()) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected ObjectNode errorJson(GatewayException error) {
        return OpenAiChatApi.errorBody(error);
    }
}
