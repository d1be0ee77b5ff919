package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.json.Json;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Each time limit of a backend call ends it with a 504 (or an error event) that names the backend and the limit. */
class TimeoutsTest extends GatewayTestSupport {

    private static final String SSE_CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick \"},\"finish_reason\":null}]}\n\n";

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("agents.backends.ollama.firstByteTimeout", "1s");
        properties.put("agents.backends.lmStudio.idleTimeout", "1s");
        properties.put("agents.backends.slowpoke.baseUrl", backend.baseUrl() + "/slow/v1");
        properties.put("agents.backends.slowpoke.type", "openai");
        properties.put("agents.backends.slowpoke.totalTimeout", "1500ms");
        return properties;
    }

    @Test
    void should_give_up_on_a_backend_that_does_not_start_its_reply_in_time() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withFixedDelay(4000)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        long start = System.nanoTime();

        HttpResponse<String> reply = chat("llama3.2", false);

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.statusCode()).isEqualTo(504);
        assertThat(Json.parse(reply.body()).at("/error/message").asText())
                .contains("backend 'ollama'").contains("within 1 s (firstByteTimeout)");
        assertThat(tookMillis).isLessThan(3500);
        backend.verify(1, postRequestedFor(urlEqualTo("/api/chat")));          // a slow backend is not asked again
    }

    @Test
    void should_end_a_stream_that_falls_silent_with_an_error_naming_the_idle_limit() throws Exception {
        backend.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(SSE_CHUNK.repeat(3) + "data: [DONE]\n\n")
                .withChunkedDribbleDelay(3, 6000)));

        HttpResponse<String> reply = chat("lmStudio/m", true);

        assertThat(reply.body()).contains("sent nothing for 1 s (idleTimeout)").contains("backend 'lmStudio'");
    }

    @Test
    void should_end_a_stream_that_takes_longer_than_the_total_limit() throws Exception {
        backend.stubFor(post(urlEqualTo("/slow/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(SSE_CHUNK.repeat(12) + "data: [DONE]\n\n")
                .withChunkedDribbleDelay(13, 6000)));
        long start = System.nanoTime();

        HttpResponse<String> reply = chat("slowpoke/m", true);

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4000);
        assertThat(reply.statusCode()).isEqualTo(200);                   // the stream had begun
        assertThat(reply.body()).contains("tick").contains("did not finish its reply within 1500 ms (totalTimeout)")
                .contains("event: error\ndata: {\"error\":").doesNotContain("[DONE]");
    }

    private HttpResponse<String> chat(String model, boolean stream) throws Exception {
        return postJson("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }
}
