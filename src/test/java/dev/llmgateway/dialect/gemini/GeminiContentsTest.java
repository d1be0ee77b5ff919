package dev.llmgateway.dialect.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversation and options as Gemini's request body. */
class GeminiContentsTest {

    private static final String PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

    private final GeminiBackendCodec codec = new GeminiBackendCodec();

    private ObjectNode encode(List<ChatMessage> messages, GenerationOptions options) {
        return codec.encode(new ChatRequest("gemini-2.5-flash", messages, null, null, options, true));
    }

    private static ChatMessage assistantCalling(ToolCall... calls) {
        return new ChatMessage(Role.ASSISTANT, "", null, null, List.of(calls), null, null);
    }

    private static ChatMessage toolResult(String callId, String content) {
        return new ChatMessage(Role.TOOL, content, null, null, null, callId, null);
    }

    @Test
    void should_lift_system_messages_to_the_system_instruction_and_send_options_as_generation_config() throws Exception {
        // given
        List<ChatMessage> messages = List.of(ChatMessage.of(Role.SYSTEM, "Be brief."),
                ChatMessage.of(Role.USER, "Why is the sky blue?"), ChatMessage.of(Role.SYSTEM, "Answer in English."));
        GenerationOptions options = new GenerationOptions(0.2, 0.9, 40, 256, List.of("END"), 7L, 0.5, 0.25, null);

        // when
        ObjectNode body = encode(messages, options);

        // then
        assertThat(body).isEqualTo(Json.parse("""
                {"systemInstruction":{"parts":[{"text":"Be brief."},{"text":"Answer in English."}]},
                 "contents":[{"role":"user","parts":[{"text":"Why is the sky blue?"}]}],
                 "generationConfig":{"temperature":0.2,"topP":0.9,"topK":40,"maxOutputTokens":256,"stopSequences":["END"],
                   "seed":7,"presencePenalty":0.5,"frequencyPenalty":0.25}}"""));
    }

    @Test
    void should_name_the_assistant_model_and_merge_adjacent_turns_of_one_role() throws Exception {
        // given: two user messages in a row, earlier thinking, an empty assistant turn
        List<ChatMessage> messages = List.of(
                ChatMessage.of(Role.USER, "My favourite colour is blue."),
                ChatMessage.of(Role.USER, "Remember it."),
                new ChatMessage(Role.ASSISTANT, "Noted.", null, "The user shares a fact.", null, null, null),
                ChatMessage.of(Role.ASSISTANT, ""),
                ChatMessage.of(Role.USER, "What colour did I mention?"));

        // when
        ObjectNode body = encode(messages, null);

        // then: thinking has no signature to go with it, so it stays out
        assertThat(body.get("contents")).isEqualTo(Json.parse("""
                [{"role":"user","parts":[{"text":"My favourite colour is blue."},{"text":"Remember it."}]},
                 {"role":"model","parts":[{"text":"Noted."}]},
                 {"role":"user","parts":[{"text":"What colour did I mention?"}]}]"""));
    }

    @Test
    void should_send_data_url_images_inline_and_http_images_as_file_data() throws Exception {
        // given
        ChatMessage message = new ChatMessage(Role.USER, "Compare these.",
                List.of("data:image/png;base64," + PNG_BASE64, "https://upload.wikimedia.org/cat.JPG?width=640",
                        "https://example.com/render"), null, null, null, null);

        // when
        ObjectNode body = encode(List.of(message), null);

        // then: the MIME type is guessed from the file name, and left to Gemini when there is none
        assertThat(body.get("contents")).isEqualTo(Json.parse("""
                [{"role":"user","parts":[{"text":"Compare these."},
                   {"inlineData":{"mimeType":"image/png","data":"%s"}},
                   {"fileData":{"mimeType":"image/jpeg","fileUri":"https://upload.wikimedia.org/cat.JPG?width=640"}},
                   {"fileData":{"fileUri":"https://example.com/render"}}]}]""".formatted(PNG_BASE64)));
    }

    @Test
    void should_refuse_an_image_that_is_neither_base64_data_nor_http() {
        // given
        ChatMessage message = new ChatMessage(Role.USER, "What is it?", List.of("file:///tmp/cat.png"), null, null, null, null);

        // when / then
        assertThatThrownBy(() -> encode(List.of(message), null))
                .isInstanceOf(GatewayException.class)
                .hasMessage("images must be data: or http(s) URLs, not file:///tmp/cat.png")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
    }

