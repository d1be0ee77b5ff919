package dev.llmgateway.dialect.openai;

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
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiBackendCodecTest {

    private final OpenAiBackendCodec codec = new OpenAiBackendCodec();
    private final Backend backend = new Backend("lmStudio", "openai", "http://127.0.0.1:1234/v1", "", null);

    @Test
    void should_ask_for_usage_when_streaming() throws Exception {
        // given
        ChatRequest request = new ChatRequest("qwen3", List.of(ChatMessage.of(Role.USER, "Hi")), null, null,
                new GenerationOptions(null, null, null, 2000, List.of("END"), null, null, null, null), true);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body).isEqualTo(Json.parse("""
                {"model":"qwen3","messages":[{"role":"user","content":"Hi"}],"max_tokens":2000,"stop":["END"],
                 "stream":true,"stream_options":{"include_usage":true}}"""));
    }

    @Test
    void should_send_max_completion_tokens_to_openai_and_max_tokens_elsewhere() {
        // given: OpenAI's reasoning models reject max_tokens; many local servers ignore the other
        ChatRequest request = new ChatRequest("o4-mini", List.of(ChatMessage.of(Role.USER, "Hi")), null, null,
                new GenerationOptions(null, null, null, 500, null, null, null, null, null), false);
        Backend openAi = new Backend("openai", "openai", "https://api.openai.com/v1", "sk-x", null,
                "third-party", null, Map.of());
        Backend vllmWithSetting = new Backend("vllm", "openai", "http://gpu:8000/v1", "", null,
                "self-hosted", null, Map.of("maxTokensField", "max_completion_tokens"));

        // when / then
        assertThat(codec.encode(request, openAi).path("max_completion_tokens").asInt()).isEqualTo(500);
        assertThat(codec.encode(request, openAi).has("max_tokens")).isFalse();
        assertThat(codec.encode(request, backend).path("max_tokens").asInt()).isEqualTo(500);
        assertThat(codec.encode(request, vllmWithSetting).path("max_completion_tokens").asInt()).isEqualTo(500);
    }

    @Test
    void should_send_tgi_the_model_name_it_expects() {
        // given: TGI takes any model name but "tgi" as a LoRA adapter id
        ChatRequest request = new ChatRequest("meta-llama/Llama-3.1-8B-Instruct", List.of(ChatMessage.of(Role.USER, "Hi")),
                null, null, null, false);
        Backend tgi = new Backend("tgi", "openai", "http://gpu:8080/v1", "", null, "self-hosted", null,
                Map.of("upstreamModel", "tgi"));

        // when / then
        assertThat(codec.encode(request, tgi).path("model").asText()).isEqualTo("tgi");
    }

    @Test
    void should_send_stream_false_without_stream_options() throws Exception {
        // given
        ChatRequest request = new ChatRequest("qwen3", List.of(ChatMessage.of(Role.USER, "Hi")), null, null,
                null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body).isEqualTo(Json.parse("""
                {"model":"qwen3","messages":[{"role":"user","content":"Hi"}],"stream":false}"""));
    }

    @Test
    void should_send_tools_with_tool_choice_and_the_tool_round_trip() throws Exception {
        // given
        List<ChatMessage> messages = List.of(
                ChatMessage.of(Role.SYSTEM, "Be brief."),
                ChatMessage.of(Role.USER, "Weather in Paris?"),
                new ChatMessage(Role.ASSISTANT, "", null, null,
                        List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), null, null),
                new ChatMessage(Role.TOOL, "21°C", null, null, null, "call_1", null));
        ChatRequest request = new ChatRequest("qwen3", messages,
                List.of(new ToolDefinition("get_weather", "Current weather", Json.parse("{\"type\":\"object\"}"))),
                Json.MAPPER.getNodeFactory().textNode("auto"), null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body).isEqualTo(Json.parse("""
                {"model":"qwen3",
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   {"role":"tool","content":"21°C","tool_call_id":"call_1"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                   "parameters":{"type":"object"}}}],
                 "tool_choice":"auto",
                 "stream":false}"""));
    }

    @Test
    void should_decode_a_whole_text_reply() throws Exception {
        // given
        String reply = """
                {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,
                 "model":"gpt-4o-2024-08-06",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there!","refusal":null,"annotations":[]},
                   "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":19,"completion_tokens":3,"total_tokens":22,
                   "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                   "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0}},
                 "service_tier":"default","system_fingerprint":"fp_fc9f1d7035"}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk).isEqualTo(new ChatChunk("Hello there!", null, List.of(), FinishReason.STOP,
                new Usage(19, 3), "gpt-4o-2024-08-06"));
    }

    @Test
    void should_decode_a_whole_tool_call_reply() throws Exception {
        // given
        String reply = """
                {"id":"chatcmpl-9","object":"chat.completion","created":1741570283,"model":"qwen3",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"reasoning_content":"Need the weather.",
                   "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                                 {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":{"city":"Rome"}}}]},
                   "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":80,"completion_tokens":40,"total_tokens":120}}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk).isEqualTo(new ChatChunk(null, "Need the weather.", List.of(
                new ToolCallDelta(0, "call_1", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCallDelta(1, "call_2", "get_weather", "{\"city\":\"Rome\"}")),
                FinishReason.TOOL_CALLS, new Usage(80, 40), "qwen3"));
    }

    @Test
    void should_default_a_missing_finish_reason_to_stop() throws Exception {
        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse("""
                {"id":"x","object":"chat.completion","model":"tgi","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"}}]}"""));

        // then
        assertThat(chunk.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(chunk.usage()).isNull();
    }

    @Test
    void should_decode_the_models_of_v1_models() throws Exception {
        // given
        String models = """
                {"object":"list","data":[
                  {"id":"llama3.2:latest","object":"model","created":1733047200,"owned_by":"library"},
                  {"id":"/models/Qwen2.5-7B-Instruct-AWQ","object":"model","created":0,"owned_by":"/models/Qwen2.5-7B-Instruct-AWQ"},
                  {"id":"qwen/qwen3-vl-4b","object":"model","owned_by":"organization_owner"}]}""";

        // when
        List<ModelInfo> decoded = codec.decodeModels(Json.parse(models), backend);

        // then
        assertThat(decoded).containsExactly(
                new ModelInfo("lmStudio", "llama3.2:latest", 1733047200L),
                new ModelInfo("lmStudio", "/models/Qwen2.5-7B-Instruct-AWQ", 0L),
                new ModelInfo("lmStudio", "qwen/qwen3-vl-4b", 0L));
    }
}
