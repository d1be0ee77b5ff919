package dev.llmgateway.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiWireTest {

    @Test
    void should_read_a_message_with_string_content() throws Exception {
        // when
        ChatMessage message = OpenAiWire.readMessage(Json.parse("""
                {"role":"user","content":"Hi there","name":"alice"}"""));

        // then
        assertThat(message).isEqualTo(new ChatMessage(Role.USER, "Hi there", List.of(), null, List.of(), null, "alice"));
    }

    @Test
    void should_read_text_and_image_parts() throws Exception {
        // when
        ChatMessage message = OpenAiWire.readMessage(Json.parse("""
                {"role":"user","content":[
                  {"type":"text","text":"What is in this image?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                  {"type":"text","text":"Be brief."},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}"""));

        // then
        assertThat(message.role()).isEqualTo(Role.USER);
        assertThat(message.content()).isEqualTo("What is in this image?\nBe brief.");
        assertThat(message.images()).containsExactly("data:image/png;base64,iVBORw0KGgo=", "https://example.com/cat.png");
    }

    @Test
    void should_reject_an_unsupported_content_part() throws Exception {
        // given
        JsonNode node = Json.parse("""
                {"role":"user","content":[{"type":"input_audio","input_audio":{"data":"UklGR","format":"wav"}}]}""");

        // when / then
        assertThatThrownBy(() -> OpenAiWire.readMessage(node))
                .isInstanceOf(GatewayException.class)
                .hasMessage("unsupported content part type 'input_audio'");
    }

    @Test
    void should_read_the_developer_role_as_system() throws Exception {
        // when
        ChatMessage message = OpenAiWire.readMessage(Json.parse("""
                {"role":"developer","content":[{"type":"text","text":"Answer in French."}]}"""));

        // then
        assertThat(message.role()).isEqualTo(Role.SYSTEM);
        assertThat(message.content()).isEqualTo("Answer in French.");
    }

    @Test
    void should_read_an_assistant_tool_call_message_with_null_content() throws Exception {
        // when
        ChatMessage message = OpenAiWire.readMessage(Json.parse("""
                {"role":"assistant","content":null,"refusal":null,
                 "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                               {"id":"call_2","type":"function","function":{"name":"get_time","arguments":""}}]}"""));

        // then
        assertThat(message.role()).isEqualTo(Role.ASSISTANT);
        assertThat(message.content()).isEmpty();
        assertThat(message.toolCalls()).containsExactly(
                new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_2", "get_time", ""));
    }

    @Test
    void should_read_a_tool_result_with_its_call_id() throws Exception {
        // when
        ChatMessage message = OpenAiWire.readMessage(Json.parse("""
                {"role":"tool","tool_call_id":"call_1","content":"21°C"}"""));

        // then
        assertThat(message).isEqualTo(new ChatMessage(Role.TOOL, "21°C", List.of(), null, List.of(), "call_1", null));
    }

    @Test
    void should_read_reasoning_sent_back_on_an_assistant_turn() throws Exception {
        // when
        ChatMessage contentStyle = OpenAiWire.readMessage(Json.parse("""
                {"role":"assistant","content":"Hi!","reasoning_content":"Greet back."}"""));
        ChatMessage reasoningStyle = OpenAiWire.readMessage(Json.parse("""
                {"role":"assistant","content":"Hi!","reasoning":"Greet back."}"""));

        // then
        assertThat(contentStyle.thinking()).isEqualTo("Greet back.");
        assertThat(reasoningStyle.thinking()).isEqualTo("Greet back.");
    }

    @Test
    void should_reject_a_message_without_a_known_role() throws Exception {
        // when / then
        assertThatThrownBy(() -> OpenAiWire.readMessage(Json.parse("{\"content\":\"Hi\"}")))
                .isInstanceOf(GatewayException.class)
                .hasMessage("every message needs a 'role'");
        assertThatThrownBy(() -> OpenAiWire.readMessage(Json.parse("\"Hi\"")))
                .isInstanceOf(GatewayException.class)
                .hasMessage("every message must be a JSON object");
    }

    @Test
    void should_read_object_arguments_as_json_text_and_invent_a_missing_id() throws Exception {
        // when
        ToolCall call = OpenAiWire.readToolCall(Json.parse("""
                {"type":"function","function":{"name":"get_weather","arguments":{"city":"Paris"}}}"""));

        // then
        assertThat(call.id()).matches("call_[A-Za-z0-9]{24}");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void should_prefer_max_completion_tokens_over_max_tokens() throws Exception {
        // when
        GenerationOptions options = OpenAiWire.readOptions(Json.parse("""
                {"model":"o4-mini","max_tokens":100,"max_completion_tokens":2000,"temperature":0.2,"top_p":0.9,
                 "seed":42,"presence_penalty":0.5,"frequency_penalty":0.1,"stop":"END"}"""));

        // then
        assertThat(options).isEqualTo(new GenerationOptions(0.2, 0.9, null, 2000, List.of("END"), 42L, 0.5, 0.1, null));
    }

    @Test
    void should_read_max_tokens_and_a_stop_array_and_keep_response_format() throws Exception {
        // when
        GenerationOptions options = OpenAiWire.readOptions(Json.parse("""
                {"max_tokens":100,"stop":["\\n\\n","END"],"top_k":40,"response_format":{"type":"json_object"}}"""));

        // then
        assertThat(options.maxTokens()).isEqualTo(100);
        assertThat(options.stop()).containsExactly("\n\n", "END");
        assertThat(options.topK()).isEqualTo(40);
        assertThat(options.responseFormat()).isEqualTo(Json.parse("{\"type\":\"json_object\"}"));
        assertThat(options.temperature()).isNull();
    }

    @Test
    void should_write_an_assistant_tool_call_message_with_null_content() throws Exception {
        // given
        ChatMessage message = new ChatMessage(Role.ASSISTANT, "", null, null,
                List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), null, null);

        // when
        JsonNode wire = OpenAiWire.writeMessage(message);

        // then
        assertThat(wire).isEqualTo(Json.parse("""
                {"role":"assistant","content":null,
                 "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}"""));
    }

    @Test
    void should_write_images_as_content_parts_and_tool_results_with_their_call_id() throws Exception {
        // given
        ChatMessage user = new ChatMessage(Role.USER, "What is this?", List.of("https://example.com/cat.png"),
                null, null, null, null);
        ChatMessage tool = new ChatMessage(Role.TOOL, "21°C", null, null, null, "call_1", "get_weather");

        // when / then
        assertThat(OpenAiWire.writeMessage(user)).isEqualTo(Json.parse("""
                {"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}"""));
        assertThat(OpenAiWire.writeMessage(tool)).isEqualTo(Json.parse("""
                {"role":"tool","content":"21°C","tool_call_id":"call_1"}"""));
    }

    @Test
    void should_read_tools_and_reject_one_without_a_name() throws Exception {
        // when
        List<ToolDefinition> tools = FunctionTools.read(Json.parse("""
                [{"type":"function","function":{"name":"get_weather","description":"Current weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]"""));

        // then
        assertThat(tools).containsExactly(new ToolDefinition("get_weather", "Current weather",
                Json.parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")));
        assertThatThrownBy(() -> FunctionTools.read(Json.parse("[{\"type\":\"function\",\"function\":{}}]")))
                .isInstanceOf(GatewayException.class)
                .hasMessage("every tool needs function.name");
    }

    @Test
    void should_read_usage_only_from_an_object() throws Exception {
        // when / then
        assertThat(OpenAiWire.readUsage(Json.parse("""
                {"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}"""))).isEqualTo(new Usage(9, 2));
        assertThat(OpenAiWire.readUsage(Json.parse("null"))).isNull();
        assertThat(OpenAiWire.readUsage(null)).isNull();
    }
}