    @Test
    void should_send_tool_calls_as_function_calls_and_merge_parallel_results_into_one_user_turn() throws Exception {
        // given: OpenAI tool messages name only the call id (the dispatch pairs them)
        List<ChatMessage> messages = ToolLoop.pair(List.of(
                ChatMessage.of(Role.USER, "Weather in Paris and Rome?"),
                new ChatMessage(Role.ASSISTANT, "Let me check.", null, null, List.of(
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}")), null, null),
                toolResult("call_1", "{\"temp_c\":21}"),
                toolResult("call_2", "18°C and sunny")));

        // when
        ObjectNode body = encode(messages, null);

        // then: a JSON object result goes as it is, text is wrapped
        assertThat(body.get("contents")).isEqualTo(Json.parse("""
                [{"role":"user","parts":[{"text":"Weather in Paris and Rome?"}]},
                 {"role":"model","parts":[{"text":"Let me check."},
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"skip_thought_signature_validator"},
                   {"functionCall":{"name":"get_weather","args":{"city":"Rome"}},"thoughtSignature":"skip_thought_signature_validator"}]},
                 {"role":"user","parts":[
                   {"functionResponse":{"name":"get_weather","response":{"temp_c":21}}},
                   {"functionResponse":{"name":"get_weather","response":{"content":"18°C and sunny"}}}]}]"""));
    }

    @Test
    void should_take_the_function_name_of_a_result_from_tool_name_when_given() throws Exception {
        // given: an Ollama client names the tool, not the call
        List<ChatMessage> messages = List.of(
                ChatMessage.of(Role.USER, "What time is it?"),
                assistantCalling(new ToolCall("call_9", "get_time", "")),
                new ChatMessage(Role.TOOL, "[\"12:00\"]", null, null, null, null, "get_time"));

        // when
        ObjectNode body = encode(messages, null);

        // then: empty arguments become {}, and a JSON array is no object, so it is wrapped
        assertThat(body.get("contents")).isEqualTo(Json.parse("""
                [{"role":"user","parts":[{"text":"What time is it?"}]},
                 {"role":"model","parts":[{"functionCall":{"name":"get_time","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},
                 {"role":"user","parts":[{"functionResponse":{"name":"get_time","response":{"content":"[\\"12:00\\"]"}}}]}]"""));
    }

    @Test
    void should_send_unparseable_arguments_as_an_empty_object() throws Exception {
        // given: a model that produced broken JSON earlier
        List<ChatMessage> messages = List.of(ChatMessage.of(Role.USER, "Weather?"),
                assistantCalling(new ToolCall("call_1", "get_weather", "{\"city\":\"Par")));

        // when
        ObjectNode body = encode(messages, null);

        // then
        assertThat(body.at("/contents/1/parts/0/functionCall/args")).isEqualTo(Json.object());
    }

    @Test
    void should_ask_for_json_with_the_schema_of_a_json_schema_response_format() throws Exception {
        // given
        GenerationOptions options = new GenerationOptions(null, null, null, null, null, null, null, null, Json.parse("""
                {"type":"json_schema","json_schema":{"name":"colours","strict":true,
                  "schema":{"type":"object","properties":{"colours":{"type":"array","items":{"type":"string"}}},
                            "required":["colours"],"additionalProperties":false}}}"""));

        // when
        ObjectNode body = encode(List.of(ChatMessage.of(Role.USER, "List three colours")), options);

        // then
        assertThat(body.get("generationConfig")).isEqualTo(Json.parse("""
                {"responseMimeType":"application/json",
                 "responseJsonSchema":{"type":"object","properties":{"colours":{"type":"array","items":{"type":"string"}}},
                                       "required":["colours"],"additionalProperties":false}}"""));
    }

    @Test
    void should_ask_for_json_for_a_json_object_response_format_and_nothing_for_text() throws Exception {
        // given
        GenerationOptions json = new GenerationOptions(null, null, null, null, null, null, null, null,
                Json.parse("{\"type\":\"json_object\"}"));
        GenerationOptions text = new GenerationOptions(null, null, null, null, null, null, null, null,
                Json.parse("{\"type\":\"text\"}"));

        // when
        ObjectNode jsonBody = encode(List.of(ChatMessage.of(Role.USER, "List three colours")), json);
        ObjectNode textBody = encode(List.of(ChatMessage.of(Role.USER, "List three colours")), text);

        // then
        assertThat(jsonBody.get("generationConfig")).isEqualTo(Json.parse("{\"responseMimeType\":\"application/json\"}"));
        assertThat(textBody.has("generationConfig")).isFalse();
    }

    @Test
    void should_map_reasoning_levels_to_thinking_budgets() throws Exception {
        // when / then
        assertThat(GeminiGenerationConfig.thinkingConfig("on")).isEqualTo(Json.parse("{\"includeThoughts\":true}"));
        assertThat(GeminiGenerationConfig.thinkingConfig("low"))
                .isEqualTo(Json.parse("{\"thinkingBudget\":1024,\"includeThoughts\":true}"));
        assertThat(GeminiGenerationConfig.thinkingConfig("medium"))
                .isEqualTo(Json.parse("{\"thinkingBudget\":4096,\"includeThoughts\":true}"));
        assertThat(GeminiGenerationConfig.thinkingConfig("high"))
                .isEqualTo(Json.parse("{\"thinkingBudget\":16384,\"includeThoughts\":true}"));
        assertThat(GeminiGenerationConfig.thinkingConfig("off")).isEqualTo(Json.parse("{\"thinkingBudget\":0}"));
        assertThat(GeminiGenerationConfig.thinkingConfig(null)).isNull();
    }

    @Test
    void should_put_the_thinking_config_inside_the_generation_config() throws Exception {
        // given
        GenerationOptions options = new GenerationOptions(null, null, null, 512, null, null, null, null, null,
                null, null, "low");

        // when
        ObjectNode body = encode(List.of(ChatMessage.of(Role.USER, "Hi")), options);

        // then
        assertThat(body.get("generationConfig")).isEqualTo(Json.parse("""
                {"maxOutputTokens":512,"thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}"""));
    }
}
