package dev.llmgateway.dialect.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class OllamaBackendCodecTest {

    private final OllamaBackendCodec codec = new OllamaBackendCodec();
    private final Backend backend = new Backend("ollama", "ollama", "http://localhost:11434", "", null);

    @Test
    void should_always_send_stream_false_explicitly() throws Exception {
        // given: Ollama streams NDJSON when stream is left out
        ChatRequest request = new ChatRequest("llama3.2", List.of(ChatMessage.of(Role.USER, "Hi")),
                null, null, null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body).isEqualTo(Json.parse("""
                {"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false}"""));
    }

    @Test
    void should_encode_a_streaming_request_with_tools_options_and_format() throws Exception {
        // given
        GenerationOptions options = new GenerationOptions(0.7, null, null, 128, null, null, null, null,
                Json.parse("{\"type\":\"json_object\"}"));
        ChatRequest request = new ChatRequest("qwen3",
                List.of(ChatMessage.of(Role.SYSTEM, "Answer in JSON."), ChatMessage.of(Role.USER, "Weather?")),
                List.of(new ToolDefinition("get_weather", null, Json.parse("{\"type\":\"object\"}"))),
                Json.MAPPER.getNodeFactory().textNode("auto"), options, true);

        // when
        ObjectNode body = codec.encode(request);

        // then: Ollama has no tool_choice
        assertThat(body).isEqualTo(Json.parse("""
                {"model":"qwen3",
                 "messages":[{"role":"system","content":"Answer in JSON."},{"role":"user","content":"Weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
                 "options":{"temperature":0.7,"num_predict":128},
                 "format":"json",
                 "stream":true}"""));
    }

    @Test
    void should_decode_a_whole_text_reply() throws Exception {
        // given
        String reply = """
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.8Z",
                 "message":{"role":"assistant","content":"Hello there!","thinking":"Greet back."},
                 "done":true,"done_reason":"stop","total_duration":3244883583,"load_duration":2969184542,
                 "prompt_eval_count":12,"prompt_eval_duration":141656333,"eval_count":4,"eval_duration":133293625}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk).isEqualTo(new ChatChunk("Hello there!", "Greet back.", List.of(), FinishReason.STOP,
                new Usage(12, 4), "llama3.2"));
    }

    @Test
    void should_decode_a_whole_tool_call_reply() throws Exception {
        // given
        String reply = """
                {"model":"llama3.2","created_at":"2025-07-07T20:32:53.8Z",
                 "message":{"role":"assistant","content":"",
                   "tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},
                 "done":true,"done_reason":"stop","total_duration":3244883583,"load_duration":2969184542,
                 "prompt_eval_count":169,"prompt_eval_duration":141656333,"eval_count":18,"eval_duration":133293625}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk.content()).isEmpty();
        assertThat(chunk.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.index()).isZero();
            assertThat(call.id()).matches("call_[A-Za-z0-9]{24}");
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Tokyo\"}");
        });
        assertThat(chunk.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(chunk.usage()).isEqualTo(new Usage(169, 18));
    }

    @Test
    void should_decode_the_models_of_api_tags() throws Exception {
        // given
        String tags = """
                {"models":[
                  {"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44.706015396-07:00",
                   "size":2019393189,"digest":"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
                   "details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],
                              "parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
                  {"name":"qwen3:8b","model":"qwen3:8b","modified_at":"not a date","size":5225388164,
                   "digest":"500a1f067a9f","details":{"family":"qwen3"}}]}""";

        // when
        List<ModelInfo> models = codec.decodeModels(Json.parse(tags), backend);

        // then
        assertThat(models).containsExactly(
                new ModelInfo("ollama", "llama3.2:latest", 1746405464L),
                new ModelInfo("ollama", "qwen3:8b", 0L));
    }

    @Test
    void should_decode_an_empty_model_list() throws Exception {
        // when
        List<ModelInfo> models = codec.decodeModels(Json.parse("{\"models\":[]}"), backend);

        // then
        assertThat(models).isEmpty();
    }

    @Test
    void should_use_a_tool_delta_per_call_in_index_order() throws Exception {
        // given
        String reply = """
                {"model":"qwen3","created_at":"2025-07-07T20:32:53.8Z",
                 "message":{"role":"assistant","content":"",
                   "tool_calls":[{"id":"call_a","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}},
                                 {"id":"call_b","function":{"index":1,"name":"get_weather","arguments":{"city":"Rome"}}}]},
                 "done":true,"done_reason":"stop","prompt_eval_count":20,"eval_count":40}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk.toolCalls()).containsExactly(
                new ToolCallDelta(0, "call_a", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCallDelta(1, "call_b", "get_weather", "{\"city\":\"Rome\"}"));
    }
}
