package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.http.ChatStreamWriter;
import dev.llmgateway.http.HttpEventStream;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.Ids;
import dev.llmgateway.model.ToolCallDelta;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Renders one reply as the Responses API's semantic events, each numbered ({@code sequence_number}):
 * <pre>
 * event: response.created             {"type":"response.created","response":{…"status":"in_progress"},"sequence_number":0}
 * event: response.in_progress
 * event: response.output_item.added   {"output_index":0,"item":{"type":"message","id":"msg_…","status":"in_progress",…}}
 * event: response.content_part.added  {"item_id":"msg_…","output_index":0,"content_index":0,"part":{"type":"output_text","text":"",…}}
 * event: response.output_text.delta   {"item_id":"msg_…","output_index":0,"content_index":0,"delta":"Hel",…}
 * event: response.output_text.done / response.content_part.done / response.output_item.done
 * event: response.completed           {"response":{…"status":"completed","output":[…],"usage":{…}}}
 * </pre>
 * Reasoning opens a {@code reasoning} item ({@code response.reasoning_summary_text.delta}); each tool
 * call a {@code function_call} item ({@code response.function_call_arguments.delta} / {@code .done}).
 * A failure after the first event is an {@code error} event and {@code response.failed}. The
 * finished response is the one stored ({@code previous_response_id}).
 */
final class ResponsesStreamWriter extends ChatStreamWriter {

    private final ResponseDraft draft;
    private final BiConsumer<ResponseDraft, ObjectNode> finishedHook;
    private final List<ObjectNode> items = new ArrayList<>();
    private final Map<Integer, ObjectNode> callsByIndex = new TreeMap<>();
    private ObjectNode open;                 // the reasoning or message item text goes to now
    private final StringBuilder openText = new StringBuilder();
    private int sequence;

    /** {@code finishedHook}: gets the finished response (to store it). */
    ResponsesStreamWriter(HttpEventStream out, ResponseDraft draft, BiConsumer<ResponseDraft, ObjectNode> finishedHook) {
        super(out);
        this.draft = draft;
        this.finishedHook = finishedHook;
    }

    @Override
    public void write(ChatChunk chunk, String backend, String routedModel) {
        if (opening(backend, routedModel)) {
            ObjectNode created = draft.envelope(model, "in_progress");
            send("response.created", Json.object().set("response", created));
            send("response.in_progress", Json.object().set("response", created));
        }
        if (chunk.thinking() != null && !chunk.thinking().isEmpty()) {
            text("reasoning", chunk.thinking());
        }
        if (chunk.content() != null && !chunk.content().isEmpty()) {
            text("message", chunk.content());
        }
        for (ToolCallDelta delta : chunk.toolCalls()) {
            ObjectNode call = callsByIndex.get(delta.index());
            if (call == null) {
                closeOpen();
                call = ResponseDraft.functionCallItem(Ids.random("fc_"), delta.id() != null ? delta.id() : Ids.toolCall(),
                        delta.name(), "", "in_progress");
                callsByIndex.put(delta.index(), call);
                added(call);
            }
            if (delta.arguments() != null && !delta.arguments().isEmpty()) {
                call.put("arguments", call.path("arguments").asText() + delta.arguments());
                send("response.function_call_arguments.delta", at(call).put("delta", delta.arguments()));
            }
        }
    }

    /** A text delta of {@code kind}: opens its item first when another one is open. */
    private void text(String kind, String delta) {
        if (open == null || !kind.equals(Json.text(open, "type"))) {
            closeOpen();
            open = kind.equals("reasoning") ? ResponseDraft.reasoningItem(Ids.random("rs_"), null)
                    : ResponseDraft.messageItem(Ids.random("msg_"), null, "in_progress");
            added(open);
            if (kind.equals("reasoning")) {
                send("response.reasoning_summary_part.added", at(open).put("summary_index", 0).set("part", summary("")));
            } else {
                send("response.content_part.added", at(open).put("content_index", 0).set("part", ResponseDraft.outputText("")));
            }
        }
        openText.append(delta);
        if (kind.equals("reasoning")) {
            send("response.reasoning_summary_text.delta", at(open).put("summary_index", 0).put("delta", delta));
        } else {
            send("response.output_text.delta", at(open).put("content_index", 0).put("delta", delta).set("logprobs", Json.MAPPER.createArrayNode()));
        }
    }

    private void closeOpen() {
        if (open == null) {
            return;
        }
        String text = openText.toString();
        if ("reasoning".equals(Json.text(open, "type"))) {
            send("response.reasoning_summary_text.done", at(open).put("summary_index", 0).put("text", text));
            send("response.reasoning_summary_part.done", at(open).put("summary_index", 0).set("part", summary(text)));
            open.withArray("summary").add(summary(text));
        } else {
            send("response.output_text.done", at(open).put("content_index", 0).put("text", text)
                    .set("logprobs", Json.MAPPER.createArrayNode()));
            send("response.content_part.done", at(open).put("content_index", 0).set("part", ResponseDraft.outputText(text)));
            open.put("status", "completed").withArray("content").add(ResponseDraft.outputText(text));
        }
        send("response.output_item.done", Json.object().put("output_index", items.indexOf(open)).set("item", open));
        open = null;
        openText.setLength(0);
    }

    @Override
    public void finish(ChatResponse reply) {
        closeOpen();
        for (ObjectNode call : callsByIndex.values()) {
            send("response.function_call_arguments.done", at(call).put("name", Json.text(call, "name"))
                    .put("arguments", Json.text(call, "arguments")));
            call.put("status", "completed");
            send("response.output_item.done", Json.object().put("output_index", items.indexOf(call)).set("item", call));
        }
        if (items.isEmpty()) {                  // an empty answer is still one message
            text("message", "");
            closeOpen();
        }
        ObjectNode response = draft.finished(model, items, reply);
        finishedHook.accept(draft, response);
        send("completed".equals(Json.text(response, "status")) ? "response.completed" : "response.incomplete",
                Json.object().set("response", response));
        out.end();
    }

    /** The stream's error event, then the failed response (OpenAI's SDKs raise on either). */
    @Override
    public void fail(GatewayException error) {
        String code = error.code() != null ? error.code() : error.type();
        ObjectNode event = event("error").put("code", code).put("message", error.getMessage());
        event.putNull("param");
        event.put("sequence_number", sequence++);
        ObjectNode failed = event("response.failed").set("response", draft.failed(model, items, code, error.getMessage()));
        failed.put("sequence_number", sequence++);
        out.endWith(frame("error", event), frame("response.failed", failed));
    }

    private void added(ObjectNode item) {
        items.add(item);
        send("response.output_item.added", Json.object().put("output_index", items.size() - 1).set("item", item.deepCopy()));
    }

    /** The fields that place an event: {@code item_id} and {@code output_index}. */
    private ObjectNode at(ObjectNode item) {
        return Json.object().put("item_id", Json.text(item, "id")).put("output_index", items.indexOf(item));
    }

    private static ObjectNode summary(String text) {
        return Json.object().put("type", "summary_text").put("text", text);
    }

    private static ObjectNode event(String type) {
        return Json.object().put("type", type);
    }

    private void send(String type, ObjectNode fields) {
        ObjectNode event = event(type);
        event.setAll(fields);
        event.put("sequence_number", sequence++);
        out.write(frame(type, event));
    }

    private static String frame(String type, ObjectNode event) {
        return "event: " + type + "\ndata: " + Json.write(event) + "\n\n";
    }
}
