package dev.llmgateway.conformance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The backend dialects, each as the gateway's test configuration reaches it (a backend name used
 * as model prefix, model {@code m}) and as WireMock plays it: where the chat request goes, and the
 * reply rendered for a streamed and a whole request.
 */
enum Egress {

    OLLAMA("ollama", "/api/chat", null, "application/x-ndjson",
            Upstreams::ollamaStream, Upstreams::ollamaWhole, Upstreams::ollamaError),
    OPENAI_COMPATIBLE("lmStudio", "/v1/chat/completions", null, "text/event-stream",
            Upstreams::openAiStream, Upstreams::openAiWhole, Upstreams::openAiError),
    LM_STUDIO_NATIVE("lmNative", "/api/v1/chat", null, "text/event-stream",
            Upstreams::lmStudioStream, Upstreams::lmStudioWhole, Upstreams::lmStudioError),
    ANTHROPIC("anthropic", "/anthropic/v1/messages", null, "text/event-stream",
            ThirdPartyUpstreams::anthropicStream, ThirdPartyUpstreams::anthropicWhole, ThirdPartyUpstreams::anthropicError),
    GEMINI("gemini", "/gemini/v1beta/models/m:generateContent", "/gemini/v1beta/models/m:streamGenerateContent?alt=sse",
            "text/event-stream", ThirdPartyUpstreams::geminiStream, ThirdPartyUpstreams::geminiWhole,
            ThirdPartyUpstreams::geminiError);

    final String backend;
    /** Where a whole (non-streamed) request goes; also streamed ones unless {@link #streamPath}. */
    final String path;
    /** Where a streamed request goes when the API has a separate method for it (Gemini), else null. */
    final String streamPath;
    private final String streamType;
    private final BiFunction<String, Reply, String> stream;
    private final BiFunction<String, Reply, String> whole;
    private final Function<Reply, String> error;

    Egress(String backend, String path, String streamPath, String streamType, BiFunction<String, Reply, String> stream,
           BiFunction<String, Reply, String> whole, Function<Reply, String> error) {
        this.backend = backend;
        this.path = path;
        this.streamPath = streamPath;
        this.streamType = streamType;
        this.stream = stream;
        this.whole = whole;
        this.error = error;
    }

    /** Serves {@code reply}: streamed when the gateway asks for a stream, whole when not. */
    void stub(WireMockServer server, String model, Reply reply) {
        if (reply.errorStatus() != 0) {
            for (String url : streamPath == null ? new String[] {path} : new String[] {path, streamPath}) {
                server.stubFor(post(urlEqualTo(url)).willReturn(aResponse().withStatus(reply.errorStatus())
                        .withHeader("Content-Type", "application/json").withBody(error.apply(reply))));
            }
            return;
        }
        MappingBuilder streamed = streamPath != null ? post(urlEqualTo(streamPath))
                : post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")));
        MappingBuilder plain = streamPath != null ? post(urlEqualTo(path))
                : post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.stream", equalTo("false")));
        server.stubFor(streamed.willReturn(aResponse().withHeader("Content-Type", streamType)
                .withBody(stream.apply(model, reply)).withChunkedDribbleDelay(4, 200)));
        server.stubFor(plain.willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(whole.apply(model, reply))));
    }

    /** Where the request went, for a streamed or whole call. */
    String pathFor(boolean streaming) {
        return streaming && streamPath != null ? streamPath : path;
    }

    boolean supportsTools() {
        return this != LM_STUDIO_NATIVE;
    }
}
