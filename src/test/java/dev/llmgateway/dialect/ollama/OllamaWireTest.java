package dev.llmgateway.dialect.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.dialect.FunctionTools;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolLoop;
import dev.llmgateway.model.ToolDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OllamaWireTest {

    @Test
    void should_name_the_tool_of_a_result_from_the_earlier_assistant_call() throws Exception {
        // given: OpenAI clients answer by tool_call_id only (the dispatch pairs them)
        List<ChatMessage> messages = ToolLoop.pair(List.of(
                ChatMessage.of(Role.USER, "Weather in Paris and time in Tokyo?"),
                new ChatMessage(Role.ASSISTANT, "", null, null, List.of(
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_2", "get_time", "{\"tz\":\"Asia/Tokyo\"}")), null, null),
                new ChatMessage(Role.TOOL, "21°C", null, null, null, "call_1", null),
                new ChatMessage(Role.TOOL, "09:00", null, null, null, "call_2", null)));

        // when
        JsonNode wire = OllamaWire.writeMessages(messages);

        // then
        assertThat(wire).isEqualTo(Json.parse("""
                [{"role":"user","content":"Weather in Paris and time in Tokyo?"},
                 {"role":"assistant","content":"","tool_calls":[
                   {"id":"call_1","function":{"name":"get_weather","arguments":{"city":"Paris"}}},
                   {"id":"call_2","function":{"name":"get_time","arguments":{"tz":"Asia/Tokyo"}}}]},
                 {"role":"tool","content":"21°C","tool_name":"get_weather","tool_call_id":"call_1"},
                 {"role":"tool","content":"09:00","tool_name":"get_time","tool_call_id":"call_2"}]"""));
    }

    @Test
    void should_prefer_the_tool_name_the_client_sent() throws Exception {
        // given
        List<ChatMessage> messages = List.of(new ChatMessage(Role.TOOL, "ok", null, null, null, "call_9", "lookup"));

        // when
        JsonNode wire = OllamaWire.writeMessages(messages);

        // then
        assertThat(wire).isEqualTo(Json.parse("""
                [{"role":"tool","content":"ok","tool_name":"lookup","tool_call_id":"call_9"}]"""));
    }

    @Test
    void should_send_arguments_as_an_object_and_empty_arguments_as_an_empty_object() {
        // given
        ToolCall empty = new ToolCall("call_1", "now", "");
        ToolCall notAnObject = new ToolCall("call_2", "now", "[1,2]");
        ToolCall broken = new ToolCall("call_3", "now", "{\"city\":");
        ToolCall object = new ToolCall("call_4", "get_weather", "{\"city\":\"Paris\",\"days\":2}");

        // when / then
        assertThat(OllamaWire.argumentsObject(empty)).isEqualTo(Json.object());
        assertThat(OllamaWire.argumentsObject(notAnObject)).isEqualTo(Json.object());
        assertThat(OllamaWire.argumentsObject(broken)).isEqualTo(Json.object());
        assertThat(OllamaWire.argumentsObject(object))
                .isEqualTo(Json.object().put("city", "Paris").put("days", 2));
    }

    @Test
    void should_send_data_url_images_as_bare_base64_and_keep_thinking() throws Exception {
        // given
        ChatMessage user = new ChatMessage(Role.USER, "What is this?",
                List.of("data:image/png;base64,iVBORw0KGgo=", "data:image/jpeg;base64,/9j/4AAQ"), null, null, null, null);
        ChatMessage assistant = new ChatMessage(Role.ASSISTANT, "A cat.", null, "It has whiskers.", null, null, null);

        // when
        JsonNode wire = OllamaWire.writeMessages(List.of(user, assistant));

        // then
        assertThat(wire).isEqualTo(Json.parse("""
                [{"role":"user","content":"What is this?","images":["iVBORw0KGgo=","/9j/4AAQ"]},
                 {"role":"assistant","content":"A cat.","thinking":"It has whiskers."}]"""));
    }

    @Test
    void should_reject_an_http_image_url_with_400() {
        // given
        ChatMessage user = new ChatMessage(Role.USER, "What is this?",
                List.of("https://example.com/cat.png"), null, null, null, null);

        // when / then
        assertThatThrownBy(() -> OllamaWire.writeMessages(List.of(user)))
                .isInstanceOf(GatewayException.class)
                .hasMessage("Ollama accepts only inline images (data: URLs), not https://example.com/cat.png")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(400));
    }

    @Test
    void should_write_tools_in_the_openai_shape() throws Exception {
        // given
        JsonNode parameters = Json.parse("""
                {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
        List<ToolDefinition> tools = List.of(new ToolDefinition("get_weather", "Current weather", parameters),
                new ToolDefinition("now", null, null));

        // when
        JsonNode wire = FunctionTools.write(tools);

        // then
        assertThat(wire).isEqualTo(Json.parse("""
                [{"type":"function","function":{"name":"get_weather","description":"Current weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                 {"type":"function","function":{"name":"now"}}]"""));
    }

    @Test
    void should_put_sampling_options_into_the_options_map() throws Exception {
        // given
        GenerationOptions options = new GenerationOptions(0.2, 0.9, 40, 256, List.of("\n\n", "END"), 42L,
                0.5, 0.1, null);
        ObjectNode body = Json.object();

        // when
        OllamaWire.writeOptions(options, body);

        // then: compared as wire text (seed is a long, 42 parses back as an int)
        assertThat(Json.parse(Json.write(body))).isEqualTo(Json.parse("""
                {"options":{"temperature":0.2,"top_p":0.9,"top_k":40,"num_predict":256,"stop":["\\n\\n","END"],
                            "seed":42,"presence_penalty":0.5,"frequency_penalty":0.1}}"""));
    }

    @Test
    void should_leave_options_out_when_none_are_set() {
        // given
        ObjectNode body = Json.object();

        // when
        OllamaWire.writeOptions(GenerationOptions.DEFAULTS, body);

        // then
        assertThat(body).isEqualTo(Json.object());
    }

    @Test
    void should_map_response_format_to_format() throws Exception {
        // given
        GenerationOptions jsonObject = new GenerationOptions(null, null, null, null, null, null, null, null,
                Json.parse("{\"type\":\"json_object\"}"));
        GenerationOptions jsonSchema = new GenerationOptions(null, null, null, null, null, null, null, null,
                Json.parse("""
                        {"type":"json_schema","json_schema":{"name":"city","schema":{"type":"object","properties":{"name":{"type":"string"}}}}}"""));
        GenerationOptions text = new GenerationOptions(null, null, null, null, null, null, null, null,
                Json.parse("{\"type\":\"text\"}"));
        ObjectNode first = Json.object();
        ObjectNode second = Json.object();
        ObjectNode third = Json.object();

        // when
        OllamaWire.writeOptions(jsonObject, first);
        OllamaWire.writeOptions(jsonSchema, second);
        OllamaWire.writeOptions(text, third);

        // then
        assertThat(first).isEqualTo(Json.parse("{\"format\":\"json\"}"));
        assertThat(second).isEqualTo(Json.parse("""
                {"format":{"type":"object","properties":{"name":{"type":"string"}}}}"""));
        assertThat(third).isEqualTo(Json.object());
    }
}
