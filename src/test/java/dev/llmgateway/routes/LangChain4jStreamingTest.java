package dev.llmgateway.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's OpenAI streaming model against the OpenAI door: a whole stream completes, and a
 * stream the backend breaks off is an error, not a shorter answer passed off as complete. (LangChain4j
 * also completes every stream once its connection closes, after an error too: the error must come
 * first.)
 */
class LangChain4jStreamingTest extends GatewayTestSupport {

    private static final String TWO_CHUNKS = """
            {"model":"llama3.2","message":{"role":"assistant","content":"The sky"},"done":false}
            {"model":"llama3.2","message":{"role":"assistant","content":" is"},"done":false}
            """;

    private StreamingChatModel model() {
        return OpenAiStreamingChatModel.builder().baseUrl(gateway("/v1")).apiKey("unused").modelName("ollama/llama3.2")
                .timeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void should_complete_a_whole_stream() throws Exception {
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                .withBody(TWO_CHUNKS + "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\" blue.\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":3}\n")));

        Outcome outcome = stream("Why is the sky blue?");

        assertThat(outcome.failure.isDone()).isFalse();
        assertThat(outcome.complete.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("The sky is blue.");
    }

    @Test
    void should_fail_a_stream_the_backend_breaks_off() throws Exception {
        // two chunks, then the backend's stream ends without its last line (done:true)
        backend.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                .withBody(TWO_CHUNKS)));

        Outcome outcome = stream("Why is the sky blue?");

        Throwable failure = outcome.failure.get(10, TimeUnit.SECONDS);
        assertThat(failure.getMessage()).contains("ollama");
        assertThat(outcome.ends.get(0)).as("a broken stream passed off as a complete answer").isEqualTo("error");
        assertThat(outcome.partial.toString()).isEqualTo("The sky is");
    }

    private Outcome stream(String question) {
        Outcome outcome = new Outcome();
        model().chat(question, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                outcome.partial.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                outcome.ends.add("complete");
                outcome.complete.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                outcome.ends.add("error");
                outcome.failure.complete(error);
            }
        });
        CompletableFuture.anyOf(outcome.complete, outcome.failure).orTimeout(10, TimeUnit.SECONDS).join();
        return outcome;
    }

    private static final class Outcome {
        final StringBuffer partial = new StringBuffer();
        final List<String> ends = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> complete = new CompletableFuture<>();
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    }
}
