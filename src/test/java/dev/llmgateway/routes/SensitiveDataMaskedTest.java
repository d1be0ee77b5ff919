package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * agents.privacy.onDetect=mask: a third-party backend sees stand-ins ([EMAIL_1], [IBAN_1]) for what
 * the detectors found, the client gets the real values back in the answer, streamed or whole, and a
 * local backend gets the request as sent.
 */
class SensitiveDataMaskedTest extends GatewayTestSupport {

    private static final String PROMPT = "Write to jane.doe@example.com about the payment from DE89 3704 0044 0532 0130 00";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.setProperty("agents.privacy.detect", "email,iban");
        properties.setProperty("agents.privacy.onDetect", "mask");
        return properties;
    }

    @Test
    void should_send_stand_ins_to_the_third_party_and_give_the_client_the_values_back() throws Exception {
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages")).withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"Dear [EMAIL_1], the payment from [IBAN_1] arrived."}],
                         "stop_reason":"end_turn","usage":{"input_tokens":21,"output_tokens":12}}""")));

        try (LogCapture log = LogCapture.attach()) {
            ChatCompletion reply = client().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("anthropic/claude-sonnet-4-5").addUserMessage(PROMPT).build());

            assertThat(reply.choices().get(0).message().content()).hasValue(
                    "Dear jane.doe@example.com, the payment from DE89 3704 0044 0532 0130 00 arrived.");
            backend.verify(postRequestedFor(urlEqualTo("/anthropic/v1/messages"))
                    .withRequestBody(containing("Write to [EMAIL_1] about the payment from [IBAN_1]"))
                    .withRequestBody(notContaining("jane.doe")).withRequestBody(notContaining("DE89")));
            assertThat(log.allOnce("detected email,iban (masked for third parties)")).contains("private=false")
                    .doesNotContain("jane.doe").doesNotContain("DE89");
        }
    }

    @Test
    void should_put_back_a_stand_in_split_across_streamed_chunks() {
        backend.stubFor(post(urlEqualTo("/anthropic/v1/messages")).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("""
                        event: message_start
                        data: {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":21,"output_tokens":1}}}

                        event: content_block_start
                        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                        event: content_block_delta
                        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Sent to [EMA"}}

                        event: content_block_delta
                        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"IL_1], from [IBAN_1"}}

                        event: content_block_delta
                        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"] and [NOTE_9]."}}

                        event: content_block_stop
                        data: {"type":"content_block_stop","index":0}

                        event: message_delta
                        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":14}}

                        event: message_stop
                        data: {"type":"message_stop"}

                        """)));
        StringBuilder text = new StringBuilder();

        try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("anthropic/claude-sonnet-4-5").addUserMessage(PROMPT).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }

        assertThat(text).hasToString("Sent to jane.doe@example.com, from DE89 3704 0044 0532 0130 00 and [NOTE_9].");
    }

    @Test
    void should_send_a_local_backend_the_request_as_written() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Done.\"},\"done\":true}")));

        HttpResponse<String> reply = postJson("/api/chat", "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + PROMPT + "\"}]}");

        assertThat(reply.statusCode()).isEqualTo(200);
        backend.verify(postRequestedFor(urlEqualTo("/api/chat")).withRequestBody(containing("jane.doe@example.com")));
    }

    private OpenAIClient client() {
        return OpenAIOkHttpClient.builder().baseUrl(gateway("/v1")).apiKey("unused").build();
    }
}
