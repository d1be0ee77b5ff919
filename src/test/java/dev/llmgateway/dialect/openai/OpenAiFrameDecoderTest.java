package dev.llmgateway.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;

import dev.llmgateway.stream.DecodingChatStream;
import dev.llmgateway.stream.Framing;
import dev.llmgateway.stream.Streams;
import dev.llmgateway.stream.TrickleReadStream;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiFrameDecoderTest {

    @Test
    void should_skip_the_role_chunk_and_read_content_finish_and_usage_until_done() {
        // given: OpenAI with stream_options.include_usage
        String body = """
                data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_f9f4fb6dbf","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

                data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_f9f4fb6dbf","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}],"usage":null}

                data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_f9f4fb6dbf","choices":[{"index":0,"delta":{"content":"lo!"},"logprobs":null,"finish_reason":null}],"usage":null}

                data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_f9f4fb6dbf","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

                data: {"id":"chatcmpl-B9MBs8","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_f9f4fb6dbf","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}

                data: [DONE]

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).extracting(ChatChunk::content).containsExactly("Hel", "lo!", null, null);
        assertThat(chunks).extracting(ChatChunk::finishReason).containsExactly(null, null, FinishReason.STOP, null);
        assertThat(chunks).extracting(ChatChunk::usage).containsExactly(null, null, null, new Usage(9, 2));
        assertThat(chunks).extracting(ChatChunk::model).containsOnly("gpt-4o-2024-08-06");
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().content()).isEqualTo("Hello!");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(reply.usage()).isEqualTo(new Usage(9, 2));
    }

    @Test
    void should_stop_reading_at_done() {
        // given: vLLM after an error sends [DONE]; anything after it is never read
        String body = """
                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

                data: [DONE]

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","choices":[{"index":0,"delta":{"content":"ignored"},"finish_reason":null}]}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then: [DONE] counts as the end even without a finish_reason
        assertThat(chunks).extracting(ChatChunk::content).containsExactly("Hi");
    }

    @Test
    void should_read_reasoning_content_and_reasoning_as_thinking() {
        // given: llama.cpp says reasoning_content, Ollama /v1 and vLLM say reasoning
        String body = """
                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","choices":[{"index":0,"delta":{"reasoning_content":"The user "},"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"greets me."},"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","choices":[{"index":0,"delta":{"content":"Hi!"},"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                data: [DONE]

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).extracting(ChatChunk::thinking).containsExactly("The user ", "greets me.", null, null);
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().thinking()).isEqualTo("The user greets me.");
        assertThat(reply.message().content()).isEqualTo("Hi!");
    }

    @Test
    void should_aggregate_tool_call_fragments_into_one_call() {
        // given: OpenAI sends id and name first, then argument pieces only
        String body = """
                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0705bf87c0","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0705bf87c0","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\""}}]},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0705bf87c0","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"location"}}]},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0705bf87c0","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\":\\""}}]},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0705bf87c0","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"Paris"}}]},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0705bf87c0","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"}"}}]},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0705bf87c0","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

                data: [DONE]

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks.get(0).toolCalls())
                .containsExactly(new ToolCallDelta(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", ""));
        assertThat(chunks.get(1).toolCalls()).containsExactly(new ToolCallDelta(0, null, null, "{\""));
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().toolCalls()).containsExactly(
                new ToolCall("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", "{\"location\":\"Paris\"}"));
        assertThat(reply.message().content()).isEmpty();
        assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void should_keep_parallel_calls_apart_by_index() {
        // given
        String body = """
                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\": \\"Paris\\"}"}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\\"city\\": \\"Rome\\"}"}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1733195424,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                data: [DONE]

                """;

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.message().toolCalls()).containsExactly(
                new ToolCall("call_a", "get_weather", "{\"city\": \"Paris\"}"),
                new ToolCall("call_b", "get_weather", "{\"city\": \"Rome\"}"));
    }

    @Test
    void should_give_distinct_indexes_to_calls_that_all_claim_index_0() {
        // given: Ollama /v1 (ollama/ollama#15457) sends whole calls, each with index 0 but its own id
        String body = """
                data: {"id":"chatcmpl-476","object":"chat.completion.chunk","created":1751920373,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_k3x9ab1c","index":0,"type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-476","object":"chat.completion.chunk","created":1751920373,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_p2q7cd3e","index":0,"type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-476","object":"chat.completion.chunk","created":1751920373,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"tool_calls"}]}

                data: {"id":"chatcmpl-476","object":"chat.completion.chunk","created":1751920373,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":150,"completion_tokens":40,"total_tokens":190}}

                data: [DONE]

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks.get(0).toolCalls()).extracting(ToolCallDelta::index).containsExactly(0);
        assertThat(chunks.get(1).toolCalls()).extracting(ToolCallDelta::index).containsExactly(1);
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().toolCalls()).containsExactly(
                new ToolCall("call_k3x9ab1c", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_p2q7cd3e", "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(reply.usage()).isEqualTo(new Usage(150, 40));
    }

    @Test
    void should_give_distinct_indexes_to_two_calls_with_index_0_in_one_chunk() {
        // given
        String body = """
                data: {"id":"chatcmpl-12","object":"chat.completion.chunk","created":1751920373,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_one","index":0,"type":"function","function":{"name":"get_weather","arguments":"{}"}},{"id":"call_two","index":0,"type":"function","function":{"name":"get_time","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}

                data: [DONE]

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).singleElement().satisfies(chunk -> assertThat(chunk.toolCalls()).containsExactly(
                new ToolCallDelta(0, "call_one", "get_weather", "{}"),
                new ToolCallDelta(1, "call_two", "get_time", "{}")));
    }

    @Test
    void should_invent_index_and_id_for_deltas_that_carry_neither() {
        // given: Gemini's OpenAI endpoint sends whole calls without index; ids are absent too
        String body = """
                data: {"choices":[{"delta":{"role":"assistant","tool_calls":[{"function":{"arguments":"{\\"city\\":\\"Paris\\"}","name":"get_weather"},"type":"function"},{"function":{"arguments":"{\\"city\\":\\"Rome\\"}","name":"get_weather"},"type":"function"}]},"finish_reason":"tool_calls","index":0}],"created":1751920373,"id":"2b5sa","model":"gemini-2.5-flash","object":"chat.completion.chunk"}

                data: [DONE]

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        List<ToolCallDelta> calls = chunks.get(0).toolCalls();
        assertThat(calls).extracting(ToolCallDelta::index).containsExactly(0, 1);
        assertThat(calls).extracting(ToolCallDelta::id).allSatisfy(id -> assertThat(id).matches("call_[A-Za-z0-9]{24}"));
        assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());
        assertThat(aggregate(chunks).message().toolCalls()).extracting(ToolCall::arguments)
                .containsExactly("{\"city\":\"Paris\"}", "{\"city\":\"Rome\"}");
    }

    @Test
    void should_invent_an_id_for_an_index_only_first_delta_and_not_for_its_fragments() {
        // given: continuedev/continue#13235, a first delta with index and name but no id
        String body = """
                data: {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1751920373,"model":"qwen3","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":"}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1751920373,"model":"qwen3","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}]}

                data: [DONE]

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks.get(0).toolCalls().get(0).id()).matches("call_[A-Za-z0-9]{24}");
        assertThat(chunks.get(1).toolCalls()).containsExactly(new ToolCallDelta(0, null, null, "\"Paris\"}"));
        assertThat(aggregate(chunks).message().toolCalls()).singleElement()
                .satisfies(call -> assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}"));
    }

    @Test
    void should_write_object_arguments_as_json_text() {
        // given: TGI 2.x (huggingface/text-generation-inference#2461) sends arguments as an object
        String body = """
                data:{"object":"chat.completion.chunk","id":"","created":1725000000,"model":"meta-llama/Meta-Llama-3.1-8B-Instruct","system_fingerprint":"2.2.0-native","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"0","type":"function","function":{"description":null,"name":"get_weather","arguments":{"city":"Paris","unit":"celsius"}}}]},"logprobs":null,"finish_reason":"eos_token"}]}

                """;

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).singleElement().satisfies(chunk -> assertThat(chunk.toolCalls()).containsExactly(
                new ToolCallDelta(0, "0", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}")));
    }

    @Test
    void should_accept_a_stream_that_ends_after_a_finish_without_done() {
        // given: old TGI (huggingface/text-generation-inference#1896) sends no [DONE]
        String body = """
                data:{"object":"chat.completion.chunk","id":"","created":1712345678,"model":"tgi","system_fingerprint":"2.0.1-native","choices":[{"index":0,"delta":{"role":"assistant","content":"Deep"},"logprobs":null,"finish_reason":null}]}

                data:{"object":"chat.completion.chunk","id":"","created":1712345678,"model":"tgi","system_fingerprint":"2.0.1-native","choices":[{"index":0,"delta":{"role":"assistant","content":" learning"},"logprobs":null,"finish_reason":"length"}]}

                """;

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.message().content()).isEqualTo("Deep learning");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void should_fail_when_the_stream_ends_before_any_finish() {
        // given
        String body = """
                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}

                """;
        DecodingChatStream stream = stream(body);

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("Hel");
        assertThatThrownBy(stream::hasNext)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: the stream ended before the reply was complete");
    }

    @Test
    void should_fail_with_the_message_of_an_error_event() {
        // given: vLLM reports errors inside the 200 stream, then sends [DONE]
        String body = """
                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"qwen3","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}

                data: {"error":{"message":"boom"}}

                data: [DONE]

                """;
        DecodingChatStream stream = stream(body);

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("Hel");
        assertThatThrownBy(stream::next)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: boom")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(502));
    }

    @Test
    void should_fail_with_the_message_of_a_tgi_error_event_without_type() {
        // given
        String body = """
                data:{"error":{"message":"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096","http_status_code":422}}

                """;

        // when / then
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096");
    }

    @Test
    void should_fail_on_an_event_that_is_not_json() {
        // when / then
        assertThatThrownBy(() -> decode("data: {\"choices\":[\n\n"))
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'lmStudio' answered 502: malformed stream event: {\"choices\":[");
    }

    private static DecodingChatStream stream(String body) {
        return TrickleReadStream.decode(body, Framing.SSE,
                new OpenAiFrameDecoder("lmStudio"), "lmStudio");
    }

    @Test
    void should_treat_tgi_blank_ids_and_single_object_tool_calls_as_one_call() {
        // given: TGI 2.4.1 sends "id":"" on every fragment and tool_calls as one object (TGI#2794)
        String body = """
                data: {"object":"chat.completion.chunk","model":"tgi","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":{"index":0,"id":"","type":"function","function":{"name":"get_weather","arguments":"{\\"city"}}},"finish_reason":null}]}

                data: {"object":"chat.completion.chunk","model":"tgi","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":{"index":0,"id":"","type":"function","function":{"name":null,"arguments":"\\":\\"Paris\\"}"}}},"finish_reason":null}]}

                data: {"object":"chat.completion.chunk","model":"tgi","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                data: [DONE]

                """;

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.message().toolCalls()).hasSize(1);
        ToolCall call = reply.message().toolCalls().get(0);
        assertThat(call.id()).startsWith("call_");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void should_move_a_reused_index_past_every_index_in_use() {
        // given: calls at index 0 and 2, then a third call that claims index 0 again
        String body = """
                data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"a","arguments":"{}"}},{"index":2,"id":"call_c","type":"function","function":{"name":"c","arguments":"{}"}}]},"finish_reason":null}]}

                data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_d","type":"function","function":{"name":"d","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}

                data: [DONE]

                """;

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.message().toolCalls()).extracting(ToolCall::id).containsExactly("call_a", "call_d", "call_c");
    }

    private static List<ChatChunk> decode(String body) {
        return Streams.drain(stream(body));
    }

    private static ChatResponse aggregate(List<ChatChunk> chunks) {
        return Streams.aggregate(chunks);
    }
}
