package dev.llmgateway.conformance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The backend dialects, each as the gateway's test configuration reaches it (a backend name used
 * as model prefix) and as WireMock plays it: the chat path, and the reply rendered for a streamed
 * and a whole request.
 */
enum Egress {

    OLLAMA("ollama", "/api/chat", "application/x-ndjson", Upstreams::ollamaStream, Upstreams::ollamaWhole, Upstreams::ollamaError),
    OPENAI_COMPATIBLE("lmStudio", "/v1/chat/completions", "text/event-stream", Upstreams::openAiStream, Upstreams::openAiWhole, Upstreams::openAiError),
    LM_STUDIO_NATIVE("lmNative", "/api/v1/chat", "text/event-stream", Upstreams::lmStudioStream, Upstreams::lmStudioWhole, Upstreams::lmStudioError);

    final String backend;
    final String path;
    private final String streamType;
    private final BiFunction<String, Reply, String> stream;
    private final BiFunction<String, Reply, String> whole;
    private final Function<Reply, String> error;

    Egress(String backend, String path, String streamType, BiFunction<String, Reply, String> stream,
           BiFunction<String, Reply, String> whole, Function<Reply, String> error) {
        this.backend = backend;
        this.path = path;
        this.streamType = streamType;
        this.stream = stream;
        this.whole = whole;
        this.error = error;
    }

    /** Serves {@code reply}: streamed when the gateway asks for a stream, whole when not. */
    void stub(WireMockServer server, String model, Reply reply) {
        if (reply.errorStatus() != 0) {
            server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(reply.errorStatus())
                    .withHeader("Content-Type", "application/json").withBody(error.apply(reply))));
            return;
        }
        server.stubFor(post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withHeader("Content-Type", streamType).withBody(stream.apply(model, reply))
                        .withChunkedDribbleDelay(4, 200)));
        server.stubFor(post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(whole.apply(model, reply))));
    }

    boolean supportsTools() {
        return this != LM_STUDIO_NATIVE;
    }
}
