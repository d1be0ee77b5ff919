package dev.llmgateway.dialect.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.backend.Backend;
import dev.llmgateway.backend.BackendCodec;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.GenerationOptions;
import dev.llmgateway.model.ModelInfo;
import dev.llmgateway.model.Role;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import dev.llmgateway.stream.ChatStream;
import dev.llmgateway.stream.TrickleInputStream;
import dev.llmgateway.stream.TrickleReadStream;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Path, auth, tools, whole replies, model lists and the kamelet steps; conversations are in GeminiContentsTest. */
class GeminiBackendCodecTest {

    private final GeminiBackendCodec codec = new GeminiBackendCodec();
    private final Backend backend = new Backend("gemini", "gemini", "https://generativelanguage.googleapis.com",
            "AIzaSyD-test-key", "gemini-2.5-flash");

    private static ChatRequest ask(String model, boolean stream) {
        return new ChatRequest(model, List.of(ChatMessage.of(Role.USER, "Hi")), null, null, null, stream);
    }

    @Test
    void should_stream_from_stream_generate_content_with_alt_sse() {
        // when
        String path = codec.chatPath(ask("gemini-2.5-flash", true), backend);

        // then
        assertThat(path).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }

    @Test
    void should_call_generate_content_when_the_client_does_not_stream() {
        // when
        String path = codec.chatPath(ask("gemini-2.5-flash", false), backend);

        // then
        assertThat(path).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    }

    @Test
    void should_accept_a_model_given_as_its_resource_name() {
        // when
        String path = codec.chatPath(ask("models/gemini-2.5-pro", true), backend);

        // then
        assertThat(path).isEqualTo("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    }

    @Test
    void should_percent_encode_a_model_name_so_it_cannot_change_the_method() {
        // when
        String path = codec.chatPath(ask("tuned/my model:v1", false), backend);

        // then
        assertThat(path).isEqualTo("/v1beta/models/tuned%2Fmy%20model%3Av1:generateContent");
    }

    @Test
    void should_refuse_a_request_without_a_model() {
        // when / then
        assertThatThrownBy(() -> codec.chatPath(ask(null, true), backend))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("Gemini needs a model");
    }

    @Test
    void should_set_body_path_and_google_key_header_in_the_kamelet_step() throws Exception {
        // given: what the llm-chat route hands the kamelet
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(BackendCodec.BACKEND, backend);
        exchange.getMessage().setBody(ask("gemini-2.5-flash", true));

        // when
        codec.encodeRequest(exchange);

        // then: the key is Google's header, never a Bearer token; the body has no model or stream
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_QUERY)).isEqualTo("alt=sse");
        assertThat(exchange.getMessage().getHeader("x-goog-api-key")).isEqualTo("AIzaSyD-test-key");
        assertThat(exchange.getMessage().getHeader("Authorization")).isNull();
        assertThat(Json.parse(exchange.getMessage().getBody(String.class))).isEqualTo(Json.parse("""
                {"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}"""));
    }

    @Test
    void should_send_no_key_header_when_the_backend_has_no_key() throws Exception {
        // given: e.g. a local proxy that adds the key itself
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(BackendCodec.BACKEND, new Backend("proxy", "gemini", "http://127.0.0.1:8089", "", null));
        exchange.getMessage().setBody(ask("gemini-2.5-flash", false));

        // when
        codec.encodeRequest(exchange);

        // then
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKeys("x-goog-api-key", "Authorization");
    }

    @Test
    void should_send_tools_as_json_schema_declarations_with_a_forced_function() throws Exception {
        // given
        ChatRequest request = new ChatRequest("gemini-2.5-flash", List.of(ChatMessage.of(Role.USER, "Weather in Paris?")),
                List.of(new ToolDefinition("get_weather", "Current weather", Json.parse("""
                        {"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""")),
                        new ToolDefinition("get_time", null, null)),
                Json.parse("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"), null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body).isEqualTo(Json.parse("""
                {"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]}],
                 "tools":[{"functionDeclarations":[
                   {"name":"get_weather","description":"Current weather",
                    "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}},
                   {"name":"get_time"}]}],
                 "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}}"""));
    }

