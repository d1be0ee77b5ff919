package dev.llmgateway.dialect.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.GatewayException;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;

import dev.llmgateway.stream.DecodingChatStream;
import dev.llmgateway.stream.Framing;
import dev.llmgateway.stream.Streams;
import dev.llmgateway.stream.TrickleReadStream;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded {@code :streamGenerateContent?alt=sse} bodies; Gemini ends every event with CRLF CRLF. */
class GeminiFrameDecoderTest {

    /** The events as Gemini writes them: {@code data: <json>\r\n\r\n}, no [DONE]. */
    private static String sse(String... events) {
        StringBuilder body = new StringBuilder();
        for (String event : events) {
            body.append("data: ").append(event).append("\r\n\r\n");
        }
        return body.toString();
    }

    @Test
    void should_stream_text_and_end_at_eof_after_the_finish_with_the_last_usage() {
        // given
        String body = sse("""
                {"candidates": [{"content": {"parts": [{"text": "The sky appears blue"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 6,"totalTokenCount": 6,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 6}]},"modelVersion": "gemini-2.0-flash","responseId": "mI4zaM-9Ga2ZnvgP0ZrL2Qs"}""", """
                {"candidates": [{"content": {"parts": [{"text": " because of Rayleigh scattering. ☀"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 6,"totalTokenCount": 6,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 6}]},"modelVersion": "gemini-2.0-flash","responseId": "mI4zaM-9Ga2ZnvgP0ZrL2Qs"}""", """
                {"candidates": [{"content": {"parts": [{"text": ""}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 6,"candidatesTokenCount": 12,"totalTokenCount": 18,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 6}],"candidatesTokensDetails": [{"modality": "TEXT","tokenCount": 12}]},"modelVersion": "gemini-2.0-flash","responseId": "mI4zaM-9Ga2ZnvgP0ZrL2Qs"}""");

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks).extracting(ChatChunk::content)
                .containsExactly("The sky appears blue", " because of Rayleigh scattering. ☀", null);
        assertThat(chunks).extracting(ChatChunk::finishReason).containsExactly(null, null, FinishReason.STOP);
        assertThat(chunks).extracting(ChatChunk::model).containsOnly("gemini-2.0-flash");
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.message().content()).isEqualTo("The sky appears blue because of Rayleigh scattering. ☀");
        assertThat(reply.usage()).isEqualTo(new Usage(6, 12));
    }

    @Test
    void should_read_thought_parts_as_thinking_and_add_thought_tokens_to_the_completion() {
        // given: thinkingConfig.includeThoughts on gemini-2.5-flash
        String body = sse("""
                {"candidates": [{"content": {"parts": [{"text": "**Responding to a greeting**\\n\\nThe user says hello.","thought": true}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 4,"totalTokenCount": 64,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 4}],"thoughtsTokenCount": 60},"modelVersion": "gemini-2.5-flash","responseId": "8J5JaKzVL7XRz7IPuNSNqAM"}""", """
                {"candidates": [{"content": {"parts": [{"text": "Hello! How can I help you today?"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 4,"candidatesTokenCount": 9,"totalTokenCount": 73,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 4}],"thoughtsTokenCount": 60},"modelVersion": "gemini-2.5-flash","responseId": "8J5JaKzVL7XRz7IPuNSNqAM"}""");

        // when
        List<ChatChunk> chunks = decode(body);

        // then: reasoning is never mixed into content
        assertThat(chunks).extracting(ChatChunk::thinking)
                .containsExactly("**Responding to a greeting**\n\nThe user says hello.", null);
        assertThat(chunks).extracting(ChatChunk::content).containsExactly(null, "Hello! How can I help you today?");
        assertThat(aggregate(chunks).usage()).isEqualTo(new Usage(4, 69));
    }

    @Test
    void should_turn_whole_function_calls_into_indexed_deltas_with_ids_and_finish_with_tool_calls() {
        // given: two calls in separate chunks, the finish on the second; Gemini says STOP
        String body = sse("""
                {"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather","args": {"city": "Paris"}},"thoughtSignature": "CiQB0e2Kb5jxGmFb1Vt6YqKJ3lJxL7g0bDq0qQ2mW9n0a7Jp4X0KYgHR7Ypu"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 52,"totalTokenCount": 52},"modelVersion": "gemini-2.5-flash","responseId": "k3ZJaP2aNcbWz7IP-MqC8A0"}""", """
                {"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_time","args": {}}}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 52,"candidatesTokenCount": 24,"totalTokenCount": 107,"thoughtsTokenCount": 31},"modelVersion": "gemini-2.5-flash","responseId": "k3ZJaP2aNcbWz7IP-MqC8A0"}""");

        // when
        List<ChatChunk> chunks = decode(body);

        // then
        assertThat(chunks.get(0).toolCalls()).singleElement().satisfies(delta -> {
            assertThat(delta.index()).isZero();
            assertThat(delta.id()).startsWith("call_");
        });
        assertThat(chunks.get(1).toolCalls()).singleElement().satisfies(delta -> assertThat(delta.index()).isOne());
        ChatResponse reply = aggregate(chunks);
        assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(reply.message().toolCalls()).extracting(ToolCall::name, ToolCall::arguments)
                .containsExactly(tuple("get_weather", "{\"city\":\"Paris\"}"),
                        tuple("get_time", "{}"));
        assertThat(reply.message().toolCalls()).extracting(ToolCall::id).doesNotHaveDuplicates();
    }

    @Test
    void should_keep_a_call_id_that_gemini_sends() {
        // given: Gemini 3 may name its calls
        String body = sse("""
                {"candidates": [{"content": {"parts": [{"functionCall": {"id": "8x2kqv1n","name": "get_weather","args": {"city": "Paris"}},"thoughtSignature": "EjQKMgG+Pvb7"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 40,"candidatesTokenCount": 16,"totalTokenCount": 56},"modelVersion": "gemini-3-flash-preview","responseId": "0bJJaOHsIoS0nvgP7oSFmQ4"}""");

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.message().toolCalls()).extracting(ToolCall::id).containsExactly("8x2kqv1n");
    }

    @Test
    void should_report_max_tokens_as_length_and_safety_as_content_filter() {
        // when
        ChatResponse cut = aggregate(decode(sse("""
                {"candidates": [{"content": {"parts": [{"text": "Once upon"}],"role": "model"},"finishReason": "MAX_TOKENS","index": 0}],"usageMetadata": {"promptTokenCount": 5,"candidatesTokenCount": 2,"totalTokenCount": 7},"modelVersion": "gemini-2.0-flash","responseId": "x1"}""")));
        ChatResponse filtered = aggregate(decode(sse("""
                {"candidates": [{"finishReason": "SAFETY","index": 0,"safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT","probability": "HIGH","blocked": true}]}],"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9},"modelVersion": "gemini-2.0-flash","responseId": "x2"}""")));

        // then
        assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(filtered.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(filtered.message().content()).isEmpty();
    }

    @Test
    void should_end_a_blocked_prompt_as_content_filter_instead_of_a_truncated_stream() {
        // given: no candidates at all, only the prompt feedback
        String body = sse("""
                {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},"usageMetadata": {"promptTokenCount": 12,"totalTokenCount": 12,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 12}]},"modelVersion": "gemini-2.5-flash","responseId": "Vb1JaNnVK_rbz7IPo9uV2Q0"}""");

        // when
        ChatResponse reply = aggregate(decode(body));

        // then
        assertThat(reply.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(reply.usage()).isEqualTo(new Usage(12, 0));
    }

    @Test
    void should_fail_when_the_stream_ends_before_a_finish_reason() {
        // given: the connection drops after the first chunk
        DecodingChatStream stream = stream(sse("""
                {"candidates": [{"content": {"parts": [{"text": "The sky"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 6,"totalTokenCount": 6},"modelVersion": "gemini-2.0-flash","responseId": "t1"}"""));

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("The sky");
        assertThatThrownBy(stream::hasNext)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'gemini' answered 502: the stream ended before the reply was complete");
    }

    @Test
    void should_fail_with_the_message_and_code_of_an_error_inside_the_stream() {
        // given: quota exhausted after the first chunk
        DecodingChatStream stream = stream(sse("""
                {"candidates": [{"content": {"parts": [{"text": "Hel"}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.5-pro","responseId": "e1"}""", """
                {"error": {"code": 429,"message": "Resource has been exhausted (e.g. check quota).","status": "RESOURCE_EXHAUSTED"}}"""));

        // when
        ChatChunk first = stream.next();

        // then
        assertThat(first.content()).isEqualTo("Hel");
        assertThatThrownBy(stream::next)
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'gemini' answered 429: Resource has been exhausted (e.g. check quota).")
                .satisfies(e -> assertThat(((GatewayException) e).status()).isEqualTo(429));
    }

    @Test
    void should_fail_on_an_event_that_is_not_json() {
        // when / then
        assertThatThrownBy(() -> decode("data: {\"candidates\": [\r\n\r\n"))
                .isInstanceOf(GatewayException.class)
                .hasMessage("backend 'gemini' answered 502: malformed stream event: {\"candidates\": [");
    }

    private static DecodingChatStream stream(String body) {
        return TrickleReadStream.decode(body, Framing.SSE, new GeminiFrameDecoder("gemini"), "gemini");
    }

    private static List<ChatChunk> decode(String body) {
        return Streams.drain(stream(body));
    }

    private static ChatResponse aggregate(List<ChatChunk> chunks) {
        return Streams.aggregate(chunks);
    }
}