    @Test
    void should_map_the_tool_choice_words_to_calling_modes() throws Exception {
        // when / then
        assertThat(GeminiTools.functionCallingConfig(Json.parse("\"auto\""))).isEqualTo(Json.parse("{\"mode\":\"AUTO\"}"));
        assertThat(GeminiTools.functionCallingConfig(Json.parse("\"none\""))).isEqualTo(Json.parse("{\"mode\":\"NONE\"}"));
        assertThat(GeminiTools.functionCallingConfig(Json.parse("\"required\""))).isEqualTo(Json.parse("{\"mode\":\"ANY\"}"));
        assertThat(GeminiTools.functionCallingConfig(null)).isNull();
    }

    @Test
    void should_send_no_tool_config_without_tools() throws Exception {
        // given: tool_choice "none" from a client that sent no tools
        ChatRequest request = new ChatRequest("gemini-2.5-flash", List.of(ChatMessage.of(Role.USER, "Hi")),
                null, Json.parse("\"none\""), null, false);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("toolConfig")).isFalse();
    }

    @Test
    void should_decode_a_whole_reply_with_thoughts_and_count_thinking_tokens_as_completion() throws Exception {
        // given: :generateContent with thinkingConfig.includeThoughts, as Gemini pretty-prints it
        String reply = """
                {
                  "candidates": [
                    {
                      "content": {
                        "parts": [
                          {
                            "text": "**Explaining the colour**\\n\\nThe user asks about Rayleigh scattering.",
                            "thought": true
                          },
                          {
                            "text": "Sunlight scatters off air molecules, and blue light scatters most."
                          }
                        ],
                        "role": "model"
                      },
                      "finishReason": "STOP",
                      "index": 0
                    }
                  ],
                  "usageMetadata": {
                    "promptTokenCount": 8,
                    "candidatesTokenCount": 13,
                    "totalTokenCount": 376,
                    "promptTokensDetails": [
                      {
                        "modality": "TEXT",
                        "tokenCount": 8
                      }
                    ],
                    "thoughtsTokenCount": 355
                  },
                  "modelVersion": "gemini-2.5-flash",
                  "responseId": "mI4zaM-9Ga2ZnvgP0ZrL2Qs"
                }""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk).isEqualTo(new ChatChunk("Sunlight scatters off air molecules, and blue light scatters most.",
                "**Explaining the colour**\n\nThe user asks about Rayleigh scattering.", List.of(),
                FinishReason.STOP, new Usage(8, 368), "gemini-2.5-flash"));
    }

    @Test
    void should_decode_whole_parallel_function_calls_as_tool_calls_with_gateway_ids() throws Exception {
        // given: Gemini 2.5 sends no call ids and finishes with STOP
        String reply = """
                {
                  "candidates": [
                    {
                      "content": {
                        "parts": [
                          {
                            "functionCall": {
                              "name": "get_weather",
                              "args": {
                                "city": "Paris"
                              }
                            },
                            "thoughtSignature": "CiQB0e2Kb5jxGmFb1Vt6YqKJ3lJxL7g0bDq0qQ2mW9n0a7Jp4X0KYgHR7Ypu"
                          },
                          {
                            "functionCall": {
                              "name": "get_weather",
                              "args": {
                                "city": "Rome"
                              }
                            }
                          }
                        ],
                        "role": "model"
                      },
                      "finishReason": "STOP",
                      "index": 0
                    }
                  ],
                  "usageMetadata": {
                    "promptTokenCount": 52,
                    "candidatesTokenCount": 30,
                    "totalTokenCount": 121,
                    "thoughtsTokenCount": 39
                  },
                  "modelVersion": "gemini-2.5-flash",
                  "responseId": "k3ZJaP2aNcbWz7IP-MqC8A0"
                }""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(chunk.content()).isNull();
        assertThat(chunk.toolCalls()).extracting(ToolCallDelta::index, ToolCallDelta::name, ToolCallDelta::arguments)
                .containsExactly(tuple(0, "get_weather", "{\"city\":\"Paris\"}"),
                        tuple(1, "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(chunk.toolCalls()).extracting(ToolCallDelta::id)
                .allSatisfy(id -> assertThat(id).startsWith("call_").hasSize(29))
                .doesNotHaveDuplicates();
        assertThat(chunk.usage()).isEqualTo(new Usage(52, 69));
    }

    @Test
    void should_report_a_whole_reply_cut_at_max_tokens_as_length() throws Exception {
        // given
        String reply = """
                {"candidates": [{"content": {"parts": [{"text": "The sky is blue because"}],"role": "model"},"finishReason": "MAX_TOKENS","index": 0}],
                 "usageMetadata": {"promptTokenCount": 8,"candidatesTokenCount": 5,"totalTokenCount": 13},
                 "modelVersion": "gemini-2.0-flash","responseId": "aB3kaLbHEo2pnvgPzJ7S4A4"}""";

        // when
        ChatChunk chunk = codec.decodeWhole(Json.parse(reply));

        // then
        assertThat(chunk.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(chunk.usage()).isEqualTo(new Usage(8, 5));
    }

    @Test
    void should_list_only_models_that_can_generate_content_without_the_models_prefix() throws Exception {
        // given: GET /v1beta/models, abridged to three models
        String models = """
                {
                  "models": [
                    {
                      "name": "models/embedding-gecko-001",
                      "version": "001",
                      "displayName": "Embedding Gecko",
                      "description": "Obtain a distributed representation of a text.",
                      "inputTokenLimit": 1024,
                      "outputTokenLimit": 1,
                      "supportedGenerationMethods": [
                        "embedText",
                        "countTextTokens"
                      ]
                    },
                    {
                      "name": "models/gemini-2.5-flash",
                      "version": "001",
                      "displayName": "Gemini 2.5 Flash",
                      "description": "Stable version of Gemini 2.5 Flash, our mid-size multimodal model that supports up to 1 million tokens, released in June of 2025.",
                      "inputTokenLimit": 1048576,
                      "outputTokenLimit": 65536,
                      "supportedGenerationMethods": [
                        "generateContent",
                        "countTokens",
                        "createCachedContent",
                        "batchGenerateContent"
                      ],
                      "temperature": 1,
                      "topP": 0.95,
                      "topK": 64,
                      "maxTemperature": 2,
                      "thinking": true
                    },
                    {
                      "name": "models/gemini-2.0-flash-lite",
                      "version": "2.0",
                      "displayName": "Gemini 2.0 Flash-Lite",
                      "description": "Gemini 2.0 Flash-Lite",
                      "inputTokenLimit": 1048576,
                      "outputTokenLimit": 8192,
                      "supportedGenerationMethods": [
                        "generateContent",
                        "countTokens",
                        "createCachedContent",
                        "batchGenerateContent"
                      ],
                      "temperature": 1,
                      "topP": 0.95,
                      "topK": 40,
                      "maxTemperature": 2
                    }
                  ],
                  "nextPageToken": "Ch1tb2RlbHMvZ2VtaW5pLTIuMC1mbGFzaC1saXRl"
                }""";

        // when
        List<ModelInfo> decoded = codec.decodeModels(Json.parse(models), backend);

        // then
        assertThat(decoded).containsExactly(
                new ModelInfo("gemini", "gemini-2.5-flash", 0L),
                new ModelInfo("gemini", "gemini-2.0-flash-lite", 0L));
    }

    @Test
    void should_fail_with_geminis_message_and_status_when_it_answers_an_error_before_streaming() throws Exception {
        // given: a model that does not exist
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(BackendCodec.BACKEND, backend);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        exchange.getMessage().setBody(new TrickleInputStream("""
                {
                  "error": {
                    "code": 404,
                    "message": "models/gemini-9.9-flash is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.",
                    "status": "NOT_FOUND"
                  }
                }
                """));

        // when / then
        assertThatThrownBy(() -> codec.decodeReply(exchange))
                .hasMessage("backend 'gemini' answered 404: models/gemini-9.9-flash is not found for API version v1beta, "
                        + "or is not supported for generateContent. Call ListModels to see the list of available models "
                        + "and their supported methods.")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(404));
    }

    @Test
    void should_decode_an_event_stream_reply_through_the_kamelet_step() throws Exception {
        // given: what the llm-upstream endpoint hands the kamelet's decodeReply step; Gemini ends events with CRLF CRLF
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(BackendCodec.BACKEND, backend);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/event-stream");
        exchange.getMessage().setBody(TrickleReadStream.liveReply(
                "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Hi\"}],\"role\": \"model\"},\"index\": 0}],"
                        + "\"usageMetadata\": {\"promptTokenCount\": 2,\"totalTokenCount\": 2,\"promptTokensDetails\": "
                        + "[{\"modality\": \"TEXT\",\"tokenCount\": 2}]},\"modelVersion\": \"gemini-2.0-flash\","
                        + "\"responseId\": \"3KZJaJ2_E4-rnvgPx4uY4QU\"}\r\n\r\n"
                        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" there! How can I help?\"}],"
                        + "\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": "
                        + "{\"promptTokenCount\": 2,\"candidatesTokenCount\": 8,\"totalTokenCount\": 10,"
                        + "\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 2}],"
                        + "\"candidatesTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 8}]},"
                        + "\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": \"3KZJaJ2_E4-rnvgPx4uY4QU\"}\r\n\r\n"));

        // when
        ChatResponse reply;
        try (ChatStream stream = (ChatStream) codec.decodeReply(exchange)) {
            reply = stream.relay(chunk -> { });
        }

        // then
        assertThat(reply.message().content()).isEqualTo("Hi there! How can I help?");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(reply.usage()).isEqualTo(new Usage(2, 8));
        assertThat(reply.model()).isEqualTo("gemini-2.0-flash");
    }

    @Test
    void should_decode_a_json_reply_through_the_kamelet_step() throws Exception {
        // given
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(BackendCodec.BACKEND, backend);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        exchange.getMessage().setBody(new TrickleInputStream("""
                {
                  "candidates": [
                    {
                      "content": {
                        "parts": [
                          {
                            "text": "Hello!"
                          }
                        ],
                        "role": "model"
                      },
                      "finishReason": "STOP",
                      "index": 0
                    }
                  ],
                  "usageMetadata": {
                    "promptTokenCount": 2,
                    "candidatesTokenCount": 2,
                    "totalTokenCount": 4
                  },
                  "modelVersion": "gemini-2.0-flash",
                  "responseId": "ZqlJaNuSM9LZnvgPy8bP8Qk"
                }
                """));

        // when
        ChatResponse reply;
        try (ChatStream stream = (ChatStream) codec.decodeReply(exchange)) {
            reply = stream.relay(chunk -> { });
        }

        // then
        assertThat(reply.message().content()).isEqualTo("Hello!");
        assertThat(reply.usage()).isEqualTo(new Usage(2, 2));
    }

    @Test
    void should_drop_options_gemini_has_no_field_for() throws Exception {
        // given: num_ctx and keep_alive from an Ollama client
        GenerationOptions options = new GenerationOptions(null, null, null, null, null, null, null, null, null,
                8192, Json.parse("\"5m\""), null);
        ChatRequest request = new ChatRequest("gemini-2.5-flash", List.of(ChatMessage.of(Role.USER, "Hi")),
                null, null, options, true);

        // when
        ObjectNode body = codec.encode(request);

        // then
        assertThat(body.has("generationConfig")).isFalse();
    }

    @Test
    void should_leave_the_gateways_call_ids_off_geminis_wire() {
        // given: a history whose calls carry the gateway's ids
        List<ChatMessage> messages = List.of(
                ChatMessage.of(Role.USER, "Weather in Paris?"),
                new ChatMessage(Role.ASSISTANT, "", null, null,
                        List.of(new ToolCall("call_abc", "get_weather", "{\"city\":\"Paris\"}")), null, null),
                new ChatMessage(Role.TOOL, "21", null, null, null, "call_abc", null));

        // when
        ObjectNode body = codec.encode(new ChatRequest("gemini-2.5-flash", messages, null, null, null, false));

        // then: Gemini pairs by name and order, so the gateway's ids stay off its wire
        assertThat(Json.write(body)).doesNotContain("call_abc");
    }
}
